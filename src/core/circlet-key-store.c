/* circlet-key-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "circlet-error.h"
#include "circlet-key-store.h"

/* Bump when the meaning of the attributes or of the stored text changes; a
 * lookup only ever reads items of the generation it understands. */
#define STORAGE_GENERATION "1"

/* Appcircle keys are a few hundred bytes; anything far larger is a paste
 * accident, not a key. */
#define MAX_SECRET_BYTES 8192

struct _CircletKeyStore
{
  GObject parent_instance;

  guint   timeout_ms;
};

G_DEFINE_FINAL_TYPE (CircletKeyStore, circlet_key_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpKind;

/* The state of one keyring call. It is shared, by reference, between the
 * GTask, the two guard sources (a timeout, and the caller's cancellable)
 * and every libsecret call in flight. Whichever of them finishes first
 * returns the task and drops op->task; the others then find it NULL and
 * only clean up. libsecret's callbacks never hold the task itself, so a
 * keyring that never answers cannot keep the task or the store alive. */
typedef struct
{
  grefcount          ref_count;
  GTask             *task;           /* until it has returned */

  OpKind             op;
  CircletSecretKind  kind;
  char              *account_id;
  char              *label;
  SecretValue       *value;          /* store: the secret, in wiped memory */
  gint64             expires;
  guint              timeout_ms;

  GCancellable      *cancellable;    /* ours: handed to libsecret */
  GCancellable      *caller_cancellable;
  GSource           *timeout_source;
  GSource           *cancel_source;
} Op;

static Op *
op_ref (Op *op)
{
  g_ref_count_inc (&op->ref_count);
  return op;
}

static void
op_unref (Op *op)
{
  if (!g_ref_count_dec (&op->ref_count))
    return;

  g_assert (op->task == NULL);
  g_assert (op->timeout_source == NULL);
  g_assert (op->cancel_source == NULL);

  g_free (op->account_id);
  g_free (op->label);
  g_clear_pointer (&op->value, secret_value_unref);
  g_clear_object (&op->cancellable);
  g_clear_object (&op->caller_cancellable);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_unref)

static const char *
kind_to_string (CircletSecretKind kind)
{
  switch (kind)
    {
    case CIRCLET_SECRET_KEY:
      return "key";
    case CIRCLET_SECRET_SESSION:
      return "session";
    case CIRCLET_SECRET_ANY:
    default:
      g_assert_not_reached ();
    }
}

/* The attributes that select @op's items, and with @full all of them as
 * stored. `xdg:schema` is spelled out because libsecret 0.20's file
 * backend (the Flatpak one) neither stores nor matches the schema name by
 * itself; the Secret Service backend adds the same value anyway. */
static GHashTable *
op_attributes (Op       *op,
               gboolean  full)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "xdg:schema",
                       g_strdup (circlet_key_store_get_schema ()->name));
  g_hash_table_insert (attributes, (gpointer) "account", g_strdup (op->account_id));
  if (op->kind != CIRCLET_SECRET_ANY)
    g_hash_table_insert (attributes, (gpointer) "kind", g_strdup (kind_to_string (op->kind)));
  if (full || op->op == OP_LOOKUP)
    g_hash_table_insert (attributes, (gpointer) "generation", g_strdup (STORAGE_GENERATION));
  if (full)
    g_hash_table_insert (attributes, (gpointer) "expires",
                         g_strdup_printf ("%" G_GINT64_FORMAT, op->expires));

  return attributes;
}

static gboolean
is_collection_path_error (const GError *error)
{
  return error->message != NULL &&
         strstr (error->message, "/org/freedesktop/secrets/collection/") != NULL;
}

/* The one place where libsecret, D-Bus and I/O errors become Circlet's.
 * Nothing of the secret is ever part of these messages. */
