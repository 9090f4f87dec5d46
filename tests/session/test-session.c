/* test-session.c: the session manager against the test server and a real keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "circlet-account.h"
#include "circlet-error.h"
#include "circlet-json.h"
#include "circlet-key-store.h"
#include "circlet-session.h"
#include "circlet-test-server.h"
#include "circlet-test-util.h"
#include "circlet-keyring-fixture.h"

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

static CircletSession *
new_session (CircletKeyStore *keys)
{
  CircletSession *session = circlet_session_new (keys);

  circlet_session_set_retry_policy (session, &fast_retries);
  return session;
}

static CircletAccount *
new_account (CircletTestServer *server,
             const char        *label)
{
  g_autoptr(GError) error = NULL;
  CircletAccount *account = circlet_account_new (NULL, label);

  g_assert_true (circlet_account_set_api_host (account, circlet_test_server_get_url (server), &error));
  g_assert_no_error (error);
  g_assert_true (circlet_account_set_auth_host (account, circlet_test_server_get_url (server), &error));
  g_assert_no_error (error);
  return account;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = circlet_test_server_new (25, &error);
  g_assert_no_error (error);
  f->keys = circlet_key_store_new ();
  f->session = new_session (f->keys);
  f->account = new_account (f->server, "Acme");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_key_store_clear_async (f->keys, circlet_account_get_id (f->account),
                                 CIRCLET_SECRET_ANY, NULL, circlet_test_store_result_cb, &result);
  g_assert_true (circlet_key_store_clear_finish (f->keys, circlet_test_wait (&result), NULL));

  g_assert_finalize_object (f->session);
  g_clear_object (&f->account);
  g_clear_object (&f->keys);
  g_clear_object (&f->server);
}

static gboolean
set_key (Fixture     *f,
         const char  *key,
         gboolean     verify,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_session_set_key_async (f->session, f->account, key, verify, NULL,
                                 circlet_test_store_result_cb, &result);
  return circlet_session_set_key_finish (f->session, circlet_test_wait (&result), error);
}

static CircletSecret *
get_token (CircletSession     *session,
           CircletAccount     *account,
           CircletTokenFlags   flags,
           gint64             *expires_at,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_session_get_token_async (session, account, flags, NULL,
                                   circlet_test_store_result_cb, &result);
  return circlet_session_get_token_finish (session, circlet_test_wait (&result), expires_at, error);
}

static GBytes *
get (Fixture     *f,
     const char  *path,
     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_session_get_async (f->session, f->account, path, NULL,
                             circlet_test_store_result_cb, &result);
  return circlet_session_get_finish (f->session, circlet_test_wait (&result), error);
}

static void
add_verified_key (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (set_key (f, circlet_test_server_get_key (f->server), TRUE, &error));
  g_assert_no_error (error);
}

static guint
count_items (GBytes *body)
{
  g_autoptr(JsonNode) root = circlet_json_parse (body, "test", NULL);

  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_get_length (json_node_get_array (root));
}

/* Exchange variants {{{1 */

static void
test_exchange_v3 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) form = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  add_verified_key (f);

  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);
  g_assert_cmpstr (circlet_test_server_get_last_exchange_path (f->server), ==, "/auth/v3/token");
  form = circlet_test_server_dup_last_form (f->server);
  g_assert_cmpstr (g_hash_table_lookup (form, "personalAccessKey"), ==, circlet_test_server_get_key (f->server));
  g_assert_false (g_hash_table_contains (form, "pat"));

  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_VALID);
  g_assert_cmpstr (circlet_account_get_email (f->account), ==, "dev@example.com");
  g_assert_nonnull (circlet_account_get_current_org_id (f->account));
  /* The server's default lifetime is an hour, read from the JWT's exp. */
  g_assert_cmpint (circlet_account_get_session_expires (f->account), >=, now + 3590);
  g_assert_cmpint (circlet_account_get_session_expires (f->account), <=, now + 3610);
}

static void
test_exchange_v1_fallback (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) token = NULL;

  circlet_test_server_set_v3_enabled (f->server, FALSE);
  add_verified_key (f);

  /* v3 answered 404, v1 worked. */
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
  g_assert_cmpstr (circlet_test_server_get_last_exchange_path (f->server), ==, "/auth/v1/token");
  form = circlet_test_server_dup_last_form (f->server);
  g_assert_cmpstr (g_hash_table_lookup (form, "pat"), ==, circlet_test_server_get_key (f->server));

  /* What worked is remembered: the next exchange goes straight to v1. */
  token = get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_FORCE_EXCHANGE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 3);
  g_assert_cmpstr (circlet_test_server_get_last_exchange_path (f->server), ==, "/auth/v1/token");
}

