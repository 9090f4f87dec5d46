/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "circlet-application.h"
#include "circlet-bench-probe.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CircletApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = circlet_application_new ();
  circlet_bench_probe_watch (GTK_APPLICATION (app));

  return g_application_run (G_APPLICATION (app), argc, argv);
}