static GError *
map_error (Op           *op,
           const GError *error)
{
  gboolean locked = FALSE;

  g_debug ("Keyring call failed: %s (%s, %d)",
           error->message, g_quark_to_string (error->domain), error->code);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (g_cancellable_is_cancelled (op->caller_cancellable))
        return g_error_copy (error);
      /* Neither the caller nor the timeout cancelled it: libsecret reports
       * a dismissed unlock prompt this way. */
      locked = !g_cancellable_is_cancelled (op->cancellable);
    }
  else if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
           g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    {
      /* NO_SUCH_OBJECT: the default collection is not there because the
       * prompt that would have created or unlocked it failed. */
      locked = TRUE;
    }
  else if ((g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
            g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT)) &&
           is_collection_path_error (error))
    {
      /* gnome-keyring started by D-Bus activation and never unlocked
       * answers "Object does not exist at path …/collection/login". */
      locked = TRUE;
    }
  else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
           g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
           g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      return g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_TIMEOUT,
                                  _("The keyring did not answer. Check that it is running and unlocked, then try again."));
    }

  /* libsecret 0.20's file backend (Flatpak) reads its file once per
   * process and refuses every later write once another process, such as
   * circlet-cli, has written it. Only a restart helps. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
    return g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE,
                                _("The keyring file was changed by another program while Circlet was running. Restart Circlet, then try again. Your key was not stored anywhere else."));

  if (locked)
    return g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED,
                                _("The keyring is locked. Unlock the keyring, then try again."));

  /* Everything else means no working Secret Service: no bus, no provider
   * (ServiceUnknown), a provider that went away, or a file keyring that
   * cannot be read or written. */
  if (op->op == OP_STORE)
    return g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE,
                                _("No keyring is available. Circlet needs a keyring such as GNOME Keyring or KeePassXC. Your key was not stored anywhere else."));

  return g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE,
                              _("No keyring is available. Circlet needs a keyring such as GNOME Keyring or KeePassXC to read your key."));
}

/* Takes the task out of @op so that it is returned exactly once, and
 * removes both guards. NULL when it has already been returned. */
static GTask *
op_steal_task (Op *op)
{
  if (op->task == NULL)
    return NULL;

  if (op->timeout_source != NULL)
    {
      g_source_destroy (op->timeout_source);
      g_clear_pointer (&op->timeout_source, g_source_unref);
    }
  if (op->cancel_source != NULL)
    {
      g_source_destroy (op->cancel_source);
      g_clear_pointer (&op->cancel_source, g_source_unref);
    }

  return g_steal_pointer (&op->task);
}

static void
op_return_error (Op     *op,
                 GError *error)
{
  g_autoptr(GTask) task = op_steal_task (op);

  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
op_return_libsecret_error (Op           *op,
                           const GError *error)
{
  if (op->task != NULL)
    op_return_error (op, map_error (op, error));
}

static void
op_return_boolean (Op *op)
{
  g_autoptr(GTask) task = op_steal_task (op);

  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

static gboolean
op_timeout_cb (gpointer user_data)
{
  Op *op = user_data;
  g_autoptr(GTask) task = op_steal_task (op);

  /* Cancel only once the task is ours alone, so that a libsecret callback
   * run from inside g_cancellable_cancel() finds it returned. */
  g_cancellable_cancel (op->cancellable);
  if (task != NULL)
    g_task_return_new_error (task, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_TIMEOUT,
                             _("The keyring did not answer within %u seconds. Check that it is running and unlocked, then try again."),
                             MAX (1, (op->timeout_ms + 999) / 1000));

  return G_SOURCE_REMOVE;
}

static gboolean
op_caller_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GTask) task = op_steal_task (op);

  g_cancellable_cancel (op->cancellable);
  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "%s", _("The operation was cancelled"));

  return G_SOURCE_REMOVE;
}

static Op *
op_new (CircletKeyStore     *self,
        OpKind               kind,
        const char          *account_id,
        CircletSecretKind    secret_kind,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data,
        gpointer             source_tag)
{
  Op *op = g_new0 (Op, 1);

  g_ref_count_init (&op->ref_count);
  op->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (op->task, source_tag);
  /* The finished task keeps the op for lookup_finish() to read. */
  g_task_set_task_data (op->task, op_ref (op), (GDestroyNotify) op_unref);

  op->op = kind;
  op->kind = secret_kind;
  op->account_id = g_strdup (account_id);
  op->timeout_ms = self->timeout_ms;
  op->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    op->caller_cancellable = g_object_ref (cancellable);

  return op;
}

/* Starts the guards; call right before the first libsecret call. They
 * run in the task's context, so a cancellation from another thread is
 * still handled where the task lives. */
