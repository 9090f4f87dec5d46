/* test-reliability.c: the faults and attacks of reliability.md, one named test each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test paths start with the item number of reliability.md, so that
 * "/reliability/13-tls/wrong-host" is the test of item 13. Items that
 * another suite already asserts exactly are not repeated here:
 * docs/reliability.md names the test for every item.
 *
 * The keyring kind (CIRCLET_TEST_KEYRING) decides which tests run:
 * unavailable, locked and hanging keyrings have their own runs.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "circlet-error.h"
#include "circlet-json.h"
#include "circlet-keyring-fixture.h"
#include "circlet-session-private.h"
#include "circlet-test-util.h"
#include "reliability-util.h"

#define PROFILES_PATH "/distribution/v2/profiles"

typedef struct
{
  CircletTestServer *server;
  CircletKeyStore   *keys;
  CircletSession    *session;
  CircletAccount    *account;
} Fixture;

static const CircletRetryPolicy fast_retries = {
  .max_attempts = 4,
  .base_delay_ms = 10,
  .max_delay_ms = 40,
  .max_total_ms = 5000,
  .max_retry_after_s = 1,
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "circlet", "accounts.ini", NULL);

  g_unlink (config);
  f->server = circlet_test_server_new (5, &error);
  g_assert_no_error (error);
  f->keys = circlet_key_store_new ();
  f->session = circlet_session_new (f->keys);
  circlet_session_set_retry_policy (f->session, &fast_retries);
  f->account = rel_account_new ("Acme", circlet_test_server_get_url (f->server));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  CircletKeyringKind kind = circlet_keyring_fixture_get_kind ();

  _circlet_session_set_clock_offsets (0, 0);
  if (kind == CIRCLET_KEYRING_GNOME || kind == CIRCLET_KEYRING_FILE)
    rel_clear (f->keys, circlet_account_get_id (f->account));

  g_assert_finalize_object (f->session);
  g_clear_object (&f->account);
  g_clear_object (&f->keys);
  g_clear_object (&f->server);
}

static void
add_key (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = rel_set_key (f->session, f->account, circlet_test_server_get_key (f->server), TRUE, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static char *
config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "circlet", "accounts.ini", NULL);
}

static void
cli_add (Fixture    *f,
         RelRun     *run,
         const char *label,
         const char *url)
{
  g_autofree char *input = g_strdup_printf ("%s\n", circlet_test_server_get_key (f->server));

  rel_run_cli (run, NULL, input, "add", "--label", label, "--api-host", url, "--auth-host", url, NULL);
}

/* 1. Keyring unavailable {{{1 */

static void
test_keyring_unavailable_session (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rel_set_key (f->session, f->account, circlet_test_server_get_key (f->server), TRUE, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_UNAVAILABLE);
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE);
}

static void
test_keyring_unavailable_cli (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) secrets = g_ptr_array_new ();
  g_autofree char *config = config_path ();
  g_auto(RelRun) add = { 0, };

  cli_add (f, &add, "Acme", circlet_test_server_get_url (f->server));
  g_assert_cmpint (add.status, ==, 4);
  g_assert_nonnull (strstr (add.err, "eyring"));

  /* Never written anywhere else: no organization, and no key in any file. */
  g_assert_false (g_file_test (config, G_FILE_TEST_EXISTS));
  g_ptr_array_add (secrets, (gpointer) circlet_test_server_get_key (f->server));
  rel_assert_no_secret_in_tree (circlet_keyring_fixture_get_home (), NULL, secrets);
  rel_assert_no_secret ("the CLI's output", add.out, strlen (add.out), secrets);
  rel_assert_no_secret ("the CLI's errors", add.err, strlen (add.err), secrets);
}

/* 2. Keyring locked {{{1 */

static void
test_keyring_locked_not_revoked (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CircletSession) later = NULL;
  g_autoptr(CircletSecret) token = NULL;
  g_autoptr(CircletSecret) key = NULL;
  g_autoptr(GError) error = NULL;

  /* A key stored while unlocked; then the screen locks. */
  circlet_keyring_fixture_set_locked (FALSE);
  g_assert_true (rel_set_key (f->session, f->account, circlet_test_server_get_key (f->server), FALSE, &error));
  g_assert_no_error (error);
  circlet_keyring_fixture_set_locked (TRUE);

  /* No prompter answers: locked, never "no key" or "revoked", nothing sent. */
  later = circlet_session_new (f->keys);
  token = rel_get_token (later, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_assert_null (token);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED);
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 0);

  /* Retry after unlocking, in the same process and with the same session
   * that found it locked: the key was never deleted, and nothing cached
   * from the failed lookups (libsecret's item proxies, the session's
   * state) keeps it reading as locked. */
  g_clear_error (&error);
  circlet_keyring_fixture_set_locked (FALSE);
  key = rel_lookup (f->keys, circlet_account_get_id (f->account), CIRCLET_SECRET_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, circlet_test_server_get_key (f->server));

  token = rel_get_token (later, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_VALID);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);

  rel_clear (f->keys, circlet_account_get_id (f->account));
  circlet_keyring_fixture_set_locked (TRUE);
}

/* 3. A keyring call that never returns {{{1 */

