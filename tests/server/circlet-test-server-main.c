/* circlet-test-server-main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>

#include "circlet-test-server.h"

/* circlet-test-server: the test server as its own process, for the CLI and
 * UI tests and for trying the app by hand.  The first two lines of stdout
 * are the whole machine interface; the key is printed there and nowhere
 * else. */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
print_hint (const char *url)
{
  g_printerr ("circlet-test-server: a local Appcircle stand-in (auth and API on one URL).\n"
              "  Add it:    circlet-cli add --label Test --api-host %s --auth-host %s\n"
              "             (the key is the KEY= line printed on stdout)\n"
              "  Revoke:    curl -X POST %s/_control/revoke\n"
              "  Restore:   curl -X POST %s/_control/restore\n"
              "  Faults:    curl -d path=/distribution -d kind=retry-after -d arg=2 %s/_control/fault\n"
              "  Stats:     curl %s/_control/stats\n"
              "Stop with Ctrl+C or SIGTERM.\n",
              url, url, url, url, url, url);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CircletTestServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_file = NULL;
  g_autofree char *key_file = NULL;
  int port = 0;
  int items = 25;
  int lifetime = 3600;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (default: a free one)", "P" },
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "Items in each list (default: 25)", "N" },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &lifetime, "Session token lifetime (default: 3600)", "S" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_file, "Serve https with this PEM certificate", "F" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key_file, "The certificate's PEM private key", "F" },
    { NULL }
  };

  context = g_option_context_new ("- a local Appcircle-compatible test server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("circlet-test-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (port < 0 || port > 65535 || items < 0 || (cert_file == NULL) != (key_file == NULL))
    {
      g_printerr ("circlet-test-server: --port must be 0–65535, --items positive, "
                  "and --tls-cert and --tls-key go together\n");
      return EXIT_FAILURE;
    }

  server = circlet_test_server_new_full ((guint) port, (guint) items, cert_file, key_file, &error);
  if (server == NULL)
    {
      g_printerr ("circlet-test-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  circlet_test_server_set_token_lifetime (server, lifetime);

  /* Handlers first, so a parent that signals as soon as it has read the
   * URL never meets the default action. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);

  printf ("URL=%s\nKEY=%s\n", circlet_test_server_get_url (server),
          circlet_test_server_get_key (server));
  fflush (stdout);
  print_hint (circlet_test_server_get_url (server));

  g_main_loop_run (loop);
  return EXIT_SUCCESS;
}
