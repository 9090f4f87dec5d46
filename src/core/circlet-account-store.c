/* circlet-account-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "circlet-account-store.h"
#include "circlet-error.h"

typedef enum
{
  STORE_NEW,        /* load() never ran */
  STORE_LOADED,     /* memory matches the file (or the file is missing) */
  STORE_BLOCKED,    /* the file is damaged, newer or unreadable: save() refuses */
} StoreState;

struct _CircletAccountStore
{
  GObject parent_instance;

  char *path;

  /* Owned references */
  GPtrArray *accounts;        /* CircletAccount, sorted by compare_accounts() */
  GKeyFile *keyfile;          /* as last loaded: keeps comments and keys we do not know */
  GBytes *last_seen;          /* the bytes last read or written; NULL when there was no file */
  char *damaged_copy;
  GFileMonitor *monitor;

  StoreState state;
  guint reload_source;
  guint updating : 1;
};

static void list_model_iface_init (GListModelInterface *iface);
static void watch_account        (CircletAccountStore *self,
                                  CircletAccount      *account);
static void unwatch_account      (CircletAccountStore *self,
                                  CircletAccount      *account);

G_DEFINE_FINAL_TYPE_WITH_CODE (CircletAccountStore, circlet_account_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

enum {
  RELOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define FORMAT_VERSION       1
#define CIRCLET_GROUP        "Circlet"
#define ACCOUNT_GROUP_PREFIX "Account "
#define DAMAGED_INFIX        ".damaged-"

/* Long enough to take in a burst of events from one atomic write. */
#define RELOAD_DELAY_MS      150

#define FILE_HEADER \
  " Circlet: the Appcircle organizations you connected.\n" \
  " Only names and server addresses are kept here. The Personal Access Keys\n" \
  " live in the desktop keyring, and never in this file."

/*
 * Auxiliary functions
 */

/* Labels are matched the way a person reads them: é typed either way, any case. */
static char *
label_key (const char *label)
{
  g_autofree char *normalized = NULL;

  if (!g_utf8_validate (label, -1, NULL))
    return g_strdup (label);

  normalized = g_utf8_normalize (label, -1, G_NORMALIZE_DEFAULT);
  return g_utf8_casefold (normalized, -1);
}

static gboolean
label_is_blank (const char *label)
{
  const char *p;

  for (p = label; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b)
{
  CircletAccount *account_a = *(CircletAccount * const *)a;
  CircletAccount *account_b = *(CircletAccount * const *)b;
  g_autofree char *key_a = label_key (circlet_account_get_label (account_a));
  g_autofree char *key_b = label_key (circlet_account_get_label (account_b));
  int result;

  result = g_utf8_collate (key_a, key_b);
  if (result == 0)
    result = strcmp (circlet_account_get_id (account_a), circlet_account_get_id (account_b));

  return result;
}

static CircletAccount *
find_by_id (CircletAccountStore *self,
            const char          *id)
{
  for (guint i = 0; i < self->accounts->len; i++)
    {
      CircletAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_ascii_strcasecmp (circlet_account_get_id (account), id) == 0)
        return account;
    }

  return NULL;
}

static gboolean
same_bytes (GBytes *a,
            GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_bytes_equal (a, b);
}

static void
set_last_seen (CircletAccountStore *self,
               GBytes              *bytes)
{
  g_clear_pointer (&self->last_seen, g_bytes_unref);
  if (bytes != NULL)
    self->last_seen = g_bytes_ref (bytes);
}

/* A missing file is not an error: *contents is then NULL. */
static gboolean
read_contents (const char  *path,
               GBytes     **contents,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *data = NULL;
  gsize len = 0;

  *contents = NULL;

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_FAILED,
                   _("Could not read the organization list %s: %s"),
                   path, local_error->message);
      return FALSE;
    }

  *contents = g_bytes_new_take (data, len);
  return TRUE;
}

