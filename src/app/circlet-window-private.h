/* circlet-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-api.h"
#include "circlet-list-page.h"
#include "circlet-window.h"

G_BEGIN_DECLS

/* The Appcircle cloud dashboard; self-hosted servers have their own. */
#define CIRCLET_DASHBOARD_URL "https://my.appcircle.io"

const char      *_circlet_window_get_visible_page_name (CircletWindow   *self);
CircletListPage *_circlet_window_get_visible_list      (CircletWindow   *self);
void             _circlet_window_select_section        (CircletWindow   *self,
                                                        CircletResource  resource);
GtkSearchEntry  *_circlet_window_get_search_entry      (CircletWindow   *self);
CircletAccount  *_circlet_window_get_account           (CircletWindow   *self);
void             _circlet_window_ensure_help_overlay   (CircletWindow   *self);

G_END_DECLS