static gboolean
tick_cb (gpointer user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

static void
test_keyring_hangs_session_responsive (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CircletSecret) token = NULL;
  g_autoptr(GError) error = NULL;
  guint ticks = 0;
  guint tick_source;
  gint64 start = g_get_monotonic_time ();

  circlet_key_store_set_timeout (f->keys, 500);
  tick_source = g_timeout_add (20, tick_cb, &ticks);

  circlet_session_get_token_async (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL,
                                   circlet_test_store_result_cb, &result);
  token = circlet_session_get_token_finish (f->session, circlet_test_wait (&result), NULL, &error);
  g_source_remove (tick_source);

  g_assert_null (token);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_TIMEOUT);
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE);
  /* The main loop kept running meanwhile: a window would have repainted.
   * (25 ticks in real time; a few are enough. Under valgrind a tick costs
   * far more than 20 ms: there it only has to have run at all.) */
  if (circlet_test_timing_is_meaningful ())
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
      g_assert_cmpuint (ticks, >=, 3);
    }
  else
    {
      g_assert_cmpuint (ticks, >=, 1);
    }
}

static void
test_keyring_hangs_cli_exits (Fixture       *f,
                              gconstpointer  data)
{
  const char *env[] = { "CIRCLET_KEYRING_TIMEOUT_MS=500", NULL };
  g_autofree char *input = g_strdup_printf ("%s\n", circlet_test_server_get_key (f->server));
  g_autofree char *config = config_path ();
  const char *url = circlet_test_server_get_url (f->server);
  g_auto(RelRun) add = { 0, };

  rel_run_cli (&add, env, input, "add", "--label", "Acme", "--api-host", url, "--auth-host", url, NULL);
  g_assert_cmpint (add.status, ==, 4);
  g_assert_nonnull (strstr (add.err, "did not answer"));
  /* 0.5 s of timeout, plus start-up and the exchange, far below the 15 s default. */
  if (circlet_test_timing_is_meaningful ())
    g_assert_cmpint (add.elapsed_us, <, 5 * G_USEC_PER_SEC);
  g_assert_false (g_file_test (config, G_FILE_TEST_EXISTS));
}

/* 10. Single flight, failures included {{{1 */

typedef struct
{
  guint pending;
  guint revoked;
} Concurrent;

static void
concurrent_token_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Concurrent *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) token = NULL;

  token = circlet_session_get_token_finish (CIRCLET_SESSION (object), result, NULL, &error);
  if (g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED))
    c->revoked++;
  c->pending--;
}

static void
test_single_flight_shares_failure (Fixture       *f,
                                   gconstpointer  data)
{
  Concurrent c = { 20, 0 };

  /* The key is stored, then revoked, and no session is cached. */
  g_assert_true (rel_set_key (f->session, f->account, circlet_test_server_get_key (f->server), FALSE, NULL));
  circlet_test_server_revoke_key (f->server, circlet_test_server_get_key (f->server));

  for (guint i = 0; i < 20; i++)
    circlet_session_get_token_async (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL,
                                     concurrent_token_cb, &c);
  while (c.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  /* One exchange, one refusal, shared by all twenty. */
  g_assert_cmpuint (c.revoked, ==, 20);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);
}

/* 12. Backoff for safe requests only {{{1 */

static void
test_exchange_not_retried (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The exchange is a POST: a 503 is reported, never replayed. */
  circlet_test_server_inject (f->server, "/auth/", CIRCLET_FAULT_STATUS, -1, "503");
  g_assert_false (rel_set_key (f->session, f->account, circlet_test_server_get_key (f->server), TRUE, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_SERVER);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), <=, 1);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, "/auth/v3/token"), ==, 1);
}

static void
test_backoff_window_bounded (Fixture       *f,
                             gconstpointer  data)
{
  CircletRetryPolicy policy = fast_retries;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* Three retries with windows of at most 10, 20 and 40 ms: even the
   * unluckiest draw stays within the sum, plus the requests themselves. */
  add_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_STATUS, -1, "500");
  start = g_get_monotonic_time ();
  body = rel_get (f->session, f->account, PROFILES_PATH, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_SERVER);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, policy.max_attempts);
  if (circlet_test_timing_is_meaningful ())
    g_assert_cmpint (g_get_monotonic_time () - start, <, (10 + 20 + 40 + 1000) * 1000);
}

/* A server that accepts the request and then says nothing: libsoup's I/O
 * timeout (1 s here instead of 60) ends each attempt, and a GET is retried
 * like a dropped connection. */
static void
test_backoff_timeout_retried (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  _circlet_session_set_io_timeout (f->session, 1);
  add_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_LATENCY, 1, "3000");

  body = rel_get (f->session, f->account, PROFILES_PATH, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, 2);
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_VALID);
}

static void
test_backoff_timeout_bounded (Fixture       *f,
                              gconstpointer  data)
{
  CircletRetryPolicy policy = fast_retries;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 elapsed;
  gint64 start;

  /* Only the attempt bound stops it here (valgrind is slow too); the time
   * bound cutting retries short is /session/retry/5xx-total-time. */
  policy.max_total_ms = 60000;
  circlet_session_set_retry_policy (f->session, &policy);
  _circlet_session_set_io_timeout (f->session, 1);
  add_key (f);
  /* Every attempt outlives the timeout. */
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_LATENCY, -1, "3000");

  start = g_get_monotonic_time ();
  body = rel_get (f->session, f->account, PROFILES_PATH, &error);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("%u attempts in %" G_GINT64_FORMAT " ms",
                  circlet_test_server_get_count (f->server, PROFILES_PATH), elapsed / 1000);

  g_assert_null (body);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "did not answer in time"));
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_OFFLINE);
  /* Bounded in attempts, and in time: each attempt lasts about the 1 s
   * timeout, the waits between them at most 10 + 20 + 40 ms. */
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, policy.max_attempts);
  g_assert_cmpint (elapsed, >=, (gint64) (policy.max_attempts - 1) * G_USEC_PER_SEC);
  if (circlet_test_timing_is_meaningful ())
    g_assert_cmpint (elapsed, <, ((gint64) policy.max_attempts * 2000 + 10 + 20 + 40) * 1000);
}

