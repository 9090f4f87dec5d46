/* test-warm-start.c: the first list of a start with a cached session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real circlet binary, as a user starts it, with one organization added
 * by circlet-cli (which leaves a valid session token in the keyring),
 * against the in-process test server and a real gnome-keyring, with
 * G_MESSAGES_DEBUG=all and CIRCLET_DEBUG=http. Its first list must come
 * from the head start read while GTK starts (circlet-api-prefetch.c): the
 * rows reach the screen after exactly one GET of the list, no exchange,
 * and nothing it logged holds a key or a token.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "circlet-keyring-fixture.h"
#include "circlet-test-server.h"
#include "circlet-test-util.h"
#include "reliability-util.h"

#define N_ITEMS        300
#define PROFILES_PATH  "/distribution/v2/profiles"

typedef struct
{
  GDataInputStream *input;
  GString          *log;
  gboolean          first_rows;  /* the probe saw the rows painted */
  gboolean          ended;
} Reader;

static void read_line (Reader *reader);

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Reader *reader = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (reader->input, result, NULL, NULL);

  if (line == NULL)
    {
      reader->ended = TRUE;
      return;
    }

  g_string_append_printf (reader->log, "%s\n", line);
  if (g_str_has_prefix (line, "circlet-probe first-rows "))
    reader->first_rows = TRUE;
  else
    read_line (reader);
}

static void
read_line (Reader *reader)
{
  g_data_input_stream_read_line_async (reader->input, G_PRIORITY_DEFAULT, NULL, line_read_cb, reader);
}

static GPtrArray *
dup_secrets (CircletTestServer *server)
{
  g_auto(GStrv) tokens = circlet_test_server_dup_issued_tokens (server);
  GPtrArray *secrets = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (secrets, g_strdup (circlet_test_server_get_key (server)));
  for (guint i = 0; tokens[i] != NULL; i++)
    g_ptr_array_add (secrets, g_strdup (tokens[i]));
  return secrets;
}

static void
test_warm_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletTestServer) server = circlet_test_server_new (N_ITEMS, &error);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GPtrArray) secrets = NULL;
  g_autofree char *input = NULL;
  g_auto(RelRun) add = { 0, };
  Reader reader = { 0, };
  const char *url;
  guint gets, exchanges;
  gint64 deadline;

  g_assert_no_error (error);
  url = circlet_test_server_get_url (server);

  /* As a user would: the CLI adds the organization and checks its key. */
  input = g_strconcat (circlet_test_server_get_key (server), "\n", NULL);
  rel_run_cli (&add, NULL, input, "add", "--label", "Acme", "--api-host", url, "--auth-host", url, NULL);
  g_assert_cmpint (add.status, ==, 0);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (server), ==, 1);

  gets = circlet_test_server_get_count (server, PROFILES_PATH);
  exchanges = circlet_test_server_get_exchange_count (server);

  /* GLib logs debug messages to standard output, the probe to standard error. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "CIRCLET_DEBUG", "http", TRUE);
  g_subprocess_launcher_setenv (launcher, "CIRCLET_BENCH_PROBE", "1", TRUE);
  app = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CIRCLET_APP"), NULL);
  g_assert_no_error (error);

  reader.input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (app));
  reader.log = g_string_new (NULL);
  read_line (&reader);

  /* The server answers on this thread's main loop. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!reader.first_rows && !reader.ended && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_subprocess_send_signal (app, SIGTERM);
  g_subprocess_wait (app, NULL, NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_test_message ("circlet's output:\n%s", reader.log->str);

  g_assert_true (reader.first_rows);
  g_assert_nonnull (strstr (reader.log->str, "The list of distribution-profiles comes from its head start"));
  g_assert_cmpuint (circlet_test_server_get_count (server, PROFILES_PATH), ==, gets + 1);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (server), ==, exchanges);

  /* The head start logged its request (CIRCLET_DEBUG=http), never a secret. */
  g_assert_nonnull (strstr (reader.log->str, PROFILES_PATH));
  secrets = dup_secrets (server);
  rel_assert_no_secret ("circlet's log", reader.log->str, reader.log->len, secrets);

  g_clear_object (&reader.input);
  g_string_free (reader.log, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  circlet_keyring_fixture_setup (circlet_keyring_kind_from_env ());
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/warm-start", test_warm_start);

  status = g_test_run ();
  circlet_keyring_fixture_teardown ();
  return status;
}