static gboolean
write_new_file (const char  *path,
                GBytes      *contents,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  gsize len;
  gconstpointer data = g_bytes_get_data (contents, &len);

  /* Fails if the name is taken: a copy is never overwritten. */
  stream = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, error);
  if (stream == NULL)
    return FALSE;

  if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, len, NULL, NULL, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    {
      /* Only our own half-written copy goes; the original is untouched. */
      g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/* A damaged file that stays damaged would otherwise get a new copy at
 * every start of the app. */
static char *
find_identical_copy (const char *path,
                     GBytes     *contents)
{
  g_autofree char *dir_name = g_path_get_dirname (path);
  g_autofree char *base_name = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base_name, DAMAGED_INFIX, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (dir_name, 0, NULL);
  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *candidate = NULL;
      g_autoptr(GBytes) candidate_contents = NULL;

      if (!g_str_has_prefix (name, prefix))
        continue;

      candidate = g_build_filename (dir_name, name, NULL);
      if (read_contents (candidate, &candidate_contents, NULL) &&
          same_bytes (candidate_contents, contents))
        return g_steal_pointer (&candidate);
    }

  return NULL;
}

static char *
keep_aside (const char  *path,
            GBytes      *contents,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *base = g_strconcat (path, DAMAGED_INFIX, stamp, NULL);
  char *existing;

  existing = find_identical_copy (path, contents);
  if (existing != NULL)
    return existing;

  for (guint attempt = 1; attempt < 100; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *copy = NULL;

      copy = attempt == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, attempt);
      if (write_new_file (copy, contents, &local_error))
        return g_steal_pointer (&copy);

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("Too many copies were kept already"));
  return NULL;
}

/* GKeyFile silently merges two groups of the same name; in this file that
 * would mean two organizations fused into one, so catch it in the text. */
static gboolean
check_duplicate_groups (GBytes  *contents,
                        GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = g_strndup (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *end;
      char *name;

      while (g_ascii_isspace (*line))
        line++;
      if (*line != '[' || (end = strchr (line, ']')) == NULL)
        continue;

      name = g_ascii_strdown (line + 1, end - line - 1);
      if (!g_hash_table_add (seen, name))
        {
          g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                       _("the group “[%.*s]” appears twice"), (int) (end - line - 1), line + 1);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
get_optional_string (GKeyFile    *keyfile,
                     const char  *group,
                     const char  *key,
                     char       **value,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *value = g_key_file_get_string (keyfile, group, key, &local_error);
  if (*value != NULL || g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    return TRUE;

  g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
               _("“%s” in “[%s]” is not valid text"), key, group);
  return FALSE;
}

static gboolean
get_optional_boolean (GKeyFile    *keyfile,
                      const char  *group,
                      const char  *key,
                      gboolean    *value,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *value = g_key_file_get_boolean (keyfile, group, key, &local_error);
  if (local_error == NULL || g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    return TRUE;

  g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
               _("“%s” in “[%s]” must be true or false"), key, group);
  return FALSE;
}

/* Exactly YYYY-MM-DD, so that the file reads the same in every locale. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  static const char pattern[] = "dddd-dd-dd";
  guint year, month, day;

  if (strlen (text) != strlen (pattern))
    return FALSE;

  for (guint i = 0; pattern[i] != '\0'; i++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
        return FALSE;
    }

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static gboolean
parse_host (GKeyFile        *keyfile,
            const char      *group,
            const char      *key,
            CircletAccount  *account,
            gboolean       (*setter) (CircletAccount *, const char *, GError **),
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host = NULL;

  /* A missing host means the cloud, which the account has by default. */
  if (!get_optional_string (keyfile, group, key, &host, error))
    return FALSE;
  if (host == NULL || setter (account, host, &local_error))
    return TRUE;

  g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
               _("“%s” in “[%s]” is not valid: %s"), key, group, local_error->message);
  return FALSE;
}

static void
set_revoked (CircletAccount *account,
             const char     *message)
{
  g_autoptr(GError) error = NULL;

  error = g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED,
                               message != NULL ? message : _("The key was deleted or is no longer valid. Replace the key."));
  circlet_account_set_status (account, CIRCLET_ACCOUNT_STATUS_REVOKED, error);
}

