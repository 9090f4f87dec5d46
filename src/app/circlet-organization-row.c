/* circlet-organization-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-organization-row.h"
#include "circlet-status.h"
#include "circlet-status-icon.h"

/*
 * CircletOrganizationRow: one organization in the organizations window —
 * its name, its key status as an icon and a line of text, and what can be
 * done about it. Every button is an app action with the account's id, so
 * the banner, the row and a notification all do the same thing.
 */

struct _CircletOrganizationRow
{
  AdwActionRow parent_instance;

  /* Template widgets */
  CircletStatusIcon *status_icon;
  GtkButton *replace_button;
  GtkStack *verify_stack;
  GtkButton *verify_button;
  GtkSpinner *verify_spinner;
  GtkMenuButton *menu_button;

  /* Owned references */
  CircletAccount *account;
};

G_DEFINE_FINAL_TYPE (CircletOrganizationRow, circlet_organization_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GMenuModel *
build_menu (CircletAccount *account)
{
  const char *id = circlet_account_get_id (account);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;

  item = g_menu_item_new (_("_Verify Now"), NULL);
  g_menu_item_set_action_and_target (item, "app.verify", "s", id);
  g_menu_append_item (section, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("_Replace Key…"), NULL);
  g_menu_item_set_action_and_target (item, "app.replace-key", "s", id);
  g_menu_append_item (section, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("_Open Appcircle"), NULL);
  g_menu_item_set_action_and_target (item, "app.open-dashboard", "s", id);
  g_menu_append_item (section, item);
  g_clear_object (&item);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_clear_object (&section);
  section = g_menu_new ();

  item = g_menu_item_new (_("_Remove…"), NULL);
  g_menu_item_set_action_and_target (item, "app.remove-organization", "s", id);
  g_menu_append_item (section, item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
account_changed_cb (CircletOrganizationRow *self)
{
  circlet_organization_row_update (self);
}

static void
circlet_organization_row_constructed (GObject *object)
{
  CircletOrganizationRow *self = CIRCLET_ORGANIZATION_ROW (object);
  g_autoptr(GMenuModel) menu = NULL;
  GVariant *target;
  static const char *watched[] = {
    "notify::status", "notify::label", "notify::session-expires", "notify::key-expiry", "notify::api-host",
  };

  G_OBJECT_CLASS (circlet_organization_row_parent_class)->constructed (object);

  g_assert (CIRCLET_IS_ACCOUNT (self->account));

  circlet_status_icon_set_account (self->status_icon, self->account);

  target = g_variant_new_string (circlet_account_get_id (self->account));
  /* The target first: the action takes one. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->verify_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->replace_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->verify_button), "app.verify");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->replace_button), "app.replace-key");

  menu = build_menu (self->account);
  gtk_menu_button_set_menu_model (self->menu_button, menu);

  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_object (self->account, watched[i], G_CALLBACK (account_changed_cb),
                             self, G_CONNECT_SWAPPED);

  circlet_organization_row_update (self);
}

static void
circlet_organization_row_dispose (GObject *object)
{
  CircletOrganizationRow *self = CIRCLET_ORGANIZATION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CIRCLET_TYPE_ORGANIZATION_ROW);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (circlet_organization_row_parent_class)->dispose (object);
}

static void
circlet_organization_row_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CircletOrganizationRow *self = CIRCLET_ORGANIZATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_organization_row_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CircletOrganizationRow *self = CIRCLET_ORGANIZATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_organization_row_class_init (CircletOrganizationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = circlet_organization_row_constructed;
  object_class->dispose = circlet_organization_row_dispose;
  object_class->get_property = circlet_organization_row_get_property;
  object_class->set_property = circlet_organization_row_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         CIRCLET_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CIRCLET_TYPE_STATUS_ICON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/circlet-organization-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CircletOrganizationRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CircletOrganizationRow, replace_button);
  gtk_widget_class_bind_template_child (widget_class, CircletOrganizationRow, verify_stack);
  gtk_widget_class_bind_template_child (widget_class, CircletOrganizationRow, verify_button);
  gtk_widget_class_bind_template_child (widget_class, CircletOrganizationRow, verify_spinner);
  gtk_widget_class_bind_template_child (widget_class, CircletOrganizationRow, menu_button);
}

static void
circlet_organization_row_init (CircletOrganizationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
circlet_organization_row_new (CircletAccount *account)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (account), NULL);

  return g_object_new (CIRCLET_TYPE_ORGANIZATION_ROW, "account", account, NULL);
}

/**
 * circlet_organization_row_get_account:
 *
 * Returns: (transfer none): the organization shown
 */
CircletAccount *
circlet_organization_row_get_account (CircletOrganizationRow *self)
{
  g_return_val_if_fail (CIRCLET_IS_ORGANIZATION_ROW (self), NULL);

  return self->account;
}

/* A spinner in place of Verify Now while a verification runs. */
void
circlet_organization_row_set_verifying (CircletOrganizationRow *self,
                                        gboolean                verifying)
{
  gboolean had_focus;

  g_return_if_fail (CIRCLET_IS_ORGANIZATION_ROW (self));

  had_focus = gtk_widget_has_focus (GTK_WIDGET (self->verify_button));
  gtk_stack_set_visible_child_name (self->verify_stack, verifying ? "spinner" : "button");
  gtk_spinner_set_spinning (self->verify_spinner, verifying);

  /* Keyboard users keep their place when the button comes back. */
  if (!verifying && had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->verify_button));
}

/* Refreshes the texts; the window calls it every minute for "renews in N min". */
void
circlet_organization_row_update (CircletOrganizationRow *self)
{
  CircletAccountStatus status;
  g_autofree char *text = NULL;
  const char *api_host;

  g_return_if_fail (CIRCLET_IS_ORGANIZATION_ROW (self));

  status = circlet_account_get_status (self->account);
  text = circlet_status_describe (self->account, NULL);
  api_host = circlet_account_get_api_host (self->account);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), circlet_account_get_label (self->account));

  /* A self-hosted server is worth naming; the cloud is the default. */
  if (!g_str_equal (api_host, CIRCLET_DEFAULT_API_HOST))
    {
      g_autoptr(GUri) uri = g_uri_parse (api_host, G_URI_FLAGS_NONE, NULL);
      g_autofree char *line = g_strdup_printf ("%s · %s", text, uri ? g_uri_get_host (uri) : api_host);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), line);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);

  gtk_widget_set_visible (GTK_WIDGET (self->replace_button),
                          status == CIRCLET_ACCOUNT_STATUS_REVOKED ||
                          status == CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING);
}
