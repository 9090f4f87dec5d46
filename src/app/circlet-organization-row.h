/* circlet-organization-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "circlet-account.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_ORGANIZATION_ROW (circlet_organization_row_get_type ())

G_DECLARE_FINAL_TYPE (CircletOrganizationRow, circlet_organization_row, CIRCLET, ORGANIZATION_ROW, AdwActionRow)

GtkWidget      *circlet_organization_row_new           (CircletAccount         *account);
CircletAccount *circlet_organization_row_get_account   (CircletOrganizationRow *self);
void            circlet_organization_row_set_verifying (CircletOrganizationRow *self,
                                                        gboolean                verifying);
void            circlet_organization_row_update        (CircletOrganizationRow *self);

G_END_DECLS
