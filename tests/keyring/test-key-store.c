/* test-key-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs once per keyring kind (CIRCLET_TEST_KEYRING), each time in a fresh
 * temporary HOME with a private bus; see tests/keyring/meson.build.
 */

#define _GNU_SOURCE /* memmem */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "circlet-error.h"
#include "circlet-key-store.h"
#include "circlet-keyring-fixture.h"
#include "circlet-test-util.h"

#define ORG_LABEL "Acme Mobile"
#define SECRET_A  "pak_4f1c9b7e2d8a4c6f9e1b3d5a7c9e0f2a"
#define SECRET_B  "pak_8e2d0c4b6a8f1e3d5c7b9a0f2e4d6c8b"

/* Helpers */

static void
got_result_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  /* A second callback for the same call would be a bug in the store. */
  g_assert_null (*out);
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static gboolean
store_secret (CircletKeyStore    *store,
              const char         *account,
              CircletSecretKind   kind,
              const char         *secret,
              gint64              expires,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_key_store_store_async (store, account, ORG_LABEL, kind, secret, expires,
                                 cancellable, got_result_cb, &result);
  return circlet_key_store_store_finish (store, wait_for (&result), error);
}

static char *
lookup_secret (CircletKeyStore    *store,
               const char         *account,
               CircletSecretKind   kind,
               gint64             *expires,
               GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_key_store_lookup_async (store, account, kind, NULL, got_result_cb, &result);
  return circlet_key_store_lookup_finish (store, wait_for (&result), expires, error);
}

static gboolean
clear_secret (CircletKeyStore    *store,
              const char         *account,
              CircletSecretKind   kind,
              GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_key_store_clear_async (store, account, kind, NULL, got_result_cb, &result);
  return circlet_key_store_clear_finish (store, wait_for (&result), error);
}

static void
assert_stored (CircletKeyStore   *store,
               const char        *account,
               CircletSecretKind  kind,
               const char        *expected,
               gint64             expected_expires)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) secret = NULL;
  gint64 expires = -1;

  secret = lookup_secret (store, account, kind, &expires, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, expected);
  g_assert_cmpint (expires, ==, expected_expires);
}

static void
assert_not_found (CircletKeyStore   *store,
                  const char        *account,
                  CircletSecretKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) secret = NULL;

  secret = lookup_secret (store, account, kind, NULL, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND);
  g_assert_null (secret);
}

/* Our items for @account, read back through libsecret directly; the
 * attributes and labels are what anyone on the session bus can read. */
static GList *
our_items (const char *account,
           const char *kind)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;

  g_hash_table_insert (attributes, (gpointer) "account", (gpointer) account);
  if (kind != NULL)
    g_hash_table_insert (attributes, (gpointer) "kind", (gpointer) kind);

  /* Async: the _sync variant leaks a little per item in libsecret 0.20.5,
   * which AddressSanitizer would blame on this test. */
  secret_password_searchv (circlet_key_store_get_schema (), attributes,
                           SECRET_SEARCH_ALL, NULL, got_result_cb, &result);
  items = secret_password_search_finish (wait_for (&result), &error);
  g_assert_no_error (error);

  return items;
}

static guint
count_items (const char *account,
             const char *kind)
{
  GList *items = our_items (account, kind);
  guint n = g_list_length (items);

  g_list_free_full (items, g_object_unref);
  return n;
}

static CircletKeyStore *
new_store (void)
{
  CircletKeyStore *store = circlet_key_store_new ();

  /* Generous for a working keyring under sanitizers, yet far below
   * meson's test timeout, so a hang shows as a failed assertion. */
  circlet_key_store_set_timeout (store, 10000);
  return store;
}

/* Lets libsecret's cancelled calls come back and drop their references
 * before the store's last reference is checked. */
static void
finalize_store (CircletKeyStore *store)
{
  iterate_for (20);
  g_assert_finalize_object (store);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;

  return memmem (contents, len, needle, strlen (needle)) != NULL;
}

static void
assert_not_in_tree (const char *path,
                    const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        assert_not_in_tree (child, needle);
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR) && file_contains (child, needle))
        g_error ("%s holds a secret in clear", child);
    }
}

/* Working keyrings: gnome and file */

