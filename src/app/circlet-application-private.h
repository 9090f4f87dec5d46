/* circlet-application-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-account-store.h"
#include "circlet-application.h"
#include "circlet-key-store.h"
#include "circlet-session.h"

G_BEGIN_DECLS

CircletAccountStore *_circlet_application_get_account_store (CircletApplication *self);
CircletKeyStore     *_circlet_application_get_key_store     (CircletApplication *self);
CircletSession      *_circlet_application_get_session       (CircletApplication *self);

/* Verifying a key (one forced exchange). The application emits
 * ::verifying-changed (CircletAccount *account) when one starts or ends,
 * so every widget showing the account can show a spinner meanwhile. */
void                 _circlet_application_verify            (CircletApplication *self,
                                                             CircletAccount     *account);
gboolean             _circlet_application_is_verifying      (CircletApplication *self,
                                                             CircletAccount     *account);

G_END_DECLS
