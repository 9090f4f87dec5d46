/* circlet-account-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-account.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_ACCOUNT_STORE (circlet_account_store_get_type ())

G_DECLARE_FINAL_TYPE (CircletAccountStore, circlet_account_store, CIRCLET, ACCOUNT_STORE, GObject)

CircletAccountStore *circlet_account_store_new          (const char           *path);
const char          *circlet_account_store_get_path     (CircletAccountStore  *self);
gboolean             circlet_account_store_load         (CircletAccountStore  *self,
                                                         GError              **error);
gboolean             circlet_account_store_save         (CircletAccountStore  *self,
                                                         GError              **error);
CircletAccount      *circlet_account_store_find         (CircletAccountStore  *self,
                                                         const char           *label_or_id);
CircletAccount      *circlet_account_store_resolve      (CircletAccountStore  *self,
                                                         const char           *label_or_id,
                                                         GError              **error);
gboolean             circlet_account_store_add          (CircletAccountStore  *self,
                                                         CircletAccount       *account,
                                                         GError              **error);
gboolean             circlet_account_store_remove       (CircletAccountStore  *self,
                                                         CircletAccount       *account);

G_END_DECLS
