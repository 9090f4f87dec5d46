/* bench-session.c: exchange economy and connection reuse, in one process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints one JSON object per line: {"name": …, "value": …, "unit": …}.
 * bench/bench.py collects them with the other measurements.
 */

#include "config.h"

#include <stdio.h>

#include "circlet-account.h"
#include "circlet-key-store.h"
#include "circlet-keyring-fixture.h"
#include "circlet-session.h"
#include "circlet-test-server.h"
#include "circlet-test-util.h"

#define PROFILES "/distribution/v2/profiles"

typedef struct
{
  guint pending;
  guint failed;
} Batch;

static void
get_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Batch *batch = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = circlet_session_get_finish (CIRCLET_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_printerr ("bench-session: %s\n", error->message);
      batch->failed++;
    }
  batch->pending--;
}

/* Fires @n GETs at once, or one after another, and waits for all. */
static guint
run_gets (CircletSession *session,
          CircletAccount *account,
          guint           n,
          gboolean        concurrent)
{
  Batch batch = { 0, 0 };

  for (guint i = 0; i < n; i++)
    {
      batch.pending++;
      circlet_session_get_async (session, account, PROFILES, NULL, get_cb, &batch);
      if (!concurrent)
        while (batch.pending > 0)
          g_main_context_iteration (NULL, TRUE);
    }

  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  return batch.failed;
}

static void
report (const char *name,
        double      value,
        const char *unit)
{
  g_print ("{\"name\": \"%s\", \"value\": %g, \"unit\": \"%s\"}\n", name, value, unit);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CircletTestServer) server = NULL;
  g_autoptr(CircletKeyStore) keys = NULL;
  g_autoptr(CircletSession) session = NULL;
  g_autoptr(CircletSession) fresh = NULL;
  g_autoptr(CircletAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint exchanges, connections, failed;

  circlet_keyring_fixture_setup (CIRCLET_KEYRING_GNOME);

  server = circlet_test_server_new (100, &error);
  g_assert_no_error (error);
  keys = circlet_key_store_new ();
  session = circlet_session_new (keys);
  account = circlet_account_new (NULL, "Bench");
  circlet_account_set_api_host (account, circlet_test_server_get_url (server), NULL);
  circlet_account_set_auth_host (account, circlet_test_server_get_url (server), NULL);

  /* A session that is inside the renewal margin counts as expired. */
  circlet_test_server_set_token_lifetime (server, 60);
  circlet_session_set_key_async (session, account, circlet_test_server_get_key (server), TRUE,
                                 NULL, circlet_test_store_result_cb, &result);
  if (!circlet_session_set_key_finish (session, circlet_test_wait (&result), &error))
    g_error ("%s", error->message);
  circlet_test_server_set_token_lifetime (server, 3600);

  /* 1. 100 concurrent calls on an expired session, from a fresh process state. */
  fresh = circlet_session_new (keys);
  exchanges = circlet_test_server_get_exchange_count (server);
  failed = run_gets (fresh, account, 100, TRUE);
  report ("exchanges-for-100-concurrent-calls-on-expired-session",
          circlet_test_server_get_exchange_count (server) - exchanges, "exchanges");
  if (failed > 0)
    report ("failed-calls", failed, "calls");

  /* 2. Connection reuse: what the server accepted per 100 requests, each
   * phase from a new session with no open connection. */
  g_clear_object (&fresh);
  fresh = circlet_session_new (keys);
  connections = circlet_test_server_get_connection_count (server);
  run_gets (fresh, account, 100, FALSE);
  report ("connections-per-100-sequential-calls",
          circlet_test_server_get_connection_count (server) - connections, "connections");

  g_clear_object (&fresh);
  fresh = circlet_session_new (keys);
  connections = circlet_test_server_get_connection_count (server);
  run_gets (fresh, account, 100, TRUE);
  report ("connections-per-100-concurrent-calls",
          circlet_test_server_get_connection_count (server) - connections, "connections");

  g_clear_object (&fresh);
  g_clear_object (&session);
  circlet_keyring_fixture_teardown ();
  return 0;
}
