/* test-account-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "circlet-account-store.h"
#include "circlet-error.h"

#define ID_A "11111111-2222-4333-8444-555555555555"
#define ID_B "66666666-7777-4888-9999-aaaaaaaaaaaa"
#define ID_C "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff"

typedef struct
{
  char *tmpdir;
  char *dir;        /* does not exist at first: save() creates it */
  char *path;
} Fixture;

/* Replays items-changed on a plain array; at the end it must equal the
 * model, which proves the positions and counts were right. */
typedef struct
{
  GPtrArray *items;
  guint emissions;
} Mirror;

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmpdir = g_dir_make_tmp ("circlet-accounts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->dir = g_build_filename (fixture->tmpdir, "config", "circlet", NULL);
  fixture->path = g_build_filename (fixture->dir, "accounts.ini", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static CircletAccountStore *
new_loaded_store (const char *path)
{
  CircletAccountStore *store = circlet_account_store_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (circlet_account_store_load (store, &error));
  g_assert_no_error (error);
  return store;
}

static CircletAccount *
add_account (CircletAccountStore *store,
             const char          *id,
             const char          *label)
{
  g_autoptr(CircletAccount) account = circlet_account_new (id, label);
  g_autoptr(GError) error = NULL;

  g_assert_true (circlet_account_store_add (store, account, &error));
  g_assert_no_error (error);
  return account;   /* borrowed from the store */
}

static void
save_or_die (CircletAccountStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (circlet_account_store_save (store, &error));
  g_assert_no_error (error);
}

static CircletAccount *
item (CircletAccountStore *store,
      guint                position)
{
  g_autoptr(CircletAccount) account = g_list_model_get_item (G_LIST_MODEL (store), position);

  g_assert_nonnull (account);
  return account;   /* the store still holds it */
}

static void
assert_labels (CircletAccountStore *store,
               const char          *expected)
{
  g_autoptr(GString) labels = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (labels, ',');
      g_string_append (labels, circlet_account_get_label (item (store, i)));
    }

  g_assert_cmpstr (labels->str, ==, expected);
}

static void
mirror_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->items->len);

  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->items, position + i, g_list_model_get_item (model, position + i));
  mirror->emissions++;
}

static void
mirror_init (Mirror     *mirror,
             GListModel *model)
{
  mirror->items = g_ptr_array_new_with_free_func (g_object_unref);
  mirror->emissions = 0;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (mirror->items, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_items_changed_cb), mirror);
}

static void
mirror_assert_matches (Mirror     *mirror,
                       GListModel *model)
{
  g_assert_cmpuint (mirror->items->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < mirror->items->len; i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (model, i);
      g_assert_true (object == g_ptr_array_index (mirror->items, i));
    }
}

static void
mirror_clear (Mirror     *mirror,
              GListModel *model)
{
  g_signal_handlers_disconnect_by_func (model, mirror_items_changed_cb, mirror);
  g_clear_pointer (&mirror->items, g_ptr_array_unref);
}

static void
notify_counter_cb (GObject    *object,
                   GParamSpec *pspec,
                   guint      *counter)
{
  (*counter)++;
}

/* Fills every persistent field with something that is not a default. */
static void
fill_account (CircletAccount *account)
{
  g_autoptr(GDate) expiry = g_date_new_dmy (31, G_DATE_JANUARY, 2030);
  g_autoptr(GError) revoked = g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED,
                                                   "The key was deleted; replace it.");

  g_assert_true (circlet_account_set_api_host (account, "http://api.appcircle.acme.lan:8080", NULL));
  g_assert_true (circlet_account_set_auth_host (account, "http://auth.appcircle.acme.lan:8080", NULL));
  circlet_account_set_sub_org_id (account, "sub-org-42");
  circlet_account_set_key_expiry (account, expiry);
  circlet_account_set_ca_file (account, "/etc/ssl/acme ca.pem");
  circlet_account_set_allow_http (account, TRUE);
  circlet_account_set_status (account, CIRCLET_ACCOUNT_STATUS_REVOKED, revoked);
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  CircletAccountStore *store = new_loaded_store (fixture->path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (circlet_account_store_get_path (store), ==, fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == CIRCLET_TYPE_ACCOUNT);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 0));
  g_assert_false (circlet_account_store_is_save_blocked (store));
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  g_assert_finalize_object (store);
}