/* 13. TLS {{{1 */

typedef struct
{
  char *dir;
  char *ca;         /* the test CA */
  char *other_ca;   /* a CA that signed nothing here */
  char *good_cert, *good_key;       /* 127.0.0.1, signed by ca */
  char *wrong_cert, *wrong_key;     /* wrong.example, signed by ca */
  char *expired_cert, *expired_key; /* 127.0.0.1, signed by ca, expired */
} Pki;

static Pki pki;

static void
openssl (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "openssl");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);
}

static char *
pki_path (const char *name)
{
  return g_build_filename (pki.dir, name, NULL);
}

static void
make_ca (const char  *name,
         char       **cert)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *key_path = pki_path (key);
  g_autofree char *subject = g_strdup_printf ("/CN=Circlet %s", name);

  *cert = pki_path (name);
  openssl ("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
           "-keyout", key_path, "-out", *cert, "-days", "2", "-subj", subject,
           "-addext", "basicConstraints=critical,CA:TRUE",
           "-addext", "keyUsage=critical,keyCertSign", NULL);
}

static void
make_server_cert (const char  *name,
                  const char  *san,
                  const char  *days,
                  char       **cert,
                  char       **key)
{
  g_autofree char *csr = g_strconcat (name, ".csr", NULL);
  g_autofree char *csr_path = pki_path (csr);
  g_autofree char *ext_path = pki_path ("ext.cnf");
  g_autofree char *ext = g_strdup_printf ("subjectAltName=%s\nextendedKeyUsage=serverAuth\n", san);
  g_autofree char *key_name = g_strconcat (name, ".key", NULL);
  g_autofree char *ca_key = pki_path ("ca.key");
  g_autofree char *serial = pki_path ("ca.srl");

  *cert = pki_path (name);
  *key = pki_path (key_name);
  g_assert_true (g_file_set_contents (ext_path, ext, -1, NULL));
  openssl ("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
           "-keyout", *key, "-out", csr_path, "-subj", "/CN=Circlet test server", NULL);
  /* -days -1 gives a certificate that expired the moment it was made. */
  openssl ("x509", "-req", "-in", csr_path, "-CA", pki.ca, "-CAkey", ca_key,
           "-CAserial", serial, "-CAcreateserial", "-out", *cert, "-days", days,
           "-extfile", ext_path, NULL);
}

static void
pki_setup (void)
{
  g_autoptr(GError) error = NULL;

  pki.dir = g_dir_make_tmp ("circlet-pki-XXXXXX", &error);
  g_assert_no_error (error);
  make_ca ("ca", &pki.ca);
  make_ca ("other-ca", &pki.other_ca);
  make_server_cert ("good", "IP:127.0.0.1", "2", &pki.good_cert, &pki.good_key);
  make_server_cert ("wrong", "DNS:wrong.example", "2", &pki.wrong_cert, &pki.wrong_key);
  make_server_cert ("expired", "IP:127.0.0.1", "-1", &pki.expired_cert, &pki.expired_key);
}

static void
pki_teardown (void)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  if (pki.dir == NULL)
    return;

  dir = g_file_new_for_path (pki.dir);
  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *path = g_build_filename (pki.dir, g_file_info_get_name (info), NULL);

      g_unlink (path);
      g_object_unref (info);
    }
  g_rmdir (pki.dir);

  g_free (pki.dir);
  g_free (pki.ca);
  g_free (pki.other_ca);
  g_free (pki.good_cert);
  g_free (pki.good_key);
  g_free (pki.wrong_cert);
  g_free (pki.wrong_key);
  g_free (pki.expired_cert);
  g_free (pki.expired_key);
}

/* Adds a key to an account on an https test server with @cert, trusting
 * @ca_file (nullable); returns the exchange's error. */
static GError *
tls_add_key (Fixture    *f,
             const char *cert,
             const char *key,
             const char *ca_file)
{
  g_autoptr(CircletTestServer) server = NULL;
  g_autoptr(CircletAccount) account = NULL;
  g_autoptr(GError) server_error = NULL;
  GError *error = NULL;

  server = circlet_test_server_new_tls (3, cert, key, &server_error);
  g_assert_no_error (server_error);
  g_assert_true (g_str_has_prefix (circlet_test_server_get_url (server), "https://127.0.0.1:"));

  account = rel_account_new ("Self-hosted", circlet_test_server_get_url (server));
  circlet_account_set_ca_file (account, ca_file);
  if (rel_set_key (f->session, account, circlet_test_server_get_key (server), TRUE, &error))
    {
      g_autoptr(GBytes) body = rel_get (f->session, account, PROFILES_PATH, &error);

      g_assert_true ((body != NULL) == (error == NULL));
    }

  rel_clear (f->keys, circlet_account_get_id (account));
  circlet_session_forget (f->session, account);
  return error;
}

static void
assert_tls_refused (GError *error)
{
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_TLS);
  /* A clear message: what failed, for which host, and what to do. */
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, "not trusted"));
  g_assert_nonnull (strstr (error->message, "CA file"));
  g_error_free (error);
}

