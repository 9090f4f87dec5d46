/* circlet-org-switcher.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "circlet-account.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_ORG_SWITCHER (circlet_org_switcher_get_type ())

G_DECLARE_FINAL_TYPE (CircletOrgSwitcher, circlet_org_switcher, CIRCLET, ORG_SWITCHER, GtkWidget)

GtkWidget      *circlet_org_switcher_new                  (void);
GListModel     *circlet_org_switcher_get_accounts         (CircletOrgSwitcher *self);
void            circlet_org_switcher_set_accounts         (CircletOrgSwitcher *self,
                                                           GListModel         *accounts);
CircletAccount *circlet_org_switcher_get_selected_account (CircletOrgSwitcher *self);
void            circlet_org_switcher_set_selected_account (CircletOrgSwitcher *self,
                                                           CircletAccount     *account);
void            circlet_org_switcher_popup                (CircletOrgSwitcher *self);

G_END_DECLS