static CircletAccount *
parse_account (GKeyFile    *keyfile,
               const char  *group,
               GError     **error)
{
  g_autoptr(CircletAccount) account = NULL;
  g_autofree char *label = NULL;
  g_autofree char *sub_org_id = NULL;
  g_autofree char *key_expiry = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *revoked_message = NULL;
  const char *id = group + strlen (ACCOUNT_GROUP_PREFIX);
  gboolean allow_http = FALSE;
  gboolean revoked = FALSE;
  GDate date;

  if (!g_uuid_string_is_valid (id))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                   _("“[%s]” does not end in a valid organization id"), group);
      return NULL;
    }

  if (!get_optional_string (keyfile, group, "label", &label, error))
    return NULL;
  if (label == NULL || label_is_blank (label))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                   _("“[%s]” has no label"), group);
      return NULL;
    }

  account = circlet_account_new (id, label);

  if (!parse_host (keyfile, group, "api-host", account, circlet_account_set_api_host, error) ||
      !parse_host (keyfile, group, "auth-host", account, circlet_account_set_auth_host, error) ||
      !get_optional_string (keyfile, group, "sub-org-id", &sub_org_id, error) ||
      !get_optional_string (keyfile, group, "key-expiry", &key_expiry, error) ||
      !get_optional_string (keyfile, group, "ca-file", &ca_file, error) ||
      !get_optional_boolean (keyfile, group, "allow-http", &allow_http, error) ||
      !get_optional_boolean (keyfile, group, "revoked", &revoked, error) ||
      !get_optional_string (keyfile, group, "revoked-message", &revoked_message, error))
    return NULL;

  if (key_expiry != NULL)
    {
      if (!parse_date (key_expiry, &date))
        {
          g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                       _("“key-expiry” in “[%s]” is not a date like 2030-12-31"), group);
          return NULL;
        }
      circlet_account_set_key_expiry (account, &date);
    }

  circlet_account_set_sub_org_id (account, sub_org_id);
  circlet_account_set_ca_file (account, ca_file);
  circlet_account_set_allow_http (account, allow_http);
  if (revoked)
    set_revoked (account, revoked_message);

  return g_steal_pointer (&account);
}

/* Returns the version, or -1 with @error set. A missing version is taken
 * as 1: a hand-written file need not know about it. */
static int
parse_version (GKeyFile  *keyfile,
               GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  int version;

  if (!g_key_file_has_key (keyfile, CIRCLET_GROUP, "version", NULL))
    return FORMAT_VERSION;

  version = g_key_file_get_integer (keyfile, CIRCLET_GROUP, "version", &local_error);
  if (local_error != NULL || version < 1)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                   _("“version” in “[%s]” is not a valid number"), CIRCLET_GROUP);
      return -1;
    }

  return version;
}

/* Groups other than ours are ignored (and kept on save), so a newer Circlet
 * can add some without breaking this one. */
static GPtrArray *
parse_accounts (GKeyFile  *keyfile,
                GError   **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      CircletAccount *account;

      if (!g_str_has_prefix (groups[i], ACCOUNT_GROUP_PREFIX))
        continue;

      account = parse_account (keyfile, groups[i], error);
      if (account == NULL)
        return NULL;
      g_ptr_array_add (parsed, account);

      if (!g_hash_table_add (ids, g_ascii_strdown (circlet_account_get_id (account), -1)))
        {
          g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                       _("the organization id in “[%s]” appears twice"), groups[i]);
          return NULL;
        }

      if (!g_hash_table_add (labels, label_key (circlet_account_get_label (account))))
        {
          g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                       _("two organizations are named “%s”"), circlet_account_get_label (account));
          return NULL;
        }
    }

  return g_steal_pointer (&parsed);
}

static void
write_optional_string (GKeyFile   *keyfile,
                       const char *group,
                       const char *key,
                       const char *value)
{
  if (value != NULL)
    g_key_file_set_string (keyfile, group, key, value);
  else
    g_key_file_remove_key (keyfile, group, key, NULL);
}

static void
write_account (GKeyFile       *keyfile,
               CircletAccount *account)
{
  g_autofree char *group = g_strconcat (ACCOUNT_GROUP_PREFIX, circlet_account_get_id (account), NULL);
  g_autofree char *expiry = NULL;
  GDate *date = circlet_account_get_key_expiry (account);
  const GError *status_error = circlet_account_get_status_error (account);
  gboolean revoked = circlet_account_get_status (account) == CIRCLET_ACCOUNT_STATUS_REVOKED;

  if (date != NULL)
    expiry = g_strdup_printf ("%04u-%02u-%02u",
                              (guint) g_date_get_year (date),
                              (guint) g_date_get_month (date),
                              (guint) g_date_get_day (date));

  g_key_file_set_string (keyfile, group, "label", circlet_account_get_label (account));
  g_key_file_set_string (keyfile, group, "api-host", circlet_account_get_api_host (account));
  g_key_file_set_string (keyfile, group, "auth-host", circlet_account_get_auth_host (account));
  write_optional_string (keyfile, group, "sub-org-id", circlet_account_get_sub_org_id (account));
  write_optional_string (keyfile, group, "key-expiry", expiry);
  write_optional_string (keyfile, group, "ca-file", circlet_account_get_ca_file (account));
  g_key_file_set_boolean (keyfile, group, "allow-http", circlet_account_get_allow_http (account));

  /* Only "revoked" outlives the process: it is what another process cannot
   * find out without trying the key. The rest of the status is live. */
  if (revoked)
    {
      g_key_file_set_boolean (keyfile, group, "revoked", TRUE);
      write_optional_string (keyfile, group, "revoked-message",
                             status_error != NULL ? status_error->message : NULL);
    }
  else
    {
      g_key_file_remove_key (keyfile, group, "revoked", NULL);
      g_key_file_remove_key (keyfile, group, "revoked-message", NULL);
    }
}

