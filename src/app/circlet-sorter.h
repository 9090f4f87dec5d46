/* circlet-sorter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CIRCLET_TYPE_SORTER (circlet_sorter_get_type ())

G_DECLARE_FINAL_TYPE (CircletSorter, circlet_sorter, CIRCLET, SORTER, GtkSorter)

GtkSorter     *circlet_sorter_new            (GtkExpression *expression);
GtkExpression *circlet_sorter_get_expression (CircletSorter *self);
void           circlet_sorter_set_expression (CircletSorter *self,
                                              GtkExpression *expression);

G_END_DECLS