static void
test_default_path (void)
{
  CircletAccountStore *store = circlet_account_store_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "circlet", "accounts.ini", NULL);

  g_assert_cmpstr (circlet_account_store_get_path (store), ==, expected);
  g_assert_finalize_object (store);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  CircletAccountStore *store = new_loaded_store (fixture->path);
  CircletAccountStore *loaded = NULL;
  CircletAccount *full = add_account (store, ID_A, "Acme Ünïcode = [x] # ;\nsecond line ");
  CircletAccount *plain = add_account (store, ID_B, "Beta");
  CircletAccount *account;
  const GError *status_error;
  GDate *expiry;

  fill_account (full);
  /* Live state, not meant for the file. */
  circlet_account_set_email (full, "dev@acme.com");
  circlet_account_set_current_org_id (full, "org-live");
  circlet_account_set_session_expires (full, 1900000000);
  circlet_account_set_status (plain, CIRCLET_ACCOUNT_STATUS_VALID, NULL);
  save_or_die (store);

  loaded = new_loaded_store (fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded)), ==, 2);

  account = circlet_account_store_find (loaded, ID_A);
  g_assert_nonnull (account);
  g_assert_true (account != full);
  g_assert_cmpstr (circlet_account_get_label (account), ==, circlet_account_get_label (full));
  g_assert_cmpstr (circlet_account_get_api_host (account), ==, "http://api.appcircle.acme.lan:8080");
  g_assert_cmpstr (circlet_account_get_auth_host (account), ==, "http://auth.appcircle.acme.lan:8080");
  g_assert_cmpstr (circlet_account_get_sub_org_id (account), ==, "sub-org-42");
  expiry = circlet_account_get_key_expiry (account);
  g_assert_nonnull (expiry);
  g_assert_cmpint (g_date_compare (expiry, circlet_account_get_key_expiry (full)), ==, 0);
  g_assert_cmpstr (circlet_account_get_ca_file (account), ==, "/etc/ssl/acme ca.pem");
  g_assert_true (circlet_account_get_allow_http (account));
  g_assert_cmpint (circlet_account_get_status (account), ==, CIRCLET_ACCOUNT_STATUS_REVOKED);
  status_error = circlet_account_get_status_error (account);
  g_assert_error ((GError *) status_error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED);
  g_assert_cmpstr (status_error->message, ==, "The key was deleted; replace it.");
  g_assert_null (circlet_account_get_email (account));
  g_assert_null (circlet_account_get_current_org_id (account));
  g_assert_cmpint (circlet_account_get_session_expires (account), ==, 0);

  account = circlet_account_store_find (loaded, ID_B);
  g_assert_nonnull (account);
  g_assert_cmpstr (circlet_account_get_label (account), ==, "Beta");
  g_assert_cmpstr (circlet_account_get_api_host (account), ==, CIRCLET_DEFAULT_API_HOST);
  g_assert_cmpstr (circlet_account_get_auth_host (account), ==, CIRCLET_DEFAULT_AUTH_HOST);
  g_assert_null (circlet_account_get_sub_org_id (account));
  g_assert_null (circlet_account_get_key_expiry (account));
  g_assert_null (circlet_account_get_ca_file (account));
  g_assert_false (circlet_account_get_allow_http (account));
  /* "valid" is live state: a new process starts unverified. */
  g_assert_cmpint (circlet_account_get_status (account), ==, CIRCLET_ACCOUNT_STATUS_UNVERIFIED);
  g_assert_null (circlet_account_get_status_error (account));

  g_assert_finalize_object (loaded);
  g_assert_finalize_object (store);
}

static void
test_file_format (Fixture       *fixture,
                  gconstpointer  data)
{
  CircletAccountStore *store = new_loaded_store (fixture->path);
  g_autofree char *contents = NULL;

  fill_account (add_account (store, ID_A, "Acme"));
  save_or_die (store);

  contents = read_file (fixture->path);
  g_test_message ("%s", contents);
  g_assert_true (g_str_has_prefix (contents, "#"));
  g_assert_nonnull (strstr (contents, "keyring"));
  g_assert_nonnull (strstr (contents, "[Circlet]\nversion=1\n"));
  g_assert_nonnull (strstr (contents, "[Account " ID_A "]\n"));
  g_assert_nonnull (strstr (contents, "\nlabel=Acme\n"));
  g_assert_nonnull (strstr (contents, "\napi-host=http://api.appcircle.acme.lan:8080\n"));
  g_assert_nonnull (strstr (contents, "\nkey-expiry=2030-01-31\n"));
  g_assert_nonnull (strstr (contents, "\nallow-http=true\n"));
  g_assert_nonnull (strstr (contents, "\nrevoked=true\n"));
  g_assert_nonnull (strstr (contents, "\nrevoked-message=The key was deleted; replace it.\n"));

  g_assert_finalize_object (store);
}

