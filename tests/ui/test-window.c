/* test-window.c
 *
 * The main window, the application's actions and its command line, in a real
 * CircletApplication on a virtual display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-test-ui.h"

#include <string.h>

#include <adwaita.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "circlet-add-organization-dialog.h"
#include "circlet-application.h"
#include "circlet-window-private.h"



typedef struct
{
  int         width;
  int         height;
  const char *png;
} Screenshot;

/* One application for the whole binary: a connection can own its bus name
 * and object path only once. */
static CircletApplication *app;









static void
destroy_all_windows (void)
{
  GList *toplevels = gtk_window_list_toplevels ();

  /* Destroying a window can destroy others (its dialogs, its help overlay). */
  g_list_foreach (toplevels, (GFunc) g_object_ref, NULL);
  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free_full (toplevels, g_object_unref);

  circlet_test_spin_until (circlet_test_no_toplevels, NULL, "every window to go");
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

static gboolean
add_dialog_exists (gpointer data)
{
  return find_toplevel (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG) != NULL;
}

static void
reset_window_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

/* The window the application itself opens, as on a launch from the desktop. */
static CircletWindow *
activate_application (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CIRCLET_IS_WINDOW (window));
  circlet_test_wait_until_shown (window);

  return CIRCLET_WINDOW (window);
}

static void
collect_mapped_text (GtkWidget *widget,
                     GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (text, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mapped_text (child, text);
}

static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}



static void
assert_renders (GtkWidget  *widget,
                const char *basename)
{
  g_autofree char *path = circlet_test_render_to_png (widget, basename);

  circlet_test_assert_png_is_a_picture (path, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
}

/* The default size is the size of the surface: on X11 without a compositor
 * it includes GTK's invisible resize border, so the widget is a bit smaller. */
static void
assert_surface_size (GtkWindow *window,
                     int        width,
                     int        height)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_assert_cmpint (gdk_surface_get_width (surface), ==, width);
  g_assert_cmpint (gdk_surface_get_height (surface), ==, height);
}

static void
test_welcome_screenshot (gconstpointer data)
{
  const Screenshot *shot = data;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  CircletWindow *window;
  int min_width;

  /* The stored size is the one a new window opens at. */
  reset_window_settings ();
  g_settings_set_int (settings, "window-width", shot->width);
  g_settings_set_int (settings, "window-height", shot->height);

  window = activate_application ();

  /* Nothing reads organizations yet, so the welcome page is what a first run shows. */
  g_assert_cmpstr (_circlet_window_get_visible_page_name (window), ==, "welcome");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* Nothing inside forces the window wider than asked, down to phone width. */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  assert_surface_size (GTK_WINDOW (window), shot->width, shot->height);

  assert_renders (GTK_WIDGET (window), shot->png);

  destroy_all_windows ();
}