static void
test_tls_untrusted (Fixture       *f,
                    gconstpointer  data)
{
  assert_tls_refused (tls_add_key (f, pki.good_cert, pki.good_key, NULL));
}

static void
test_tls_ca_file (Fixture       *f,
                  gconstpointer  data)
{
  GError *error = tls_add_key (f, pki.good_cert, pki.good_key, pki.ca);

  g_assert_no_error (error);
}

static void
test_tls_wrong_host (Fixture       *f,
                     gconstpointer  data)
{
  assert_tls_refused (tls_add_key (f, pki.wrong_cert, pki.wrong_key, pki.ca));
}

static void
test_tls_expired (Fixture       *f,
                  gconstpointer  data)
{
  assert_tls_refused (tls_add_key (f, pki.expired_cert, pki.expired_key, pki.ca));
}

static void
test_tls_other_ca (Fixture       *f,
                   gconstpointer  data)
{
  /* A CA file is trusted for what it signed, not as a licence to accept. */
  assert_tls_refused (tls_add_key (f, pki.good_cert, pki.good_key, pki.other_ca));
}

/* 15. Leaks {{{1 */

static void
collect_token (GPtrArray  *secrets,
               RelRun     *token)
{
  g_assert_cmpint (token->status, ==, 0);
  g_ptr_array_add (secrets, g_strdup (g_strstrip (token->out)));
}

static void
assert_run_clean (RelRun     *run,
                  GPtrArray  *secrets,
                  gboolean    stdout_may_hold_token)
{
  rel_assert_no_secret ("the CLI's standard error", run->err, strlen (run->err), secrets);
  if (!stdout_may_hold_token)
    rel_assert_no_secret ("the CLI's standard output", run->out, strlen (run->out), secrets);
  if (run->proc_environ != NULL)
    rel_assert_no_secret ("the CLI's environment", run->proc_environ, strlen (run->proc_environ), secrets);
  if (run->proc_cmdline != NULL)
    rel_assert_no_secret ("the CLI's argv", run->proc_cmdline, strlen (run->proc_cmdline), secrets);
}

static void
assert_gsettings_clean (GPtrArray *secrets)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_auto(GStrv) keys = NULL;

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            BASE_APP_ID, TRUE);
  g_assert_nonnull (schema);
  settings = g_settings_new_full (schema, NULL, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      rel_assert_no_secret ("GSettings", text, strlen (text), secrets);
    }
}

static void
test_leaks_cli_lifecycle (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_free);
  const char *url = circlet_test_server_get_url (f->server);
  RelRun *run;

  g_ptr_array_add (secrets, g_strdup (circlet_test_server_get_key (f->server)));

#define NEXT_RUN() (run = g_new0 (RelRun, 1), g_ptr_array_add (runs, run), run)

  /* add, list, token, renew (verify exchanges again), token */
  cli_add (f, NEXT_RUN (), "Acme", url);
  g_assert_cmpint (run->status, ==, 0);
  rel_run_cli (NEXT_RUN (), NULL, NULL, "accounts", NULL);
  g_assert_cmpint (run->status, ==, 0);
  rel_run_cli (NEXT_RUN (), NULL, NULL, "accounts", "--json", NULL);
  g_assert_cmpint (run->status, ==, 0);
  rel_run_cli (NEXT_RUN (), NULL, NULL, "token", NULL);
  collect_token (secrets, run);
  rel_run_cli (NEXT_RUN (), NULL, NULL, "verify", NULL);
  g_assert_cmpint (run->status, ==, 0);
  rel_run_cli (NEXT_RUN (), NULL, NULL, "token", NULL);
  collect_token (secrets, run);

  /* The session expires in flight on the server: the next exchange is logged too. */
  circlet_test_server_expire_sessions (f->server);
  rel_run_cli (NEXT_RUN (), NULL, NULL, "verify", NULL);
  g_assert_cmpint (run->status, ==, 0);
  rel_run_cli (NEXT_RUN (), NULL, NULL, "token", NULL);
  collect_token (secrets, run);

  /* revoke, then the CLI finds out; then remove */
  circlet_test_server_revoke_key (f->server, circlet_test_server_get_key (f->server));
  rel_run_cli (NEXT_RUN (), NULL, NULL, "verify", NULL);
  g_assert_cmpint (run->status, ==, 3);
  rel_run_cli (NEXT_RUN (), NULL, NULL, "token", NULL);
  g_assert_cmpint (run->status, ==, 3);
  rel_run_cli (NEXT_RUN (), NULL, NULL, "remove", "Acme", NULL);
  g_assert_cmpint (run->status, ==, 0);

#undef NEXT_RUN

  g_assert_cmpuint (secrets->len, >=, 3);
  for (guint i = 0; i < runs->len; i++)
    {
      RelRun *r = g_ptr_array_index (runs, i);
      /* Only `token` prints a secret, and only on standard output. */
      assert_run_clean (r, secrets, g_str_equal (r->command, "token") && r->status == 0);
      rel_run_clear (r);
    }

  rel_assert_no_secret_in_tree (circlet_keyring_fixture_get_home (), NULL, secrets);
  assert_gsettings_clean (secrets);
  {
    g_auto(GStrv) env = g_get_environ ();
    g_autofree char *joined = g_strjoinv ("\n", env);

    rel_assert_no_secret ("the test's own environment", joined, strlen (joined), secrets);
  }
}