static void
test_file_modes (Fixture       *fixture,
                 gconstpointer  data)
{
  CircletAccountStore *store = new_loaded_store (fixture->path);
  struct stat st;

  add_account (store, ID_A, "Acme");
  save_or_die (store);

  g_assert_cmpint (g_stat (fixture->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A file someone made world-readable is tightened by the next save. */
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  save_or_die (store);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_finalize_object (store);
}

static void
test_atomic (Fixture       *fixture,
             gconstpointer  data)
{
  CircletAccountStore *store = new_loaded_store (fixture->path);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *label = g_strdup_printf ("Org %u", i);
      add_account (store, NULL, label);
      save_or_die (store);
    }

  /* No temporary file left beside it. */
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));

  g_assert_finalize_object (store);
}

static void
test_revoked_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  CircletAccountStore *store = new_loaded_store (fixture->path);
  CircletAccountStore *other = NULL;
  CircletAccount *account = add_account (store, ID_A, "Acme");
  g_autoptr(GError) revoked = g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED, "Key deleted");
  g_autofree char *contents = NULL;

  circlet_account_set_status (account, CIRCLET_ACCOUNT_STATUS_REVOKED, revoked);
  save_or_die (store);

  other = new_loaded_store (fixture->path);
  g_assert_cmpint (circlet_account_get_status (item (other, 0)), ==, CIRCLET_ACCOUNT_STATUS_REVOKED);
  g_assert_cmpstr (circlet_account_get_status_error (item (other, 0))->message, ==, "Key deleted");
  g_assert_finalize_object (other);

  /* A successful exchange clears it. */
  circlet_account_set_status (account, CIRCLET_ACCOUNT_STATUS_VALID, NULL);
  save_or_die (store);
  contents = read_file (fixture->path);
  g_assert_null (strstr (contents, "revoked"));

  other = new_loaded_store (fixture->path);
  g_assert_cmpint (circlet_account_get_status (item (other, 0)), ==, CIRCLET_ACCOUNT_STATUS_UNVERIFIED);
  g_assert_finalize_object (other);

  /* Revoked without a message gets a readable one. */
  write_file (fixture->path, "[Account " ID_A "]\nlabel=Acme\nrevoked=true\n");
  other = new_loaded_store (fixture->path);
  g_assert_cmpint (circlet_account_get_status (item (other, 0)), ==, CIRCLET_ACCOUNT_STATUS_REVOKED);
  g_assert_nonnull (circlet_account_get_status_error (item (other, 0)));
  g_assert_cmpstr (circlet_account_get_status_error (item (other, 0))->message, !=, "");

  g_assert_finalize_object (other);
  g_assert_finalize_object (store);
}

