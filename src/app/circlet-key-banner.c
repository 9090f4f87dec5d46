/* circlet-key-banner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-key-banner.h"
#include "circlet-status.h"

/*
 * CircletKeyBanner: what is wrong with one organization's key, and the
 * button that fixes it, as a strip across the top of the main window.
 * libadwaita 1.2 has no AdwBanner, so this is a GtkRevealer with a box
 * styled like one. It follows the account's status live and hides itself
 * when there is nothing to say.
 */

struct _CircletKeyBanner
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkRevealer *revealer;
  GtkBox *box;
  GtkImage *icon;
  GtkLabel *message_label;
  GtkButton *primary_button;
  GtkButton *secondary_button;

  /* Owned references */
  CircletAccount *account;

  const char *style_class;
};

G_DEFINE_FINAL_TYPE (CircletKeyBanner, circlet_key_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A banner's look: its text, its style and up to two buttons. */
typedef struct
{
  char       *message;
  const char *style_class;
  const char *primary_label;
  const char *primary_action;
  const char *secondary_label;
  const char *secondary_action;
} Look;

static char *
expiring_message (CircletAccount *account)
{
  const char *label = circlet_account_get_label (account);
  int days = circlet_account_get_days_until_key_expiry (account, NULL);

  if (days == G_MININT)
    return g_strdup_printf (_("The key for %s expires soon"), label);
  if (days < 0)
    return g_strdup_printf (_("The key for %s has expired"), label);
  if (days == 0)
    return g_strdup_printf (_("The key for %s expires today"), label);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %s is an organization's name, %d a number of days. */
                                       "The key for %s expires in %d day",
                                       "The key for %s expires in %d days",
                                       days),
                          label, days);
}

/* Returns FALSE when the status needs no banner. */
static gboolean
get_look (CircletAccount *account,
          Look           *look)
{
  const char *label = circlet_account_get_label (account);

  switch (circlet_account_get_status (account))
    {
    case CIRCLET_ACCOUNT_STATUS_REVOKED:
      /* Translators: %s is an organization's name. */
      look->message = g_strdup_printf (_("The key for %s was deleted or is invalid"), label);
      look->style_class = "key-banner-error";
      look->primary_label = _("_Replace Key");
      look->primary_action = "app.replace-key";
      look->secondary_label = _("_Open Appcircle");
      look->secondary_action = "app.open-dashboard";
      return TRUE;

    case CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING:
      look->message = expiring_message (account);
      look->style_class = "key-banner-warning";
      look->primary_label = _("_Replace Key");
      look->primary_action = "app.replace-key";
      return TRUE;

    case CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED:
      look->message = g_strdup_printf (_("The keyring is locked. Unlock it to use the key for %s"), label);
      look->style_class = "key-banner-warning";
      look->primary_label = _("_Retry");
      look->primary_action = "app.verify";
      return TRUE;

    case CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE:
      look->message = g_strdup_printf (_("The keyring is unavailable, so the key for %s can’t be read"), label);
      look->style_class = "key-banner-warning";
      look->primary_label = _("_Retry");
      look->primary_action = "app.verify";
      return TRUE;

    case CIRCLET_ACCOUNT_STATUS_OFFLINE:
      look->message = g_strdup (_("Offline — showing the last data"));
      look->style_class = "key-banner-neutral";
      look->primary_label = _("_Retry");
      look->primary_action = "app.verify";
      return TRUE;

    case CIRCLET_ACCOUNT_STATUS_UNVERIFIED:
    case CIRCLET_ACCOUNT_STATUS_VALID:
    default:
      return FALSE;
    }
}