static void
test_welcome_content (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  CircletWindow *window;
  GtkWidget *add_button;
  GtkWindow *dialog;

  reset_window_settings ();
  window = activate_application ();

  collect_mapped_text (GTK_WIDGET (window), text);
  g_assert_nonnull (strstr (text->str, "Welcome to Circlet"));
  g_assert_nonnull (strstr (text->str, "My Organization"));
  g_assert_nonnull (strstr (text->str, "Security"));
  g_assert_nonnull (strstr (text->str, "sub-organization"));
  g_assert_nonnull (strstr (text->str, "Personal Access Key (formerly Personal API Token)"));

  g_assert_nonnull (find_actionable (GTK_WIDGET (window), "win.open-dashboard"));

  add_button = find_actionable (GTK_WIDGET (window), "app.add-organization");
  g_assert_true (GTK_IS_BUTTON (add_button));
  g_assert_true (gtk_widget_get_mapped (add_button));
  g_assert_true (gtk_widget_is_sensitive (add_button));
  g_assert_true (gtk_widget_has_css_class (add_button, "suggested-action"));

  /* A button emits clicked only after its short "pressed" animation. */
  /* The welcome page leads straight into adding an organization. */
  g_assert_null (find_toplevel (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG));
  gtk_widget_activate (add_button);
  circlet_test_spin_until (add_dialog_exists, NULL, "the Add Organization dialog");

  dialog = find_toplevel (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Add Organization");
  circlet_test_wait_until_shown (dialog);
  assert_renders (GTK_WIDGET (dialog), "add-organization.png");

  destroy_all_windows ();
}

static void
test_about (void)
{
  CircletWindow *window;
  GtkWindow *about;

  reset_window_settings ();
  window = activate_application ();

  g_assert_null (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Circlet");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_WEBSITE);
  g_assert_cmpstr (adw_about_window_get_issue_url (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_BUGREPORT);
  circlet_test_wait_until_shown (about);

  destroy_all_windows ();
}

typedef struct
{
  GtkWidget *widget;
  int        width;
  int        height;
} SizeWait;

static gboolean
window_has_size (gpointer data)
{
  SizeWait *wait = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (wait->widget));

  return gdk_surface_get_width (surface) == wait->width &&
         gdk_surface_get_height (surface) == wait->height;
}

/* What the user does with the mouse: the X server, with no window manager
 * in between, resizes the window and GTK learns about it from the event. */
static void
resize_like_the_user (GtkWindow *window,
                      int        width,
                      int        height)
{
  SizeWait wait = { GTK_WIDGET (window), width, height };

#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));

  if (GDK_IS_X11_DISPLAY (display))
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

      XResizeWindow (gdk_x11_display_get_xdisplay (display),
                     gdk_x11_surface_get_xid (surface),
                     width, height);
      circlet_test_spin_until (window_has_size, &wait, "the window to take the new size");
      return;
    }
#endif

  g_test_message ("Not on X11: resizing through the default size instead");
  gtk_window_set_default_size (window, width, height);
  circlet_test_spin_until (window_has_size, &wait, "the window to take the new size");
}

static void
test_size_is_remembered (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *window;
  int width, height;

  reset_window_settings ();

  window = GTK_WINDOW (circlet_window_new (app));
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, g_settings_get_int (settings, "window-width"));
  g_assert_cmpint (height, ==, g_settings_get_int (settings, "window-height"));

  gtk_window_present (window);
  circlet_test_wait_until_shown (window);
  resize_like_the_user (window, 640, 480);
  gtk_window_close (window);
  circlet_test_spin_until (circlet_test_no_toplevels, NULL, "the window to close");

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens at the remembered size. */
  window = GTK_WINDOW (circlet_window_new (app));
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);
  gtk_window_present (window);
  circlet_test_wait_until_shown (window);
  assert_surface_size (window, 640, 480);

  destroy_all_windows ();
}

static gboolean
widget_is_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static void
assert_has_accel (const char *action,
                  const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  if (!g_strv_contains ((const char * const *) accels, accel))
    g_error ("%s should have the accelerator %s", action, accel);
}

static void
test_shortcuts (void)
{
  /* Each row of the shortcuts window and the action it documents. */
  static const struct {
    const char *title;
    const char *action;
  } rows[] = {
    { "Quit", "app.quit" },
    { "Add Organization", "app.add-organization" },
    { "Close Window", "window.close" },
    { "Show Shortcuts", "win.show-help-overlay" },
  };
  CircletWindow *window;
  GtkShortcutsWindow *overlay;
  GtkShortcutsShortcut *main_menu;
  g_autofree char *accelerator = NULL;

  reset_window_settings ();
  window = activate_application ();

  assert_has_accel ("app.quit", "<Control>q");
  assert_has_accel ("app.add-organization", "<Control>n");
  assert_has_accel ("window.close", "<Control>w");
  assert_has_accel ("win.show-help-overlay", "<Control>question");

  /* Made after the window's first frame, by itself. */
  circlet_test_spin_until (circlet_test_has_help_overlay, window, "the shortcuts window to be made");
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));

  /* The shortcuts window tells the truth about every accelerator it lists. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkShortcutsShortcut *row = circlet_test_find_shortcut (GTK_WIDGET (overlay), rows[i].title);
      g_autofree char *accel = NULL;

      g_assert_nonnull (row);
      g_object_get (row, "accelerator", &accel, NULL);
      assert_has_accel (rows[i].action, accel);
    }

  /* F10 belongs to the primary menu button, not to an action. */
  main_menu = circlet_test_find_shortcut (GTK_WIDGET (overlay), "Main Menu");
  g_assert_nonnull (main_menu);
  g_object_get (main_menu, "accelerator", &accelerator, NULL);
  g_assert_cmpstr (accelerator, ==, "F10");

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  circlet_test_spin_until (widget_is_visible, overlay, "the shortcuts window");
  circlet_test_wait_until_shown (GTK_WINDOW (overlay));
  assert_renders (GTK_WIDGET (overlay), "shortcuts.png");

  destroy_all_windows ();
}

