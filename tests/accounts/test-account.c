/* test-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "circlet-account.h"
#include "circlet-core-enums.h"
#include "circlet-error.h"

#define TEST_ID "5f0c3a8e-7a41-4b7e-9a57-1b2c3d4e5f60"

/* Counts "notify" emissions per property name. */
typedef struct
{
  GHashTable *counts;
} NotifyLog;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, pspec->name));

  g_hash_table_insert (log->counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
notify_count (NotifyLog  *log,
              const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, name));
}

static guint
notify_total (NotifyLog *log)
{
  GHashTableIter iter;
  gpointer value;
  guint total = 0;

  g_hash_table_iter_init (&iter, log->counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += GPOINTER_TO_UINT (value);

  return total;
}

static GUri *
parse_uri (const char *text)
{
  GUri *uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return uri;
}

static void
test_defaults (void)
{
  CircletAccount *account = circlet_account_new (NULL, "Acme");
  CircletAccount *other = circlet_account_new (NULL, "Other");
  CircletAccount *given = circlet_account_new (TEST_ID, "Given");
  g_autofree char *dashboard = NULL;

  g_assert_true (g_uuid_string_is_valid (circlet_account_get_id (account)));
  g_assert_cmpstr (circlet_account_get_id (account), !=, circlet_account_get_id (other));
  g_assert_cmpstr (circlet_account_get_id (given), ==, TEST_ID);

  g_assert_cmpstr (circlet_account_get_label (account), ==, "Acme");
  g_assert_cmpstr (circlet_account_get_api_host (account), ==, CIRCLET_DEFAULT_API_HOST);
  g_assert_cmpstr (circlet_account_get_auth_host (account), ==, CIRCLET_DEFAULT_AUTH_HOST);
  g_assert_null (circlet_account_get_sub_org_id (account));
  g_assert_null (circlet_account_get_key_expiry (account));
  g_assert_cmpint (circlet_account_get_days_until_key_expiry (account, NULL), ==, G_MININT);
  g_assert_null (circlet_account_get_ca_file (account));
  g_assert_false (circlet_account_get_allow_http (account));
  g_assert_cmpint (circlet_account_get_status (account), ==, CIRCLET_ACCOUNT_STATUS_UNVERIFIED);
  g_assert_null (circlet_account_get_status_error (account));
  g_assert_cmpint (circlet_account_get_session_expires (account), ==, 0);
  g_assert_null (circlet_account_get_email (account));
  g_assert_null (circlet_account_get_current_org_id (account));

  dashboard = circlet_account_dup_dashboard_url (account);
  g_assert_cmpstr (dashboard, ==, CIRCLET_DEFAULT_DASHBOARD);

  g_assert_finalize_object (account);
  g_assert_finalize_object (other);
  g_assert_finalize_object (given);
}

static void
test_properties (void)
{
  CircletAccount *account = circlet_account_new (TEST_ID, "Acme");
  g_autofree char *id = NULL;
  g_autofree char *api_host = NULL;
  g_autofree char *sub_org_id = NULL;
  g_autoptr(GDate) expiry = g_date_new_dmy (31, G_DATE_DECEMBER, 2030);
  g_autoptr(GDate) read_expiry = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GError) status_error = g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED, "gone");
  CircletAccountStatus status;
  gboolean allow_http;
  gint64 session_expires;

  g_object_set (account,
                "sub-org-id", "sub-1",
                "key-expiry", expiry,
                "allow-http", TRUE,
                "session-expires", (gint64) 1900000000,
                NULL);
  circlet_account_set_status (account, CIRCLET_ACCOUNT_STATUS_REVOKED, status_error);

  g_object_get (account,
                "id", &id,
                "api-host", &api_host,
                "sub-org-id", &sub_org_id,
                "key-expiry", &read_expiry,
                "allow-http", &allow_http,
                "status", &status,
                "status-error", &read_error,
                "session-expires", &session_expires,
                NULL);

  g_assert_cmpstr (id, ==, TEST_ID);
  g_assert_cmpstr (api_host, ==, CIRCLET_DEFAULT_API_HOST);
  g_assert_cmpstr (sub_org_id, ==, "sub-1");
  g_assert_cmpint (g_date_compare (read_expiry, expiry), ==, 0);
  g_assert_true (allow_http);
  g_assert_cmpint (status, ==, CIRCLET_ACCOUNT_STATUS_REVOKED);
  g_assert_error (read_error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED);
  g_assert_cmpstr (read_error->message, ==, "gone");
  g_assert_cmpint (session_expires, ==, 1900000000);

  /* The enum type comes from glib-mkenums. */
  g_assert_true (G_TYPE_IS_ENUM (CIRCLET_TYPE_ACCOUNT_STATUS));

  g_assert_finalize_object (account);
}

