/* reliability-util.c: what the reliability tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "circlet-test-util.h"
#include "reliability-util.h"

void
rel_run_clear (RelRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  g_clear_pointer (&run->proc_environ, g_free);
  g_clear_pointer (&run->proc_cmdline, g_free);
}

static char *
read_proc (const char *pid,
           const char *name)
{
  g_autofree char *path = g_build_filename ("/proc", pid, name, NULL);
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;

  for (gsize i = 0; i < len; i++)
    if (contents[i] == '\0')
      contents[i] = '\n';
  return contents;
}

void
rel_run_cli (RelRun             *run,
             const char * const *envp,
             const char         *input,
             const char         *first,
             ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  gint64 start;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CIRCLET_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);

  /* The input waits in a pipe of our own, already closed: a CLI that exits
   * before reading it (a usage error) cannot make the write fail. */
  {
    int fds[2];
    gsize len = input != NULL ? strlen (input) : 0;

    g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
    g_assert_cmpuint (len, <, 4096);
    g_assert_cmpint (write (fds[1], input != NULL ? input : "", len), ==, (gssize) len);
    close (fds[1]);
    g_subprocess_launcher_take_stdin_fd (launcher, fds[0]);
  }
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "CIRCLET_DEBUG", "http", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  for (guint i = 0; envp != NULL && envp[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (envp[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  run->command = first;
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* It waits for stdin or for this process's test server: still running. */
  run->proc_environ = read_proc (g_subprocess_get_identifier (process), "environ");
  run->proc_cmdline = read_proc (g_subprocess_get_identifier (process), "cmdline");

  g_subprocess_communicate_utf8_async (process, NULL, NULL,
                                       circlet_test_store_result_cb, &result);
  g_subprocess_communicate_utf8_finish (process, circlet_test_wait (&result),
                                        &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->elapsed_us = g_get_monotonic_time () - start;
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  g_test_message ("circlet-cli %s → %d in %" G_GINT64_FORMAT " ms\nstdout: %s\nstderr: %s",
                  first, run->status, run->elapsed_us / 1000, run->out, run->err);
}

CircletAccount *
rel_account_new (const char *label,
                 const char *url)
{
  g_autoptr(GError) error = NULL;
  CircletAccount *account = circlet_account_new (NULL, label);

  g_assert_true (circlet_account_set_api_host (account, url, &error));
  g_assert_no_error (error);
  g_assert_true (circlet_account_set_auth_host (account, url, &error));
  g_assert_no_error (error);
  return account;
}

gboolean
rel_set_key (CircletSession  *session,
             CircletAccount  *account,
             const char      *key,
             gboolean         verify,
             GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_session_set_key_async (session, account, key, verify, NULL,
                                 circlet_test_store_result_cb, &result);
  return circlet_session_set_key_finish (session, circlet_test_wait (&result), error);
}

CircletSecret *
rel_get_token (CircletSession     *session,
               CircletAccount     *account,
               CircletTokenFlags   flags,
               GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_session_get_token_async (session, account, flags, NULL,
                                   circlet_test_store_result_cb, &result);
  return circlet_session_get_token_finish (session, circlet_test_wait (&result), NULL, error);
}

GBytes *
rel_get (CircletSession  *session,
         CircletAccount  *account,
         const char      *path,
         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_session_get_async (session, account, path, NULL,
                             circlet_test_store_result_cb, &result);
  return circlet_session_get_finish (session, circlet_test_wait (&result), error);
}

CircletSecret *
rel_lookup (CircletKeyStore    *keys,
            const char         *account_id,
            CircletSecretKind   kind,
            GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_key_store_lookup_async (keys, account_id, kind, NULL,
                                  circlet_test_store_result_cb, &result);
  return circlet_key_store_lookup_finish (keys, circlet_test_wait (&result), NULL, error);
}

void
rel_clear_kind (CircletKeyStore   *keys,
                const char        *account_id,
                CircletSecretKind  kind)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_key_store_clear_async (keys, account_id, kind, NULL,
                                 circlet_test_store_result_cb, &result);
  circlet_key_store_clear_finish (keys, circlet_test_wait (&result), NULL);
}

void
rel_clear (CircletKeyStore *keys,
           const char      *account_id)
{
  rel_clear_kind (keys, account_id, CIRCLET_SECRET_ANY);
}

void
rel_assert_no_secret (const char *where,
                      const char *data,
                      gsize       len,
                      GPtrArray  *secrets)
{
  if (data == NULL)
    return;

  for (guint i = 0; i < secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets, i);

      /* Short strings (an empty token) would match by chance. */
      g_assert_cmpuint (strlen (secret), >=, 16);
      if (circlet_test_contains (data, len, secret))
        g_error ("Secret %u of %u leaked into %s", i + 1, secrets->len, where);
    }
}

void
rel_assert_no_secret_in_tree (const char *dir,
                              const char *skip_dir,
                              GPtrArray  *secrets)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL || g_strcmp0 (dir, skip_dir) == 0)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        rel_assert_no_secret_in_tree (path, skip_dir, secrets);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
               g_file_get_contents (path, &contents, &len, NULL))
        rel_assert_no_secret (path, contents, len, secrets);
    }
}
