/* circlet-organizations-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "circlet-account.h"
#include "circlet-application.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_ORGANIZATIONS_WINDOW (circlet_organizations_window_get_type ())

G_DECLARE_FINAL_TYPE (CircletOrganizationsWindow, circlet_organizations_window,
                      CIRCLET, ORGANIZATIONS_WINDOW, AdwPreferencesWindow)

GtkWidget *circlet_organizations_window_new     (CircletApplication         *application);
GtkWidget *circlet_organizations_window_get_row (CircletOrganizationsWindow *self,
                                                 CircletAccount             *account);

G_END_DECLS
