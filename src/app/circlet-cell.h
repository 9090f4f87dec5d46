/* circlet-cell.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CIRCLET_TYPE_CELL (circlet_cell_get_type ())

G_DECLARE_FINAL_TYPE (CircletCell, circlet_cell, CIRCLET, CELL, GtkWidget)

GtkWidget  *circlet_cell_new         (void);
const char *circlet_cell_get_text    (CircletCell *self);
void        circlet_cell_set_text    (CircletCell *self,
                                      const char  *text);
GDateTime  *circlet_cell_get_date    (CircletCell *self);
void        circlet_cell_set_date    (CircletCell *self,
                                      GDateTime   *date);
guint       circlet_cell_get_count   (CircletCell *self);
void        circlet_cell_set_count   (CircletCell *self,
                                      guint        count);
gboolean    circlet_cell_get_numeric (CircletCell *self);
void        circlet_cell_set_numeric (CircletCell *self,
                                      gboolean     numeric);

G_END_DECLS