/* Brings the key file read last up to date with memory, keeping whatever
 * else it holds (comments, keys of a newer Circlet). */
static void
update_keyfile (CircletAccountStore *self)
{
  g_auto(GStrv) groups = NULL;

  g_key_file_set_integer (self->keyfile, CIRCLET_GROUP, "version", FORMAT_VERSION);
  g_key_file_set_comment (self->keyfile, NULL, NULL, FILE_HEADER, NULL);

  groups = g_key_file_get_groups (self->keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (g_str_has_prefix (groups[i], ACCOUNT_GROUP_PREFIX) &&
          find_by_id (self, groups[i] + strlen (ACCOUNT_GROUP_PREFIX)) == NULL)
        g_key_file_remove_group (self->keyfile, groups[i], NULL);
    }

  for (guint i = 0; i < self->accounts->len; i++)
    write_account (self->keyfile, g_ptr_array_index (self->accounts, i));
}

static gboolean
check_labels (CircletAccountStore  *self,
              GError              **error)
{
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      const char *label = circlet_account_get_label (g_ptr_array_index (self->accounts, i));

      if (label_is_blank (label))
        {
          g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                               _("An organization has no name. Enter a name for it."));
          return FALSE;
        }

      if (!g_hash_table_add (labels, label_key (label)))
        {
          g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_EXISTS,
                       _("Two organizations are named “%s”. Rename one of them."), label);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
refuse_blocked (CircletAccountStore  *self,
                GError              **error)
{
  if (self->damaged_copy != NULL)
    g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                 _("The organization list %s is damaged, so it was not overwritten. "
                   "A copy is kept as %s. Correct the file, or start over."),
                 self->path, self->damaged_copy);
  else
    g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                 _("The organization list %s could not be loaded, so it was not overwritten. "
                   "Correct the file or its permissions, then try again."),
                 self->path);
  return FALSE;
}

/* Takes the parsed list as the truth while keeping the objects of accounts
 * that already existed, then reports one range covering what moved. */