static void
test_exchange_v2_sub_organization (Fixture       *f,
                                   gconstpointer  data)
{
  const char *sub_org = "bbbb1111-2222-4333-8444-555566667777";
  g_autoptr(GHashTable) form = NULL;

  circlet_account_set_sub_org_id (f->account, sub_org);
  add_verified_key (f);

  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);
  g_assert_cmpstr (circlet_test_server_get_last_exchange_path (f->server), ==, "/auth/v2/token");
  form = circlet_test_server_dup_last_form (f->server);
  g_assert_cmpstr (g_hash_table_lookup (form, "pat"), ==, circlet_test_server_get_key (f->server));
  g_assert_cmpstr (g_hash_table_lookup (form, "subOrganizationId"), ==, sub_org);
  g_assert_cmpstr (circlet_account_get_current_org_id (f->account), ==, sub_org);
}

static void
test_expiry_from_expires_in (Fixture       *f,
                             gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  circlet_test_server_set_token_lifetime (f->server, 1800);
  circlet_test_server_set_token_style (f->server, FALSE, TRUE);
  add_verified_key (f);

  g_assert_cmpint (circlet_account_get_session_expires (f->account), >=, now + 1790);
  g_assert_cmpint (circlet_account_get_session_expires (f->account), <=, now + 1810);
}

static void
test_expiry_default (Fixture       *f,
                     gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  circlet_test_server_set_token_style (f->server, FALSE, FALSE);
  add_verified_key (f);

  /* Neither exp nor expires_in: a conservative ten minutes. */
  g_assert_cmpint (circlet_account_get_session_expires (f->account), >=, now + 590);
  g_assert_cmpint (circlet_account_get_session_expires (f->account), <=, now + 610);
}

/* Caching and renewal {{{1 */

static void
test_cached_token_shared (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CircletSession) other = NULL;
  g_autoptr(CircletSecret) first = NULL;
  g_autoptr(CircletSecret) second = NULL;
  g_autoptr(GError) error = NULL;

  add_verified_key (f);
  first = get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);

  /* Another process — the CLI, the app — reads the keyring cache. */
  other = new_session (f->keys);
  second = get_token (other, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);
}

static void
test_renew_before_expiry (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CircletSecret) first = NULL;
  g_autoptr(CircletSecret) second = NULL;
  g_autoptr(CircletSecret) third = NULL;
  g_autoptr(GError) error = NULL;

  /* Four minutes left is inside the default five-minute margin. */
  circlet_test_server_set_token_lifetime (f->server, 240);
  add_verified_key (f);
  first = get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);

  /* A one-minute margin keeps the same four-minute token. */
  circlet_session_set_renew_margin (f->session, 60);
  second = get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);

  circlet_session_set_renew_margin (f->session, 300);
  third = get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, third);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 3);
}

typedef struct
{
  guint   pending;
  guint   failed;
  Fixture *f;
} Concurrent;

static void
concurrent_get_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Concurrent *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = circlet_session_get_finish (CIRCLET_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_test_message ("concurrent call failed: %s", error->message);
      c->failed++;
    }
  c->pending--;
}

static void
test_single_flight (Fixture       *f,
                    gconstpointer  data)
{
  Concurrent c = { 50, 0, f };

  /* The cached session expires within the margin: every call needs a new one. */
  circlet_test_server_set_token_lifetime (f->server, 60);
  add_verified_key (f);
  g_clear_object (&f->session);
  f->session = new_session (f->keys);
  circlet_test_server_set_token_lifetime (f->server, 3600);

  for (guint i = 0; i < 50; i++)
    circlet_session_get_async (f->session, f->account, PROFILES_PATH, NULL, concurrent_get_cb, &c);
  while (c.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (c.failed, ==, 0);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, 50);
}

/* Every API request carries the token and asks for JSON. */
static void
test_request_headers (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) token = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *expected = NULL;

  add_verified_key (f);
  body = get (f, PROFILES_PATH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (body), ==, 25);

  token = get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL, &error);
  expected = g_strconcat ("Bearer ", token, NULL);
  authorization = circlet_test_server_dup_last_authorization (f->server, PROFILES_PATH);
  g_assert_cmpstr (authorization, ==, expected);
}

/* 401 and revocation {{{1 */

static void
test_401_replays_once (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  add_verified_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_UNAUTHORIZED, 1, NULL);

  body = get (f, PROFILES_PATH, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, 2);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_VALID);
}

