/* bench-floor-window.c: the smallest GTK 4 + libadwaita app, the start-up floor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A header bar and a label in an AdwApplicationWindow: what any libadwaita
 * app pays before it shows anything. bench/run starts it exactly as it starts
 * Circlet and reads the same probe lines.
 */

#include "config.h"

#include <adwaita.h>

#include "circlet-bench-probe.h"

static void
activate_cb (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Hello");

  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), label);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.circlet.BenchFloor",
                                                        G_APPLICATION_DEFAULT_FLAGS);

  circlet_bench_probe_watch (GTK_APPLICATION (app));
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