static void
set_button (GtkButton  *button,
            const char *label,
            const char *action,
            const char *account_id)
{
  gtk_widget_set_visible (GTK_WIDGET (button), label != NULL);
  if (label == NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
      return;
    }

  gtk_button_set_label (button, label);
  /* Name and target in one go: a parameterised action without its target
   * would be a mismatch for a moment, which GTK warns about. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", account_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
}

static void
update (CircletKeyBanner *self)
{
  Look look = { NULL, };
  const char *id;

  if (self->account == NULL || !get_look (self->account, &look))
    {
      /* The text stays while the revealer closes, so nothing jumps. */
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  id = circlet_account_get_id (self->account);

  if (self->style_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->box), self->style_class);
  self->style_class = look.style_class;
  gtk_widget_add_css_class (GTK_WIDGET (self->box), self->style_class);

  gtk_image_set_from_icon_name (self->icon, circlet_status_get_icon_name (circlet_account_get_status (self->account)));
  gtk_label_set_text (self->message_label, look.message);
  set_button (self->primary_button, look.primary_label, look.primary_action, id);
  set_button (self->secondary_button, look.secondary_label, look.secondary_action, id);

  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  g_free (look.message);
}

static void
account_changed_cb (CircletKeyBanner *self)
{
  update (self);
}

static void
circlet_key_banner_dispose (GObject *object)
{
  CircletKeyBanner *self = CIRCLET_KEY_BANNER (object);

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_func (self->account, account_changed_cb, self);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), CIRCLET_TYPE_KEY_BANNER);

  G_OBJECT_CLASS (circlet_key_banner_parent_class)->dispose (object);
}

static void
circlet_key_banner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CircletKeyBanner *self = CIRCLET_KEY_BANNER (object);

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
circlet_key_banner_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CircletKeyBanner *self = CIRCLET_KEY_BANNER (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      circlet_key_banner_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_key_banner_class_init (CircletKeyBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = circlet_key_banner_dispose;
  object_class->get_property = circlet_key_banner_get_property;
  object_class->set_property = circlet_key_banner_set_property;

  /**
   * CircletKeyBanner:account: (nullable)
   *
   * The organization whose key the banner speaks for, usually the one
   * selected in the switcher.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         CIRCLET_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/circlet-key-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, CircletKeyBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, CircletKeyBanner, box);
  gtk_widget_class_bind_template_child (widget_class, CircletKeyBanner, icon);
  gtk_widget_class_bind_template_child (widget_class, CircletKeyBanner, message_label);
  gtk_widget_class_bind_template_child (widget_class, CircletKeyBanner, primary_button);
  gtk_widget_class_bind_template_child (widget_class, CircletKeyBanner, secondary_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "circlet-key-banner");
  /* Screen readers announce the text when the banner appears. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
circlet_key_banner_init (CircletKeyBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
circlet_key_banner_new (void)
{
  return g_object_new (CIRCLET_TYPE_KEY_BANNER, NULL);
}

/**
 * circlet_key_banner_get_account:
 *
 * Returns: (transfer none) (nullable): the organization shown
 */
CircletAccount *
circlet_key_banner_get_account (CircletKeyBanner *self)
{
  g_return_val_if_fail (CIRCLET_IS_KEY_BANNER (self), NULL);

  return self->account;
}

void
circlet_key_banner_set_account (CircletKeyBanner *self,
                                CircletAccount   *account)
{
  g_return_if_fail (CIRCLET_IS_KEY_BANNER (self));
  g_return_if_fail (account == NULL || CIRCLET_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_func (self->account, account_changed_cb, self);

  g_set_object (&self->account, account);

  if (account != NULL)
    {
      g_signal_connect_object (account, "notify::status", G_CALLBACK (account_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (account, "notify::label", G_CALLBACK (account_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (account, "notify::key-expiry", G_CALLBACK (account_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/* Whether the banner is (being) shown, as opposed to mapped on screen. */
gboolean
circlet_key_banner_get_revealed (CircletKeyBanner *self)
{
  g_return_val_if_fail (CIRCLET_IS_KEY_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
circlet_key_banner_get_message (CircletKeyBanner *self)
{
  g_return_val_if_fail (CIRCLET_IS_KEY_BANNER (self), NULL);

  return gtk_label_get_text (self->message_label);
}