static void
test_401_twice_stops (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  add_verified_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_UNAUTHORIZED, -1, NULL);

  body = get (f, PROFILES_PATH, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_UNAUTHORIZED);
  g_assert_null (body);
  /* One replay after one fresh exchange, never a third try. */
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, 2);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_REVOKED);
}

static void
test_expired_in_flight (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  add_verified_key (f);
  circlet_test_server_expire_sessions (f->server);

  body = get (f, PROFILES_PATH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (body), ==, 25);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
}

static void
check_revoked (Fixture *f,
               guint    status)
{
  g_autoptr(CircletSession) other = NULL;
  g_autoptr(CircletSecret) token = NULL;
  g_autoptr(CircletSecret) cached = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) lookup_error = NULL;

  add_verified_key (f);
  circlet_test_server_set_revoke_status (f->server, status);
  circlet_test_server_revoke_key (f->server, circlet_test_server_get_key (f->server));

  token = get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_FORCE_EXCHANGE, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED);
  g_assert_nonnull (strstr (error->message, "My Organization → Security"));
  /* The server's own words, never its stack trace. */
  g_assert_nonnull (strstr (error->message, "not valid or deleted"));
  g_assert_null (strstr (error->message, "stackTrace"));
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_REVOKED);

  /* The cached session is gone, so every other process sees it too. */
  circlet_key_store_lookup_async (f->keys, circlet_account_get_id (f->account),
                                  CIRCLET_SECRET_SESSION, NULL, circlet_test_store_result_cb, &result);
  cached = circlet_key_store_lookup_finish (f->keys, circlet_test_wait (&result), NULL, &lookup_error);
  g_assert_error (lookup_error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND);
  g_assert_null (cached);

  /* Its requests stop: no retry loop, no further exchange. */
  g_clear_error (&error);
  token = get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
}

static void
test_revoked_401 (Fixture       *f,
                  gconstpointer  data)
{
  check_revoked (f, 401);
}

static void
test_revoked_400 (Fixture       *f,
                  gconstpointer  data)
{
  check_revoked (f, 400);
}

static void
test_revoked_403 (Fixture       *f,
                  gconstpointer  data)
{
  check_revoked (f, 403);
}

static void
test_wrong_key_stores_nothing (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(CircletSecret) stored = NULL;

  g_assert_false (set_key (f, "bm90LWEta2V5LWF0LWFsbA==", TRUE, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED);

  circlet_key_store_lookup_async (f->keys, circlet_account_get_id (f->account),
                                  CIRCLET_SECRET_KEY, NULL, circlet_test_store_result_cb, &result);
  stored = circlet_key_store_lookup_finish (f->keys, circlet_test_wait (&result), NULL, &lookup_error);
  g_assert_error (lookup_error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND);
}

static void
test_key_input_normalized (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *padded = g_strdup_printf ("  %s\r\n", circlet_test_server_get_key (f->server));
  g_autoptr(GError) error = NULL;

  /* Pasted with white space around it: trimmed and accepted. */
  g_assert_true (set_key (f, padded, TRUE, &error));
  g_assert_no_error (error);

  /* Broken in the middle: refused with a reason, nothing sent. */
  g_assert_false (set_key (f, "abc\ndef==", TRUE, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (set_key (f, " \n\t ", TRUE, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);
}

/* Retries {{{1 */

static void
check_retry_after (Fixture    *f,
                   const char *retry_after,
                   gint64      min_elapsed_ms)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  add_verified_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_RETRY_AFTER, 1, retry_after);

  start = g_get_monotonic_time ();
  body = get (f, PROFILES_PATH, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, 2);
  /* Honoured, and clamped to the policy's one second at most. */
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, >=, min_elapsed_ms);
}

static void
test_429_seconds (Fixture       *f,
                  gconstpointer  data)
{
  check_retry_after (f, "1", 950);
}

static void
test_429_zero (Fixture       *f,
               gconstpointer  data)
{
  check_retry_after (f, "0", 0);
}

static void
test_429_huge (Fixture       *f,
               gconstpointer  data)
{
  check_retry_after (f, "86400", 950);
}

static void
test_429_garbage (Fixture       *f,
                  gconstpointer  data)
{
  check_retry_after (f, "soon, maybe", 0);
}

static void
test_429_http_date (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) later = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC + 3);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

  /* Three seconds away, clamped to one. */
  check_retry_after (f, date, 950);
}

static void
test_5xx_bounded (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  add_verified_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_STATUS, -1, "503");

  body = get (f, PROFILES_PATH, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_SERVER);
  g_assert_null (strstr (error->message, "stackTrace"));
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, fast_retries.max_attempts);
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_OFFLINE);

  /* Back online: the next success clears the offline state. */
  circlet_test_server_clear_faults (f->server);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_error (&error);
  body = get (f, PROFILES_PATH, &error);
  g_assert_no_error (error);
  g_assert_cmpint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_VALID);
}

