/* circlet-status-icon.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "circlet-account.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_STATUS_ICON (circlet_status_icon_get_type ())

G_DECLARE_FINAL_TYPE (CircletStatusIcon, circlet_status_icon, CIRCLET, STATUS_ICON, GtkWidget)

GtkWidget      *circlet_status_icon_new           (CircletAccount    *account);
CircletAccount *circlet_status_icon_get_account   (CircletStatusIcon *self);
void            circlet_status_icon_set_account   (CircletStatusIcon *self,
                                                   CircletAccount    *account);
const char     *circlet_status_icon_get_icon_name (CircletStatusIcon *self);

G_END_DECLS