static void
op_start_guards (Op *op)
{
  GMainContext *context = g_task_get_context (op->task);

  op->timeout_source = g_timeout_source_new (op->timeout_ms);
  g_source_set_name (op->timeout_source, "[circlet] keyring timeout");
  g_source_set_callback (op->timeout_source, op_timeout_cb,
                         op_ref (op), (GDestroyNotify) op_unref);
  g_source_attach (op->timeout_source, context);

  if (op->caller_cancellable != NULL)
    {
      op->cancel_source = g_cancellable_source_new (op->caller_cancellable);
      g_source_set_name (op->cancel_source, "[circlet] keyring cancel");
      g_source_set_callback (op->cancel_source, G_SOURCE_FUNC (op_caller_cancelled_cb),
                             op_ref (op), (GDestroyNotify) op_unref);
      g_source_attach (op->cancel_source, context);
    }
}

/* Store */

static gboolean
validate_secret (const char  *secret,
                 GError     **error)
{
  gsize len = strlen (secret);

  if (len == 0)
    {
      g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                           _("The key is empty. Paste the key from the Appcircle dashboard."));
      return FALSE;
    }

  if (len > MAX_SECRET_BYTES)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                   _("The key is longer than %d bytes. Paste only the key from the Appcircle dashboard."),
                   MAX_SECRET_BYTES);
      return FALSE;
    }

  /* Keyrings differ in how they keep multi-line and binary secrets
   * (gnome-keyring once corrupted them); one line of UTF-8 is safe in all. */
  if (strpbrk (secret, "\r\n") != NULL || !g_utf8_validate (secret, len, NULL))
    {
      g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                           _("The key must be a single line of text. Paste only the key from the Appcircle dashboard."));
      return FALSE;
    }

  return TRUE;
}

static void
store_stored_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    op_return_libsecret_error (op, error);
  else
    op_return_boolean (op);
}

static void
store_write (Op *op)
{
  g_autoptr(GHashTable) attributes = op_attributes (op, TRUE);

  secret_password_storev_binary (circlet_key_store_get_schema (),
                                 attributes,
                                 SECRET_COLLECTION_DEFAULT,
                                 op->label,
                                 op->value,
                                 op->cancellable,
                                 store_stored_cb,
                                 op_ref (op));
}

static void
store_cleared_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);

  if (op->task == NULL)
    return;

  if (error != NULL)
    op_return_libsecret_error (op, error);
  else
    store_write (op);
}

/* Lookup */

static gint64
parse_expires (GHashTable *attributes)
{
  const char *text = g_hash_table_lookup (attributes, "expires");
  gint64 value = 0;

  /* A damaged value reads as "already expired", which only costs one
   * fresh exchange. */
  if (text == NULL ||
      !g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL))
    return 0;

  return value;
}

static void
lookup_retrieved_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  SecretValue *value;
  CircletSecret *secret;
  gsize length = 0;

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (source_object),
                                                     result, &error);
  if (value == NULL)
    {
      if (error != NULL)
        op_return_libsecret_error (op, error);
      else
        op_return_error (op, g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND,
                                                  _("The keyring holds no key for this organization. Add the key again.")));
      return;
    }

  /* unref_to_password keeps the text in libsecret's wiped memory, which is
   * what circlet_secret_free() releases. */
  secret = secret_value_unref_to_password (value, &length);

  if (secret == NULL || length == 0 || length != strlen (secret) ||
      !g_utf8_validate (secret, length, NULL))
    {
      g_clear_pointer (&secret, circlet_secret_free);
      op_return_error (op, g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND,
                                                _("The key stored for this organization is damaged. Add the key again.")));
      return;
    }

  task = op_steal_task (op);
  if (task != NULL)
    g_task_return_pointer (task, secret, (GDestroyNotify) circlet_secret_free);
  else
    circlet_secret_free (secret);
}

