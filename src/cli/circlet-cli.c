/* circlet-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "circlet-account-store.h"
#include "circlet-api.h"
#include "circlet-core-enums.h"
#include "circlet-error.h"
#include "circlet-key-store.h"
#include "circlet-session.h"

/*
 * circlet-cli: the command-line companion. It shares the account list with
 * the app (one file under the user's config directory) and the keys and
 * session tokens with it (the keyring), so a token the app obtained serves
 * every script, and the other way round.
 *
 * The key only ever comes from standard input or a no-echo prompt: never
 * from argv or the environment, where other users and shell history see it.
 */

enum {
  EXIT_OK       = 0,
  EXIT_USAGE    = 1,
  EXIT_ERROR    = 2,
  EXIT_REVOKED  = 3,
  EXIT_KEYRING  = 4,
  EXIT_NETWORK  = 5,
};

#define MAX_KEY_INPUT (16 * 1024)

typedef struct
{
  CircletAccountStore *store;
  CircletKeyStore     *keys;
  CircletSession      *session;
} Cli;

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (Cli *cli, int argc, char **argv);
} Command;

static const Command *find_command (const char *name);

/* Auxiliary functions {{{1 */

static int
exit_code_for_error (const GError *error)
{
  if (error->domain != CIRCLET_ERROR)
    return EXIT_ERROR;

  switch ((CircletError) error->code)
    {
    case CIRCLET_ERROR_KEY_REVOKED:
    case CIRCLET_ERROR_KEY_NOT_FOUND:
    case CIRCLET_ERROR_UNAUTHORIZED:
      return EXIT_REVOKED;

    case CIRCLET_ERROR_KEYRING_LOCKED:
    case CIRCLET_ERROR_KEYRING_UNAVAILABLE:
    case CIRCLET_ERROR_KEYRING_TIMEOUT:
      return EXIT_KEYRING;

    case CIRCLET_ERROR_NETWORK:
    case CIRCLET_ERROR_SERVER:
    case CIRCLET_ERROR_RATE_LIMITED:
    case CIRCLET_ERROR_TLS:
    case CIRCLET_ERROR_NOT_APPCIRCLE:
    case CIRCLET_ERROR_BAD_RESPONSE:
    case CIRCLET_ERROR_TOO_LARGE:
    case CIRCLET_ERROR_FORBIDDEN:
    case CIRCLET_ERROR_NOT_FOUND:
      return EXIT_NETWORK;

    case CIRCLET_ERROR_INVALID_INPUT:
    case CIRCLET_ERROR_INSECURE:
    case CIRCLET_ERROR_ACCOUNT_NOT_FOUND:
    case CIRCLET_ERROR_ACCOUNT_EXISTS:
      return EXIT_USAGE;

    case CIRCLET_ERROR_FAILED:
    case CIRCLET_ERROR_CONFIG_DAMAGED:
    default:
      return EXIT_ERROR;
    }
}

static int
fail (const GError *error)
{
  g_printerr ("circlet-cli: %s\n", error->message);
  return exit_code_for_error (error);
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("circlet-cli: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

/* Runs the default main context until an async call has answered. */
static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The session marks a revoked key on the account; the file carries it to
 * the app and to later runs. Only that state is kept there, so only its
 * change costs a write. */
static void
save_if_revocation_changed (Cli                  *cli,
                            CircletAccount       *account,
                            CircletAccountStatus  before)
{
  g_autoptr(GError) error = NULL;

  if ((circlet_account_get_status (account) == CIRCLET_ACCOUNT_STATUS_REVOKED) ==
      (before == CIRCLET_ACCOUNT_STATUS_REVOKED))
    return;

  if (!circlet_account_store_save (cli->store, &error))
    g_printerr ("circlet-cli: %s\n", error->message);
}

/* What the table shows; --json keeps the stable nicks. */
static const char *
status_label (CircletAccountStatus status)
{
  switch (status)
    {
    case CIRCLET_ACCOUNT_STATUS_UNVERIFIED:
      return C_("status", "Not verified");
    case CIRCLET_ACCOUNT_STATUS_VALID:
      return C_("status", "Valid");
    case CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING:
      return C_("status", "Key expiring");
    case CIRCLET_ACCOUNT_STATUS_REVOKED:
      return C_("status", "Revoked");
    case CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED:
      return C_("status", "Keyring locked");
    case CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE:
      return C_("status", "No keyring");
    case CIRCLET_ACCOUNT_STATUS_OFFLINE:
      return C_("status", "Offline");
    default:
      return C_("status", "Unknown");
    }
}

/* printf pads bytes, not characters. */
static void
print_padded (GString    *out,
              const char *text,
              int         width)
{
  g_string_append (out, text);
  for (int i = g_utf8_strlen (text, -1); i < width; i++)
    g_string_append_c (out, ' ');
}

static const char *
status_name (CircletAccountStatus status)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CIRCLET_TYPE_ACCOUNT_STATUS);
  GEnumValue *value = g_enum_get_value (klass, status);

  /* Nicks are static strings inside the type's enum table. */
  return value ? value->value_nick : "unknown";
}

static char *
read_key (const char *label)
{
  g_autoptr(GString) input = g_string_sized_new (256);
  struct termios saved, silent;
  gboolean on_terminal = isatty (STDIN_FILENO);
  int c;

  if (on_terminal)
    {
      g_printerr (_("Personal Access Key for %s (input is hidden): "), label);
      tcgetattr (STDIN_FILENO, &saved);
      silent = saved;
      silent.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &silent);
    }

  while ((c = getchar ()) != EOF && input->len < MAX_KEY_INPUT)
    {
      if (on_terminal && c == '\n')
        break;
      g_string_append_c (input, c);
    }

  if (on_terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  {
    char *key = g_strndup (input->str, input->len);

    memset (input->str, 0, input->allocated_len);
    return key;
  }
}

