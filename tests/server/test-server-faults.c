/* test-server-faults.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server-util.h"

/* Every CircletFaultKind, seen from a real client, and how faults queue. */

static void
test_fault_status (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = get_token (f);
  g_autoptr(GBytes) body = NULL;
  guint status;

  circlet_test_server_inject (f->server, "/build", CIRCLET_FAULT_STATUS, 1, "503");
  body = api_get (f, "/build/v2/profiles", token, &status);
  g_assert_cmpuint (status, ==, 503);
  assert_error_body (body, "message", NULL);
  assert_error_body (body, "stackTrace", NULL);
  g_clear_pointer (&body, g_bytes_unref);

  body = api_get (f, "/build/v2/profiles", token, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&body, g_bytes_unref);

  /* Faults apply to the exchange too, and without a leading slash. */
  circlet_test_server_inject (f->server, "auth/v3/token", CIRCLET_FAULT_UNAUTHORIZED, 1, NULL);
  {
    g_autoptr(SoupMessage) msg = exchange_message (f, "/auth/v3/token", "personalAccessKey",
                                                   circlet_test_server_get_key (f->server), NULL, NULL);

    body = send_ok (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
    assert_error_body (body, "message", "Unauthorized");
  }
}

static void
test_fault_retry_after (Fixture       *f,
                        gconstpointer  data)
{
  const char * const values[] = { "2", "0", "Wed, 21 Oct 2015 07:28:00 GMT", "garbage", NULL };
  g_autofree char *token = get_token (f);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(SoupMessage) msg = api_message (f, "/store/v2/profiles", token);
      g_autoptr(GBytes) body = NULL;

      circlet_test_server_inject (f->server, "/store", CIRCLET_FAULT_RETRY_AFTER, 1, values[i]);
      body = send_ok (f, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
      g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"),
                       ==, values[i]);
    }
}

static void
test_fault_bodies (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = get_token (f);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SoupMessage) html = NULL;
  g_autoptr(SoupMessage) malformed = NULL;
  g_autoptr(SoupMessage) huge = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *type;
  gsize len;
  const char *text;

  circlet_test_server_inject (f->server, "/", CIRCLET_FAULT_HTML, 1, NULL);
  html = api_message (f, "/publish/v2/profiles/ios", token);
  body = send_ok (f, html);
  g_assert_cmpuint (soup_message_get_status (html), ==, 200);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (html), NULL);
  g_assert_cmpstr (type, ==, "text/html");
  text = g_bytes_get_data (body, &len);
  g_assert_true (g_str_has_prefix (text, "<!DOCTYPE html>"));
  g_assert_false (json_parser_load_from_data (parser, text, (gssize) len, NULL));
  g_clear_pointer (&body, g_bytes_unref);

  circlet_test_server_inject (f->server, "/publish", CIRCLET_FAULT_MALFORMED_JSON, 1, NULL);
  malformed = api_message (f, "/publish/v2/profiles/ios", token);
  body = send_ok (f, malformed);
  g_assert_cmpuint (soup_message_get_status (malformed), ==, 200);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (malformed), NULL);
  g_assert_cmpstr (type, ==, "application/json");
  text = g_bytes_get_data (body, &len);
  g_assert_false (json_parser_load_from_data (parser, text, (gssize) len, NULL));
  g_clear_pointer (&body, g_bytes_unref);

  circlet_test_server_inject (f->server, "/publish", CIRCLET_FAULT_HUGE_BODY, 1, "3000000");
  huge = api_message (f, "/publish/v2/profiles/ios", token);
  body = send_ok (f, huge);
  g_assert_cmpuint (g_bytes_get_size (body), >=, 3000000);
  root = parse (body);
  g_assert_cmpuint (json_array_get_length (get_array (root)), >, 1000);
}