static void
test_5xx_total_time_bound (Fixture       *f,
                           gconstpointer  data)
{
  CircletRetryPolicy policy = fast_retries;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  /* Many attempts allowed, but a short total budget: the budget wins. */
  policy.max_attempts = 1000;
  policy.max_total_ms = 300;
  circlet_session_set_retry_policy (f->session, &policy);
  add_verified_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_STATUS, -1, "502");

  body = get (f, PROFILES_PATH, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_SERVER);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), <, 100);
}

static void
test_dropped_connection_retried (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  add_verified_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_DROP, 1, NULL);

  body = get (f, PROFILES_PATH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (body), ==, 25);
}

static void
test_404_not_retried (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  add_verified_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_STATUS, -1, "404");

  body = get (f, PROFILES_PATH, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_NOT_FOUND);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, 1);
}

/* Redirects, hosts and bodies {{{1 */

static void
test_cross_origin_redirect (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *leaked = NULL;

  add_verified_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_REDIRECT, 1, NULL);

  body = get (f, PROFILES_PATH, &error);
  g_assert_no_error (error);
  leaked = circlet_test_server_dup_redirect_target_authorization (f->server);
  g_assert_null (leaked);
}

static void
test_same_origin_redirect (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  add_verified_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_SAME_ORIGIN_REDIRECT, 1, NULL);

  /* The token is kept on the same origin, so the call still succeeds. */
  body = get (f, PROFILES_PATH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (body), ==, 25);
}

static void
test_html_from_auth_host (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  circlet_test_server_inject (f->server, "/auth/", CIRCLET_FAULT_HTML, -1, NULL);
  g_assert_false (set_key (f, circlet_test_server_get_key (f->server), TRUE, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_NOT_APPCIRCLE);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

static void
test_huge_body_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  add_verified_key (f);
  circlet_session_set_max_body_size (f->session, 1024 * 1024);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_HUGE_BODY, 1, "3000000");

  body = get (f, PROFILES_PATH, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_TOO_LARGE);
}

/* A body of unannounced length, in chunks of a few kilobytes: read whole
 * below the cap, refused above it. */
static void
chunked_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  gsize size = GPOINTER_TO_SIZE (user_data);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  char chunk[4093];

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
  for (gsize sent = 0; sent < size; sent += sizeof chunk)
    {
      memset (chunk, 'a' + (sent / sizeof chunk) % 26, sizeof chunk);
      soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, MIN (sizeof chunk, size - sent));
    }
  soup_message_body_complete (body);
}

static void
test_chunked_body (Fixture       *f,
                   gconstpointer  data)
{
  const gsize sizes[] = { 0, 1, 16 * 1024, 16 * 1024 + 1, 300 * 1024, 1024 * 1024, 1024 * 1024 + 1 };

  add_verified_key (f);
  circlet_session_set_max_body_size (f->session, 1024 * 1024);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autofree char *url = NULL;
      GSList *uris;

      soup_server_add_handler (server, "/", chunked_cb, GSIZE_TO_POINTER (sizes[i]), NULL);
      g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
      uris = soup_server_get_uris (server);
      url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
      /* The token still comes from the test server's auth host. */
      g_assert_true (circlet_account_set_api_host (f->account, url, &error));

      body = get (f, PROFILES_PATH, &error);
      if (sizes[i] > 1024 * 1024)
        {
          g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_TOO_LARGE);
          g_assert_null (body);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpuint (g_bytes_get_size (body), ==, sizes[i]);
          for (gsize at = 0; at < sizes[i]; at += 4093)
            g_assert_cmpint (((const char *) g_bytes_get_data (body, NULL))[at], ==, 'a' + (at / 4093) % 26);
        }
      soup_server_disconnect (server);
    }
}

static void
test_plain_http_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CircletAccount) remote = circlet_account_new (NULL, "Remote");
  g_autoptr(CircletSecret) token = NULL;
  g_autoptr(GError) error = NULL;

  /* Not loopback, not allowed: refused before anything is sent. */
  g_assert_true (circlet_account_set_auth_host (remote, "http://appcircle.example.invalid", &error));
  g_assert_no_error (error);
  g_clear_object (&f->account);
  f->account = g_object_ref (remote);
  g_assert_false (set_key (f, circlet_test_server_get_key (f->server), TRUE, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INSECURE);
}