static void
test_leaks_http_log_redacts (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CircletSecret) token = NULL;
  g_autoptr(GError) error = NULL;
  const char *url = circlet_test_server_get_url (f->server);
  g_auto(RelRun) add = { 0, };
  g_auto(RelRun) verify = { 0, };

  cli_add (f, &add, "Acme", url);
  g_assert_cmpint (add.status, ==, 0);
  rel_run_cli (&verify, NULL, NULL, "verify", NULL);
  g_assert_cmpint (verify.status, ==, 0);

  /* The token verify obtained is the one cached in the keyring. */
  token = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_ptr_array_add (secrets, g_strdup (circlet_test_server_get_key (f->server)));

  /* The exchange's lines are there, its bodies are not. */
  g_assert_nonnull (strstr (add.err, "circlet-http: > POST /auth/v3/token HTTP/1.1"));
  g_assert_nonnull (strstr (add.err, "circlet-http: < HTTP/1.1 200 OK"));
  g_assert_null (strstr (add.err, "personalAccessKey"));
  g_assert_null (strstr (add.err, "access_token"));
  g_assert_null (strstr (add.err, "eyJ"));
  g_assert_nonnull (strstr (verify.err, "circlet-http: > POST /auth/v3/token"));
  assert_run_clean (&add, secrets, FALSE);
  assert_run_clean (&verify, secrets, FALSE);
}

static void
test_leaks_http_log_bearer (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CircletSecret) token = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *log = NULL;
  g_autofree char *log_path = NULL;
  int saved_stderr, fd;

  /* An API request in this process, with the log on: stderr goes to a file. */
  add_key (f);
  g_setenv ("CIRCLET_DEBUG", "http", TRUE);
  {
    g_autoptr(CircletSession) logged = circlet_session_new (f->keys);

    fd = g_file_open_tmp ("circlet-http-XXXXXX.log", &log_path, &error);
    g_assert_no_error (error);
    saved_stderr = dup (STDERR_FILENO);
    dup2 (fd, STDERR_FILENO);
    body = rel_get (logged, f->account, PROFILES_PATH, &error);
    token = rel_get_token (logged, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL);
    fflush (stderr);
    dup2 (saved_stderr, STDERR_FILENO);
    close (saved_stderr);
    close (fd);
    circlet_session_forget (logged, f->account);
  }
  g_unsetenv ("CIRCLET_DEBUG");
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_unlink (log_path);
  g_test_message ("%s", log);
  g_assert_nonnull (strstr (log, "circlet-http: > GET " PROFILES_PATH " HTTP/1.1"));
  g_assert_nonnull (strstr (log, "circlet-http: > Authorization: [redacted]"));
  g_assert_null (strstr (log, "Bearer"));
  g_ptr_array_add (secrets, g_strdup (token));
  g_ptr_array_add (secrets, g_strdup (circlet_test_server_get_key (f->server)));
  rel_assert_no_secret ("the HTTP log", log, strlen (log), secrets);
}

static void
test_leaks_error_messages (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CircletSecret) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  add_key (f);
  token = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_ptr_array_add (secrets, g_strdup (token));
  g_ptr_array_add (secrets, g_strdup (circlet_test_server_get_key (f->server)));

  /* Every failure a person reads: none repeats the key or the token. */
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_UNAUTHORIZED, -1, NULL);
  body = rel_get (f->session, f->account, PROFILES_PATH, &error);
  g_assert_nonnull (error);
  rel_assert_no_secret ("a 401 message", error->message, strlen (error->message), secrets);
  g_clear_error (&error);

  circlet_test_server_revoke_key (f->server, circlet_test_server_get_key (f->server));
  g_clear_pointer (&token, circlet_secret_free);
  token = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_FORCE_EXCHANGE, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED);
  rel_assert_no_secret ("the revoked message", error->message, strlen (error->message), secrets);
}

/* 16. Hostile JSON through the whole stack {{{1 */

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       status;
  const char *content_type;
  GBytes     *body;
} Hostile;

static void
hostile_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Hostile *h = user_data;
  gsize len = 0;
  const char *data = g_bytes_get_data (h->body, &len);

  soup_server_message_set_status (msg, h->status, NULL);
  soup_server_message_set_response (msg, h->content_type, SOUP_MEMORY_COPY, data, len);
}