static void
test_fault_drop (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = get_token (f);
  g_autoptr(SoupSession) fresh = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  /* A fresh session: libsoup silently retries a request dropped on a
   * reused keep-alive connection, which would hide the fault. */
  msg = api_message (f, "/signing-identity/v2/keystores", token);
  circlet_test_server_inject (f->server, "/signing-identity", CIRCLET_FAULT_DROP, 1, NULL);
  body = send_with (fresh, msg, &error);
  g_assert_null (body);
  g_assert_nonnull (error);
  g_test_message ("dropped: %s", error->message);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, "/signing-identity/v2/keystores"), ==, 1);

  again = api_message (f, "/signing-identity/v2/keystores", token);
  body = send_ok (f, again);
  g_assert_cmpuint (soup_message_get_status (again), ==, 200);
  g_clear_pointer (&body, g_bytes_unref);

  /* On the reused connection of f->session: whatever libsoup does (it may
   * resend an idempotent request once), the server saw every attempt. */
  {
    g_autoptr(SoupMessage) reused = api_message (f, "/signing-identity/v2/keystores", token);
    g_autoptr(GError) reused_error = NULL;

    circlet_test_server_inject (f->server, "/signing-identity", CIRCLET_FAULT_DROP, 1, NULL);
    body = send_with (f->session, reused, &reused_error);
    g_test_message ("drop on a reused connection: %s, %u requests seen",
                    reused_error != NULL ? reused_error->message : "retried by libsoup",
                    circlet_test_server_get_count (f->server, "/signing-identity/v2/keystores"));
  }
}

static void
test_fault_latency (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = get_token (f);
  g_autoptr(GBytes) body = NULL;
  gint64 start;
  gint64 elapsed;
  guint status;

  circlet_test_server_inject (f->server, "/distribution", CIRCLET_FAULT_LATENCY, 1, "300");
  start = g_get_monotonic_time ();
  body = api_get (f, "/distribution/v2/testing-groups", token, &status);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (elapsed, >=, 300 * 1000);
  g_clear_pointer (&body, g_bytes_unref);

  /* Latency delays the normal answer, auth check included. */
  circlet_test_server_inject (f->server, "/distribution", CIRCLET_FAULT_LATENCY, 1, "10");
  body = api_get (f, "/distribution/v2/testing-groups", NULL, &status);
  g_assert_cmpuint (status, ==, 401);
}