static void
replace_accounts (CircletAccountStore *self,
                  GPtrArray           *parsed)
{
  g_autoptr(GPtrArray) old = NULL;
  GPtrArray *next = g_ptr_array_new_with_free_func (g_object_unref);
  guint prefix = 0, suffix = 0;

  self->updating = TRUE;

  for (guint i = 0; i < parsed->len; i++)
    {
      CircletAccount *fresh = g_ptr_array_index (parsed, i);
      CircletAccount *existing = find_by_id (self, circlet_account_get_id (fresh));

      if (existing == NULL)
        {
          watch_account (self, fresh);
          g_ptr_array_add (next, g_object_ref (fresh));
          continue;
        }

      g_object_freeze_notify (G_OBJECT (existing));
      circlet_account_set_label (existing, circlet_account_get_label (fresh));
      circlet_account_set_api_host (existing, circlet_account_get_api_host (fresh), NULL);
      circlet_account_set_auth_host (existing, circlet_account_get_auth_host (fresh), NULL);
      circlet_account_set_sub_org_id (existing, circlet_account_get_sub_org_id (fresh));
      circlet_account_set_key_expiry (existing, circlet_account_get_key_expiry (fresh));
      circlet_account_set_ca_file (existing, circlet_account_get_ca_file (fresh));
      circlet_account_set_allow_http (existing, circlet_account_get_allow_http (fresh));

      /* Another process found the key revoked, or saw it work again. */
      if (circlet_account_get_status (fresh) == CIRCLET_ACCOUNT_STATUS_REVOKED)
        circlet_account_set_status (existing, CIRCLET_ACCOUNT_STATUS_REVOKED,
                                    circlet_account_get_status_error (fresh));
      else if (circlet_account_get_status (existing) == CIRCLET_ACCOUNT_STATUS_REVOKED)
        circlet_account_set_status (existing, CIRCLET_ACCOUNT_STATUS_UNVERIFIED, NULL);
      g_object_thaw_notify (G_OBJECT (existing));

      g_ptr_array_add (next, g_object_ref (existing));
    }

  for (guint i = 0; i < self->accounts->len; i++)
    {
      CircletAccount *account = g_ptr_array_index (self->accounts, i);

      if (!g_ptr_array_find (next, account, NULL))
        unwatch_account (self, account);
    }

  self->updating = FALSE;

  g_ptr_array_sort (next, compare_accounts);
  old = g_steal_pointer (&self->accounts);
  self->accounts = next;

  while (prefix < old->len && prefix < next->len &&
         old->pdata[prefix] == next->pdata[prefix])
    prefix++;
  while (suffix < old->len - prefix && suffix < next->len - prefix &&
         old->pdata[old->len - 1 - suffix] == next->pdata[next->len - 1 - suffix])
    suffix++;

  if (old->len != prefix + suffix || next->len != prefix + suffix)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old->len - prefix - suffix,
                                next->len - prefix - suffix);
}

/* Returns the accounts in @contents, or %NULL with @error set; *version
 * tells a newer format apart from a damaged file. */
static GPtrArray *
parse_contents (GBytes    *contents,
                GKeyFile  *keyfile,
                int       *version,
                GError   **error)
{
  if (!g_key_file_load_from_bytes (keyfile, contents,
                                   G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                   error) ||
      !check_duplicate_groups (contents, error))
    return NULL;

  *version = parse_version (keyfile, error);
  if (*version < 0)
    return NULL;

  if (*version > FORMAT_VERSION)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                   _("the file has version %d"), *version);
      return NULL;
    }

  return parse_accounts (keyfile, error);
}

/* Handles the bytes of a load: @contents NULL means there is no file. */
static gboolean
load_contents (CircletAccountStore  *self,
               GBytes               *contents,
               GError              **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GError) detail = NULL;
  int version = FORMAT_VERSION;

  set_last_seen (self, contents);

  if (contents == NULL)
    parsed = g_ptr_array_new_with_free_func (g_object_unref);
  else
    parsed = parse_contents (contents, keyfile, &version, &detail);

  if (parsed == NULL && version > FORMAT_VERSION)
    {
      self->state = STORE_BLOCKED;
      g_clear_pointer (&self->damaged_copy, g_free);
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                   _("The organization list %s was written by a newer version of Circlet. "
                     "Update Circlet to use it. The file was left as it is, and your keys are "
                     "still in the keyring."),
                   self->path);
      return FALSE;
    }

  if (parsed == NULL)
    {
      g_autoptr(GError) copy_error = NULL;
      g_autofree char *reason = g_strdup (detail->message);
      gsize len = strlen (reason);

      /* The reason is quoted mid-sentence; host errors end in a period. */
      if (len > 0 && reason[len - 1] == '.')
        reason[len - 1] = '\0';

      self->state = STORE_BLOCKED;
      g_clear_pointer (&self->damaged_copy, g_free);
      self->damaged_copy = keep_aside (self->path, contents, &copy_error);

      if (self->damaged_copy != NULL)
        g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                     _("The organization list %s is damaged: %s. Your keys are still in the "
                       "keyring. A copy of the file was kept as %s. Correct the file, or start "
                       "over and add the organizations again."),
                     self->path, reason, self->damaged_copy);
      else
        g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                     _("The organization list %s is damaged: %s. Your keys are still in the "
                       "keyring. The file could not be copied aside (%s), so Circlet will not "
                       "change it. Correct or move the file, then try again."),
                     self->path, reason, copy_error->message);
      return FALSE;
    }

  replace_accounts (self, parsed);
  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&keyfile);
  g_clear_pointer (&self->damaged_copy, g_free);
  self->state = STORE_LOADED;

  return TRUE;
}

/*
 * Callbacks
 */