static void
hostile_start (Hostile *h)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  h->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (h->server, "/", hostile_cb, h, NULL);
  g_assert_true (soup_server_listen_local (h->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (h->server);
  h->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
hostile_stop (Hostile *h)
{
  soup_server_disconnect (h->server);
  g_clear_object (&h->server);
  g_clear_pointer (&h->url, g_free);
  g_clear_pointer (&h->body, g_bytes_unref);
}

static char *
b64url (const char *text)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');
  return g_strdup (b64);
}

static char *
token_body_with_payload (const char *payload)
{
  g_autofree char *encoded = b64url (payload);

  return g_strdup_printf ("{\"access_token\":\"eyJhbGciOiJub25lIn0.%s.c2ln\"}", encoded);
}

static void
test_hostile_token_responses (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *deep = NULL;
  g_autofree char *lone = token_body_with_payload ("{\"exp\":4102444800,\"email\":\"\\ud800\"}");
  g_autofree char *exp_2_63 = token_body_with_payload ("{\"exp\":9223372036854775808}");
  g_autofree char *exp_huge = token_body_with_payload ("{\"exp\":1000000000000000000}");
  g_autoptr(GString) nested = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new ("{\"access_token\":\"");
  struct {
    const char *body;
    gboolean    ok;
    int         code;
  } cases[] = {
    { "{\"access_token\":\"abc", FALSE, CIRCLET_ERROR_BAD_RESPONSE },               /* truncated */
    { "{\"access_token\":42}", FALSE, CIRCLET_ERROR_BAD_RESPONSE },                 /* wrong type */
    { "[\"access_token\"]", FALSE, CIRCLET_ERROR_BAD_RESPONSE },                    /* wrong shape */
    { "{\"access_token\":\"a\\ud800b\"}", FALSE, CIRCLET_ERROR_BAD_RESPONSE },      /* not UTF-8 once decoded */
    { "{\"access_token\":\"t\xff\"}", FALSE, CIRCLET_ERROR_BAD_RESPONSE },           /* invalid UTF-8 */
    { "<html><body>Welcome to nginx!</body></html>", FALSE, CIRCLET_ERROR_NOT_APPCIRCLE },
    { "", FALSE, CIRCLET_ERROR_NOT_APPCIRCLE },
    { "{\"access_token\":\"first-token-0123456789\",\"access_token\":\"second-token-0123456789\"}", TRUE, 0 },
    { NULL, FALSE, CIRCLET_ERROR_BAD_RESPONSE },                                   /* nesting, below */
    { NULL, TRUE, 0 },                                                             /* lone surrogate in a claim */
    { NULL, TRUE, 0 },                                                             /* exp = 2^63 */
    { NULL, TRUE, 0 },                                                             /* exp = 10^18 */
    { NULL, FALSE, CIRCLET_ERROR_TOO_LARGE },                                      /* 300 KB */
  };
  Hostile h = { 0, };

  for (guint i = 0; i < 1025; i++)
    g_string_append (nested, "{\"a\":");
  deep = g_strdup (nested->str);
  cases[8].body = deep;
  cases[9].body = lone;
  cases[10].body = exp_2_63;
  cases[11].body = exp_huge;
  while (huge->len < 300 * 1024)
    g_string_append (huge, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_string_append (huge, "\"}");
  cases[12].body = huge->str;

  hostile_start (&h);
  h.status = 200;
  h.content_type = "application/json";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CircletAccount) account = rel_account_new ("Hostile", h.url);
      g_autoptr(CircletSecret) stored = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("case %u", i);
      g_clear_pointer (&h.body, g_bytes_unref);
      h.body = g_bytes_new (cases[i].body, strlen (cases[i].body));

      ok = rel_set_key (f->session, account, "a-key-for-a-hostile-server", TRUE, &error);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        {
          g_assert_error (error, CIRCLET_ERROR, cases[i].code);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          /* A refused exchange stores nothing. */
          g_clear_error (&error);
          stored = rel_lookup (f->keys, circlet_account_get_id (account), CIRCLET_SECRET_KEY, &error);
          g_assert_null (stored);
          g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_true (circlet_account_get_email (account) == NULL ||
                         g_utf8_validate (circlet_account_get_email (account), -1, NULL));
          g_assert_cmpint (circlet_account_get_session_expires (account), >, 0);
        }

      rel_clear (f->keys, circlet_account_get_id (account));
      circlet_session_forget (f->session, account);
    }

  hostile_stop (&h);
}

static void
test_hostile_error_bodies (Fixture       *f,
                           gconstpointer  data)
{
  static const char *bodies[] = {
    "{\"message\":\"x\\ud800y\",\"error\":\"\\udc00\"}",
    "{\"message\":\"\\u001b[31mred\\u0007\",\"stackTrace\":\"at Secret()\"}",
    "{\"message\":",
    "\xff\xfe\xfd",
    "<html><title>502 Bad Gateway</title></html>",
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  Hostile h = { 0, };

  hostile_start (&h);
  h.status = 502;
  h.content_type = "application/json";

  for (guint i = 0; i <= G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(CircletAccount) account = rel_account_new ("Hostile", h.url);
      g_autoptr(GError) error = NULL;

      if (i == G_N_ELEMENTS (bodies))
        {
          for (guint d = 0; d < 60000; d++)
            g_string_append_c (deep, '[');
          h.body = g_bytes_new (deep->str, deep->len);
        }
      else
        h.body = g_bytes_new (bodies[i], strlen (bodies[i]));

      g_assert_false (rel_set_key (f->session, account, "a-key-for-a-hostile-server", TRUE, &error));
      g_test_message ("%s", error->message);
      g_assert_true (error->code == CIRCLET_ERROR_SERVER || error->code == CIRCLET_ERROR_NOT_APPCIRCLE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strstr (error->message, "Secret()"));
      g_assert_null (strchr (error->message, '\x1b'));
      g_clear_pointer (&h.body, g_bytes_unref);
      circlet_session_forget (f->session, account);
    }

  hostile_stop (&h);
}

static void
test_hostile_api_bodies (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  struct {
    const char *body;
    int         code;   /* 0: parses */
  } cases[] = {
    { "[{\"id\":\"1\",\"name\":", CIRCLET_ERROR_BAD_RESPONSE },
    { "[{\"id\":\"x\\ud800y\",\"name\":7,\"date\":[]}]", 0 },
    { "[{\"id\":\"a\",\"id\":\"b\"}]", 0 },
    { "[\"\xc0\xaf\"]", CIRCLET_ERROR_BAD_RESPONSE },
    { "<!DOCTYPE html><html></html>", CIRCLET_ERROR_NOT_APPCIRCLE },
    { "\xef\xbb\xbf<html></html>", CIRCLET_ERROR_NOT_APPCIRCLE },
    { NULL, CIRCLET_ERROR_BAD_RESPONSE },
  };

  for (guint i = 0; i < 1025; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 1025; i++)
    g_string_append_c (deep, ']');
  cases[G_N_ELEMENTS (cases) - 1].body = deep->str;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new (cases[i].body, strlen (cases[i].body));
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      root = circlet_json_parse (body, "api.example.com", &error);
      if (cases[i].code != 0)
        {
          g_assert_null (root);
          g_assert_error (error, CIRCLET_ERROR, cases[i].code);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          continue;
        }

      g_assert_no_error (error);
      for (guint e = 0; e < json_array_get_length (json_node_get_array (root)); e++)
        {
          JsonObject *item = json_array_get_object_element (json_node_get_array (root), e);

          /* Typed, tolerant accessors: odd members read as empty. */
          g_assert_true (circlet_json_get_string (item, "id") == NULL ||
                         g_utf8_validate (circlet_json_get_string (item, "id"), -1, NULL));
          g_assert_null (circlet_json_get_string (item, "name"));
          g_assert_null (circlet_json_get_date_time (item, "date"));
        }
    }
}

