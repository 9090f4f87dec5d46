/* circlet-key-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

typedef enum
{
  CIRCLET_SECRET_KEY,       /* the organization's Personal Access Key */
  CIRCLET_SECRET_SESSION,   /* the cached session token, with its absolute expiry */
  CIRCLET_SECRET_ANY,       /* clear only: both of them */
} CircletSecretKind;

#define CIRCLET_KEY_STORE_DEFAULT_TIMEOUT_MS 15000

/* A secret string from the keyring; free with circlet_secret_free(), which wipes it. */
typedef char CircletSecret;

#define CIRCLET_TYPE_KEY_STORE (circlet_key_store_get_type ())

G_DECLARE_FINAL_TYPE (CircletKeyStore, circlet_key_store, CIRCLET, KEY_STORE, GObject)

const SecretSchema *circlet_key_store_get_schema      (void) G_GNUC_CONST;
CircletKeyStore    *circlet_key_store_new             (void);
guint               circlet_key_store_get_timeout     (CircletKeyStore      *self);
void                circlet_key_store_set_timeout     (CircletKeyStore      *self,
                                                       guint                 timeout_ms);
void                circlet_key_store_store_async     (CircletKeyStore      *self,
                                                       const char           *account_id,
                                                       const char           *account_label,
                                                       CircletSecretKind     kind,
                                                       const char           *secret,
                                                       gint64                expires_unix,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean            circlet_key_store_store_finish    (CircletKeyStore      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void                circlet_key_store_lookup_async    (CircletKeyStore      *self,
                                                       const char           *account_id,
                                                       CircletSecretKind     kind,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
void                circlet_key_store_lookup_unlocked_async
                                                      (CircletKeyStore      *self,
                                                       const char           *account_id,
                                                       CircletSecretKind     kind,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
char               *circlet_key_store_lookup_finish   (CircletKeyStore      *self,
                                                       GAsyncResult         *result,
                                                       gint64               *expires_unix,
                                                       GError              **error);
void                circlet_key_store_clear_async     (CircletKeyStore      *self,
                                                       const char           *account_id,
                                                       CircletSecretKind     kind,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean            circlet_key_store_clear_finish    (CircletKeyStore      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void                circlet_secret_free               (char                 *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CircletSecret, circlet_secret_free)

G_END_DECLS