static void
test_store_lookup_key (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_no_error (error);
  assert_stored (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0);

  /* Replaced, not added. */
  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_B, 1234, NULL, &error));
  g_assert_no_error (error);
  assert_stored (store, account, CIRCLET_SECRET_KEY, SECRET_B, 0);
  g_assert_cmpuint (count_items (account, "key"), ==, 1);

  /* A key is not a session. */
  assert_not_found (store, account, CIRCLET_SECRET_SESSION);

  finalize_store (store);
}

static void
test_session (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  /* Past 2038, which a 32-bit integer attribute could not hold. */
  gint64 expires = G_GINT64_CONSTANT (4102444800);

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *token = g_strdup_printf ("eyJhbGciOiJSUzI1NiJ9.session-%u.sig", i);

      g_assert_true (store_secret (store, account, CIRCLET_SECRET_SESSION, token,
                                   expires + i, NULL, &error));
      g_assert_no_error (error);
      assert_stored (store, account, CIRCLET_SECRET_SESSION, token, expires + i);
      g_assert_cmpuint (count_items (account, "session"), ==, 1);
    }

  /* Storing sessions left the key alone. */
  assert_stored (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0);
  g_assert_cmpuint (count_items (account, NULL), ==, 2);

  finalize_store (store);
}

static void
test_clear (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_true (store_secret (store, account, CIRCLET_SECRET_SESSION, SECRET_B, 99, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (clear_secret (store, account, CIRCLET_SECRET_SESSION, &error));
  g_assert_no_error (error);
  assert_not_found (store, account, CIRCLET_SECRET_SESSION);
  assert_stored (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0);

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_SESSION, SECRET_B, 99, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (clear_secret (store, account, CIRCLET_SECRET_ANY, &error));
  g_assert_no_error (error);
  assert_not_found (store, account, CIRCLET_SECRET_KEY);
  assert_not_found (store, account, CIRCLET_SECRET_SESSION);
  g_assert_cmpuint (count_items (account, NULL), ==, 0);

  /* Clearing nothing is success, whatever the kind. */
  g_assert_true (clear_secret (store, account, CIRCLET_SECRET_ANY, &error));
  g_assert_no_error (error);
  g_assert_true (clear_secret (store, account, CIRCLET_SECRET_KEY, &error));
  g_assert_no_error (error);

  finalize_store (store);
}

static void
test_not_found (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();

  assert_not_found (store, account, CIRCLET_SECRET_KEY);
  assert_not_found (store, account, CIRCLET_SECRET_SESSION);

  finalize_store (store);
}

static void
test_round_trip (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) longest = g_string_new (NULL);
  static const char *non_ascii = "Schl\xc3\xbcssel-\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87-\xe9\x8d\xb5-\xf0\x9f\x94\x91 \"'\\%s$";

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, non_ascii, 0, NULL, &error));
  g_assert_no_error (error);
  assert_stored (store, account, CIRCLET_SECRET_KEY, non_ascii, 0);

  /* Exactly 8 KiB, ending in a multi-byte character. */
  while (longest->len < 8192 - 4)
    g_string_append_c (longest, 'a' + longest->len % 26);
  g_string_append (longest, "\xf0\x9f\x94\x91");
  g_assert_cmpuint (longest->len, ==, 8192);

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, longest->str, 0, NULL, &error));
  g_assert_no_error (error);
  assert_stored (store, account, CIRCLET_SECRET_KEY, longest->str, 0);

  finalize_store (store);
}

static void
test_invalid (void)
{
  static const char *invalid[] = {
    "",
    "pak_first\npak_second",
    "pak_with_newline\n",
    "pak_with\rcarriage_return",
    "pak_\xff\xfe_not_utf8",
  };
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autofree char *oversize = g_strnfill (8193, 'k');

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (store_secret (store, account, CIRCLET_SECRET_KEY, invalid[i], 0, NULL, &error));
      g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (store_secret (store, account, CIRCLET_SECRET_SESSION, oversize, 10, NULL, &error));
    g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
  }

  /* Nothing was stored, not even in part. */
  g_assert_cmpuint (count_items (account, NULL), ==, 0);

  finalize_store (store);
}