/* 17. Clock and suspend {{{1 */

static void
test_clock_monotonic_deadline (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CircletSecret) first = NULL;
  g_autoptr(CircletSecret) second = NULL;
  g_autoptr(CircletSecret) third = NULL;
  g_autoptr(GError) error = NULL;

  /* An hour's token, in memory; the keyring's copy goes, so that only the
   * memory could serve it again. */
  add_key (f);
  first = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  rel_clear_kind (f->keys, circlet_account_get_id (f->account), CIRCLET_SECRET_SESSION);

  /* 56 minutes really passed, but the wall clock was set back by as much:
   * by the wall clock the token is fresh, by the monotonic clock it is
   * inside the five-minute margin. It is not used. */
  _circlet_session_set_clock_offsets (0, 56 * 60);
  second = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);

  /* The new one is good by both clocks. */
  third = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, third);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
}

static void
test_clock_suspend (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CircletSecret) first = NULL;
  g_autoptr(CircletSecret) second = NULL;
  g_autoptr(CircletSecret) third = NULL;
  g_autoptr(GError) error = NULL;

  add_key (f);
  first = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* A laptop slept two hours: the wall clock jumped, the monotonic clock
   * (CLOCK_MONOTONIC stops in suspend) did not, and no renewal timer fired.
   * The token is checked before use, and neither the memory's nor the
   * keyring's copy is used. The server's clock moved too: its next token
   * lives an hour from the new now. */
  _circlet_session_set_clock_offsets (2 * 3600, 0);
  circlet_test_server_set_token_lifetime (f->server, 3 * 3600);
  second = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);

  third = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, third);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
}

/* 18. Organization removal {{{1 */

static void
test_removal_cli_deletes_items (Fixture       *f,
                                gconstpointer  data)
{
  const char *url = circlet_test_server_get_url (f->server);
  g_autofree char *config = config_path ();
  g_autofree char *contents = NULL;
  g_auto(RelRun) add = { 0, };
  g_auto(RelRun) token = { 0, };
  g_auto(RelRun) remove = { 0, };
  g_autofree char *id = NULL;

  cli_add (f, &add, "Acme", url);
  g_assert_cmpint (add.status, ==, 0);
  id = g_strdup (g_strstrip (add.out));
  rel_run_cli (&token, NULL, NULL, "token", NULL);
  g_assert_cmpint (token.status, ==, 0);

  rel_run_cli (&remove, NULL, NULL, "remove", "Acme", NULL);
  g_assert_cmpint (remove.status, ==, 0);

  /* Both keyring items are gone, and so is the organization. */
  for (CircletSecretKind kind = CIRCLET_SECRET_KEY; kind <= CIRCLET_SECRET_SESSION; kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CircletSecret) secret = rel_lookup (f->keys, id, kind, &error);

      g_assert_null (secret);
      g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND);
    }
  g_assert_true (g_file_get_contents (config, &contents, NULL, NULL));
  g_assert_null (strstr (contents, id));
}

static void
test_removal_drops_token (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CircletSecret) token = NULL;
  g_autoptr(CircletSecret) after = NULL;
  g_autoptr(GError) error = NULL;

  add_key (f);
  token = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* Remove as the app does: forget in the session, clear the keyring. */
  circlet_session_forget (f->session, f->account);
  rel_clear (f->keys, circlet_account_get_id (f->account));

  /* Nothing cached in memory survives to be sent. */
  after = rel_get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, &error);
  g_assert_null (after);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);
}

/* Bad input at the edges {{{1 */

static void
test_edge_host_does_not_resolve (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *config = config_path ();
  g_auto(RelRun) add = { 0, };

  cli_add (f, &add, "Nowhere", "https://circlet-test.invalid");
  g_assert_cmpint (add.status, ==, 5);
  g_assert_nonnull (strstr (add.err, "circlet-test.invalid could not be found"));
  g_assert_false (g_file_test (config, G_FILE_TEST_EXISTS));
}

