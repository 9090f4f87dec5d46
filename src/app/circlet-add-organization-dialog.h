/* circlet-add-organization-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "circlet-account.h"
#include "circlet-application.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG (circlet_add_organization_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CircletAddOrganizationDialog, circlet_add_organization_dialog,
                      CIRCLET, ADD_ORGANIZATION_DIALOG, AdwWindow)

GtkWidget      *circlet_add_organization_dialog_new         (CircletApplication           *application,
                                                             CircletAccount               *account);
CircletAccount *circlet_add_organization_dialog_get_account (CircletAddOrganizationDialog *self);
gboolean        circlet_add_organization_dialog_get_busy    (CircletAddOrganizationDialog *self);

G_END_DECLS