static void
test_isolation (void)
{
  static const SecretSchema other_app = {
    "com.example.OtherApp", SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "generation", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "expires", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autofree char *other_account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) still_there = NULL;

  /* Another application's item with exactly our attributes. */
  g_assert_true (secret_password_store_sync (&other_app, SECRET_COLLECTION_DEFAULT,
                                             "Other app", "other-app-secret", NULL, &error,
                                             "account", account, "kind", "key",
                                             "generation", 1, "expires", "0", NULL));
  g_assert_no_error (error);

  assert_not_found (store, account, CIRCLET_SECRET_KEY);

  /* Another account's key is never returned, and ours is the one found
   * next to the other application's item. */
  g_assert_true (store_secret (store, other_account, CIRCLET_SECRET_KEY, SECRET_B, 0, NULL, &error));
  g_assert_no_error (error);
  assert_not_found (store, account, CIRCLET_SECRET_KEY);

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_no_error (error);
  assert_stored (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0);

  /* Clearing our account deletes neither the other application's item
   * nor the other account's. */
  g_assert_true (clear_secret (store, account, CIRCLET_SECRET_ANY, &error));
  g_assert_no_error (error);
  still_there = secret_password_lookup_sync (&other_app, NULL, &error,
                                             "account", account, "kind", "key",
                                             "generation", 1, "expires", "0", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (still_there, ==, "other-app-secret");
  assert_stored (store, other_account, CIRCLET_SECRET_KEY, SECRET_B, 0);

  g_assert_true (secret_password_clear_sync (&other_app, NULL, &error, "account", account, NULL));
  g_assert_no_error (error);
  g_assert_true (clear_secret (store, other_account, CIRCLET_SECRET_ANY, &error));
  g_assert_no_error (error);

  finalize_store (store);
}

static void
assert_no_part_of (const char *text,
                   const char *secret)
{
  /* No 8-byte window of the secret may appear. */
  for (gsize i = 0; i + 8 <= strlen (secret); i++)
    {
      g_autofree char *window = g_strndup (secret + i, 8);

      if (strstr (text, window) != NULL)
        g_error ("\"%s\" holds part of the secret", text);
    }
}

static void
test_attributes (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  GList *items;

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_true (store_secret (store, account, CIRCLET_SECRET_SESSION, SECRET_B,
                               G_GINT64_CONSTANT (1700000000), NULL, &error));
  g_assert_no_error (error);

  items = our_items (account, NULL);
  g_assert_cmpuint (g_list_length (items), ==, 2);

  for (const GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      g_autofree char *label = secret_retrievable_get_label (l->data);
      const char *kind = g_hash_table_lookup (attributes, "kind");
      GHashTableIter iter;
      gpointer key, value;

      g_assert_cmpstr (g_hash_table_lookup (attributes, "account"), ==, account);
      g_assert_cmpstr (g_hash_table_lookup (attributes, "generation"), ==, "1");

      if (g_strcmp0 (kind, "key") == 0)
        {
          g_assert_cmpstr (g_hash_table_lookup (attributes, "expires"), ==, "0");
          g_assert_cmpstr (label, ==, "Appcircle key for " ORG_LABEL);
        }
      else
        {
          g_assert_cmpstr (kind, ==, "session");
          g_assert_cmpstr (g_hash_table_lookup (attributes, "expires"), ==, "1700000000");
          g_assert_cmpstr (label, ==, "Appcircle session for " ORG_LABEL);
        }

      assert_no_part_of (label, SECRET_A);
      assert_no_part_of (label, SECRET_B);
      g_hash_table_iter_init (&iter, attributes);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          assert_no_part_of (key, SECRET_A);
          assert_no_part_of (value, SECRET_A);
          assert_no_part_of (key, SECRET_B);
          assert_no_part_of (value, SECRET_B);
        }
    }
  g_list_free_full (items, g_object_unref);

  /* The file backend really was the one in use: its file exists. */
  if (circlet_keyring_fixture_get_kind () == CIRCLET_KEYRING_FILE)
    g_assert_true (g_file_test (g_getenv ("SECRET_FILE_TEST_PATH"), G_FILE_TEST_IS_REGULAR));

  /* Nor is either secret anywhere in clear below HOME. */
  assert_not_in_tree (circlet_keyring_fixture_get_home (), SECRET_A);
  assert_not_in_tree (circlet_keyring_fixture_get_home (), SECRET_B);

  g_assert_true (clear_secret (store, account, CIRCLET_SECRET_ANY, &error));
  g_assert_no_error (error);
  finalize_store (store);
}

