/* circlet-test-ui.h: waiting and rendering, shared by the UI suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How long a UI test waits for anything before it fails. */
#define CIRCLET_TEST_UI_TIMEOUT_SECONDS 30

typedef gboolean (*CircletTestCondition) (gpointer data);
typedef gboolean (*CircletTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

void      circlet_test_spin_until_within  (CircletTestCondition  condition,
                                           gpointer              data,
                                           guint                 seconds,
                                           const char           *what);
void      circlet_test_spin_until         (CircletTestCondition  condition,
                                           gpointer              data,
                                           const char           *what);
void      circlet_test_run_for            (guint                 milliseconds);
void      circlet_test_wait_for_frames    (GtkWidget            *widget,
                                           guint                 n_frames);
gboolean  circlet_test_widget_is_mapped   (gpointer              widget);
void      circlet_test_wait_until_shown   (GtkWindow            *window);
gboolean  circlet_test_no_toplevels       (gpointer              unused);
char     *circlet_test_render_to_png      (GtkWidget            *widget,
                                           const char           *basename);
void      circlet_test_assert_png_is_a_picture (const char *path,
                                                int         width,
                                                int         height);
GtkWindow *circlet_test_find_visible_toplevel   (GType       type);
gboolean  circlet_test_toplevel_exists          (gpointer    type);
gboolean  circlet_test_toplevel_gone            (gpointer    type);
gboolean  circlet_test_has_help_overlay   (gpointer              window);
GtkWidget *circlet_test_find_widget      (GtkWidget              *widget,
                                          CircletTestWidgetMatch  match,
                                          gconstpointer           data);
GtkShortcutsShortcut *circlet_test_find_shortcut (GtkWidget  *widget,
                                                  const char *title);
GtkColumnViewColumn  *circlet_test_find_column   (GtkColumnView *view,
                                                  const char    *title);

G_END_DECLS