static void
lookup_searched_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  GList *items;
  SecretRetrievable *best = NULL;
  gint64 best_expires = G_MININT64;

  items = secret_password_search_finish (result, &error);

  if (op->task == NULL)
    {
      g_list_free_full (items, g_object_unref);
      return;
    }

  if (error != NULL)
    {
      op_return_libsecret_error (op, error);
      return;
    }

  /* Only one item per account and kind should exist; should more have
   * been left behind, the session that lasts longest wins. */
  for (const GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      gint64 expires = parse_expires (attributes);

      if (best == NULL || expires > best_expires)
        {
          best = l->data;
          best_expires = expires;
        }
    }

  if (best == NULL)
    {
      op_return_error (op, g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND,
                                                op->kind == CIRCLET_SECRET_SESSION
                                                ? _("The keyring holds no session for this organization.")
                                                : _("The keyring holds no key for this organization. Add the key again.")));
      return;
    }

  /* The unlock prompt failed or was dismissed: the item exists but stays
   * locked. This must never read as "no key". */
  if (SECRET_IS_ITEM (best) && secret_item_get_locked (SECRET_ITEM (best)))
    {
      g_autoptr(GError) locked = g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED,
                                                      "The item is locked");

      g_list_free_full (items, g_object_unref);
      op_return_libsecret_error (op, locked);
      return;
    }

  op->expires = best_expires;
  secret_retrievable_retrieve_secret (best, op->cancellable,
                                      lookup_retrieved_cb, op_ref (op));
  g_list_free_full (items, g_object_unref);
}

/* Clear */

static void
clear_checked_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);

  if (error != NULL)
    op_return_libsecret_error (op, error);
  else if (items != NULL)
    op_return_error (op, g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED,
                                              _("The keyring is locked. Unlock the keyring, then try again.")));
  else
    op_return_boolean (op);

  g_list_free_full (items, g_object_unref);
}

static void
clear_cleared_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  if (secret_password_clear_finish (result, &error))
    {
      op_return_boolean (op);
      return;
    }

  if (op->task == NULL)
    return;

  if (error != NULL)
    {
      op_return_libsecret_error (op, error);
      return;
    }

  /* Nothing deleted. That is success when there was nothing, but
   * gnome-keyring also deletes nothing, without an error, when the unlock
   * prompt fails: look again so that a locked item is never reported as
   * gone. */
  attributes = op_attributes (op, FALSE);
  secret_password_searchv (circlet_key_store_get_schema (),
                           attributes,
                           SECRET_SEARCH_ALL,
                           op->cancellable,
                           clear_checked_cb,
                           op_ref (op));
}

/* GObject */