static void
test_forget_cancels (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  add_verified_key (f);
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_LATENCY, 1, "5000");

  circlet_session_get_async (f->session, f->account, PROFILES_PATH, NULL,
                             circlet_test_store_result_cb, &result);
  while (circlet_test_server_get_count (f->server, PROFILES_PATH) == 0)
    g_main_context_iteration (NULL, TRUE);
  circlet_session_forget (f->session, f->account);

  body = circlet_session_get_finish (f->session, circlet_test_wait (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_organizations_isolated (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CircletTestServer) other_server = NULL;
  g_autoptr(CircletAccount) other = NULL;
  g_autoptr(CircletSecret) token_a = NULL;
  g_autoptr(CircletSecret) token_b = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *expected = NULL;

  add_verified_key (f);
  other_server = circlet_test_server_new (3, &error);
  g_assert_no_error (error);
  other = new_account (other_server, "Other");
  circlet_session_set_key_async (f->session, other, circlet_test_server_get_key (other_server), TRUE,
                                 NULL, circlet_test_store_result_cb, &result);
  g_assert_true (circlet_session_set_key_finish (f->session, circlet_test_wait (&result), &error));
  g_assert_no_error (error);

  token_a = get_token (f->session, f->account, CIRCLET_TOKEN_FLAGS_NONE, NULL, &error);
  token_b = get_token (f->session, other, CIRCLET_TOKEN_FLAGS_NONE, NULL, &error);
  g_assert_cmpstr (token_a, !=, token_b);

  g_clear_object (&result);
  circlet_session_get_async (f->session, other, PROFILES_PATH, NULL, circlet_test_store_result_cb, &result);
  body = circlet_session_get_finish (f->session, circlet_test_wait (&result), &error);
  g_assert_no_error (error);
  seen = circlet_test_server_dup_last_authorization (other_server, PROFILES_PATH);
  expected = g_strconcat ("Bearer ", token_b, NULL);
  g_assert_cmpstr (seen, ==, expected);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, 0);

  g_clear_object (&result);
  circlet_key_store_clear_async (f->keys, circlet_account_get_id (other), CIRCLET_SECRET_ANY,
                                 NULL, circlet_test_store_result_cb, &result);
  g_assert_true (circlet_key_store_clear_finish (f->keys, circlet_test_wait (&result), NULL));
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  int status;

  circlet_keyring_fixture_setup (circlet_keyring_kind_from_env ());
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/session/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("exchange/v3", test_exchange_v3);
  ADD ("exchange/v1-fallback", test_exchange_v1_fallback);
  ADD ("exchange/v2-sub-organization", test_exchange_v2_sub_organization);
  ADD ("exchange/expiry-from-expires-in", test_expiry_from_expires_in);
  ADD ("exchange/expiry-default", test_expiry_default);
  ADD ("exchange/wrong-key-stores-nothing", test_wrong_key_stores_nothing);
  ADD ("exchange/key-input-normalized", test_key_input_normalized);
  ADD ("exchange/html-from-auth-host", test_html_from_auth_host);
  ADD ("exchange/plain-http-refused", test_plain_http_refused);
  ADD ("token/cached-token-shared", test_cached_token_shared);
  ADD ("token/renew-before-expiry", test_renew_before_expiry);
  ADD ("token/single-flight", test_single_flight);
  ADD ("request/headers", test_request_headers);
  ADD ("request/401-replays-once", test_401_replays_once);
  ADD ("request/401-twice-stops", test_401_twice_stops);
  ADD ("request/expired-in-flight", test_expired_in_flight);
  ADD ("revoked/401", test_revoked_401);
  ADD ("revoked/400", test_revoked_400);
  ADD ("revoked/403", test_revoked_403);
  ADD ("retry/429-seconds", test_429_seconds);
  ADD ("retry/429-zero", test_429_zero);
  ADD ("retry/429-huge", test_429_huge);
  ADD ("retry/429-garbage", test_429_garbage);
  ADD ("retry/429-http-date", test_429_http_date);
  ADD ("retry/5xx-bounded", test_5xx_bounded);
  ADD ("retry/5xx-total-time", test_5xx_total_time_bound);
  ADD ("retry/dropped-connection", test_dropped_connection_retried);
  ADD ("retry/404-not-retried", test_404_not_retried);
  ADD ("redirect/cross-origin", test_cross_origin_redirect);
  ADD ("redirect/same-origin", test_same_origin_redirect);
  ADD ("request/huge-body-refused", test_huge_body_refused);
  ADD ("request/chunked-body", test_chunked_body);
  ADD ("account/forget-cancels", test_forget_cancels);
  ADD ("account/organizations-isolated", test_organizations_isolated);

#undef ADD

  status = g_test_run ();
  circlet_keyring_fixture_teardown ();
  return status;
}
