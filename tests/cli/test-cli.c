/* test-cli.c: circlet-cli as a user runs it, against the test server and a real keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "circlet-keyring-fixture.h"
#include "circlet-test-server.h"
#include "circlet-test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

typedef struct
{
  CircletTestServer *server;
  GPtrArray         *outputs;   /* everything the CLI printed, token stdout aside */
  GPtrArray         *tokens;    /* every session token handed out */
} Fixture;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs circlet-cli with G_MESSAGES_DEBUG=all, feeding @input on stdin. */
static void
run_cli (Fixture     *f,
         Run         *run,
         const char  *input,
         const char  *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CIRCLET_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);

  /* The input waits in a pipe of our own, written and closed before the
   * CLI starts: one that exits before reading it (a usage error, or a
   * slow start under valgrind) cannot make our write fail with EPIPE. */
  {
    int fds[2];
    gsize len = input != NULL ? strlen (input) : 0;

    g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
    /* Far below the pipe's 64 KiB, so the write never blocks. */
    g_assert_cmpuint (len, <, 16384);
    g_assert_cmpint (write (fds[1], input != NULL ? input : "", len), ==, (gssize) len);
    close (fds[1]);
    g_subprocess_launcher_take_stdin_fd (launcher, fds[0]);
  }
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* The test server answers from this process's main loop meanwhile. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &result);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, circlet_test_wait (&result),
                                                       &run->out, &run->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  g_test_message ("circlet-cli %s → %d\nstdout: %s\nstderr: %s", first, run->status, run->out, run->err);

  /* Only `token` may print a secret, and only on stdout. */
  g_ptr_array_add (f->outputs, g_strdup (run->err));
  if (g_strcmp0 (first, "token") != 0)
    g_ptr_array_add (f->outputs, g_strdup (run->out));
  else if (run->status == 0)
    g_ptr_array_add (f->tokens, g_strdup (g_strstrip (run->out)));
}

static char *
config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "circlet", "accounts.ini", NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = config_path ();
  g_autoptr(GError) error = NULL;

  g_unlink (path);
  f->server = circlet_test_server_new (12, &error);
  g_assert_no_error (error);
  f->outputs = g_ptr_array_new_with_free_func (g_free);
  f->tokens = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->outputs, g_ptr_array_unref);
  g_clear_pointer (&f->tokens, g_ptr_array_unref);
  g_clear_object (&f->server);
}

static void
add_account (Fixture    *f,
             Run        *run,
             const char *label,
             const char *key)
{
  const char *url = circlet_test_server_get_url (f->server);
  g_autofree char *input = g_strdup_printf ("%s\n", key);

  run_cli (f, run, input, "add", "--label", label, "--api-host", url, "--auth-host", url, NULL);
}

static gboolean
keyring_is_locked (void)
{
  return circlet_keyring_kind_from_env () == CIRCLET_KEYRING_GNOME_LOCKED;
}

/* The tests that store keys need a keyring that takes them. */
static gboolean
keyring_is_usable (void)
{
  CircletKeyringKind kind = circlet_keyring_kind_from_env ();

  return kind == CIRCLET_KEYRING_GNOME || kind == CIRCLET_KEYRING_FILE;
}

static void
assert_no_secret_in (Fixture    *f,
                     const char *where,
                     const char *text,
                     gsize       len)
{
  const char *key = circlet_test_server_get_key (f->server);

  if (text == NULL)
    return;

  if (circlet_test_contains (text, len, key))
    g_error ("The key leaked into %s", where);
  for (guint i = 0; i < f->tokens->len; i++)
    if (circlet_test_contains (text, len, g_ptr_array_index (f->tokens, i)))
      g_error ("A session token leaked into %s", where);
}

static void
scan_tree (Fixture    *f,
           const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        scan_tree (f, path);
      else if (g_file_get_contents (path, &contents, &len, NULL))
        assert_no_secret_in (f, path, contents, len);
    }
}

/* Tests {{{1 */