static CircletAccount *
resolve_account (Cli         *cli,
                  const char  *org,
                  GError     **error)
{
  return circlet_account_store_resolve (cli->store, org, error);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint year, month, day;
  char extra;

  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &extra) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* Commands {{{1 */

static int
cmd_add (Cli   *cli,
         int    argc,
         char **argv)
{
  g_autofree char *label = NULL, *api_host = NULL, *auth_host = NULL, *sub_org = NULL;
  g_autofree char *key_expires = NULL, *ca_file = NULL;
  gboolean allow_http = FALSE, no_verify = FALSE;
  const GOptionEntry entries[] = {
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("A name for the organization"), N_("NAME") },
    { "api-host", 0, 0, G_OPTION_ARG_STRING, &api_host, N_("API host of a self-hosted server"), N_("URL") },
    { "auth-host", 0, 0, G_OPTION_ARG_STRING, &auth_host, N_("Auth host of a self-hosted server"), N_("URL") },
    { "sub-org", 0, 0, G_OPTION_ARG_STRING, &sub_org, N_("Act on this sub-organization with a root organization key"), N_("ID") },
    { "key-expires", 0, 0, G_OPTION_ARG_STRING, &key_expires, N_("The date the key expires, to be warned a week before"), N_("YYYY-MM-DD") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("Trust the server certificates signed by this CA"), N_("PEM") },
    { "allow-http", 0, 0, G_OPTION_ARG_NONE, &allow_http, N_("Allow plain http (a self-hosted server on a network you trust)"), NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify, N_("Store the key without exchanging it once"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(CircletAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  g_option_context_set_summary (context, _("Adds an organization. The key is read from standard input."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc > 1)
    return usage_error (context, _("Unexpected argument. The key is read from standard input, never from the command line."));
  if (label == NULL || g_strstrip (label)[0] == '\0')
    return usage_error (context, _("--label is required."));

  if (circlet_account_store_find (cli->store, label) != NULL)
    {
      g_printerr (_("circlet-cli: An organization named “%s” already exists. Choose another label, or remove it first.\n"), label);
      return EXIT_USAGE;
    }

  account = circlet_account_new (NULL, label);
  if ((api_host != NULL && !circlet_account_set_api_host (account, api_host, &error)) ||
      (auth_host != NULL && !circlet_account_set_auth_host (account, auth_host, &error)))
    return fail (error);

  if (sub_org != NULL)
    circlet_account_set_sub_org_id (account, g_strstrip (sub_org));
  circlet_account_set_allow_http (account, allow_http);

  if (key_expires != NULL)
    {
      GDate date;

      g_date_clear (&date, 1);
      if (!parse_date (key_expires, &date))
        return usage_error (context, _("--key-expires takes a date like 2027-03-31."));
      circlet_account_set_key_expiry (account, &date);
    }

  if (ca_file != NULL)
    {
      g_autofree char *absolute = g_canonicalize_filename (ca_file, NULL);
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (absolute, &error);

      if (database == NULL)
        {
          g_printerr (_("circlet-cli: The CA file %s cannot be used: %s\n"), absolute, error->message);
          return EXIT_USAGE;
        }
      circlet_account_set_ca_file (account, absolute);
    }

  key = read_key (label);
  circlet_session_set_key_async (cli->session, account, key, !no_verify, NULL,
                                 store_result_cb, &result);
  memset (key, 0, strlen (key));
  if (!circlet_session_set_key_finish (cli->session, wait_for (&result), &error))
    return fail (error);

  if (!circlet_account_store_add (cli->store, account, &error) ||
      !circlet_account_store_save (cli->store, &error))
    {
      g_autoptr(GAsyncResult) cleared = NULL;

      /* Leave no orphaned key behind in the keyring. */
      circlet_key_store_clear_async (cli->keys, circlet_account_get_id (account),
                                     CIRCLET_SECRET_ANY, NULL, store_result_cb, &cleared);
      circlet_key_store_clear_finish (cli->keys, wait_for (&cleared), NULL);
      return fail (error);
    }

  g_print ("%s\n", circlet_account_get_id (account));
  return EXIT_OK;
}

typedef struct
{
  CircletAccount       *account;
  CircletAccountStatus  status;
  char                 *detail;
  gint64                session_expires;
} AccountRow;

static void
account_row_clear (AccountRow *row)
{
  g_clear_object (&row->account);
  g_clear_pointer (&row->detail, g_free);
}

/* What `accounts` shows, read from the file and the keyring, without network. */
static void
describe_account (Cli            *cli,
                  CircletAccount *account,
                  AccountRow     *row)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) cached = NULL;
  int days = circlet_account_get_days_until_key_expiry (account, now);
  gint64 expires = 0;

  row->account = g_object_ref (account);

  /* The status this process can know without the network: what the file
   * says (revoked), else what the keyring holds. */
  if (circlet_account_get_status (account) != CIRCLET_ACCOUNT_STATUS_REVOKED)
    {
      CircletAccountStatus status;

      circlet_key_store_lookup_async (cli->keys, circlet_account_get_id (account),
                                      CIRCLET_SECRET_SESSION, NULL, store_result_cb, &result);
      cached = circlet_key_store_lookup_finish (cli->keys, wait_for (&result), &expires, &error);

      if (g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED))
        status = CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED;
      else if (circlet_error_is_keyring (error))
        status = CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE;
      else if (cached == NULL)
        status = CIRCLET_ACCOUNT_STATUS_UNVERIFIED;
      else if (days != G_MININT && days <= CIRCLET_KEY_EXPIRY_WARNING_DAYS)
        status = CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING;
      else
        status = CIRCLET_ACCOUNT_STATUS_VALID;

      circlet_account_set_session_expires (account, cached ? expires : 0);
      circlet_account_set_status (account, status, error);
    }

  row->status = circlet_account_get_status (account);
  row->session_expires = cached ? expires : 0;
  if (row->status == CIRCLET_ACCOUNT_STATUS_REVOKED && circlet_account_get_status_error (account) != NULL)
    row->detail = g_strdup (circlet_account_get_status_error (account)->message);
  else
    row->detail = circlet_account_describe_status (account, now, circlet_session_get_renew_margin (cli->session));
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static int
cmd_accounts (Cli   *cli,
              int    argc,
              char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print a JSON array"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  GListModel *accounts = G_LIST_MODEL (cli->store);
  guint n = g_list_model_get_n_items (accounts);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (AccountRow));
  g_autoptr(GString) table = NULL;
  int label_width = 0;
  int status_width;

  g_option_context_set_summary (context, _("Lists the organizations and the state of their keys."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  g_array_set_clear_func (rows, (GDestroyNotify) account_row_clear);
  g_array_set_size (rows, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CircletAccount) account = g_list_model_get_item (accounts, i);
      AccountRow *row = &g_array_index (rows, AccountRow, i);

      describe_account (cli, account, row);
      label_width = MAX (label_width, (int) g_utf8_strlen (circlet_account_get_label (account), -1));
    }

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          AccountRow *row = &g_array_index (rows, AccountRow, i);
          GDate *expiry = circlet_account_get_key_expiry (row->account);
          char expiry_text[16] = "";

          if (expiry != NULL)
            g_date_strftime (expiry_text, sizeof expiry_text, "%Y-%m-%d", expiry);

          json_builder_begin_object (builder);
          add_string_member (builder, "id", circlet_account_get_id (row->account));
          add_string_member (builder, "label", circlet_account_get_label (row->account));
          add_string_member (builder, "api_host", circlet_account_get_api_host (row->account));
          add_string_member (builder, "auth_host", circlet_account_get_auth_host (row->account));
          add_string_member (builder, "sub_org_id", circlet_account_get_sub_org_id (row->account));
          add_string_member (builder, "key_expires", expiry ? expiry_text : NULL);
          add_string_member (builder, "ca_file", circlet_account_get_ca_file (row->account));
          json_builder_set_member_name (builder, "allow_http");
          json_builder_add_boolean_value (builder, circlet_account_get_allow_http (row->account));
          add_string_member (builder, "status", status_name (row->status));
          add_string_member (builder, "status_text", row->detail);
          json_builder_set_member_name (builder, "session_expires");
          if (row->session_expires > 0)
            json_builder_add_int_value (builder, row->session_expires);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return EXIT_OK;
    }

  if (n == 0)
    {
      g_print ("%s\n", _("No organizations yet. Add one with: circlet-cli add --label NAME"));
      return EXIT_OK;
    }

  label_width = MAX (label_width, (int) g_utf8_strlen (_("LABEL"), -1));
  status_width = g_utf8_strlen (_("STATUS"), -1);
  for (guint i = 0; i < n; i++)
    status_width = MAX (status_width, (int) g_utf8_strlen (status_label (g_array_index (rows, AccountRow, i).status), -1));

  table = g_string_new (NULL);
  print_padded (table, _("LABEL"), label_width + 2);
  print_padded (table, _("STATUS"), status_width + 2);
  g_string_append_printf (table, "%s\n", _("DETAILS"));
  for (guint i = 0; i < n; i++)
    {
      AccountRow *row = &g_array_index (rows, AccountRow, i);

      print_padded (table, circlet_account_get_label (row->account), label_width + 2);
      print_padded (table, status_label (row->status), status_width + 2);
      g_string_append_printf (table, "%s\n", row->detail);
    }
  fputs (table->str, stdout);

  return EXIT_OK;
}

static int
cmd_remove (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME|ID"));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletAccount) account = NULL;

  g_option_context_set_summary (context, _("Removes an organization and deletes its key and session from the keyring."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, _("Name the organization to remove."));

  account = circlet_account_store_find (cli->store, argv[1]);
  if (account == NULL)
    {
      g_printerr (_("circlet-cli: There is no organization “%s”.\n"), argv[1]);
      return EXIT_USAGE;
    }
  g_object_ref (account);

  circlet_session_forget (cli->session, account);
  circlet_key_store_clear_async (cli->keys, circlet_account_get_id (account),
                                 CIRCLET_SECRET_ANY, NULL, store_result_cb, &result);

  /* With a locked keyring the account stays, so its key is never orphaned. */
  if (!circlet_key_store_clear_finish (cli->keys, wait_for (&result), &error))
    return fail (error);

  circlet_account_store_remove (cli->store, account);
  if (!circlet_account_store_save (cli->store, &error))
    return fail (error);

  g_print (_("Removed %s.\n"), circlet_account_get_label (account));
  return EXIT_OK;
}

static CircletSecret *
get_token (Cli                *cli,
           CircletAccount     *account,
           CircletTokenFlags   flags,
           gint64             *expires_at,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  CircletAccountStatus before = circlet_account_get_status (account);
  CircletSecret *token;

  circlet_session_get_token_async (cli->session, account, flags, NULL, store_result_cb, &result);
  token = circlet_session_get_token_finish (cli->session, wait_for (&result), expires_at, error);

  save_if_revocation_changed (cli, account, before);

  return token;
}

static int
cmd_verify (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autofree char *org = NULL;
  const GOptionEntry entries[] = {
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("The organization, by label or id"), N_("NAME|ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) token = NULL;
  g_autofree char *text = NULL;
  CircletAccount *account;

  g_option_context_set_summary (context, _("Exchanges the key now and reports whether it works."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  account = resolve_account (cli, org, &error);
  if (account == NULL)
    return fail (error);

  token = get_token (cli, account, CIRCLET_TOKEN_FLAGS_FORCE_EXCHANGE, NULL, &error);
  if (token == NULL)
    return fail (error);

  /* Translators: "Acme: the key works. Session valid, renews in 55 min." */
  text = circlet_account_describe_status (account, NULL, circlet_session_get_renew_margin (cli->session));
  g_print (_("%s: the key works. %s.\n"), circlet_account_get_label (account), text);
  if (circlet_account_get_status (account) == CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING)
    g_print (_("Generate a new key in the Appcircle dashboard under My Organization → Security before this one expires.\n"));

  return EXIT_OK;
}

static int
cmd_token (Cli   *cli,
           int    argc,
           char **argv)
{
  g_autofree char *org = NULL;
  const GOptionEntry entries[] = {
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("The organization, by label or id"), N_("NAME|ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) token = NULL;
  CircletAccount *account;

  g_option_context_set_summary (context, _("Prints a valid session token, for scripts: curl -H \"Authorization: Bearer $(circlet-cli token)\" …"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  account = resolve_account (cli, org, &error);
  if (account == NULL)
    return fail (error);

  token = get_token (cli, account, CIRCLET_TOKEN_FLAGS_NONE, NULL, &error);
  if (token == NULL)
    return fail (error);

  fputs (token, stdout);
  fputc ('\n', stdout);
  return fflush (stdout) == 0 ? EXIT_OK : EXIT_ERROR;
}

/* list {{{2 */

typedef struct
{
  const char *header;    /* translatable, N_() */
  const char *property;
} ListColumn;

#define MAX_COLUMNS 7
/* Longer cells are cut with an ellipsis so one long name cannot push every
 * other column off the screen. */
#define MAX_CELL_WIDTH 48

typedef struct
{
  CircletResource resource;
  ListColumn      columns[MAX_COLUMNS];
} ListTable;

static const ListTable list_tables[] = {
  { CIRCLET_RESOURCE_DISTRIBUTION_PROFILES,
    { { N_("NAME"), "name" }, { N_("IOS"), "ios-version" }, { N_("ANDROID"), "android-version" },
      { N_("AUTH"), "authentication-label" }, { N_("UPDATED"), "update-date" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_TESTING_GROUPS,
    { { N_("NAME"), "name" }, { N_("UPDATED"), "update-date" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_BUILD_PROFILES,
    { { N_("NAME"), "name" }, { N_("OS"), "os-label" }, { N_("PLATFORM"), "platform-label" },
      { N_("REPOSITORY"), "repository" }, { N_("LAST BUILD"), "last-build-date" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_STORE_PROFILES,
    { { N_("NAME"), "name" }, { N_("VERSION"), "version" }, { N_("DOWNLOADS"), "download-count" },
      { N_("PUBLISHED"), "latest-publish-date" }, { N_("LAST BINARY"), "last-binary-date" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_PUBLISH_PROFILES_IOS,
    { { N_("NAME"), "name" }, { N_("APP ID"), "app-unique-id" }, { N_("VERSION"), "version" },
      { N_("LAST UPLOAD"), "last-upload-version" }, { N_("PUBLISHED"), "latest-publish-date" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_PUBLISH_PROFILES_ANDROID,
    { { N_("NAME"), "name" }, { N_("APP ID"), "app-unique-id" }, { N_("VERSION"), "version" },
      { N_("LAST UPLOAD"), "last-upload-version" }, { N_("PUBLISHED"), "latest-publish-date" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_ORGANIZATIONS,
    { { N_("NAME"), "name" }, { N_("GIVEN ID"), "given-id" }, { N_("ROOT"), "root-organization-name" },
      { N_("SSO"), "sso-enabled" }, { N_("CREATED"), "created-date" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_USERS,
    { { N_("NAME"), "name" }, { N_("USERNAME"), "username" }, { N_("EMAIL"), "email" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_CERTIFICATES,
    { { N_("NAME"), "name" }, { N_("FILE"), "filename" }, { N_("STORE"), "store-type-label" },
      { N_("EXPIRES"), "expire-date" }, { N_("STATE"), "expiry-state" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_KEYSTORES,
    { { N_("NAME"), "name" }, { N_("FILE"), "filename" }, { N_("ALIAS"), "alias" },
      { N_("EXPIRES"), "expire-date" }, { N_("STATE"), "expiry-state" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_PROVISIONING_PROFILES,
    { { N_("NAME"), "name" }, { N_("APP ID"), "app-id" }, { N_("STORE"), "store-type-label" },
      { N_("CERTIFICATE"), "has-certificate" }, { N_("EXPIRES"), "expire-date" }, { N_("STATE"), "expiry-state" },
      { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_DISTRIBUTION_VERSIONS,
    { { N_("VERSION"), "version" }, { N_("CODE"), "version-code" }, { N_("PLATFORM"), "platform-label" },
      { N_("NAME"), "name" }, { N_("CREATED"), "create-date" }, { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_TESTERS,
    { { N_("EMAIL"), "email" } } },
  { CIRCLET_RESOURCE_BRANCHES,
    { { N_("NAME"), "name" }, { N_("STATUS"), "build-status-label" }, { N_("LAST BUILD"), "last-build-date" },
      { N_("ID"), "id" } } },
  { CIRCLET_RESOURCE_STORE_VERSIONS,
    { { N_("VERSION"), "version" }, { N_("CODE"), "version-code" }, { N_("TYPE"), "publish-type-label" },
      { N_("PLATFORM"), "platform-label" }, { N_("PUBLISHED"), "publish-date" }, { N_("DOWNLOADS"), "download-count" },
      { N_("ID"), "id" } } },
};

static const char *
expiry_state_text (CircletExpiryState state)
{
  switch (state)
    {
    case CIRCLET_EXPIRY_STATE_VALID:
      return C_("expiry state", "valid");
    case CIRCLET_EXPIRY_STATE_EXPIRING:
      return C_("expiry state", "expires soon");
    case CIRCLET_EXPIRY_STATE_EXPIRED:
      return C_("expiry state", "expired");
    case CIRCLET_EXPIRY_STATE_NONE:
    default:
      return NULL;
    }
}

/* The output goes out in pieces of about this size, from one buffer: 3.5 MB
 * of JSON for 10,000 profiles never sits in memory, and whoever reads the
 * pipe starts while the rest is being written. */
#define OUTPUT_CHUNK_SIZE (64 * 1024)

static void
flush_output (GString *out)
{
  fwrite (out->str, 1, out->len, stdout);
  g_string_truncate (out, 0);
}

/* Returns: (transfer full) (nullable): one table cell, %NULL when empty */
static char *
format_cell (GObject    *item,
             const char *property,
             GTimeZone  *local_zone)
{
  g_auto(GValue) value = G_VALUE_INIT;
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), property);

  if (pspec == NULL)
    return NULL;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (item, property, &value);

  if (G_VALUE_HOLDS_STRING (&value))
    return g_value_get_string (&value) && g_value_get_string (&value)[0]
           ? g_value_dup_string (&value) : NULL;
  if (G_VALUE_HOLDS_BOOLEAN (&value))
    return g_strdup (g_value_get_boolean (&value) ? _("yes") : _("no"));
  if (G_VALUE_HOLDS_UINT (&value))
    return g_strdup_printf ("%u", g_value_get_uint (&value));
  if (G_VALUE_HOLDS_INT (&value))
    return g_strdup_printf ("%d", g_value_get_int (&value));
  if (G_VALUE_HOLDS (&value, G_TYPE_DATE_TIME))
    {
      GDateTime *date = g_value_get_boxed (&value);
      g_autoptr(GDateTime) local = date ? g_date_time_to_timezone (date, local_zone) : NULL;

      return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;
    }
  if (G_VALUE_HOLDS (&value, CIRCLET_TYPE_EXPIRY_STATE))
    return g_strdup (expiry_state_text (g_value_get_enum (&value)));

  return NULL;
}

/* Terminal columns of a UTF-8 text: wide East Asian characters take two,
 * combining marks none. */
static guint
text_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* Control characters (a tab in a name) would break the columns; long cells
 * are cut. Returns: (transfer full) */
static char *
clean_cell (const char *text,
            guint      *cell_width)
{
  GString *out;
  guint width = 0;
  gsize len = 0;

  /* Most cells are short printable ASCII: one byte, one column. */
  while (text[len] >= 0x20 && text[len] < 0x7f)
    len++;
  if (text[len] == '\0' && len < MAX_CELL_WIDTH)
    {
      *cell_width = len;
      return g_strndup (text, len);
    }

  out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w = g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;

      if (width + w > MAX_CELL_WIDTH - 1 && *g_utf8_next_char (p) != '\0')
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        c = ' ';
      g_string_append_unichar (out, c);
      width += w;
    }

  *cell_width = text_width (out->str);
  return g_string_free (out, FALSE);
}

static void
append_padded (GString    *out,
               const char *text,
               guint       width,
               guint       column_width)
{
  g_string_append (out, text);
  for (guint i = width; i < column_width; i++)
    g_string_append_c (out, ' ');
}

typedef struct
{
  const ListTable *table;
  guint            n_columns;
  guint            widths[MAX_COLUMNS];
  GPtrArray       *cells;         /* row by row */
  GArray          *cell_widths;
  GTimeZone       *local_zone;
  guint            n_rows;
} TablePrinter;

static void
table_printer_init (TablePrinter    *printer,
                    const ListTable *table)
{
  memset (printer, 0, sizeof *printer);
  printer->table = table;
  printer->cells = g_ptr_array_new_with_free_func (g_free);
  printer->cell_widths = g_array_new (FALSE, FALSE, sizeof (guint));
  printer->local_zone = g_time_zone_new_local ();

  while (printer->n_columns < MAX_COLUMNS && table->columns[printer->n_columns].header != NULL)
    {
      printer->widths[printer->n_columns] = text_width (_(table->columns[printer->n_columns].header));
      printer->n_columns++;
    }
}

static void
table_printer_clear (TablePrinter *printer)
{
  g_clear_pointer (&printer->cells, g_ptr_array_unref);
  g_clear_pointer (&printer->cell_widths, g_array_unref);
  g_clear_pointer (&printer->local_zone, g_time_zone_unref);
}

/* Only the cells are kept, not the item. */
static void
add_table_row_cb (gpointer item,
                  gpointer user_data)
{
  TablePrinter *printer = user_data;
  const char *missing = "—";

  for (guint c = 0; c < printer->n_columns; c++)
    {
      g_autofree char *raw = format_cell (item, printer->table->columns[c].property, printer->local_zone);
      guint width;
      char *cell = clean_cell (raw ? raw : missing, &width);

      g_ptr_array_add (printer->cells, cell);
      g_array_append_val (printer->cell_widths, width);
      printer->widths[c] = MAX (printer->widths[c], width);
    }
  printer->n_rows++;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TablePrinter, table_printer_clear)

static void
print_table (TablePrinter *printer)
{
  const ListTable *table = printer->table;
  guint n_columns = printer->n_columns;
  g_autoptr(GString) out = g_string_sized_new (OUTPUT_CHUNK_SIZE + 4096);

  for (guint c = 0; c < n_columns; c++)
    {
      const char *header = _(table->columns[c].header);

      if (c + 1 < n_columns)
        {
          append_padded (out, header, text_width (header), printer->widths[c]);
          g_string_append (out, "  ");
        }
      else
        g_string_append (out, header);
    }
  g_string_append_c (out, '\n');

  for (guint i = 0; i < printer->n_rows; i++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          guint k = i * n_columns + c;
          const char *cell = g_ptr_array_index (printer->cells, k);

          if (c + 1 < n_columns)
            {
              append_padded (out, cell, g_array_index (printer->cell_widths, guint, k), printer->widths[c]);
              g_string_append (out, "  ");
            }
          else
            g_string_append (out, cell);
        }
      g_string_append_c (out, '\n');

      if (out->len >= OUTPUT_CHUNK_SIZE)
        flush_output (out);
    }

  flush_output (out);
}

/* --json {{{2 */

typedef enum
{
  JSON_FIELD_STRING,
  JSON_FIELD_BOOLEAN,
  JSON_FIELD_UINT,
  JSON_FIELD_INT,
  JSON_FIELD_CODE,      /* an int code; -1 (missing) is null */
  JSON_FIELD_DATE,
  JSON_FIELD_ENUM,
  JSON_FIELD_OTHER,
} JsonFieldKind;

typedef struct
{
  GParamSpec    *pspec;
  char          *prefix;     /* what comes before the value: `, "key": ` */
  gsize          prefix_len;
  JsonFieldKind  kind;
  GEnumClass    *enum_class; /* JSON_FIELD_ENUM only */
} JsonField;

static void
json_field_clear (JsonField *field)
{
  g_clear_pointer (&field->prefix, g_free);
  g_clear_pointer (&field->enum_class, g_type_class_unref);
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c != '"' && c != '\\' && c >= 0x20)
        continue;

      /* Copy what needs no escape in one go. */
      g_string_append_len (out, run, p - run);
      if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static guint
type_depth (GType type)
{
  return g_type_depth (type);
}

static int
compare_pspecs (gconstpointer a,
                gconstpointer b)
{
  const GParamSpec *pa = *(const GParamSpec * const *) a;
  const GParamSpec *pb = *(const GParamSpec * const *) b;
  guint da = type_depth (pa->owner_type), db = type_depth (pb->owner_type);

  if (da != db)
    return da < db ? -1 : 1;
  return pa->param_id < pb->param_id ? -1 : pa->param_id > pb->param_id;
}

/* g_string_append_printf() parses its format and formats into a temporary
 * string for each of the list's tens of thousands of numbers. */
static void
append_uint (GString *out,
             guint64  value)
{
  char digits[20];
  guint n = 0;

  do
    {
      digits[n++] = '0' + value % 10;
      value /= 10;
    }
  while (value > 0);

  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
append_int (GString *out,
            gint64   value)
{
  if (value < 0)
    {
      g_string_append_c (out, '-');
      append_uint (out, -(guint64) value);
    }
  else
    append_uint (out, value);
}

/* At least @width digits, zero-padded: %0*d of a non-negative number. */
static void
append_padded_uint (GString *out,
                    guint    value,
                    guint    width)
{
  guint digits = 1;

  for (guint v = value; v >= 10; v /= 10)
    digits++;
  for (; digits < width; digits++)
    g_string_append_c (out, '0');
  append_uint (out, value);
}

/* ISO 8601 in UTC; g_date_time_format() would parse a format per value. */
static void
append_json_date (GString   *out,
                  GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;
  int year, month, day;

  /* Dates are read in UTC: converting would only copy them. */
  if (g_date_time_get_utc_offset (date) != 0)
    date = utc = g_date_time_to_utc (date);
  if (date == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_date_time_get_ymd (date, &year, &month, &day);
  g_string_append_c (out, '"');
  append_padded_uint (out, year, 4);
  g_string_append_c (out, '-');
  append_padded_uint (out, month, 2);
  g_string_append_c (out, '-');
  append_padded_uint (out, day, 2);
  g_string_append_c (out, 'T');
  append_padded_uint (out, g_date_time_get_hour (date), 2);
  g_string_append_c (out, ':');
  append_padded_uint (out, g_date_time_get_minute (date), 2);
  g_string_append_c (out, ':');
  append_padded_uint (out, g_date_time_get_second (date), 2);
  g_string_append (out, "Z\"");
}

static void
append_json_value (GString         *out,
                   const GValue    *value,
                   const JsonField *field)
{
  switch (field->kind)
    {
    case JSON_FIELD_STRING:
      if (g_value_get_string (value) == NULL)
        g_string_append (out, "null");
      else
        append_json_string (out, g_value_get_string (value));
      break;

    case JSON_FIELD_BOOLEAN:
      g_string_append (out, g_value_get_boolean (value) ? "true" : "false");
      break;

    case JSON_FIELD_UINT:
      append_uint (out, g_value_get_uint (value));
      break;

    case JSON_FIELD_CODE:
      /* A code the server did not send is null, not -1. */
      if (g_value_get_int (value) == CIRCLET_CODE_MISSING)
        g_string_append (out, "null");
      else
        append_int (out, g_value_get_int (value));
      break;

    case JSON_FIELD_INT:
      append_int (out, g_value_get_int (value));
      break;

    case JSON_FIELD_DATE:
      {
        GDateTime *date = g_value_get_boxed (value);

        if (date == NULL)
          g_string_append (out, "null");
        else
          append_json_date (out, date);
      }
      break;

    case JSON_FIELD_ENUM:
      {
        GEnumValue *enum_value = g_enum_get_value (field->enum_class, g_value_get_enum (value));

        append_json_string (out, enum_value ? enum_value->value_nick : "");
      }
      break;

    case JSON_FIELD_OTHER:
    default:
      g_string_append (out, "null");
      break;
    }
}

static JsonFieldKind
json_field_kind (GParamSpec *pspec)
{
  GType type = pspec->value_type;

  if (type == G_TYPE_STRING)
    return JSON_FIELD_STRING;
  if (type == G_TYPE_BOOLEAN)
    return JSON_FIELD_BOOLEAN;
  if (type == G_TYPE_UINT)
    return JSON_FIELD_UINT;
  if (type == G_TYPE_INT)
    return g_str_has_suffix (pspec->name, "type") ? JSON_FIELD_CODE : JSON_FIELD_INT;
  if (type == G_TYPE_DATE_TIME)
    return JSON_FIELD_DATE;
  if (G_TYPE_IS_ENUM (type))
    return JSON_FIELD_ENUM;
  return JSON_FIELD_OTHER;
}

/* Every mapped field of @klass's items: the properties, search-text aside,
 * with "_" for "-" in their names, the parent's first. */
static GArray *
list_json_fields (GObjectClass *klass)
{
  GArray *fields = g_array_new (FALSE, TRUE, sizeof (JsonField));
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;

  g_array_set_clear_func (fields, (GDestroyNotify) json_field_clear);

  pspecs = g_object_class_list_properties (klass, &n_pspecs);
  qsort (pspecs, n_pspecs, sizeof *pspecs, compare_pspecs);
  for (guint p = 0; p < n_pspecs; p++)
    {
      g_autoptr(GString) prefix = NULL;
      g_autofree char *key = NULL;
      JsonField field = { pspecs[p], NULL, 0, json_field_kind (pspecs[p]), NULL };

      if (g_str_equal (pspecs[p]->name, "search-text"))
        continue;

      prefix = g_string_new (fields->len > 0 ? ", " : "");
      key = g_strdelimit (g_strdup (pspecs[p]->name), "-", '_');
      append_json_string (prefix, key);
      g_string_append (prefix, ": ");
      field.prefix_len = prefix->len;
      field.prefix = g_string_free (g_steal_pointer (&prefix), FALSE);
      if (field.kind == JSON_FIELD_ENUM)
        field.enum_class = g_type_class_ref (pspecs[p]->value_type);
      g_array_append_val (fields, field);
    }

  return fields;
}

typedef struct
{
  GObjectClass  *klass;     /* owns the fields' pspecs */
  GArray        *fields;
  const char   **names;     /* the fields' property names, for g_object_getv() */
  GValue        *values;    /* an item's, one per field */
  GString       *out;
  guint          n_items;
} JsonPrinter;

static void
json_printer_init (JsonPrinter *printer,
                   GType        item_type)
{
  printer->klass = g_type_class_ref (item_type);
  printer->fields = list_json_fields (printer->klass);
  printer->names = g_new (const char *, printer->fields->len);
  for (guint f = 0; f < printer->fields->len; f++)
    printer->names[f] = g_array_index (printer->fields, JsonField, f).pspec->name;
  printer->values = g_new0 (GValue, printer->fields->len);
  printer->out = g_string_sized_new (OUTPUT_CHUNK_SIZE + 4096);
  printer->n_items = 0;
}

static void
json_printer_clear (JsonPrinter *printer)
{
  g_clear_pointer (&printer->fields, g_array_unref);
  g_clear_pointer (&printer->names, g_free);
  g_clear_pointer (&printer->values, g_free);
  if (printer->out != NULL)
    g_string_free (g_steal_pointer (&printer->out), TRUE);
  g_clear_pointer (&printer->klass, g_type_class_unref);
}

static void
print_json_item_cb (gpointer item,
                    gpointer user_data)
{
  JsonPrinter *printer = user_data;
  GString *out = printer->out;

  /* All of an item's properties in one call: one reference taken, no
   * value reset before each. */
  g_object_getv (item, printer->fields->len, printer->names, printer->values);

  g_string_append (out, printer->n_items == 0 ? "[\n  {" : ",\n  {");
  for (guint f = 0; f < printer->fields->len; f++)
    {
      const JsonField *field = &g_array_index (printer->fields, JsonField, f);

      g_string_append_len (out, field->prefix, field->prefix_len);
      append_json_value (out, &printer->values[f], field);
      g_value_unset (&printer->values[f]);
    }
  g_string_append_c (out, '}');
  printer->n_items++;

  if (out->len >= OUTPUT_CHUNK_SIZE)
    flush_output (out);
}

static void
print_json_end (JsonPrinter *printer)
{
  g_string_append (printer->out, printer->n_items > 0 ? "\n]\n" : "[]\n");
  flush_output (printer->out);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JsonPrinter, json_printer_clear)

/* Each item is printed, or its cells kept, as it is read, then released:
 * the 10,000 items of a long list never exist at once. Nothing is printed
 * when @body is broken. */
static gboolean
print_json (CircletResource   resource,
            GBytes           *body,
            const char       *host,
            GError          **error)
{
  g_auto(JsonPrinter) printer = { 0, };

  json_printer_init (&printer, circlet_resource_get_item_type (resource));
  if (!circlet_api_foreach_item (resource, body, host, print_json_item_cb, &printer, error))
    return FALSE;

  print_json_end (&printer);
  return TRUE;
}

static gboolean
print_list_table (CircletResource   resource,
                  GBytes           *body,
                  const char       *host,
                  const ListTable  *table,
                  GError          **error)
{
  g_auto(TablePrinter) printer = { 0, };

  table_printer_init (&printer, table);
  if (!circlet_api_foreach_item (resource, body, host, add_table_row_cb, &printer, error))
    return FALSE;

  if (printer.n_rows == 0)
    g_printerr ("%s\n", _("Nothing to list."));
  else
    print_table (&printer);
  return TRUE;
}

static char *
list_resource_names (gboolean children)
{
  GString *names = g_string_new (NULL);

  for (guint r = 0; r < CIRCLET_RESOURCE_N_RESOURCES; r++)
    {
      if (circlet_resource_needs_parent (r) != children)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, circlet_resource_get_name (r));
    }

  return g_string_free (names, FALSE);
}

static int
cmd_list (Cli   *cli,
          int    argc,
          char **argv)
{
  g_autofree char *org = NULL, *parent = NULL, *publish_type = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("The organization, by label or id"), N_("NAME|ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print a JSON array with every field"), NULL },
    { "parent", 0, 0, G_OPTION_ARG_STRING, &parent, N_("The parent’s id, for the lists of one item’s children (and users of another organization)"), N_("ID") },
    { "publish-type", 0, 0, G_OPTION_ARG_STRING, &publish_type, N_("For store-versions: only beta or only live versions"), N_("beta|live") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("RESOURCE"));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *host = NULL;
  g_autofree char *names = list_resource_names (FALSE);
  g_autofree char *child_names = list_resource_names (TRUE);
  g_autofree char *description = NULL;
  const ListTable *table = NULL;
  CircletResource resource;
  CircletAccountStatus before;
  CircletAccount *account;
  int type = 0;

  description = g_strdup_printf (_("RESOURCE is one of: %s.\nWith --parent ID: %s."), names, child_names);
  g_option_context_set_summary (context, _("Lists what the organization has in Appcircle, as a table or as JSON."));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, _("Name one list to show."));

  if (!circlet_resource_from_name (argv[1], &resource))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown list “%s”. Choose one of: %s (or, with --parent ID: %s)."),
                                                  argv[1], names, child_names);
      return usage_error (context, message);
    }
  if (circlet_resource_needs_parent (resource) && (parent == NULL || parent[0] == '\0'))
    {
      g_autofree char *message = g_strdup_printf (_("%s needs --parent ID, the id of the item whose children to list."), argv[1]);
      return usage_error (context, message);
    }
  if (publish_type != NULL &&
      (resource != CIRCLET_RESOURCE_STORE_VERSIONS ||
       (g_ascii_strcasecmp (publish_type, "beta") != 0 && g_ascii_strcasecmp (publish_type, "live") != 0)))
    return usage_error (context, _("--publish-type takes beta or live, with store-versions only."));

  for (guint i = 0; i < G_N_ELEMENTS (list_tables); i++)
    if (list_tables[i].resource == resource)
      table = &list_tables[i];
  g_assert (table != NULL);

  account = resolve_account (cli, org, &error);
  if (account == NULL)
    return fail (error);

  before = circlet_account_get_status (account);
  if (publish_type != NULL)
    type = g_ascii_strcasecmp (publish_type, "beta") == 0 ? 1 : 2;
  circlet_api_fetch_list_async (cli->session, account, resource, parent, type,
                                NULL, store_result_cb, &result);
  body = circlet_api_fetch_list_finish (cli->session, wait_for (&result), &host, &error);
  save_if_revocation_changed (cli, account, before);
  if (body == NULL)
    return fail (error);

  if (!(as_json ? print_json (resource, body, host, &error)
                : print_list_table (resource, body, host, table, &error)))
    return fail (error);

  return fflush (stdout) == 0 ? EXIT_OK : EXIT_ERROR;
}

static const Command commands[] = {
  { "add", N_("Add an organization; the key is read from standard input"), cmd_add },
  { "accounts", N_("List organizations and the state of their keys"), cmd_accounts },
  { "remove", N_("Remove an organization and its keyring items"), cmd_remove },
  { "verify", N_("Exchange the key now and report the result"), cmd_verify },
  { "token", N_("Print a valid session token"), cmd_token },
  { "list", N_("List profiles, groups, organizations, users or signing identities"), cmd_list },
};

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: circlet-cli COMMAND [OPTION…]"));
  fprintf (out, "%s\n\n", _("Keeps Appcircle Personal Access Keys in the keyring and hands out session tokens."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “circlet-cli COMMAND --help” for a command’s options. --org may be left out when there is exactly one organization."));
  fprintf (out, "\n%s\n", _("Exit status:"));
  fprintf (out, "  0  %s\n", _("success"));
  fprintf (out, "  1  %s\n", _("usage error or invalid input"));
  fprintf (out, "  2  %s\n", _("other error"));
  fprintf (out, "  3  %s\n", _("the key was deleted, expired or is invalid"));
  fprintf (out, "  4  %s\n", _("the keyring is locked or unavailable"));
  fprintf (out, "  5  %s\n", _("network or server problem"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const Command *command;
  Cli cli = { 0, };
  int status;

  /* Standard output carries the token and nothing else, debug output included. */
  g_log_writer_default_set_use_stderr (TRUE);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_help (argc < 2 ? stderr : stdout);
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("circlet-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_printerr (_("circlet-cli: Unknown command “%s”.\n\n"), argv[1]);
      print_help (stderr);
      return EXIT_USAGE;
    }

  cli.store = circlet_account_store_new (NULL);
  if (!circlet_account_store_load (cli.store, &error))
    {
      g_object_unref (cli.store);
      return fail (error);
    }
  cli.keys = circlet_key_store_new ();
  cli.session = circlet_session_new (cli.keys);

  {
    /* Each command parses its own options: "circlet-cli add --label X". */
    g_autofree char *prgname = g_strdup_printf ("circlet-cli %s", command->name);

    g_set_prgname (prgname);
    status = command->run (&cli, argc - 1, argv + 1);
  }

  g_object_unref (cli.session);
  g_object_unref (cli.keys);
  g_object_unref (cli.store);

  return status;
}