static void
account_label_changed_cb (CircletAccount      *account,
                          GParamSpec          *pspec,
                          CircletAccountStore *self)
{
  guint old_position, new_position, first, n;

  if (self->updating || !g_ptr_array_find (self->accounts, account, &old_position))
    return;

  /* The sort is stable and the rest is in order, so only this one moves. */
  g_ptr_array_sort (self->accounts, compare_accounts);
  g_ptr_array_find (self->accounts, account, &new_position);
  if (old_position == new_position)
    return;

  first = MIN (old_position, new_position);
  n = MAX (old_position, new_position) - first + 1;
  g_list_model_items_changed (G_LIST_MODEL (self), first, n, n);
}

static void
watch_account (CircletAccountStore *self,
               CircletAccount      *account)
{
  g_signal_connect (account, "notify::label", G_CALLBACK (account_label_changed_cb), self);
}

static void
unwatch_account (CircletAccountStore *self,
                 CircletAccount      *account)
{
  g_signal_handlers_disconnect_by_func (account, account_label_changed_cb, self);
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  CircletAccountStore *self = user_data;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) error = NULL;

  self->reload_source = 0;

  /* Our own saves come back here too; they change nothing. */
  if (read_contents (self->path, &contents, NULL) &&
      self->state != STORE_NEW &&
      same_bytes (contents, self->last_seen))
    return G_SOURCE_REMOVE;

  circlet_account_store_load (self, &error);
  g_signal_emit (self, signals[RELOADED], 0, error);

  return G_SOURCE_REMOVE;
}

static void
file_changed_cb (GFileMonitor        *monitor,
                 GFile               *file,
                 GFile               *other_file,
                 GFileMonitorEvent    event,
                 CircletAccountStore *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED ||
      event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT ||
      event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

/*
 * GListModel
 */

static GType
circlet_account_store_get_item_type (GListModel *model)
{
  return CIRCLET_TYPE_ACCOUNT;
}

static guint
circlet_account_store_get_n_items (GListModel *model)
{
  return CIRCLET_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
circlet_account_store_get_item (GListModel *model,
                                guint       position)
{
  CircletAccountStore *self = CIRCLET_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = circlet_account_store_get_item_type;
  iface->get_n_items = circlet_account_store_get_n_items;
  iface->get_item = circlet_account_store_get_item;
}

/*
 * GObject
 */

static void
circlet_account_store_dispose (GObject *object)
{
  CircletAccountStore *self = (CircletAccountStore *)object;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);

  for (guint i = 0; i < self->accounts->len; i++)
    unwatch_account (self, g_ptr_array_index (self->accounts, i));
  g_ptr_array_set_size (self->accounts, 0);

  G_OBJECT_CLASS (circlet_account_store_parent_class)->dispose (object);
}

static void
circlet_account_store_finalize (GObject *object)
{
  CircletAccountStore *self = (CircletAccountStore *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->last_seen, g_bytes_unref);
  g_clear_pointer (&self->damaged_copy, g_free);

  G_OBJECT_CLASS (circlet_account_store_parent_class)->finalize (object);
}

static void
circlet_account_store_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CircletAccountStore *self = CIRCLET_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, circlet_account_store_get_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_account_store_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CircletAccountStore *self = CIRCLET_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      if (g_value_get_string (value) != NULL)
        self->path = g_value_dup_string (value);
      else
        self->path = g_build_filename (g_get_user_config_dir (), "circlet", "accounts.ini", NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_account_store_class_init (CircletAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = circlet_account_store_dispose;
  object_class->finalize = circlet_account_store_finalize;
  object_class->get_property = circlet_account_store_get_property;
  object_class->set_property = circlet_account_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CircletAccountStore::reloaded:
   * @error: (nullable): why the new file was not taken, or %NULL
   *
   * Emitted after circlet_account_store_watch() saw another process change
   * the file and load() ran; the list is already updated on success.
   */
  signals[RELOADED] =
    g_signal_new ("reloaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
circlet_account_store_init (CircletAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->keyfile = g_key_file_new ();
  self->state = STORE_NEW;
}

/*
 * Public API
 */

/**
 * circlet_account_store_new:
 * @path: (nullable): the key file, or %NULL for
 *   `$XDG_CONFIG_HOME/circlet/accounts.ini` (per app inside Flatpak)
 *
 * The store is empty until circlet_account_store_load().
 */
CircletAccountStore *
circlet_account_store_new (const char *path)
{
  return g_object_new (CIRCLET_TYPE_ACCOUNT_STORE,
                       "path", path,
                       NULL);
}

const char *
circlet_account_store_get_path (CircletAccountStore *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), NULL);

  return self->path;
}

/**
 * circlet_account_store_load:
 *
 * Reads the file, or reloads it in place. A missing file is an empty list.
 * See the header for what happens to a damaged file.
 *
 * Returns: %TRUE on success; else %CIRCLET_ERROR_CONFIG_DAMAGED (damaged
 *   or newer file) or %CIRCLET_ERROR_FAILED (unreadable), memory untouched
 */
gboolean
circlet_account_store_load (CircletAccountStore  *self,
                            GError              **error)
{
  g_autoptr(GBytes) contents = NULL;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_contents (self->path, &contents, error))
    {
      self->state = STORE_BLOCKED;
      g_clear_pointer (&self->damaged_copy, g_free);
      return FALSE;
    }

  return load_contents (self, contents, error);
}

/**
 * circlet_account_store_save:
 *
 * Writes the whole list atomically with mode 0600, creating the folder with
 * mode 0700. Refuses while the file is damaged (see the header), and when
 * load() never ran but a file exists, which it would otherwise replace.
 */
gboolean
circlet_account_store_save (CircletAccountStore  *self,
                            GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state == STORE_BLOCKED)
    return refuse_blocked (self, error);

  if (self->state == STORE_NEW && g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_FAILED,
                   _("The organization list %s was not loaded before saving, so it was not overwritten."),
                   self->path);
      return FALSE;
    }

  if (!check_labels (self, error))
    return FALSE;

  update_keyfile (self);
  data = g_key_file_to_data (self->keyfile, &len, NULL);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_FAILED,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_file_set_contents_full (self->path, data, len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_FAILED,
                   _("Could not save the organization list: %s"), local_error->message);
      return FALSE;
    }

  g_clear_pointer (&self->last_seen, g_bytes_unref);
  self->last_seen = g_bytes_new_take (g_steal_pointer (&data), len);
  self->state = STORE_LOADED;

  return TRUE;
}