static void
test_cancelled (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled before the call. */
  g_cancellable_cancel (cancellable);
  g_assert_false (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled while the keyring works on it. */
  g_object_unref (cancellable);
  cancellable = g_cancellable_new ();
  circlet_key_store_lookup_async (store, account, CIRCLET_SECRET_KEY, cancellable,
                                  got_result_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_null (circlet_key_store_lookup_finish (store, wait_for (&result), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);

  g_assert_true (clear_secret (store, account, CIRCLET_SECRET_ANY, NULL));
  finalize_store (store);
}

static void
test_timeout_property (void)
{
  CircletKeyStore *store = circlet_key_store_new ();
  guint timeout = 0;

  g_assert_cmpuint (circlet_key_store_get_timeout (store), ==, CIRCLET_KEY_STORE_DEFAULT_TIMEOUT_MS);
  circlet_key_store_set_timeout (store, 300);
  g_object_get (store, "timeout", &timeout, NULL);
  g_assert_cmpuint (timeout, ==, 300);

  g_assert_finalize_object (store);
}

/* Real gnome-keyring only */

static void
test_default_collection (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autofree char *prefix = NULL;
  GList *items;

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_no_error (error);

  /* A private service: loading collections into the shared one trips a
   * libsecret 0.20.5 critical in later async calls. */
  service = secret_service_open_sync (SECRET_TYPE_SERVICE, NULL,
                                      SECRET_SERVICE_OPEN_SESSION | SECRET_SERVICE_LOAD_COLLECTIONS,
                                      NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  prefix = g_strconcat (g_dbus_proxy_get_object_path (G_DBUS_PROXY (collection)), "/", NULL);

  items = our_items (account, NULL);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_assert_true (g_str_has_prefix (g_dbus_proxy_get_object_path (items->data), prefix));
  g_list_free_full (items, g_object_unref);

  g_assert_true (clear_secret (store, account, CIRCLET_SECRET_ANY, &error));
  g_assert_no_error (error);
  secret_service_disconnect ();
  finalize_store (store);
}

static void
assert_locked (CircletKeyStore *store,
               const char      *account)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) secret = NULL;

  secret = lookup_secret (store, account, CIRCLET_SECRET_KEY, NULL, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED);
  g_assert_null (secret);
  g_clear_error (&error);

  g_assert_false (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_B, 0, NULL, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);

  g_assert_false (clear_secret (store, account, CIRCLET_SECRET_ANY, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED);
}

/* An existing key in a keyring that was locked later reads as locked,
 * never as "no key", and nothing is deleted. */
static void
test_locked_existing (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  gboolean start_locked = circlet_keyring_fixture_get_kind () == CIRCLET_KEYRING_GNOME_LOCKED;

  if (start_locked)
    circlet_keyring_fixture_set_locked (FALSE);

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_no_error (error);

  circlet_keyring_fixture_set_locked (TRUE);
  assert_locked (store, account);

  circlet_keyring_fixture_set_locked (FALSE);
  assert_stored (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0);
  g_assert_true (clear_secret (store, account, CIRCLET_SECRET_ANY, &error));
  g_assert_no_error (error);

  if (start_locked)
    circlet_keyring_fixture_set_locked (TRUE);

  finalize_store (store);
}

static gint unlock_calls;

static GDBusMessage *
count_unlock_calls (GDBusConnection *connection,
                    GDBusMessage    *message,
                    gboolean         incoming,
                    gpointer         user_data)
{
  if (!incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
      g_strcmp0 (g_dbus_message_get_member (message), "Unlock") == 0)
    g_atomic_int_inc (&unlock_calls);
  return message;
}

/* A head start's read of a locked keyring answers "locked" and never asks
 * the keyring to unlock (which would prompt the user); the ordinary read
 * does ask. Seen on the wire: libsecret's calls on the session bus. */
static void
test_lookup_unlocked (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) secret = NULL;
  gboolean start_locked = circlet_keyring_fixture_get_kind () == CIRCLET_KEYRING_GNOME_LOCKED;
  guint filter;
  gint64 expires = 0;

  if (start_locked)
    circlet_keyring_fixture_set_locked (FALSE);
  g_assert_true (store_secret (store, account, CIRCLET_SECRET_SESSION, SECRET_A, 1700000000, NULL, &error));
  g_assert_no_error (error);

  /* Unlocked: the same answer as the ordinary read. */
  circlet_key_store_lookup_unlocked_async (store, account, CIRCLET_SECRET_SESSION, NULL, got_result_cb, &result);
  secret = circlet_key_store_lookup_finish (store, wait_for (&result), &expires, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, SECRET_A);
  g_assert_cmpint (expires, ==, 1700000000);
  g_clear_pointer (&secret, circlet_secret_free);
  g_clear_object (&result);

  circlet_keyring_fixture_set_locked (TRUE);
  filter = g_dbus_connection_add_filter (bus, count_unlock_calls, NULL, NULL);

  circlet_key_store_lookup_unlocked_async (store, account, CIRCLET_SECRET_SESSION, NULL, got_result_cb, &result);
  secret = circlet_key_store_lookup_finish (store, wait_for (&result), NULL, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED);
  g_assert_null (secret);
  g_assert_cmpint (g_atomic_int_get (&unlock_calls), ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  secret = lookup_secret (store, account, CIRCLET_SECRET_SESSION, NULL, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED);
  g_assert_cmpint (g_atomic_int_get (&unlock_calls), >, 0);
  g_clear_error (&error);

  g_dbus_connection_remove_filter (bus, filter);
  circlet_keyring_fixture_set_locked (FALSE);
  g_assert_true (clear_secret (store, account, CIRCLET_SECRET_ANY, &error));
  g_assert_no_error (error);
  if (start_locked)
    circlet_keyring_fixture_set_locked (TRUE);

  finalize_store (store);
}

/* Runs last: the keyring is gone afterwards. */
static void
test_daemon_killed (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) secret = NULL;

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_no_error (error);

  circlet_keyring_fixture_kill_daemon ();

  secret = lookup_secret (store, account, CIRCLET_SECRET_KEY, NULL, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE);
  g_assert_null (secret);
  g_clear_error (&error);

  g_assert_false (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_B, 0, NULL, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (clear_secret (store, account, CIRCLET_SECRET_ANY, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE);

  /* The new key did not go anywhere else either. */
  assert_not_in_tree (circlet_keyring_fixture_get_home (), SECRET_B);

  finalize_store (store);
}

/* file: runs last, the backend refuses to write afterwards */

static void
test_file_changed_externally (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = g_getenv ("SECRET_FILE_TEST_PATH");
  gsize len = 0;

  g_assert_true (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_no_error (error);

  /* What another process writing the file looks like: a new mtime, hence
   * a new etag. */
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_usleep (20 * 1000);
  g_assert_true (g_file_set_contents (path, contents, len, &error));
  g_assert_no_error (error);

  g_assert_false (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_B, 0, NULL, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "Restart Circlet"));

  finalize_store (store);
}

/* gnome-locked: the login keyring exists but was never unlocked */

static void
test_locked (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_false (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED);
  g_assert_false (circlet_error_is_keyring (NULL));
  g_assert_true (circlet_error_is_keyring (error));
  g_clear_error (&error);

  g_assert_false (store_secret (store, account, CIRCLET_SECRET_SESSION, SECRET_B, 5, NULL, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED);

  /* No prompt waited for anyone: far below the store's timeout. */
  if (circlet_test_timing_is_meaningful ())
    g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  assert_not_in_tree (circlet_keyring_fixture_get_home (), SECRET_A);
  finalize_store (store);
}

/* none: no Secret Service on the bus */

static void
test_unavailable (void)
{
  CircletKeyStore *store = new_store ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) secret = NULL;

  g_assert_false (store_secret (store, account, CIRCLET_SECRET_KEY, SECRET_A, 0, NULL, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "not stored anywhere else"));
  g_clear_error (&error);

  secret = lookup_secret (store, account, CIRCLET_SECRET_KEY, NULL, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE);
  g_assert_null (secret);
  g_clear_error (&error);

  g_assert_false (clear_secret (store, account, CIRCLET_SECRET_ANY, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE);

  /* No fallback file: the key is nowhere below HOME. */
  assert_not_in_tree (circlet_keyring_fixture_get_home (), SECRET_A);

  finalize_store (store);
}

/* hanging: org.freedesktop.secrets is owned but never answers */

static gboolean
tick_cb (gpointer user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

static void
test_hanging (void)
{
  CircletKeyStore *store = circlet_key_store_new ();
  g_autofree char *account = g_uuid_string_random ();
  guint ticks = 0;
  guint tick_id;

  circlet_key_store_set_timeout (store, 300);
  tick_id = g_timeout_add (10, tick_cb, &ticks);

  for (guint op = 0; op < 3; op++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      gint64 elapsed;
      gboolean ok;

      ticks = 0;
      if (op == 0)
        circlet_key_store_store_async (store, account, ORG_LABEL, CIRCLET_SECRET_KEY, SECRET_A, 0,
                                       NULL, got_result_cb, &result);
      else if (op == 1)
        circlet_key_store_lookup_async (store, account, CIRCLET_SECRET_KEY, NULL,
                                        got_result_cb, &result);
      else
        circlet_key_store_clear_async (store, account, CIRCLET_SECRET_ANY, NULL,
                                       got_result_cb, &result);
      wait_for (&result);
      elapsed = g_get_monotonic_time () - start;

      if (op == 0)
        ok = circlet_key_store_store_finish (store, result, &error);
      else if (op == 1)
        ok = circlet_key_store_lookup_finish (store, result, NULL, &error) != NULL;
      else
        ok = circlet_key_store_clear_finish (store, result, &error);

      g_assert_false (ok);
      g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_TIMEOUT);
      g_assert_cmpint (elapsed, >=, 290 * 1000);
      /* The loop kept running while the keyring was silent: 30 ticks in
       * real time. Under valgrind a tick costs far more than 10 ms, so
       * there it only has to have run at all. */
      if (circlet_test_timing_is_meaningful ())
        {
          g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
          g_assert_cmpuint (ticks, >=, 10);
        }
      else
        {
          g_assert_cmpuint (ticks, >=, 1);
        }
    }

  g_source_remove (tick_id);
  finalize_store (store);
}

static void
test_hanging_cancelled (void)
{
  CircletKeyStore *store = circlet_key_store_new ();
  g_autofree char *account = g_uuid_string_random ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* The caller gives up long before the timeout: cancelled, not timed out,
   * and not a second callback when the timeout would have fired. */
  circlet_key_store_set_timeout (store, 2000);
  circlet_key_store_lookup_async (store, account, CIRCLET_SECRET_KEY, cancellable,
                                  got_result_cb, &result);
  g_timeout_add_once (100, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  wait_for (&result);

  g_assert_null (circlet_key_store_lookup_finish (store, result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (circlet_test_timing_is_meaningful ())
    g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* Past the timeout: it must not fire a second callback. */
  g_clear_object (&result);
  iterate_for (2200);
  finalize_store (store);
}

int
main (int   argc,
      char *argv[])
{
  CircletKeyringKind kind = circlet_keyring_kind_from_env ();
  g_autofree char *prefix = NULL;
  int ret;

  /* Before anything reads HOME or the session bus. */
  circlet_keyring_fixture_setup (kind);
  g_test_init (&argc, &argv, NULL);

  prefix = g_strdup_printf ("/key-store/%s", circlet_keyring_kind_to_string (kind));

#define ADD(name, func) \
  G_STMT_START { \
    g_autofree char *path = g_strconcat (prefix, "/" name, NULL); \
    g_test_add_func (path, func); \
  } G_STMT_END

  ADD ("timeout-property", test_timeout_property);

  switch (kind)
    {
    case CIRCLET_KEYRING_GNOME:
    case CIRCLET_KEYRING_FILE:
      ADD ("store-lookup-key", test_store_lookup_key);
      ADD ("session", test_session);
      ADD ("clear", test_clear);
      ADD ("not-found", test_not_found);
      ADD ("round-trip", test_round_trip);
      ADD ("invalid", test_invalid);
      ADD ("isolation", test_isolation);
      ADD ("attributes", test_attributes);
      ADD ("cancelled", test_cancelled);
      if (kind == CIRCLET_KEYRING_GNOME)
        {
          ADD ("default-collection", test_default_collection);
          ADD ("locked-existing", test_locked_existing);
          ADD ("lookup-unlocked", test_lookup_unlocked);
          ADD ("daemon-killed", test_daemon_killed);
        }
      else
        {
          ADD ("changed-externally", test_file_changed_externally);
        }
      break;

    case CIRCLET_KEYRING_GNOME_LOCKED:
      ADD ("locked", test_locked);
      ADD ("not-found", test_not_found);
      ADD ("locked-existing", test_locked_existing);
      ADD ("lookup-unlocked", test_lookup_unlocked);
      break;

    case CIRCLET_KEYRING_NONE:
      ADD ("unavailable", test_unavailable);
      break;

    case CIRCLET_KEYRING_HANGING:
      ADD ("timeout", test_hanging);
      ADD ("cancelled", test_hanging_cancelled);
      break;

    default:
      g_assert_not_reached ();
    }

#undef ADD

  ret = g_test_run ();
  circlet_keyring_fixture_teardown ();

  return ret;
}
