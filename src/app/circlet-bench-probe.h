/* circlet-bench-probe.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     circlet_bench_probe_watch           (GtkApplication *application);
void     circlet_bench_probe_mark            (const char     *what);
void     circlet_bench_probe_mark_next_frame (GtkWidget      *widget,
                                              const char     *what);
gboolean circlet_bench_probe_enabled         (void);

G_END_DECLS
