/* circlet-bench-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "circlet-bench-probe.h"

/*
 * bench/run measures start-up from outside: it notes the monotonic time,
 * starts the app with CIRCLET_BENCH_PROBE=1, and reads lines such as
 * "circlet-probe first-frame 123456789" (monotonic microseconds, the same
 * clock in every process) from standard error. Without the variable, this
 * costs one getenv at start-up and nothing else.
 */

static gboolean enabled;

void
circlet_bench_probe_mark (const char *what)
{
  if (!enabled)
    return;

  fprintf (stderr, "circlet-probe %s %" G_GINT64_FORMAT "\n", what, g_get_monotonic_time ());
  fflush (stderr);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  circlet_bench_probe_mark ("first-frame");
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
}

static void
next_frame_cb (GdkFrameClock *clock,
               gpointer       user_data)
{
  circlet_bench_probe_mark (user_data);
  g_signal_handlers_disconnect_by_func (clock, next_frame_cb, user_data);
}

/**
 * circlet_bench_probe_mark_next_frame:
 * @widget: a mapped widget that has just changed
 * @what: (not nullable): a static string naming the mark
 *
 * Marks @what once the next frame of @widget's window is painted: when the
 * change is on screen, not when it was made.
 */
void
circlet_bench_probe_mark_next_frame (GtkWidget  *widget,
                                     const char *what)
{
  GdkFrameClock *clock;

  if (!enabled)
    return;

  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    return;

  g_signal_connect (clock, "after-paint", G_CALLBACK (next_frame_cb), (gpointer) what);
  gtk_widget_queue_draw (widget);
}

gboolean
circlet_bench_probe_enabled (void)
{
  return enabled;
}

static void
window_mapped_cb (GtkWidget *window,
                  gpointer   user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, window_mapped_cb, user_data);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  g_signal_handlers_disconnect_by_func (application, window_added_cb, user_data);
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
}

/* Reports the first frame of the application's first window. */
void
circlet_bench_probe_watch (GtkApplication *application)
{
  enabled = g_getenv ("CIRCLET_BENCH_PROBE") != NULL;
  if (!enabled)
    return;

  circlet_bench_probe_mark ("main");
  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), NULL);
}
