/* circlet-test-ui.c: waiting and rendering, shared by the UI suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-test-ui.h"

typedef struct
{
  GtkWidget *widget;
  guint      painted;
  guint      wanted;
} FrameWait;

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @condition holds; fails after @seconds,
 * naming @what. */
void
circlet_test_spin_until_within (CircletTestCondition  condition,
                                gpointer              data,
                                guint                 seconds,
                                const char           *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out after %u s waiting for %s", seconds, what);

  g_source_remove (id);
}

/* As circlet_test_spin_until_within(), within
 * CIRCLET_TEST_UI_TIMEOUT_SECONDS. */
void
circlet_test_spin_until (CircletTestCondition  condition,
                         gpointer              data,
                         const char           *what)
{
  circlet_test_spin_until_within (condition, data, CIRCLET_TEST_UI_TIMEOUT_SECONDS, what);
}

/* Lets the main loop run for a while: animations and transitions. */
void
circlet_test_run_for (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  FrameWait *wait = user_data;

  wait->painted++;
}

static gboolean
frames_painted (gpointer data)
{
  FrameWait *wait = data;

  if (wait->painted >= wait->wanted)
    return TRUE;

  /* An idle window paints nothing: ask for the next frame. */
  gtk_widget_queue_draw (wait->widget);
  return FALSE;
}

void
circlet_test_wait_for_frames (GtkWidget *widget,
                              guint      n_frames)
{
  FrameWait wait = { widget, 0, n_frames };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);
  circlet_test_spin_until (frames_painted, &wait, "painted frames");
  g_signal_handler_disconnect (clock, id);
}

gboolean
circlet_test_widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

void
circlet_test_wait_until_shown (GtkWindow *window)
{
  circlet_test_spin_until (circlet_test_widget_is_mapped, window, "the window to map");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 3);
}

gboolean
circlet_test_no_toplevels (gpointer unused)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  return toplevels == NULL;
}

/* Renders @widget as it is on screen into the build directory (the GTK 4.8
 * recipe: the widget's paintable through its native's renderer).
 * Returns: (transfer full): the PNG's path */
char *
circlet_test_render_to_png (GtkWidget  *widget,
                            const char *basename)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  char *path = g_test_build_filename (G_TEST_BUILT, basename, NULL);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));

  return path;
}

/* Asserts the PNG has the widget's size and enough colours not to be blank. */
void
circlet_test_assert_png_is_a_picture (const char *path,
                         int         width,
                         int         height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree guchar *pixels = NULL;
  gsize stride;

  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);

  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  for (gsize i = 0; i < stride * height; i += 4)
    {
      guint32 pixel;

      memcpy (&pixel, pixels + i, sizeof pixel);
      g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
    }

  /* A blank or failed render has one or two colours; text and icons give hundreds. */
  g_test_message ("%s: %d×%d, %u colours", path, width, height, g_hash_table_size (colours));
  g_assert_cmpuint (g_hash_table_size (colours), >, 20);
}

/* Returns: (nullable): a visible toplevel of @type */
GtkWindow *
circlet_test_find_visible_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

gboolean
circlet_test_toplevel_exists (gpointer data)
{
  return circlet_test_find_visible_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

gboolean
circlet_test_toplevel_gone (gpointer data)
{
  return circlet_test_find_visible_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

/* Whether @window (a GtkApplicationWindow) has made its shortcuts window. */
gboolean
circlet_test_has_help_overlay (gpointer window)
{
  return gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) != NULL;
}

/* The first widget in @widget's tree, @widget included, depth first, for
 * which @match holds. */
GtkWidget *
circlet_test_find_widget (GtkWidget              *widget,
                          CircletTestWidgetMatch  match,
                          gconstpointer           data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = circlet_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_shortcut_titled (GtkWidget     *widget,
                    gconstpointer  title)
{
  g_autofree char *shortcut_title = NULL;

  if (!GTK_IS_SHORTCUTS_SHORTCUT (widget))
    return FALSE;

  g_object_get (widget, "title", &shortcut_title, NULL);
  return g_strcmp0 (shortcut_title, title) == 0;
}

GtkShortcutsShortcut *
circlet_test_find_shortcut (GtkWidget  *widget,
                            const char *title)
{
  return (GtkShortcutsShortcut *) circlet_test_find_widget (widget, is_shortcut_titled, title);
}

/* The column of @view titled @title; fails the test if there is none. */
GtkColumnViewColumn *
circlet_test_find_column (GtkColumnView *view,
                          const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }

  g_error ("No column %s", title);
}