static char *
run_circlet (const char *argument,
             int        *exit_status)
{
  const char *circlet = g_getenv ("CIRCLET_APP");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_nonnull (circlet);

  /* These options must work where there is no display, e.g. in a build script. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  process = g_subprocess_launcher_spawn (launcher, &error, circlet, argument, NULL);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  *exit_status = g_subprocess_get_exit_status (process);

  return out;
}

static void
test_command_line (void)
{
  g_autofree char *version = NULL;
  g_autofree char *help = NULL;
  int status;

  version = run_circlet ("--version", &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (version, ==, "circlet " PACKAGE_VERSION "\n");

  help = run_circlet ("--help", &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (help, "--version"));
  g_assert_nonnull (strstr (help, "Show the version and exit"));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
process_exited_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *exited = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL));
  *exited = TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_single_instance (void)
{
  const char *circlet = g_getenv ("CIRCLET_APP");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) toplevels = NULL;
  gboolean exited = FALSE;
  guint activations = 0;
  guint n_main_windows = 0;
  gulong handler;
  gint64 start;

  g_assert_nonnull (circlet);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  reset_window_settings ();

  handler = g_signal_connect_swapped (app, "activate", G_CALLBACK (count_cb), &activations);

  /* The second instance finds this process on the bus, asks it to activate
   * and exits; this process has to keep its main context running to answer. */
  start = g_get_monotonic_time ();
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, circlet, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, process_exited_cb, &exited);
  circlet_test_spin_until (flag_is_set, &exited, "the second instance to exit");

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_test_message ("The second instance exited after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpuint (activations, ==, 1);

  /* One main window, opened here in the first instance (the other toplevel
   * is its hidden shortcuts window). */
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    n_main_windows += CIRCLET_IS_WINDOW (l->data);
  g_assert_cmpuint (n_main_windows, ==, 1);

  g_signal_handler_disconnect (app, handler);
  destroy_all_windows ();
}

int
main (int   argc,
      char *argv[])
{
  static const Screenshot wide = { 1000, 700, "welcome.png" };
  static const Screenshot narrow = { 400, 700, "welcome-narrow.png" };
  static const Screenshot tall = { 1000, 1020, "welcome-tall.png" };
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autoptr(GError) error = NULL;
  GTestDBus *bus;
  int ret;

  /* A private session bus, so that a Circlet running on the desktop can't
   * answer for the app id. It must exist before GTK starts, which takes the
   * session bus singleton at init; g_test_dbus_up() unsets DISPLAY. The bus
   * object is kept until exit (g_test_dbus_down() would wait for GTK's
   * connection to go). */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      g_printerr ("no display. Run: xvfb-run -a dbus-run-session -- meson test -C build\n");
      g_test_dbus_stop (bus);
      return 1;
    }

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The static library's resource constructor made it into this binary. */
  g_assert_true (g_resources_get_info (RESOURCE_PATH "/circlet-window.ui", 0, NULL, NULL, NULL));

  app = circlet_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_data_func ("/ui/window/welcome", &wide, test_welcome_screenshot);
  g_test_add_data_func ("/ui/window/welcome-narrow", &narrow, test_welcome_screenshot);
  g_test_add_data_func ("/ui/window/welcome-tall", &tall, test_welcome_screenshot);
  g_test_add_func ("/ui/window/welcome-content", test_welcome_content);
  g_test_add_func ("/ui/window/size-is-remembered", test_size_is_remembered);
  g_test_add_func ("/ui/app/about", test_about);
  g_test_add_func ("/ui/app/shortcuts", test_shortcuts);
  g_test_add_func ("/ui/app/command-line", test_command_line);
  g_test_add_func ("/ui/app/single-instance", test_single_instance);

  ret = g_test_run ();

  g_clear_object (&app);
  g_test_dbus_stop (bus);

  return ret;
}