static void
test_add_then_tokens (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Run) add = { 0, };
  g_autoptr(GError) error = NULL;

  if (!keyring_is_usable ())
    {
      g_test_skip ("needs an unlocked keyring");
      return;
    }

  add_account (f, &add, "Acme", circlet_test_server_get_key (f->server));
  g_assert_cmpint (add.status, ==, 0);
  g_assert_true (g_uuid_string_is_valid (g_strstrip (add.out)));
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);

  for (guint i = 0; i < 3; i++)
    {
      g_auto(Run) token = { 0, };

      run_cli (f, &token, NULL, "token", NULL);
      g_assert_cmpint (token.status, ==, 0);
    }

  /* add verified the key once; three token runs reused that session. */
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);
  g_assert_cmpuint (f->tokens->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->tokens, 0), ==, g_ptr_array_index (f->tokens, 2));

  /* The token works with any HTTP client, as with curl. */
  {
    g_autoptr(SoupSession) soup = soup_session_new ();
    g_autofree char *url = g_strconcat (circlet_test_server_get_url (f->server), "/distribution/v2/profiles", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autofree char *bearer = g_strconcat ("Bearer ", (char *) g_ptr_array_index (f->tokens, 0), NULL);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GAsyncResult) result = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    soup_session_send_and_read_async (soup, msg, G_PRIORITY_DEFAULT, NULL, communicate_cb, &result);
    body = soup_session_send_and_read_finish (soup, circlet_test_wait (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }
}

static void
test_accounts_and_verify (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(Run) add = { 0, };
  g_auto(Run) list = { 0, };
  g_auto(Run) table = { 0, };
  g_auto(Run) verify = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *account;
  JsonArray *array;

  if (!keyring_is_usable ())
    {
      g_test_skip ("needs an unlocked keyring");
      return;
    }

  add_account (f, &add, "Acme Mobile", circlet_test_server_get_key (f->server));
  g_assert_cmpint (add.status, ==, 0);

  run_cli (f, &list, NULL, "accounts", "--json", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, list.out, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  account = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (account, "label"), ==, "Acme Mobile");
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "valid");
  g_assert_cmpstr (json_object_get_string_member (account, "api_host"), ==, circlet_test_server_get_url (f->server));

  run_cli (f, &table, NULL, "accounts", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "Acme Mobile"));
  g_assert_nonnull (strstr (table.out, "Session valid, renews in"));

  run_cli (f, &verify, NULL, "verify", "--org", "acme mobile", NULL);
  g_assert_cmpint (verify.status, ==, 0);
  g_assert_nonnull (strstr (verify.out, "the key works"));
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
}