/* Accounts are metadata only: nothing in them may hold a key or a token. */
static void
test_no_secret_properties (void)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (CIRCLET_TYPE_ACCOUNT);
  g_autofree GParamSpec **pspecs = NULL;
  guint n = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_CLASS (klass), &n);
  g_assert_cmpuint (n, ==, 13);

  for (guint i = 0; i < n; i++)
    {
      const char *name = pspecs[i]->name;

      if (g_str_equal (name, "key-expiry"))
        continue;

      g_assert_null (strstr (name, "key"));
      g_assert_null (strstr (name, "token"));
      g_assert_null (strstr (name, "secret"));
      g_assert_null (strstr (name, "password"));
      g_assert_null (strstr (name, "pat"));
    }
}

static void
test_normalize_host (void)
{
  static const struct {
    const char *input;
    const char *expected;
  } good[] = {
    { "https://api.example.com", "https://api.example.com" },
    { "https://api.example.com/", "https://api.example.com" },
    { "https://api.example.com///", "https://api.example.com" },
    { "  https://api.example.com/ \n", "https://api.example.com" },
    { "\thttps://api.example.com", "https://api.example.com" },
    { "HTTPS://API.Example.COM", "https://api.example.com" },
    { "Http://Api.Example.Com/", "http://api.example.com" },
    { "https://api.example.com:8443", "https://api.example.com:8443" },
    { "https://api.example.com:8443/", "https://api.example.com:8443" },
    { "https://api.example.com:443", "https://api.example.com:443" },
    { "http://localhost:8080", "http://localhost:8080" },
    { "http://127.0.0.1:9000/", "http://127.0.0.1:9000" },
    { "http://[::1]:8080/", "http://[::1]:8080" },
    { "https://[::1]", "https://[::1]" },
    { "https://api_internal.example.com", "https://api_internal.example.com" },
  };
  static const char *bad[] = {
    "",
    "   ",
    "api.example.com",
    "localhost:8080",
    "ftp://api.example.com",
    "file:///etc/passwd",
    "https://",
    "https:///path",
    "https://bad host.example.com",
    "https://api.example.com/v1",
    "https://api.example.com/api/",
    "https://api.example.com//x//",
    "https://api.example.com?x=1",
    "https://api.example.com/?",
    "https://api.example.com#top",
    "https://user@api.example.com",
    "https://user:hunter2@api.example.com",
    "https://api.example.com:99999",
    "https://api.example.com:port",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *result = circlet_normalize_host (good[i].input, &local_error);

      g_test_message ("good: “%s”", good[i].input);
      g_assert_no_error (local_error);
      g_assert_cmpstr (result, ==, good[i].expected);

      /* Normalising twice changes nothing. */
      {
        g_autofree char *again = circlet_normalize_host (result, NULL);
        g_assert_cmpstr (again, ==, result);
      }
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *result = circlet_normalize_host (bad[i], &local_error);

      g_test_message ("bad: “%s” → %s", bad[i], local_error ? local_error->message : "(accepted)");
      g_assert_null (result);
      g_assert_error (local_error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
      /* Messages say what to do, and never repeat what was typed. */
      g_assert_nonnull (strstr (local_error->message, "https://api.example.com"));
      g_assert_null (strstr (local_error->message, "hunter2"));
    }

  none = circlet_normalize_host (NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_null (circlet_normalize_host ("https://api.example.com/v1", &error));
  g_assert_nonnull (strstr (error->message, "without a path"));
}

static void
test_set_hosts (void)
{
  CircletAccount *account = circlet_account_new (NULL, "Acme");
  g_autoptr(GError) error = NULL;

  g_assert_true (circlet_account_set_api_host (account, " HTTPS://API.Acme.com/ ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (circlet_account_get_api_host (account), ==, "https://api.acme.com");

  g_assert_true (circlet_account_set_auth_host (account, "https://auth.acme.com:8443/", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (circlet_account_get_auth_host (account), ==, "https://auth.acme.com:8443");

  /* A refused host leaves the old one in place. */
  g_assert_false (circlet_account_set_api_host (account, "https://api.acme.com/api", &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpstr (circlet_account_get_api_host (account), ==, "https://api.acme.com");

  /* NULL goes back to the cloud. */
  g_assert_true (circlet_account_set_api_host (account, NULL, &error));
  g_assert_true (circlet_account_set_auth_host (account, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (circlet_account_get_api_host (account), ==, CIRCLET_DEFAULT_API_HOST);
  g_assert_cmpstr (circlet_account_get_auth_host (account), ==, CIRCLET_DEFAULT_AUTH_HOST);

  g_assert_finalize_object (account);
}

static void
test_loopback (void)
{
  static const struct {
    const char *uri;
    gboolean loopback;
  } cases[] = {
    { "http://localhost", TRUE },
    { "http://LOCALHOST:8080", TRUE },
    { "http://127.0.0.1", TRUE },
    { "http://127.1.2.3:9000", TRUE },
    { "http://127.255.255.254", TRUE },
    { "http://[::1]:8080", TRUE },
    { "http://128.0.0.1", FALSE },
    { "http://10.0.0.1", FALSE },
    { "http://0.0.0.0", FALSE },
    { "http://[::2]", FALSE },
    { "http://example.com", FALSE },
    { "http://localhost.example.com", FALSE },
    { "http://127.0.0.1.example.com", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GUri) uri = parse_uri (cases[i].uri);

      g_test_message ("%s", cases[i].uri);
      g_assert_cmpint (circlet_uri_is_loopback (uri), ==, cases[i].loopback);
    }
}

static void
test_http_policy (void)
{
  CircletAccount *account = circlet_account_new (NULL, "Acme");
  g_autoptr(GUri) https = parse_uri ("https://api.example.com/build/v2/profiles");
  g_autoptr(GUri) http = parse_uri ("http://api.example.com/build/v2/profiles");
  g_autoptr(GUri) loopback = parse_uri ("http://127.0.0.1:8080/token");
  g_autoptr(GUri) localhost = parse_uri ("http://localhost/token");
  g_autoptr(GUri) loopback6 = parse_uri ("http://[::1]:8080/token");
  g_autoptr(GUri) ftp = parse_uri ("ftp://api.example.com/file");
  g_autoptr(GError) error = NULL;

  g_assert_true (circlet_account_check_uri_allowed (account, https, &error));
  g_assert_true (circlet_account_check_uri_allowed (account, loopback, &error));
  g_assert_true (circlet_account_check_uri_allowed (account, localhost, &error));
  g_assert_true (circlet_account_check_uri_allowed (account, loopback6, &error));
  g_assert_no_error (error);

  g_assert_false (circlet_account_check_uri_allowed (account, http, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, "api.example.com uses plain http"));
  g_assert_nonnull (strstr (error->message, "network you trust"));
  g_clear_error (&error);

  g_assert_false (circlet_account_check_uri_allowed (account, ftp, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INSECURE);
  g_clear_error (&error);

  circlet_account_set_allow_http (account, TRUE);
  g_assert_true (circlet_account_check_uri_allowed (account, http, &error));
  g_assert_no_error (error);

  /* allow-http is about http, not about any scheme. */
  g_assert_false (circlet_account_check_uri_allowed (account, ftp, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INSECURE);

  g_assert_finalize_object (account);
}

static void
test_dashboard_url (void)
{
  static const struct {
    const char *api_host;
    const char *dashboard;
  } cases[] = {
    { "https://api.appcircle.io", CIRCLET_DEFAULT_DASHBOARD },
    { "http://api.appcircle.io", CIRCLET_DEFAULT_DASHBOARD },
    { "https://api.appcircle.acme.com", "https://my.appcircle.acme.com" },
    { "https://API.appcircle.spacetech.com/", "https://my.appcircle.spacetech.com" },
    { "http://api.acme.lan:8080", "http://my.acme.lan:8080" },
    { "https://appcircle.acme.com", "https://appcircle.acme.com" },
    { "https://apix.acme.com:8443", "https://apix.acme.com:8443" },
    { "https://gateway.api.acme.com", "https://gateway.api.acme.com" },
    { "https://api", "https://api" },
    { "http://10.0.0.5:8080", "http://10.0.0.5:8080" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CircletAccount *account = circlet_account_new (NULL, "Acme");
      g_autofree char *dashboard = NULL;

      g_assert_true (circlet_account_set_api_host (account, cases[i].api_host, NULL));
      dashboard = circlet_account_dup_dashboard_url (account);
      g_test_message ("%s → %s", cases[i].api_host, dashboard);
      g_assert_cmpstr (dashboard, ==, cases[i].dashboard);

      g_assert_finalize_object (account);
    }
}

static void
test_key_expiry_days (void)
{
  CircletAccount *account = circlet_account_new (NULL, "Acme");
  g_autoptr(GDateTime) evening = g_date_time_new_local (2030, 6, 15, 23, 59, 30);
  g_autoptr(GDateTime) morning = g_date_time_new_local (2030, 6, 15, 0, 0, 1);
  g_autoptr(GDateTime) real_now = g_date_time_new_now_local ();
  g_autoptr(GDate) today = g_date_new ();
  GDate date;

  g_assert_cmpint (circlet_account_get_days_until_key_expiry (account, evening), ==, G_MININT);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 20, G_DATE_JUNE, 2030);
  circlet_account_set_key_expiry (account, &date);
  g_assert_cmpint (circlet_account_get_days_until_key_expiry (account, evening), ==, 5);
  g_assert_cmpint (circlet_account_get_days_until_key_expiry (account, morning), ==, 5);

  g_date_set_dmy (&date, 15, G_DATE_JUNE, 2030);
  circlet_account_set_key_expiry (account, &date);
  g_assert_cmpint (circlet_account_get_days_until_key_expiry (account, evening), ==, 0);

  g_date_set_dmy (&date, 12, G_DATE_JUNE, 2030);
  circlet_account_set_key_expiry (account, &date);
  g_assert_cmpint (circlet_account_get_days_until_key_expiry (account, evening), ==, -3);

  /* Across a year boundary. */
  g_date_set_dmy (&date, 2, G_DATE_JANUARY, 2031);
  circlet_account_set_key_expiry (account, &date);
  g_assert_cmpint (circlet_account_get_days_until_key_expiry (account, evening), ==, 201);

  /* NULL means now. */
  g_date_set_dmy (today,
                  g_date_time_get_day_of_month (real_now),
                  g_date_time_get_month (real_now),
                  g_date_time_get_year (real_now));
  circlet_account_set_key_expiry (account, today);
  g_assert_cmpint (circlet_account_get_days_until_key_expiry (account, NULL), ==, 0);

  circlet_account_set_key_expiry (account, NULL);
  g_assert_null (circlet_account_get_key_expiry (account));
  g_assert_cmpint (circlet_account_get_days_until_key_expiry (account, evening), ==, G_MININT);

  g_assert_finalize_object (account);
}

static void
test_notify_only_on_change (void)
{
  CircletAccount *account = circlet_account_new (NULL, "Acme");
  NotifyLog log = { g_hash_table_new (g_str_hash, g_str_equal) };
  g_autoptr(GError) revoked = g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED, "deleted");
  g_autoptr(GError) revoked_same = g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED, "deleted");
  g_autoptr(GError) revoked_other = g_error_new_literal (CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED, "expired");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_MARCH, 2031);
  g_autoptr(GDate) same_date = g_date_new_dmy (1, G_DATE_MARCH, 2031);

  g_signal_connect (account, "notify", G_CALLBACK (notify_cb), &log);

  /* Same values: nothing. */
  circlet_account_set_label (account, "Acme");
  g_assert_true (circlet_account_set_api_host (account, CIRCLET_DEFAULT_API_HOST, NULL));
  g_assert_true (circlet_account_set_api_host (account, "HTTPS://api.appcircle.io/", NULL));
  g_assert_true (circlet_account_set_auth_host (account, NULL, NULL));
  circlet_account_set_sub_org_id (account, NULL);
  circlet_account_set_sub_org_id (account, "");
  circlet_account_set_key_expiry (account, NULL);
  circlet_account_set_ca_file (account, "");
  circlet_account_set_allow_http (account, FALSE);
  circlet_account_set_status (account, CIRCLET_ACCOUNT_STATUS_UNVERIFIED, NULL);
  circlet_account_set_session_expires (account, 0);
  circlet_account_set_email (account, NULL);
  circlet_account_set_current_org_id (account, NULL);
  g_object_set (account, "label", "Acme", "allow-http", FALSE, NULL);
  g_assert_cmpuint (notify_total (&log), ==, 0);

  /* A refused host changes nothing either. */
  g_assert_false (circlet_account_set_api_host (account, "ftp://x", &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
  g_assert_cmpuint (notify_total (&log), ==, 0);

  /* Each real change: one notification. */
  circlet_account_set_label (account, "Acme Corp");
  circlet_account_set_label (account, "Acme Corp");
  g_assert_cmpuint (notify_count (&log, "label"), ==, 1);

  g_assert_true (circlet_account_set_api_host (account, "https://api.acme.com", NULL));
  g_assert_true (circlet_account_set_api_host (account, "https://API.acme.com/", NULL));
  g_assert_cmpuint (notify_count (&log, "api-host"), ==, 1);

  g_assert_true (circlet_account_set_auth_host (account, "https://auth.acme.com", NULL));
  g_assert_true (circlet_account_set_auth_host (account, "https://auth.acme.com", NULL));
  g_assert_cmpuint (notify_count (&log, "auth-host"), ==, 1);

  circlet_account_set_sub_org_id (account, "sub");
  circlet_account_set_sub_org_id (account, "sub");
  circlet_account_set_sub_org_id (account, "");
  g_assert_cmpuint (notify_count (&log, "sub-org-id"), ==, 2);
  g_assert_null (circlet_account_get_sub_org_id (account));

  circlet_account_set_key_expiry (account, date);
  circlet_account_set_key_expiry (account, same_date);
  g_assert_cmpuint (notify_count (&log, "key-expiry"), ==, 1);
  circlet_account_set_key_expiry (account, NULL);
  g_assert_cmpuint (notify_count (&log, "key-expiry"), ==, 2);

  circlet_account_set_ca_file (account, "/etc/ssl/acme.pem");
  circlet_account_set_ca_file (account, "/etc/ssl/acme.pem");
  g_assert_cmpuint (notify_count (&log, "ca-file"), ==, 1);

  circlet_account_set_allow_http (account, TRUE);
  circlet_account_set_allow_http (account, 2);
  g_assert_cmpuint (notify_count (&log, "allow-http"), ==, 1);

  circlet_account_set_status (account, CIRCLET_ACCOUNT_STATUS_REVOKED, revoked);
  circlet_account_set_status (account, CIRCLET_ACCOUNT_STATUS_REVOKED, revoked_same);
  g_assert_cmpuint (notify_count (&log, "status"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "status-error"), ==, 1);
  g_assert_true (circlet_account_get_status_error (account) != revoked);

  circlet_account_set_status (account, CIRCLET_ACCOUNT_STATUS_REVOKED, revoked_other);
  g_assert_cmpuint (notify_count (&log, "status"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "status-error"), ==, 2);
  g_assert_cmpstr (circlet_account_get_status_error (account)->message, ==, "expired");

  circlet_account_set_status (account, CIRCLET_ACCOUNT_STATUS_VALID, NULL);
  g_assert_cmpuint (notify_count (&log, "status"), ==, 2);
  g_assert_cmpuint (notify_count (&log, "status-error"), ==, 3);
  g_assert_null (circlet_account_get_status_error (account));

  circlet_account_set_session_expires (account, 1900000000);
  circlet_account_set_session_expires (account, 1900000000);
  g_assert_cmpuint (notify_count (&log, "session-expires"), ==, 1);

  circlet_account_set_email (account, "dev@acme.com");
  circlet_account_set_email (account, "dev@acme.com");
  g_assert_cmpuint (notify_count (&log, "email"), ==, 1);

  circlet_account_set_current_org_id (account, "org-1");
  circlet_account_set_current_org_id (account, "org-1");
  g_assert_cmpuint (notify_count (&log, "current-org-id"), ==, 1);

  g_assert_cmpuint (notify_total (&log), ==, 17);

  g_hash_table_unref (log.counts);
  g_assert_finalize_object (account);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account/defaults", test_defaults);
  g_test_add_func ("/account/properties", test_properties);
  g_test_add_func ("/account/no-secret-properties", test_no_secret_properties);
  g_test_add_func ("/account/normalize-host", test_normalize_host);
  g_test_add_func ("/account/set-hosts", test_set_hosts);
  g_test_add_func ("/account/loopback", test_loopback);
  g_test_add_func ("/account/http-policy", test_http_policy);
  g_test_add_func ("/account/dashboard-url", test_dashboard_url);
  g_test_add_func ("/account/key-expiry-days", test_key_expiry_days);
  g_test_add_func ("/account/notify-only-on-change", test_notify_only_on_change);

  return g_test_run ();
}
