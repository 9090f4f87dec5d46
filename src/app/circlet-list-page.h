/* circlet-list-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "circlet-api.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_LIST_PAGE (circlet_list_page_get_type ())

G_DECLARE_FINAL_TYPE (CircletListPage, circlet_list_page, CIRCLET, LIST_PAGE, GtkWidget)

GtkWidget       *circlet_list_page_new              (CircletResource   resource,
                                                     CircletSession   *session,
                                                     CircletAccount   *account);
CircletResource  circlet_list_page_get_resource     (CircletListPage  *self);
CircletAccount  *circlet_list_page_get_account      (CircletListPage  *self);
const char      *circlet_list_page_get_parent_id    (CircletListPage  *self);
void             circlet_list_page_set_parent_id    (CircletListPage  *self,
                                                     const char       *parent_id);
void             circlet_list_page_set_search       (CircletListPage  *self,
                                                     const char       *query);
void             circlet_list_page_reload           (CircletListPage  *self);
void             circlet_list_page_ensure_loaded    (CircletListPage  *self);
void             circlet_list_page_update_age       (CircletListPage  *self,
                                                     GDateTime        *now);
GTimeSpan        circlet_list_page_get_age_next_change (CircletListPage *self,
                                                        GDateTime       *now);
gboolean         circlet_list_page_get_loading      (CircletListPage  *self);
gboolean         circlet_list_page_get_stale        (CircletListPage  *self);
const char      *circlet_list_page_get_state        (CircletListPage  *self);

/* For the tests and the window. */
GtkColumnView      *circlet_list_page_get_column_view  (CircletListPage *self);
GtkSingleSelection *circlet_list_page_get_selection    (CircletListPage *self);
GtkFilterListModel *circlet_list_page_get_filter_model (CircletListPage *self);
GtkSortListModel   *circlet_list_page_get_sort_model   (CircletListPage *self);
CircletListPage    *circlet_list_page_get_details      (CircletListPage *self);
const GError       *circlet_list_page_get_error        (CircletListPage *self);

G_END_DECLS