static void
circlet_key_store_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CircletKeyStore *self = CIRCLET_KEY_STORE (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, circlet_key_store_get_timeout (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_key_store_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CircletKeyStore *self = CIRCLET_KEY_STORE (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      circlet_key_store_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_key_store_class_init (CircletKeyStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = circlet_key_store_get_property;
  object_class->set_property = circlet_key_store_set_property;

  /**
   * CircletKeyStore:timeout:
   *
   * Milliseconds after which a keyring call gives up with
   * %CIRCLET_ERROR_KEYRING_TIMEOUT. Applies to calls started afterwards.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, G_MAXUINT, CIRCLET_KEY_STORE_DEFAULT_TIMEOUT_MS,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_key_store_init (CircletKeyStore *self)
{
  const char *override = g_getenv ("CIRCLET_KEYRING_TIMEOUT_MS");
  guint64 timeout_ms;

  self->timeout_ms = CIRCLET_KEY_STORE_DEFAULT_TIMEOUT_MS;

  /* For tests that run circlet-cli against a keyring that never answers;
   * a duration, not a secret, so the environment is fine. */
  if (override != NULL &&
      g_ascii_string_to_unsigned (override, 10, 1, G_MAXUINT, &timeout_ms, NULL))
    self->timeout_ms = timeout_ms;
}

/* Public API */

/**
 * circlet_key_store_get_schema:
 *
 * The one schema of Circlet's items: `account` (the account UUID), `kind`
 * (`key` or `session`), `generation` (the storage format, 1) and `expires`
 * (a session's absolute expiry in Unix seconds as decimal text, `0` for
 * keys; text because an integer attribute is 32 bits and ends in 2038).
 * The name is always matched, so other applications' items are never read.
 */
const SecretSchema *
circlet_key_store_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.circlet.Circlet", SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "generation", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "expires", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

CircletKeyStore *
circlet_key_store_new (void)
{
  return g_object_new (CIRCLET_TYPE_KEY_STORE, NULL);
}

guint
circlet_key_store_get_timeout (CircletKeyStore *self)
{
  g_return_val_if_fail (CIRCLET_IS_KEY_STORE (self), 0);

  return self->timeout_ms;
}

/**
 * circlet_key_store_set_timeout:
 * @self: a #CircletKeyStore
 * @timeout_ms: milliseconds, more than 0
 *
 * Sets how long a keyring call may take; see #CircletKeyStore:timeout.
 */
void
circlet_key_store_set_timeout (CircletKeyStore *self,
                               guint            timeout_ms)
{
  g_return_if_fail (CIRCLET_IS_KEY_STORE (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * circlet_key_store_store_async:
 * @self: a #CircletKeyStore
 * @account_id: the account's UUID
 * @account_label: (nullable): the organization's name, for the item label
 * @kind: %CIRCLET_SECRET_KEY or %CIRCLET_SECRET_SESSION
 * @secret: one line of UTF-8, at most 8 KiB
 * @expires_unix: a session's absolute expiry in Unix seconds; ignored for keys
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Stores @secret in the default collection, replacing the account's item
 * of the same kind. On any keyring failure the secret is not kept anywhere.
 */
void
circlet_key_store_store_async (CircletKeyStore     *self,
                               const char          *account_id,
                               const char          *account_label,
                               CircletSecretKind    kind,
                               const char          *secret,
                               gint64               expires_unix,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(Op) op = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CIRCLET_IS_KEY_STORE (self));
  g_return_if_fail (account_id != NULL && *account_id != '\0');
  g_return_if_fail (kind == CIRCLET_SECRET_KEY || kind == CIRCLET_SECRET_SESSION);
  g_return_if_fail (secret != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  op = op_new (self, OP_STORE, account_id, kind, cancellable,
               callback, user_data, circlet_key_store_store_async);

  if (!validate_secret (secret, &error))
    {
      op_return_error (op, g_steal_pointer (&error));
      return;
    }

  if (account_label == NULL || *account_label == '\0')
    account_label = account_id;

  op->value = secret_value_new (secret, -1, "text/plain");
  op->expires = kind == CIRCLET_SECRET_SESSION ? MAX (expires_unix, 0) : 0;
  /* Translators: keyring item labels, shown in Passwords and Keys;
   * %s is the organization's name. */
  op->label = kind == CIRCLET_SECRET_SESSION
              ? g_strdup_printf (_("Appcircle session for %s"), account_label)
              : g_strdup_printf (_("Appcircle key for %s"), account_label);

  op_start_guards (op);

  /* A key has fixed attributes, so the keyring replaces the old item in
   * one step. A session's expiry differs each time, so the old session is
   * deleted first; losing it costs only one fresh exchange. */
  if (kind == CIRCLET_SECRET_SESSION)
    {
      g_autoptr(GHashTable) attributes = op_attributes (op, FALSE);

      secret_password_clearv (circlet_key_store_get_schema (),
                              attributes,
                              op->cancellable,
                              store_cleared_cb,
                              op_ref (op));
    }
  else
    {
      store_write (op);
    }
}

gboolean
circlet_key_store_store_finish (CircletKeyStore  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (CIRCLET_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == circlet_key_store_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_start (CircletKeyStore     *self,
              const char          *account_id,
              CircletSecretKind    kind,
              SecretSearchFlags    unlock,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(Op) op = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  op = op_new (self, OP_LOOKUP, account_id, kind, cancellable,
               callback, user_data, circlet_key_store_lookup_async);
  attributes = op_attributes (op, FALSE);

  op_start_guards (op);
  /* Not SECRET_SEARCH_LOAD_SECRETS: lookup_searched_cb() retrieves the
   * secret of the one item it picks, and a secret loaded by the search was
   * fetched again by that call, one more round trip to the keyring. */
  secret_password_searchv (circlet_key_store_get_schema (),
                           attributes,
                           SECRET_SEARCH_ALL | unlock,
                           op->cancellable,
                           lookup_searched_cb,
                           op_ref (op));
}

/**
 * circlet_key_store_lookup_async:
 * @self: a #CircletKeyStore
 * @account_id: the account's UUID
 * @kind: %CIRCLET_SECRET_KEY or %CIRCLET_SECRET_SESSION
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads the account's secret of @kind, unlocking the keyring if needed.
 * A missing item is %CIRCLET_ERROR_KEY_NOT_FOUND; a keyring that is locked,
 * missing or silent is one of the keyring errors, never "not found".
 *
 * The callback runs in the thread-default main context of the caller, which
 * may be a worker thread's own.
 */
void
circlet_key_store_lookup_async (CircletKeyStore     *self,
                                const char          *account_id,
                                CircletSecretKind    kind,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (CIRCLET_IS_KEY_STORE (self));
  g_return_if_fail (account_id != NULL && *account_id != '\0');
  g_return_if_fail (kind == CIRCLET_SECRET_KEY || kind == CIRCLET_SECRET_SESSION);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  lookup_start (self, account_id, kind, SECRET_SEARCH_UNLOCK, cancellable, callback, user_data);
}

/**
 * circlet_key_store_lookup_unlocked_async:
 * @self: a #CircletKeyStore
 * @account_id: the account's UUID
 * @kind: %CIRCLET_SECRET_KEY or %CIRCLET_SECRET_SESSION
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done; finish with circlet_key_store_lookup_finish()
 * @user_data: data for @callback
 *
 * As circlet_key_store_lookup_async(), but never asks the user to unlock
 * the keyring: a locked item is %CIRCLET_ERROR_KEYRING_LOCKED. For reads
 * that are only a head start, so that the user sees a prompt once, from the
 * read that needs the answer.
 */
void
circlet_key_store_lookup_unlocked_async (CircletKeyStore     *self,
                                         const char          *account_id,
                                         CircletSecretKind    kind,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (CIRCLET_IS_KEY_STORE (self));
  g_return_if_fail (account_id != NULL && *account_id != '\0');
  g_return_if_fail (kind == CIRCLET_SECRET_KEY || kind == CIRCLET_SECRET_SESSION);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  lookup_start (self, account_id, kind, 0, cancellable, callback, user_data);
}

/**
 * circlet_key_store_lookup_finish:
 * @self: a #CircletKeyStore
 * @result: the #GAsyncResult
 * @expires_unix: (out) (optional): the session's expiry in Unix seconds,
 *   0 for a key or when unknown
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the secret; free it with circlet_secret_free()
 */
char *
circlet_key_store_lookup_finish (CircletKeyStore  *self,
                                 GAsyncResult     *result,
                                 gint64           *expires_unix,
                                 GError          **error)
{
  char *secret;

  g_return_val_if_fail (CIRCLET_IS_KEY_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == circlet_key_store_lookup_async, NULL);

  secret = g_task_propagate_pointer (G_TASK (result), error);

  if (expires_unix != NULL)
    {
      Op *op = g_task_get_task_data (G_TASK (result));

      *expires_unix = secret != NULL && op->kind == CIRCLET_SECRET_SESSION ? op->expires : 0;
    }

  return secret;
}

/**
 * circlet_key_store_clear_async:
 * @self: a #CircletKeyStore
 * @account_id: the account's UUID
 * @kind: the kind to delete, or %CIRCLET_SECRET_ANY for all of the account's
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Deletes the account's items of @kind, of every storage generation, so
 * that removing an account leaves nothing behind. Deleting nothing succeeds.
 */
void
circlet_key_store_clear_async (CircletKeyStore     *self,
                               const char          *account_id,
                               CircletSecretKind    kind,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(Op) op = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (CIRCLET_IS_KEY_STORE (self));
  g_return_if_fail (account_id != NULL && *account_id != '\0');
  g_return_if_fail (kind == CIRCLET_SECRET_KEY ||
                    kind == CIRCLET_SECRET_SESSION ||
                    kind == CIRCLET_SECRET_ANY);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  op = op_new (self, OP_CLEAR, account_id, kind, cancellable,
               callback, user_data, circlet_key_store_clear_async);
  attributes = op_attributes (op, FALSE);

  op_start_guards (op);
  secret_password_clearv (circlet_key_store_get_schema (),
                          attributes,
                          op->cancellable,
                          clear_cleared_cb,
                          op_ref (op));
}

gboolean
circlet_key_store_clear_finish (CircletKeyStore  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (CIRCLET_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == circlet_key_store_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * circlet_secret_free:
 * @secret: (nullable): a secret from circlet_key_store_lookup_finish()
 *
 * Overwrites @secret with zeros and frees it.
 */
void
circlet_secret_free (char *secret)
{
  secret_password_free (secret);
}
