/* circlet-status-icon.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-status.h"
#include "circlet-status-icon.h"

/*
 * CircletStatusIcon: an account's key status as a coloured symbolic icon
 * whose accessible name and tooltip say the status in words. It follows
 * the account's status live, so list rows only bind the account.
 */

struct _CircletStatusIcon
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkImage *image;

  /* Owned references */
  CircletAccount *account;

  const char *css_class;
};

G_DEFINE_FINAL_TYPE (CircletStatusIcon, circlet_status_icon, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (CircletStatusIcon *self)
{
  CircletAccountStatus status = CIRCLET_ACCOUNT_STATUS_UNVERIFIED;
  const char *name;

  if (self->account != NULL)
    status = circlet_account_get_status (self->account);

  if (self->css_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->image), self->css_class);
  self->css_class = circlet_status_get_css_class (status);
  gtk_widget_add_css_class (GTK_WIDGET (self->image), self->css_class);

  gtk_image_set_from_icon_name (self->image, circlet_status_get_icon_name (status));

  name = self->account != NULL ? circlet_status_get_accessible_name (status) : NULL;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), name);
  if (name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
status_changed_cb (CircletStatusIcon *self)
{
  update (self);
}

static void
circlet_status_icon_dispose (GObject *object)
{
  CircletStatusIcon *self = CIRCLET_STATUS_ICON (object);

  circlet_status_icon_set_account (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CIRCLET_TYPE_STATUS_ICON);

  G_OBJECT_CLASS (circlet_status_icon_parent_class)->dispose (object);
}

static void
circlet_status_icon_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CircletStatusIcon *self = CIRCLET_STATUS_ICON (object);

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
circlet_status_icon_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CircletStatusIcon *self = CIRCLET_STATUS_ICON (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      circlet_status_icon_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_status_icon_class_init (CircletStatusIconClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = circlet_status_icon_dispose;
  object_class->get_property = circlet_status_icon_get_property;
  object_class->set_property = circlet_status_icon_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         CIRCLET_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/circlet-status-icon.ui");
  gtk_widget_class_bind_template_child (widget_class, CircletStatusIcon, image);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "circlet-status-icon");
  /* The icon speaks through this widget; the inner image is hidden from
   * assistive technologies so it isn't read twice, without a name. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
circlet_status_icon_init (CircletStatusIcon *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  update (self);
}

GtkWidget *
circlet_status_icon_new (CircletAccount *account)
{
  g_return_val_if_fail (account == NULL || CIRCLET_IS_ACCOUNT (account), NULL);

  return g_object_new (CIRCLET_TYPE_STATUS_ICON, "account", account, NULL);
}

/**
 * circlet_status_icon_get_account:
 *
 * Returns: (transfer none) (nullable): the account whose status is shown
 */
CircletAccount *
circlet_status_icon_get_account (CircletStatusIcon *self)
{
  g_return_val_if_fail (CIRCLET_IS_STATUS_ICON (self), NULL);

  return self->account;
}

void
circlet_status_icon_set_account (CircletStatusIcon *self,
                                 CircletAccount    *account)
{
  g_return_if_fail (CIRCLET_IS_STATUS_ICON (self));
  g_return_if_fail (account == NULL || CIRCLET_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_func (self->account, status_changed_cb, self);

  g_set_object (&self->account, account);

  if (account != NULL)
    g_signal_connect_object (account, "notify::status", G_CALLBACK (status_changed_cb),
                             self, G_CONNECT_SWAPPED);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/* What the icon shows now; for the tests. */
const char *
circlet_status_icon_get_icon_name (CircletStatusIcon *self)
{
  g_return_val_if_fail (CIRCLET_IS_STATUS_ICON (self), NULL);

  return gtk_image_get_icon_name (self->image);
}