static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  static const char garbage[] = "this is [not a key file\n\x01\x02 at all";
  CircletAccountStore *store = circlet_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *copy_contents = NULL;
  g_autofree char *original = NULL;
  g_autofree char *prefix = g_strconcat (fixture->path, ".damaged-", NULL);

  write_file (fixture->path, garbage);

  g_assert_false (circlet_account_store_load (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_clear_error (&error);
  g_assert_true (circlet_account_store_is_save_blocked (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* The damaged file was kept aside, byte for byte. */
  copy = g_strdup (circlet_account_store_get_damaged_copy (store));
  g_assert_nonnull (copy);
  g_assert_true (g_str_has_prefix (copy, prefix));
  g_assert_cmpuint (strlen (copy), ==, strlen (prefix) + strlen ("YYYYMMDD-HHMMSS"));
  copy_contents = read_file (copy);
  g_assert_cmpstr (copy_contents, ==, garbage);

  /* A later (automatic) save must not replace it. */
  add_account (store, ID_A, "New org");
  g_assert_false (circlet_account_store_save (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED);
  g_assert_nonnull (strstr (error->message, copy));
  g_clear_error (&error);
  original = read_file (fixture->path);
  g_assert_cmpstr (original, ==, garbage);

  /* Loading the same damaged file again makes no second copy. */
  g_assert_false (circlet_account_store_load (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED);
  g_clear_error (&error);
  g_assert_cmpstr (circlet_account_store_get_damaged_copy (store), ==, copy);
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);

  /* The user mended the file: it loads, and saving works again. */
  write_file (fixture->path, "[Circlet]\nversion=1\n[Account " ID_B "]\nlabel=Mended\n");
  g_assert_true (circlet_account_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_false (circlet_account_store_is_save_blocked (store));
  g_assert_null (circlet_account_store_get_damaged_copy (store));
  assert_labels (store, "Mended");
  save_or_die (store);

  /* The copy is never removed. */
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));

  g_assert_finalize_object (store);
}

static void
test_damaged_groups (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char *files[] = {
    /* no label */
    "[Account " ID_A "]\napi-host=https://api.acme.com\n",
    /* blank label */
    "[Account " ID_A "]\nlabel=   \n",
    /* bad host */
    "[Account " ID_A "]\nlabel=Acme\napi-host=https://api.acme.com/v1\n",
    "[Account " ID_A "]\nlabel=Acme\nauth-host=not a host\n",
    /* duplicate label, in another case */
    "[Account " ID_A "]\nlabel=Acme\n[Account " ID_B "]\nlabel=ACME\n",
    /* the same group twice (GKeyFile would merge them) */
    "[Account " ID_A "]\nlabel=Acme\n[Account " ID_A "]\nlabel=Beta\n",
    /* the same id in two spellings */
    "[Account " ID_C "]\nlabel=Acme\n[Account BBBBBBBB-CCCC-4DDD-8EEE-FFFFFFFFFFFF]\nlabel=Beta\n",
    /* bad dates */
    "[Account " ID_A "]\nlabel=Acme\nkey-expiry=2030-02-30\n",
    "[Account " ID_A "]\nlabel=Acme\nkey-expiry=31.12.2030\n",
    "[Account " ID_A "]\nlabel=Acme\nkey-expiry=2030-1-5\n",
    /* bad id */
    "[Account acme]\nlabel=Acme\n",
    /* bad booleans */
    "[Account " ID_A "]\nlabel=Acme\nallow-http=maybe\n",
    "[Account " ID_A "]\nlabel=Acme\nrevoked=yes please\n",
    /* bad version */
    "[Circlet]\nversion=one\n",
    /* not UTF-8 */
    "[Account " ID_A "]\nlabel=Acme \xff\xfe\n",
    /* not a key file */
    "label=Acme\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      CircletAccountStore *store = circlet_account_store_new (fixture->path);
      g_autoptr(GError) error = NULL;
      g_autofree char *copy_contents = NULL;
      g_autofree char *after = NULL;

      write_file (fixture->path, files[i]);

      g_assert_false (circlet_account_store_load (store, &error));
      g_test_message ("%u: %s", i, error ? error->message : "(loaded)");
      g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED);
      g_clear_error (&error);

      g_assert_nonnull (circlet_account_store_get_damaged_copy (store));
      copy_contents = read_file (circlet_account_store_get_damaged_copy (store));
      g_assert_cmpstr (copy_contents, ==, files[i]);

      g_assert_false (circlet_account_store_save (store, &error));
      g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED);
      after = read_file (fixture->path);
      g_assert_cmpstr (after, ==, files[i]);

      g_assert_finalize_object (store);
    }
}

static void
test_reset_damaged (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char garbage[] = "[Account " ID_A "\nlabel=Acme\n";
  CircletAccountStore *store = circlet_account_store_new (fixture->path);
  CircletAccountStore *loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *copy_contents = NULL;

  /* Nothing to reset on a healthy store. */
  g_assert_true (circlet_account_store_reset_damaged (store, &error));
  g_assert_no_error (error);

  write_file (fixture->path, garbage);
  g_assert_false (circlet_account_store_load (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED);
  g_clear_error (&error);
  copy = g_strdup (circlet_account_store_get_damaged_copy (store));

  /* "Start over": the user adds the organization again and saves. */
  g_assert_true (circlet_account_store_reset_damaged (store, &error));
  g_assert_no_error (error);
  g_assert_false (circlet_account_store_is_save_blocked (store));
  g_assert_cmpstr (circlet_account_store_get_damaged_copy (store), ==, copy);
  add_account (store, ID_B, "Acme again");
  save_or_die (store);

  loaded = new_loaded_store (fixture->path);
  assert_labels (loaded, "Acme again");
  copy_contents = read_file (copy);
  g_assert_cmpstr (copy_contents, ==, garbage);
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);

  g_assert_finalize_object (loaded);
  g_assert_finalize_object (store);
}

static void
test_reset_damaged_keeps_later_edit (Fixture       *fixture,
                                     gconstpointer  data)
{
  CircletAccountStore *store = circlet_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_contents = NULL;
  static const char edited[] = "[Account " ID_A "]\nlabel=Half-mended\nkey-expiry=soon\n";

  write_file (fixture->path, "[[[");
  g_assert_false (circlet_account_store_load (store, &error));
  g_clear_error (&error);

  /* The file changed after the failed load; the reset keeps that version too. */
  write_file (fixture->path, edited);
  g_assert_true (circlet_account_store_reset_damaged (store, &error));
  g_assert_no_error (error);
  copy_contents = read_file (circlet_account_store_get_damaged_copy (store));
  g_assert_cmpstr (copy_contents, ==, edited);
  save_or_die (store);
  g_assert_cmpuint (count_files (fixture->dir), ==, 3);

  g_assert_finalize_object (store);
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char newer[] = "[Circlet]\nversion=2\n[Account " ID_A "]\nlabel=Acme\nnew-thing=1\n";
  CircletAccountStore *store = circlet_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  write_file (fixture->path, newer);
  g_assert_false (circlet_account_store_load (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);

  /* Nothing is damaged, so no copy; but nothing may overwrite it either. */
  g_assert_null (circlet_account_store_get_damaged_copy (store));
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
  g_assert_false (circlet_account_store_save (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED);
  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, newer);

  g_assert_finalize_object (store);
}

static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  CircletAccountStore *store = circlet_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;

  /* A directory where the file should be: unreadable even as root. */
  g_assert_cmpint (g_mkdir_with_parents (fixture->path, 0700), ==, 0);

  g_assert_false (circlet_account_store_load (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (circlet_account_store_is_save_blocked (store));

  g_assert_false (circlet_account_store_save (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED);
  g_clear_error (&error);

  g_assert_false (circlet_account_store_reset_damaged (store, &error));
  g_assert_nonnull (error);

  g_assert_finalize_object (store);
}

static void
test_save_without_load (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char existing[] = "[Account " ID_A "]\nlabel=Acme\n";
  CircletAccountStore *store = circlet_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  /* No file yet: saving a new list is fine. */
  add_account (store, ID_B, "Beta");
  save_or_die (store);
  g_assert_finalize_object (store);

  /* A file exists that this store never read: it is not replaced. */
  write_file (fixture->path, existing);
  store = circlet_account_store_new (fixture->path);
  add_account (store, ID_B, "Beta");
  g_assert_false (circlet_account_store_save (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_FAILED);
  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, existing);

  g_assert_finalize_object (store);
}

static void
test_keeps_unknown_content (Fixture       *fixture,
                            gconstpointer  data)
{
  CircletAccountStore *store = NULL;
  g_autofree char *contents = NULL;

  write_file (fixture->path,
              "# my own note\n"
              "[Circlet]\nversion=1\n"
              "[Account " ID_A "]\nlabel=Acme\nfuture-key=kept\n"
              "[Account " ID_B "]\nlabel=Gone\n"
              "[Future]\nsetting=also kept\n");

  store = new_loaded_store (fixture->path);
  circlet_account_store_remove (store, circlet_account_store_find (store, "gone"));
  circlet_account_set_label (circlet_account_store_find (store, ID_A), "Acme Corp");
  save_or_die (store);

  contents = read_file (fixture->path);
  g_test_message ("%s", contents);
  g_assert_nonnull (strstr (contents, "label=Acme Corp\n"));
  g_assert_nonnull (strstr (contents, "future-key=kept\n"));
  g_assert_nonnull (strstr (contents, "[Future]\nsetting=also kept\n"));
  g_assert_null (strstr (contents, ID_B));
  g_assert_null (strstr (contents, "Gone"));

  g_assert_finalize_object (store);
}

static void
test_find_and_resolve (Fixture       *fixture,
                       gconstpointer  data)
{
  CircletAccountStore *store = new_loaded_store (fixture->path);
  CircletAccount *acme;
  CircletAccount *strasse;
  g_autoptr(GError) error = NULL;

  /* None. */
  g_assert_null (circlet_account_store_resolve (store, NULL, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "circlet-cli add --label NAME"));
  g_clear_error (&error);

  /* Exactly one: chosen without a name. */
  acme = add_account (store, ID_A, "Acme");
  g_assert_true (circlet_account_store_resolve (store, NULL, &error) == acme);
  g_assert_no_error (error);

  /* Several: the user must choose, and is told the names. */
  strasse = add_account (store, ID_B, "Hauptstraße");
  g_assert_null (circlet_account_store_resolve (store, NULL, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==,
                   "Several organizations are set up (Acme, Hauptstraße). Choose one with --org.");
  g_clear_error (&error);

  /* By id, and by label in any case (Unicode case folding). */
  g_assert_true (circlet_account_store_find (store, ID_B) == strasse);
  g_assert_true (circlet_account_store_find (store, "66666666-7777-4888-9999-AAAAAAAAAAAA") == strasse);
  g_assert_true (circlet_account_store_find (store, "acme") == acme);
  g_assert_true (circlet_account_store_find (store, "ACME") == acme);
  g_assert_true (circlet_account_store_find (store, "HAUPTSTRASSE") == strasse);
  g_assert_true (circlet_account_store_resolve (store, "hauptstrasse", &error) == strasse);
  g_assert_no_error (error);
  g_assert_null (circlet_account_store_find (store, "Acm"));
  g_assert_null (circlet_account_store_find (store, ""));

  g_assert_null (circlet_account_store_resolve (store, "Nope", &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“Nope”"));

  g_assert_finalize_object (store);
}

static void
test_add_remove (Fixture       *fixture,
                 gconstpointer  data)
{
  CircletAccountStore *store = new_loaded_store (fixture->path);
  g_autoptr(CircletAccount) dup_label = circlet_account_new (NULL, "ALPHA");
  g_autoptr(CircletAccount) dup_id = circlet_account_new (ID_A, "Other");
  g_autoptr(CircletAccount) blank = circlet_account_new (NULL, " \t");
  g_autoptr(CircletAccount) id_as_label = circlet_account_new (NULL, ID_A);
  g_autoptr(CircletAccount) stranger = circlet_account_new (NULL, "Stranger");
  g_autoptr(CircletAccount) alpha = NULL;
  g_autoptr(GError) error = NULL;
  Mirror mirror;

  mirror_init (&mirror, G_LIST_MODEL (store));

  add_account (store, ID_C, "charlie");
  alpha = g_object_ref (add_account (store, ID_A, "Alpha"));
  add_account (store, ID_B, "bravo");
  assert_labels (store, "Alpha,bravo,charlie");
  g_assert_cmpuint (mirror.emissions, ==, 3);
  mirror_assert_matches (&mirror, G_LIST_MODEL (store));

  g_assert_false (circlet_account_store_add (store, dup_label, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_EXISTS);
  g_assert_nonnull (strstr (error->message, "ALPHA"));
  g_clear_error (&error);

  g_assert_false (circlet_account_store_add (store, dup_id, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_EXISTS);
  g_clear_error (&error);

  g_assert_false (circlet_account_store_add (store, alpha, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_EXISTS);
  g_clear_error (&error);

  g_assert_false (circlet_account_store_add (store, id_as_label, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_EXISTS);
  g_clear_error (&error);

  g_assert_false (circlet_account_store_add (store, blank, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_cmpuint (mirror.emissions, ==, 3);

  /* A rename moves the account to its sorted place. */
  circlet_account_set_label (alpha, "delta");
  assert_labels (store, "bravo,charlie,delta");
  g_assert_cmpuint (mirror.emissions, ==, 4);
  mirror_assert_matches (&mirror, G_LIST_MODEL (store));

  circlet_account_set_label (alpha, "Delta");
  g_assert_cmpuint (mirror.emissions, ==, 4);

  g_assert_true (circlet_account_store_remove (store, alpha));
  g_assert_false (circlet_account_store_remove (store, alpha));
  g_assert_false (circlet_account_store_remove (store, stranger));
  assert_labels (store, "bravo,charlie");
  g_assert_cmpuint (mirror.emissions, ==, 5);
  mirror_assert_matches (&mirror, G_LIST_MODEL (store));

  /* Removed accounts no longer move anything in the store. */
  circlet_account_set_label (alpha, "aaa");
  g_assert_cmpuint (mirror.emissions, ==, 5);

  /* Removal by another object with the same id. */
  {
    g_autoptr(CircletAccount) same_id = circlet_account_new (ID_B, "whatever");
    g_assert_true (circlet_account_store_remove (store, same_id));
  }
  assert_labels (store, "charlie");
  mirror_assert_matches (&mirror, G_LIST_MODEL (store));

  mirror_clear (&mirror, G_LIST_MODEL (store));
  g_assert_finalize_object (store);
  g_assert_finalize_object (g_steal_pointer (&alpha));
}

static void
test_save_refuses_duplicate_rename (Fixture       *fixture,
                                    gconstpointer  data)
{
  CircletAccountStore *store = new_loaded_store (fixture->path);
  CircletAccount *beta;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_account (store, ID_A, "Acme");
  beta = add_account (store, ID_B, "Beta");
  save_or_die (store);
  before = read_file (fixture->path);

  /* A file with two equal labels would not load again, so it is not written. */
  circlet_account_set_label (beta, "ACME");
  g_assert_false (circlet_account_store_save (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_EXISTS);
  g_clear_error (&error);

  circlet_account_set_label (beta, "  ");
  g_assert_false (circlet_account_store_save (store, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, before);

  g_assert_finalize_object (store);
}

static void
test_reload_in_place (Fixture       *fixture,
                      gconstpointer  data)
{
  CircletAccountStore *app = new_loaded_store (fixture->path);
  CircletAccountStore *cli = NULL;
  CircletAccount *acme, *beta, *gamma;
  g_autoptr(CircletAccount) kept_beta = NULL;
  g_autoptr(GError) error = NULL;
  guint label_notifies = 0, status_notifies = 0;
  Mirror mirror;

  acme = add_account (app, ID_A, "Acme");
  beta = add_account (app, ID_B, "Beta");
  gamma = add_account (app, ID_C, "Gamma");
  kept_beta = g_object_ref (beta);
  save_or_die (app);
  g_signal_connect (acme, "notify::label", G_CALLBACK (notify_counter_cb), &label_notifies);
  g_signal_connect (gamma, "notify::status", G_CALLBACK (notify_counter_cb), &status_notifies);
  mirror_init (&mirror, G_LIST_MODEL (app));

  /* Reloading an unchanged file changes nothing. */
  g_assert_true (circlet_account_store_load (app, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mirror.emissions, ==, 0);
  g_assert_cmpuint (label_notifies, ==, 0);

  /* Another process renames Acme, removes Beta, adds Delta, revokes Gamma. */
  cli = new_loaded_store (fixture->path);
  circlet_account_set_label (circlet_account_store_find (cli, ID_A), "Zulu");
  circlet_account_store_remove (cli, circlet_account_store_find (cli, ID_B));
  add_account (cli, NULL, "Delta");
  {
    g_autoptr(GError) revoked = g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED, "gone");
    circlet_account_set_status (circlet_account_store_find (cli, ID_C),
                                CIRCLET_ACCOUNT_STATUS_REVOKED, revoked);
  }
  save_or_die (cli);

  g_assert_true (circlet_account_store_load (app, &error));
  g_assert_no_error (error);

  /* Same objects for the ids that stayed, updated with notifications. */
  g_assert_true (circlet_account_store_find (app, ID_A) == acme);
  g_assert_true (circlet_account_store_find (app, ID_C) == gamma);
  g_assert_cmpstr (circlet_account_get_label (acme), ==, "Zulu");
  g_assert_cmpuint (label_notifies, ==, 1);
  g_assert_cmpint (circlet_account_get_status (gamma), ==, CIRCLET_ACCOUNT_STATUS_REVOKED);
  g_assert_cmpuint (status_notifies, ==, 1);
  g_assert_null (circlet_account_store_find (app, ID_B));
  assert_labels (app, "Delta,Gamma,Zulu");
  g_assert_cmpuint (mirror.emissions, >=, 1);
  mirror_assert_matches (&mirror, G_LIST_MODEL (app));

  /* The moved account is still tracked for renames after the reload. */
  circlet_account_set_label (acme, "Alpha");
  assert_labels (app, "Alpha,Delta,Gamma");
  mirror_assert_matches (&mirror, G_LIST_MODEL (app));

  /* The other process sees the key work again. */
  circlet_account_set_status (circlet_account_store_find (cli, ID_C), CIRCLET_ACCOUNT_STATUS_VALID, NULL);
  save_or_die (cli);
  g_assert_true (circlet_account_store_load (app, &error));
  g_assert_cmpint (circlet_account_get_status (gamma), ==, CIRCLET_ACCOUNT_STATUS_UNVERIFIED);
  g_assert_null (circlet_account_get_status_error (gamma));

  /* A damaged file on reload keeps the list as it was. */
  write_file (fixture->path, "[broken");
  mirror.emissions = 0;
  g_assert_false (circlet_account_store_load (app, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED);
  g_assert_cmpuint (mirror.emissions, ==, 0);
  g_assert_true (circlet_account_store_find (app, ID_A) == acme);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (app)), ==, 3);

  mirror_clear (&mirror, G_LIST_MODEL (app));
  g_assert_finalize_object (cli);
  g_assert_finalize_object (app);
  /* Removed from the store by the reload, and no handler left on it. */
  g_assert_finalize_object (g_steal_pointer (&kept_beta));
}

/* A reload where everything moves: the single items-changed must still be
 * right. */
static void
test_reload_shuffle (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char *files[] = {
    "[Account " ID_A "]\nlabel=a\n[Account " ID_B "]\nlabel=b\n[Account " ID_C "]\nlabel=c\n",
    "[Account " ID_A "]\nlabel=z\n[Account " ID_B "]\nlabel=y\n[Account " ID_C "]\nlabel=x\n",
    "[Account " ID_B "]\nlabel=y\n",
    "",
    "[Account " ID_C "]\nlabel=c\n[Account " ID_A "]\nlabel=a\n",
    "[Account " ID_C "]\nlabel=c\n[Account " ID_A "]\nlabel=a\n[Account " ID_B "]\nlabel=b\n",
  };
  CircletAccountStore *store = circlet_account_store_new (fixture->path);
  Mirror mirror;

  mirror_init (&mirror, G_LIST_MODEL (store));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;

      write_file (fixture->path, files[i]);
      g_assert_true (circlet_account_store_load (store, &error));
      g_assert_no_error (error);
      mirror_assert_matches (&mirror, G_LIST_MODEL (store));
    }

  mirror_clear (&mirror, G_LIST_MODEL (store));
  g_assert_finalize_object (store);
}

static void
test_no_secrets_in_file (Fixture       *fixture,
                         gconstpointer  data)
{
  /* What a key and a session token look like; the CLI reads the key from
   * stdin and hands it only to the key store. */
  static const char key[] = "acpak_SECRET_d41d8cd98f00b204e9800998ecf8427e";
  static const char token[] = "eyJhbGciOiJSUzI1NiJ9.SECRET.signature";
  CircletAccountStore *store = new_loaded_store (fixture->path);
  CircletAccount *account = add_account (store, ID_A, "Acme");
  g_autofree char *contents = NULL;
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;

  fill_account (account);
  circlet_account_set_email (account, "dev@acme.com");
  circlet_account_set_current_org_id (account, "org-live");
  circlet_account_set_session_expires (account, 1900000000);
  save_or_die (store);

  contents = read_file (fixture->path);
  g_assert_null (strstr (contents, key));
  g_assert_null (strstr (contents, token));
  g_assert_null (strstr (contents, "SECRET"));
  /* Live session data stays in memory too. */
  g_assert_null (strstr (contents, "dev@acme.com"));
  g_assert_null (strstr (contents, "org-live"));
  g_assert_null (strstr (contents, "1900000000"));

  /* And no property could have carried a secret: every string property
   * set to the key is either refused or written as something else. */
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (account), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      const char *name = pspecs[i]->name;

      g_assert_true (g_str_equal (name, "key-expiry") || strstr (name, "key") == NULL);
      g_assert_null (strstr (name, "token"));
      g_assert_null (strstr (name, "secret"));
    }

  g_assert_finalize_object (store);
}

static void
reloaded_cb (CircletAccountStore *store,
             const GError        *error,
             guint               *count)
{
  g_assert_no_error ((GError *) error);
  (*count)++;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (guint *count,
          guint  expected,
          guint  max_ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (max_ms, timeout_cb, &timed_out);

  while (*count < expected && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (source);
}

static void
test_watch (Fixture       *fixture,
            gconstpointer  data)
{
  CircletAccountStore *app = new_loaded_store (fixture->path);
  CircletAccountStore *cli = NULL;
  CircletAccount *acme;
  g_autoptr(GError) error = NULL;
  guint reloaded = 0;

  acme = add_account (app, ID_A, "Acme");
  save_or_die (app);
  g_assert_true (circlet_account_store_watch (app, &error));
  g_assert_no_error (error);
  g_assert_true (circlet_account_store_watch (app, &error));
  g_signal_connect (app, "reloaded", G_CALLBACK (reloaded_cb), &reloaded);

  /* Its own save is not taken for a change. */
  circlet_account_set_label (acme, "Acme Corp");
  save_or_die (app);
  wait_for (&reloaded, 1, 1000);
  g_assert_cmpuint (reloaded, ==, 0);

  cli = new_loaded_store (fixture->path);
  add_account (cli, ID_B, "From the CLI");
  save_or_die (cli);

  wait_for (&reloaded, 1, 10000);
  g_assert_cmpuint (reloaded, ==, 1);
  assert_labels (app, "Acme Corp,From the CLI");
  g_assert_true (item (app, 0) == acme);

  g_assert_finalize_object (cli);
  g_assert_finalize_object (app);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/account-store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/account-store/default-path", test_default_path);
  ADD ("missing-file", test_missing_file);
  ADD ("round-trip", test_round_trip);
  ADD ("file-format", test_file_format);
  ADD ("file-modes", test_file_modes);
  ADD ("atomic", test_atomic);
  ADD ("revoked-round-trip", test_revoked_round_trip);
  ADD ("damaged", test_damaged);
  ADD ("damaged-groups", test_damaged_groups);
  ADD ("reset-damaged", test_reset_damaged);
  ADD ("reset-damaged-keeps-later-edit", test_reset_damaged_keeps_later_edit);
  ADD ("newer-version", test_newer_version);
  ADD ("unreadable", test_unreadable);
  ADD ("save-without-load", test_save_without_load);
  ADD ("keeps-unknown-content", test_keeps_unknown_content);
  ADD ("find-and-resolve", test_find_and_resolve);
  ADD ("add-remove", test_add_remove);
  ADD ("save-refuses-duplicate-rename", test_save_refuses_duplicate_rename);
  ADD ("reload-in-place", test_reload_in_place);
  ADD ("reload-shuffle", test_reload_shuffle);
  ADD ("no-secrets-in-file", test_no_secrets_in_file);
  ADD ("watch", test_watch);

#undef ADD

  return g_test_run ();
}