static void
test_revoked (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Run) add = { 0, };
  g_auto(Run) verify = { 0, };
  g_auto(Run) token = { 0, };
  g_auto(Run) list = { 0, };

  if (!keyring_is_usable ())
    {
      g_test_skip ("needs an unlocked keyring");
      return;
    }

  add_account (f, &add, "Acme", circlet_test_server_get_key (f->server));
  g_assert_cmpint (add.status, ==, 0);
  circlet_test_server_revoke_key (f->server, circlet_test_server_get_key (f->server));

  run_cli (f, &verify, NULL, "verify", NULL);
  g_assert_cmpint (verify.status, ==, 3);
  g_assert_nonnull (strstr (verify.err, "deleted or is invalid"));
  g_assert_nonnull (strstr (verify.err, "My Organization → Security"));
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);

  /* Later runs see the revocation without asking the server again. */
  run_cli (f, &token, NULL, "token", NULL);
  g_assert_cmpint (token.status, ==, 3);
  g_assert_cmpstr (token.out, ==, "");
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);

  run_cli (f, &list, NULL, "accounts", NULL);
  g_assert_nonnull (strstr (list.out, "Revoked"));
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Run) add = { 0, };
  g_auto(Run) remove = { 0, };
  g_auto(Run) list = { 0, };
  g_auto(Run) token = { 0, };

  if (!keyring_is_usable ())
    {
      g_test_skip ("needs an unlocked keyring");
      return;
    }

  add_account (f, &add, "Acme", circlet_test_server_get_key (f->server));
  g_assert_cmpint (add.status, ==, 0);

  run_cli (f, &remove, NULL, "remove", "Acme", NULL);
  g_assert_cmpint (remove.status, ==, 0);
  run_cli (f, &list, NULL, "accounts", "--json", NULL);
  g_assert_cmpstr (g_strstrip (list.out), ==, "[]");
  run_cli (f, &token, NULL, "token", NULL);
  g_assert_cmpint (token.status, ==, 1);
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const char *url = circlet_test_server_get_url (f->server);
  g_auto(Run) help = { 0, };
  g_auto(Run) unknown = { 0, };
  g_auto(Run) no_label = { 0, };
  g_auto(Run) bad_host = { 0, };
  g_auto(Run) broken_key = { 0, };
  g_auto(Run) empty_key = { 0, };
  g_auto(Run) no_account = { 0, };

  run_cli (f, &help, NULL, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "3  the key was deleted"));
  g_assert_nonnull (strstr (help.out, "token"));

  run_cli (f, &unknown, NULL, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 1);

  run_cli (f, &no_label, "key==\n", "add", NULL);
  g_assert_cmpint (no_label.status, ==, 1);

  run_cli (f, &bad_host, "key==\n", "add", "--label", "X", "--api-host", "https://api.example.com/v2/", NULL);
  g_assert_cmpint (bad_host.status, ==, 1);
  g_assert_nonnull (strstr (bad_host.err, "without a path"));

  run_cli (f, &broken_key, "abc\ndef==\n", "add", "--label", "X", "--api-host", url, "--auth-host", url, NULL);
  g_assert_cmpint (broken_key.status, ==, 1);
  g_assert_nonnull (strstr (broken_key.err, "line breaks"));

  run_cli (f, &empty_key, "", "add", "--label", "X", "--api-host", url, "--auth-host", url, NULL);
  g_assert_cmpint (empty_key.status, ==, 1);

  run_cli (f, &no_account, NULL, "token", NULL);
  g_assert_cmpint (no_account.status, ==, 1);
  g_assert_nonnull (strstr (no_account.err, "circlet-cli add"));

  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 0);
}

static void
test_duplicate_label (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Run) first = { 0, };
  g_auto(Run) second = { 0, };

  if (!keyring_is_usable ())
    {
      g_test_skip ("needs an unlocked keyring");
      return;
    }

  add_account (f, &first, "Acme", circlet_test_server_get_key (f->server));
  g_assert_cmpint (first.status, ==, 0);
  add_account (f, &second, "ACME", circlet_test_server_get_key (f->server));
  g_assert_cmpint (second.status, ==, 1);
  g_assert_nonnull (strstr (second.err, "already exists"));
}