static void
test_fault_redirect (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = get_token (f);
  g_autofree char *expected = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) same = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *location;

  g_assert_cmpstr (circlet_test_server_get_redirect_target_url (f->server), !=,
                   circlet_test_server_get_url (f->server));
  g_assert_true (g_str_has_prefix (circlet_test_server_get_redirect_target_url (f->server),
                                   "http://127.0.0.1:"));
  g_assert_null (circlet_test_server_dup_redirect_target_authorization (f->server));

  circlet_test_server_inject (f->server, "/build", CIRCLET_FAULT_REDIRECT, 1, NULL);
  msg = api_message (f, "/build/v2/profiles", token);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = send_ok (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  expected = g_strconcat (circlet_test_server_get_redirect_target_url (f->server), "/build/v2/profiles", NULL);
  g_assert_cmpstr (location, ==, expected);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_object (&msg);

  /* Followed by libsoup itself.  Upstream 3.2 kept the header across
   * origins; Debian's 3.2.3-0+deb12u1 backports the fix for CVE-2025-46421
   * and strips it, so only the arrival is asserted here. */
  circlet_test_server_inject (f->server, "/build", CIRCLET_FAULT_REDIRECT, 1, NULL);
  msg = api_message (f, "/build/v2/profiles", token);
  body = send_ok (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  root = parse (body);
  g_assert_cmpuint (json_array_get_length (get_array (root)), ==, N_ITEMS);
  g_assert_cmpuint (circlet_test_server_get_redirect_target_count (f->server), ==, 1);
  auth = circlet_test_server_dup_redirect_target_authorization (f->server);
  g_test_message ("libsoup sent Authorization across origins: %s", auth != NULL ? "yes" : "no");
  g_clear_pointer (&auth, g_free);
  g_clear_pointer (&body, g_bytes_unref);

  /* A leaking client (the header sent to the target) is recorded... */
  {
    g_autoptr(SoupMessage) leak = soup_message_new (SOUP_METHOD_GET, expected);

    soup_message_headers_replace (soup_message_get_request_headers (leak), "Authorization", bearer);
    body = send_ok (f, leak);
    g_assert_cmpuint (soup_message_get_status (leak), ==, 200);
    auth = circlet_test_server_dup_redirect_target_authorization (f->server);
    g_assert_cmpstr (auth, ==, bearer);
    g_clear_pointer (&body, g_bytes_unref);
  }

  /* ...and a careful one is answered anyway, and recorded as NULL. */
  {
    g_autoptr(SoupMessage) bare = soup_message_new (SOUP_METHOD_GET, expected);
    g_autofree char *none = NULL;

    body = send_ok (f, bare);
    g_assert_cmpuint (soup_message_get_status (bare), ==, 200);
    none = circlet_test_server_dup_redirect_target_authorization (f->server);
    g_assert_null (none);
    g_assert_cmpuint (circlet_test_server_get_redirect_target_count (f->server), ==, 3);
    g_clear_pointer (&body, g_bytes_unref);
  }

  circlet_test_server_inject (f->server, "/build", CIRCLET_FAULT_SAME_ORIGIN_REDIRECT, 1, NULL);
  same = api_message (f, "/build/v2/profiles", token);
  soup_message_add_flags (same, SOUP_MESSAGE_NO_REDIRECT);
  body = send_ok (f, same);
  g_assert_cmpuint (soup_message_get_status (same), ==, 302);
  g_free (expected);
  expected = url_for (f, "/build/v2/profiles?redirected=1");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (same), "Location"),
                   ==, expected);
}

static void
test_fault_times (Fixture       *f,
                  gconstpointer  data)
{
  const char *path = "/store/v2/profiles";
  const guint expected[] = { 500, 503, 503, 200, 200 };
  g_autofree char *token = get_token (f);

  /* Queued in order on one prefix: one 500, then two 503s, then normal. */
  circlet_test_server_inject (f->server, "/store", CIRCLET_FAULT_STATUS, 1, NULL);
  circlet_test_server_inject (f->server, "/store", CIRCLET_FAULT_STATUS, 2, "503");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GBytes) body = NULL;
      guint status;

      body = api_get (f, path, token, &status);
      g_assert_cmpuint (status, ==, expected[i]);
    }
  g_assert_cmpuint (circlet_test_server_get_count (f->server, path), ==, G_N_ELEMENTS (expected));

  /* Negative: until cleared; the longest prefix wins over a shorter one. */
  circlet_test_server_inject (f->server, "/", CIRCLET_FAULT_STATUS, -1, "502");
  circlet_test_server_inject (f->server, "/store/v2", CIRCLET_FAULT_STATUS, 1, "504");
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GBytes) body = NULL;
      guint status;

      body = api_get (f, path, token, &status);
      g_assert_cmpuint (status, ==, i == 0 ? 504 : 502);
    }
  circlet_test_server_clear_faults (f->server);
  {
    g_autoptr(GBytes) body = NULL;
    guint status;

    body = api_get (f, path, token, &status);
    g_assert_cmpuint (status, ==, 200);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, n) \
  g_test_add ("/server/" name, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)

  ADD ("fault/status", test_fault_status, N_ITEMS);
  ADD ("fault/retry-after", test_fault_retry_after, N_ITEMS);
  ADD ("fault/bodies", test_fault_bodies, N_ITEMS);
  ADD ("fault/drop", test_fault_drop, N_ITEMS);
  ADD ("fault/latency", test_fault_latency, N_ITEMS);
  ADD ("fault/redirect", test_fault_redirect, N_ITEMS);
  ADD ("fault/times", test_fault_times, N_ITEMS);

#undef ADD

  return g_test_run ();
}
