/* circlet-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-window-private.h"

struct _CircletWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  GtkStack *main_stack;
  AdwStatusPage *welcome_page;
  GtkButton *open_dashboard_button;

  /* Owned references */
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (CircletWindow, circlet_window, ADW_TYPE_APPLICATION_WINDOW)

static void
open_dashboard_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), CIRCLET_DASHBOARD_URL, GDK_CURRENT_TIME);
}

/* The app's symbolic icon lives in the icon theme, which an uninstalled run
 * (./dev run, the tests) doesn't have: show a key rather than GTK's
 * broken-image picture there. */
static void
ensure_welcome_icon (CircletWindow *self)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  const char *icon_name = adw_status_page_get_icon_name (self->welcome_page);

  if (icon_name != NULL && !gtk_icon_theme_has_icon (theme, icon_name))
    adw_status_page_set_icon_name (self->welcome_page, "dialog-password-symbolic");
}

static void
circlet_window_dispose (GObject *object)
{
  CircletWindow *self = CIRCLET_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CIRCLET_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (circlet_window_parent_class)->dispose (object);
}

static void
circlet_window_class_init (CircletWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = circlet_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/circlet-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, CircletWindow, open_dashboard_button);

  gtk_widget_class_install_action (widget_class, "win.open-dashboard", NULL, open_dashboard_action_cb);
}

static void
circlet_window_init (CircletWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The URL is not a translatable string, so it is set here rather than in the .ui. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->open_dashboard_button), CIRCLET_DASHBOARD_URL);
  ensure_welcome_icon (self);

  /* Bound both ways: the window opens at the stored size, and GTK updates
   * default-width/height as the user resizes, so the last size is stored
   * by the time the window closes. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

CircletWindow *
circlet_window_new (CircletApplication *application)
{
  g_return_val_if_fail (CIRCLET_IS_APPLICATION (application), NULL);

  return g_object_new (CIRCLET_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* For the tests: which page of the main stack is showing. */
const char *
_circlet_window_get_visible_page_name (CircletWindow *self)
{
  g_return_val_if_fail (CIRCLET_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}
