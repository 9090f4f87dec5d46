/* circlet-expiry-cell.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "circlet-signing-identity.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_EXPIRY_CELL (circlet_expiry_cell_get_type ())

G_DECLARE_FINAL_TYPE (CircletExpiryCell, circlet_expiry_cell, CIRCLET, EXPIRY_CELL, GtkWidget)

CircletExpiryState circlet_expiry_cell_get_state (CircletExpiryCell  *self);
void               circlet_expiry_cell_set_state (CircletExpiryCell  *self,
                                                  CircletExpiryState  state);
const char        *circlet_expiry_cell_get_text  (CircletExpiryCell  *self);

G_END_DECLS
