/* circlet-organizations-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-application-private.h"
#include "circlet-organization-row.h"
#include "circlet-organizations-window.h"

/*
 * CircletOrganizationsWindow: every organization with the health of its
 * key, and the ways to fix it. The rows follow the account store live; a
 * timer refreshes "renews in N min" once a minute, only while the window
 * is on screen.
 */

#define REFRESH_SECONDS 60

struct _CircletOrganizationsWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *organizations_group;
  AdwPreferencesGroup *empty_group;
  GtkListBox *list_box;

  /* Owned references */
  CircletApplication *application;

  guint refresh_id;
};

G_DEFINE_FINAL_TYPE (CircletOrganizationsWindow, circlet_organizations_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_APPLICATION_OBJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  CircletOrganizationsWindow *self = user_data;
  GtkWidget *row = circlet_organization_row_new (CIRCLET_ACCOUNT (item));

  circlet_organization_row_set_verifying (CIRCLET_ORGANIZATION_ROW (row),
                                          _circlet_application_is_verifying (self->application, item));
  return row;
}

static void
update_empty (CircletOrganizationsWindow *self)
{
  GListModel *accounts = G_LIST_MODEL (_circlet_application_get_account_store (self->application));
  gboolean empty = g_list_model_get_n_items (accounts) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->organizations_group), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_group), empty);
}

static gboolean
refresh_cb (gpointer user_data)
{
  CircletOrganizationsWindow *self = user_data;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (CIRCLET_IS_ORGANIZATION_ROW (row))
      circlet_organization_row_update (CIRCLET_ORGANIZATION_ROW (row));

  return G_SOURCE_CONTINUE;
}

static void
verifying_changed_cb (CircletOrganizationsWindow *self,
                      CircletAccount             *account)
{
  GtkWidget *row = circlet_organizations_window_get_row (self, account);

  if (row != NULL)
    circlet_organization_row_set_verifying (CIRCLET_ORGANIZATION_ROW (row),
                                            _circlet_application_is_verifying (self->application, account));
}

static void
circlet_organizations_window_map (GtkWidget *widget)
{
  CircletOrganizationsWindow *self = CIRCLET_ORGANIZATIONS_WINDOW (widget);

  GTK_WIDGET_CLASS (circlet_organizations_window_parent_class)->map (widget);

  refresh_cb (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

static void
circlet_organizations_window_unmap (GtkWidget *widget)
{
  CircletOrganizationsWindow *self = CIRCLET_ORGANIZATIONS_WINDOW (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (circlet_organizations_window_parent_class)->unmap (widget);
}

static void
circlet_organizations_window_constructed (GObject *object)
{
  CircletOrganizationsWindow *self = CIRCLET_ORGANIZATIONS_WINDOW (object);
  GListModel *accounts;

  G_OBJECT_CLASS (circlet_organizations_window_parent_class)->constructed (object);

  g_assert (CIRCLET_IS_APPLICATION (self->application));
  /* The rows' buttons and menus are app actions. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "app", G_ACTION_GROUP (self->application));
  accounts = G_LIST_MODEL (_circlet_application_get_account_store (self->application));

  gtk_list_box_bind_model (self->list_box, accounts, create_row_cb, self, NULL);
  g_signal_connect_object (accounts, "items-changed", G_CALLBACK (update_empty),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "verifying-changed", G_CALLBACK (verifying_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_empty (self);
}

static void
circlet_organizations_window_dispose (GObject *object)
{
  CircletOrganizationsWindow *self = CIRCLET_ORGANIZATIONS_WINDOW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CIRCLET_TYPE_ORGANIZATIONS_WINDOW);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (circlet_organizations_window_parent_class)->dispose (object);
}

static void
circlet_organizations_window_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  CircletOrganizationsWindow *self = CIRCLET_ORGANIZATIONS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION_OBJECT:
      g_value_set_object (value, self->application);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_organizations_window_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  CircletOrganizationsWindow *self = CIRCLET_ORGANIZATIONS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION_OBJECT:
      self->application = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_organizations_window_class_init (CircletOrganizationsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = circlet_organizations_window_constructed;
  object_class->dispose = circlet_organizations_window_dispose;
  object_class->get_property = circlet_organizations_window_get_property;
  object_class->set_property = circlet_organizations_window_set_property;

  widget_class->map = circlet_organizations_window_map;
  widget_class->unmap = circlet_organizations_window_unmap;

  /* Not GtkWindow:application, so the main window stays the active one
   * that app actions put their dialogs on. */
  properties[PROP_APPLICATION_OBJECT] =
    g_param_spec_object ("circlet-application", NULL, NULL,
                         CIRCLET_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/circlet-organizations-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CircletOrganizationsWindow, organizations_group);
  gtk_widget_class_bind_template_child (widget_class, CircletOrganizationsWindow, empty_group);
  gtk_widget_class_bind_template_child (widget_class, CircletOrganizationsWindow, list_box);

  /* The application's accelerators only reach its own windows. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "app.add-organization", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
circlet_organizations_window_init (CircletOrganizationsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
circlet_organizations_window_new (CircletApplication *application)
{
  g_return_val_if_fail (CIRCLET_IS_APPLICATION (application), NULL);

  return g_object_new (CIRCLET_TYPE_ORGANIZATIONS_WINDOW,
                       "circlet-application", application,
                       NULL);
}

/**
 * circlet_organizations_window_get_row:
 *
 * Returns: (transfer none) (nullable): the #CircletOrganizationRow of @account
 */
GtkWidget *
circlet_organizations_window_get_row (CircletOrganizationsWindow *self,
                                      CircletAccount             *account)
{
  g_return_val_if_fail (CIRCLET_IS_ORGANIZATIONS_WINDOW (self), NULL);
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (account), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (CIRCLET_IS_ORGANIZATION_ROW (row) &&
        circlet_organization_row_get_account (CIRCLET_ORGANIZATION_ROW (row)) == account)
      return row;

  return NULL;
}