/**
 * circlet_account_store_find:
 * @label_or_id: an account id, or a label in any letter case
 *
 * Returns: (transfer none) (nullable): the account
 */
CircletAccount *
circlet_account_store_find (CircletAccountStore *self,
                            const char          *label_or_id)
{
  g_autofree char *key = NULL;
  CircletAccount *account;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (label_or_id != NULL, NULL);

  account = find_by_id (self, label_or_id);
  if (account != NULL)
    return account;

  key = label_key (label_or_id);
  for (guint i = 0; i < self->accounts->len; i++)
    {
      g_autofree char *candidate = NULL;

      account = g_ptr_array_index (self->accounts, i);
      candidate = label_key (circlet_account_get_label (account));
      if (g_str_equal (candidate, key))
        return account;
    }

  return NULL;
}

/**
 * circlet_account_store_resolve:
 * @label_or_id: (nullable): what the user chose (`--org`), or %NULL
 *
 * Like circlet_account_store_find(), but with %NULL picks the only account,
 * and explains what to do when that is not possible.
 *
 * Returns: (transfer none) (nullable): the account, or %NULL with
 *   %CIRCLET_ERROR_ACCOUNT_NOT_FOUND or %CIRCLET_ERROR_INVALID_INPUT
 */
CircletAccount *
circlet_account_store_resolve (CircletAccountStore  *self,
                               const char           *label_or_id,
                               GError              **error)
{
  g_autoptr(GString) labels = NULL;
  CircletAccount *account;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (label_or_id != NULL)
    {
      account = circlet_account_store_find (self, label_or_id);
      if (account == NULL)
        g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_NOT_FOUND,
                     _("No organization is named “%s”. See them all with: circlet-cli accounts"),
                     label_or_id);
      return account;
    }

  if (self->accounts->len == 1)
    return g_ptr_array_index (self->accounts, 0);

  if (self->accounts->len == 0)
    {
      g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_NOT_FOUND,
                           _("No organization is set up. Add one with: circlet-cli add --label NAME"));
      return NULL;
    }

  labels = g_string_new (NULL);
  for (guint i = 0; i < self->accounts->len; i++)
    {
      if (i > 0)
        g_string_append (labels, ", ");
      g_string_append (labels, circlet_account_get_label (g_ptr_array_index (self->accounts, i)));
    }

  g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
               _("Several organizations are set up (%s). Choose one with --org."),
               labels->str);
  return NULL;
}