static void
test_wrong_host (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Run) add = { 0, };
  g_autofree char *path = config_path ();

  circlet_test_server_inject (f->server, "/auth/", CIRCLET_FAULT_HTML, -1, NULL);
  add_account (f, &add, "Acme", circlet_test_server_get_key (f->server));
  g_assert_cmpint (add.status, ==, 5);
  g_assert_nonnull (strstr (add.err, "does not look like an Appcircle"));
  /* Nothing half-added. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_locked_keyring (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = config_path ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) refused = { 0, };
  g_auto(Run) add = { 0, };
  g_auto(Run) token = { 0, };
  g_auto(Run) list = { 0, };
  g_auto(Run) remove = { 0, };
  g_auto(Run) again = { 0, };

  if (!keyring_is_locked ())
    {
      g_test_skip ("needs a gnome-keyring that can be locked");
      return;
    }

  /* No prompter can answer: adding fails with the keyring's exit code. */
  add_account (f, &refused, "New", circlet_test_server_get_key (f->server));
  g_assert_cmpint (refused.status, ==, 4);
  g_assert_nonnull (strstr (refused.err, "nlock"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* An organization added while unlocked… */
  circlet_keyring_fixture_set_locked (FALSE);
  add_account (f, &add, "Acme", circlet_test_server_get_key (f->server));
  g_assert_cmpint (add.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  /* …is kept, and reported as locked, once the keyring is locked. */
  circlet_keyring_fixture_set_locked (TRUE);
  run_cli (f, &token, NULL, "token", NULL);
  g_assert_cmpint (token.status, ==, 4);
  run_cli (f, &list, NULL, "accounts", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "Acme"));
  g_assert_nonnull (strstr (list.out, "Keyring locked"));
  run_cli (f, &remove, NULL, "remove", "Acme", NULL);
  g_assert_cmpint (remove.status, ==, 4);

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  /* Unlocked again, the session cached by add works with no new exchange
   * (one exchange per add: add verifies the key before storing it). */
  circlet_keyring_fixture_set_locked (FALSE);
  run_cli (f, &again, NULL, "token", NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
}

static void
test_unavailable_keyring (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) refused = { 0, };
  g_auto(Run) token = { 0, };
  g_auto(Run) list = { 0, };
  g_auto(Run) remove = { 0, };
  g_autoptr(GError) error = NULL;

  if (circlet_keyring_kind_from_env () != CIRCLET_KEYRING_NONE)
    {
      g_test_skip ("needs a session without a Secret Service");
      return;
    }

  /* No keyring: the key is refused, never written anywhere else. */
  add_account (f, &refused, "New", circlet_test_server_get_key (f->server));
  g_assert_cmpint (refused.status, ==, 4);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* An organization set up before is kept and reported, never dropped. */
  contents = g_strdup_printf ("[Account 6c0bd6f5-6a0b-4f51-9d6e-1f0c6d7a9b10]\n"
                              "label=Acme\napi-host=%s\nauth-host=%s\n",
                              circlet_test_server_get_url (f->server),
                              circlet_test_server_get_url (f->server));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);

  run_cli (f, &token, NULL, "token", NULL);
  g_assert_cmpint (token.status, ==, 4);
  run_cli (f, &list, NULL, "accounts", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "Acme"));
  g_assert_nonnull (strstr (list.out, "No keyring"));
  run_cli (f, &remove, NULL, "remove", "Acme", NULL);
  g_assert_cmpint (remove.status, ==, 4);

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (contents, ==, after);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), <=, 1);
}

/* Runs last: everything the other tests printed and left on disk. */
static void
test_secrets_never_leak (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Run) add = { 0, };
  g_auto(Run) token = { 0, };
  g_auto(Run) verify = { 0, };
  g_auto(Run) list = { 0, };
  g_auto(Run) remove = { 0, };

  if (!keyring_is_usable ())
    {
      g_test_skip ("needs an unlocked keyring");
      return;
    }

  add_account (f, &add, "Acme", circlet_test_server_get_key (f->server));
  g_assert_cmpint (add.status, ==, 0);
  run_cli (f, &token, NULL, "token", NULL);
  g_assert_cmpint (token.status, ==, 0);
  run_cli (f, &verify, NULL, "verify", NULL);
  g_assert_cmpint (verify.status, ==, 0);
  run_cli (f, &list, NULL, "accounts", "--json", NULL);
  g_assert_cmpint (list.status, ==, 0);

  /* The debug output is really there, and clean. */
  g_assert_nonnull (strstr (add.err, "Exchanging"));
  for (guint i = 0; i < f->outputs->len; i++)
    {
      const char *text = g_ptr_array_index (f->outputs, i);

      assert_no_secret_in (f, "the CLI's output", text, strlen (text));
    }

  scan_tree (f, circlet_keyring_fixture_get_home ());

  run_cli (f, &remove, NULL, "remove", "Acme", NULL);
  g_assert_cmpint (remove.status, ==, 0);
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
  g_test_add ("/cli/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("add-then-tokens", test_add_then_tokens);
  ADD ("accounts-and-verify", test_accounts_and_verify);
  ADD ("revoked", test_revoked);
  ADD ("remove", test_remove);
  ADD ("usage-errors", test_usage_errors);
  ADD ("duplicate-label", test_duplicate_label);
  ADD ("wrong-host", test_wrong_host);
  ADD ("locked-keyring", test_locked_keyring);
  ADD ("unavailable-keyring", test_unavailable_keyring);
  ADD ("secrets-never-leak", test_secrets_never_leak);

#undef ADD

  status = g_test_run ();
  circlet_keyring_fixture_teardown ();
  return status;
}