static void
test_edge_host_trailing_slash (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *url = g_strconcat (circlet_test_server_get_url (f->server), "//", NULL);
  g_auto(RelRun) add = { 0, };
  g_auto(RelRun) list = { 0, };
  g_auto(RelRun) with_path = { 0, };
  g_autofree char *expected = NULL;

  cli_add (f, &add, "Acme", url);
  g_assert_cmpint (add.status, ==, 0);
  rel_run_cli (&list, NULL, NULL, "accounts", "--json", NULL);
  expected = g_strdup_printf ("\"api_host\" : \"%s\"", circlet_test_server_get_url (f->server));
  g_assert_nonnull (strstr (list.out, expected));

  g_free (url);
  url = g_strconcat (circlet_test_server_get_url (f->server), "/api/v1", NULL);
  cli_add (f, &with_path, "Other", url);
  g_assert_cmpint (with_path.status, ==, 1);
  g_assert_nonnull (strstr (with_path.err, "without a path"));
}

static void
test_edge_corrupt_accounts_file (Fixture       *f,
                                 gconstpointer  data)
{
  static const char garbage[] = "[account 1234\nlabel=Acme\n\xff\xfe broken";
  g_autofree char *config = config_path ();
  g_autofree char *dir = g_path_get_dirname (config);
  g_autofree char *after = NULL;
  g_auto(RelRun) list = { 0, };
  g_auto(RelRun) add = { 0, };
  g_autoptr(GDir) handle = NULL;
  const char *name;
  guint copies = 0;
  gsize len = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (config, garbage, sizeof garbage - 1, NULL));

  rel_run_cli (&list, NULL, NULL, "accounts", NULL);
  g_assert_cmpint (list.status, ==, 2);
  g_assert_nonnull (strstr (list.err, "damaged"));
  cli_add (f, &add, "Acme", circlet_test_server_get_url (f->server));
  g_assert_cmpint (add.status, !=, 0);

  /* The file is untouched, and a copy was kept aside, byte for byte. */
  g_assert_true (g_file_get_contents (config, &after, &len, NULL));
  g_assert_cmpmem (after, len, garbage, sizeof garbage - 1);
  handle = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_prefix (name, "accounts.ini.damaged-"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *copy = NULL;
        gsize copy_len = 0;

        g_assert_true (g_file_get_contents (path, &copy, &copy_len, NULL));
        g_assert_cmpmem (copy, copy_len, garbage, sizeof garbage - 1);
        g_unlink (path);
        copies++;
      }
  g_assert_cmpuint (copies, ==, 1);
  g_unlink (config);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  CircletKeyringKind kind = circlet_keyring_kind_from_env ();
  gboolean tls = g_strcmp0 (g_getenv ("CIRCLET_RELIABILITY_GROUP"), "tls") == 0;
  int status;

  circlet_keyring_fixture_setup (kind);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/reliability/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  switch (kind)
    {
    case CIRCLET_KEYRING_NONE:
      ADD ("01-keyring-unavailable/session", test_keyring_unavailable_session);
      ADD ("01-keyring-unavailable/cli-writes-nothing", test_keyring_unavailable_cli);
      break;

    case CIRCLET_KEYRING_GNOME_LOCKED:
      ADD ("02-keyring-locked/locked-not-revoked", test_keyring_locked_not_revoked);
      break;

    case CIRCLET_KEYRING_HANGING:
      ADD ("03-keyring-hangs/session-stays-responsive", test_keyring_hangs_session_responsive);
      ADD ("03-keyring-hangs/cli-exits-within-timeout", test_keyring_hangs_cli_exits);
      break;

    case CIRCLET_KEYRING_GNOME:
    case CIRCLET_KEYRING_FILE:
      if (tls)
        {
          pki_setup ();
          ADD ("13-tls/untrusted", test_tls_untrusted);
          ADD ("13-tls/ca-file", test_tls_ca_file);
          ADD ("13-tls/wrong-host", test_tls_wrong_host);
          ADD ("13-tls/expired", test_tls_expired);
          ADD ("13-tls/other-ca", test_tls_other_ca);
          break;
        }
      ADD ("10-single-flight/shares-failure", test_single_flight_shares_failure);
      ADD ("12-backoff/exchange-not-retried", test_exchange_not_retried);
      ADD ("12-backoff/window-bounded", test_backoff_window_bounded);
      ADD ("12-backoff/timeout-retried", test_backoff_timeout_retried);
      ADD ("12-backoff/timeout-bounded", test_backoff_timeout_bounded);
      ADD ("15-leaks/cli-lifecycle", test_leaks_cli_lifecycle);
      ADD ("15-leaks/http-log-exchange", test_leaks_http_log_redacts);
      ADD ("15-leaks/http-log-bearer", test_leaks_http_log_bearer);
      ADD ("15-leaks/error-messages", test_leaks_error_messages);
      ADD ("16-hostile-json/token-responses", test_hostile_token_responses);
      ADD ("16-hostile-json/error-bodies", test_hostile_error_bodies);
      ADD ("16-hostile-json/api-bodies", test_hostile_api_bodies);
      ADD ("17-clock/monotonic-deadline", test_clock_monotonic_deadline);
      ADD ("17-clock/suspend", test_clock_suspend);
      ADD ("18-removal/cli-deletes-keyring-items", test_removal_cli_deletes_items);
      ADD ("18-removal/drops-cached-token", test_removal_drops_token);
      ADD ("edge/host-does-not-resolve", test_edge_host_does_not_resolve);
      ADD ("edge/host-trailing-slash", test_edge_host_trailing_slash);
      ADD ("edge/corrupt-accounts-file", test_edge_corrupt_accounts_file);
      break;

    default:
      g_assert_not_reached ();
    }

#undef ADD

  status = g_test_run ();
  pki_teardown ();
  circlet_keyring_fixture_teardown ();
  return status;
}
