/* circlet-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-window.h"

struct _CircletWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  GtkStack *main_stack;

  /* Owned references */
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (CircletWindow, circlet_window, ADW_TYPE_APPLICATION_WINDOW)

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
}

static void
circlet_window_init (CircletWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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
  return g_object_new (CIRCLET_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