/**
 * circlet_account_store_add:
 * @account: (transfer none): a new account
 *
 * Adds @account at its place in the sorted list. Does not save.
 *
 * Returns: %TRUE, or %FALSE with %CIRCLET_ERROR_INVALID_INPUT (blank label)
 *   or %CIRCLET_ERROR_ACCOUNT_EXISTS (label or id taken)
 */
gboolean
circlet_account_store_add (CircletAccountStore  *self,
                           CircletAccount       *account,
                           GError              **error)
{
  const char *label;
  guint position = 0;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  label = circlet_account_get_label (account);
  if (label_is_blank (label))
    {
      g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                           _("Enter a name for the organization."));
      return FALSE;
    }

  /* find() also matches ids, so a label cannot hide another account's id. */
  if (find_by_id (self, circlet_account_get_id (account)) != NULL ||
      circlet_account_store_find (self, label) != NULL)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_EXISTS,
                   _("An organization named “%s” is already set up. Choose another name."),
                   label);
      return FALSE;
    }

  while (position < self->accounts->len &&
         compare_accounts (&self->accounts->pdata[position], &account) < 0)
    position++;

  g_ptr_array_insert (self->accounts, position, g_object_ref (account));
  watch_account (self, account);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);

  return TRUE;
}

/**
 * circlet_account_store_remove:
 * @account: the account, or another object with its id
 *
 * Does not save, and does not touch the keyring: the caller deletes the key
 * too.
 *
 * Returns: whether the account was in the store
 */
gboolean
circlet_account_store_remove (CircletAccountStore *self,
                              CircletAccount      *account)
{
  CircletAccount *found;
  guint position;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (account), FALSE);

  found = find_by_id (self, circlet_account_get_id (account));
  if (found == NULL)
    return FALSE;

  g_ptr_array_find (self->accounts, found, &position);
  unwatch_account (self, found);
  g_ptr_array_remove_index (self->accounts, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  return TRUE;
}

/**
 * circlet_account_store_get_damaged_copy:
 *
 * Returns: (nullable): where the last damaged file was copied, until a
 *   load() succeeds
 */
const char *
circlet_account_store_get_damaged_copy (CircletAccountStore *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), NULL);

  return self->damaged_copy;
}

/* Whether save() would refuse because the file could not be loaded. */
gboolean
circlet_account_store_is_save_blocked (CircletAccountStore *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), FALSE);

  return self->state == STORE_BLOCKED;
}

/**
 * circlet_account_store_reset_damaged:
 *
 * The "Start over" of the damaged-file message: lets save() replace the
 * file with the list in memory. The file as it is now is copied aside
 * first (it may have changed since the failed load), so nothing is lost;
 * a file that cannot be read is left alone and this fails.
 *
 * Returns: %TRUE if save() may now write the file
 */
gboolean
circlet_account_store_reset_damaged (CircletAccountStore  *self,
                                     GError              **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) copy_error = NULL;
  char *copy;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state != STORE_BLOCKED)
    return TRUE;

  if (!read_contents (self->path, &contents, error))
    return FALSE;

  if (contents != NULL)
    {
      copy = keep_aside (self->path, contents, &copy_error);
      if (copy == NULL)
        {
          g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_CONFIG_DAMAGED,
                       _("The organization list %s could not be copied aside (%s), so it was "
                         "not replaced."),
                       self->path, copy_error->message);
          return FALSE;
        }
      g_free (self->damaged_copy);
      self->damaged_copy = copy;
    }

  set_last_seen (self, contents);
  self->state = STORE_LOADED;

  return TRUE;
}

/**
 * circlet_account_store_watch:
 *
 * Reloads the list whenever another process changes the file, and emits
 * #CircletAccountStore::reloaded. Calling it again does nothing.
 */
gboolean
circlet_account_store_watch (CircletAccountStore  *self,
                             GError              **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->monitor != NULL)
    return TRUE;

  file = g_file_new_for_path (self->path);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &local_error);
  if (self->monitor == NULL)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_FAILED,
                   _("Could not watch the organization list %s for changes: %s"),
                   self->path, local_error->message);
      return FALSE;
    }

  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (file_changed_cb), self, 0);

  return TRUE;
}
