/* circlet-org-switcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-org-switcher.h"
#include "circlet-status.h"
#include "circlet-status-icon.h"

/*
 * CircletOrgSwitcher: the header bar's organization picker. A menu button
 * shows the selected organization's key status and name; its popover lists
 * every organization with its status icon, so a revoked key shows even when
 * another organization is selected.
 *
 * A GtkListBox rather than a GtkListView: there are a handful of
 * organizations, a click must choose without hover-selection, and arrow
 * keys must move without choosing.
 *
 * There is always a selection while there are accounts: the first one is
 * chosen when none is, or when the selected one is removed.
 */

struct _CircletOrgSwitcher
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkMenuButton *button;
  CircletStatusIcon *button_icon;
  GtkLabel *button_label;
  GtkPopover *popover;
  GtkListBox *list_box;
  GtkSeparator *separator;

  /* Owned references */
  GListModel *accounts;
  CircletAccount *selected;
  GBinding *label_binding;
};

G_DEFINE_FINAL_TYPE (CircletOrgSwitcher, circlet_org_switcher, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNTS,
  PROP_SELECTED_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ROW_ACCOUNT_KEY "circlet-account"
#define ROW_CHECK_KEY   "circlet-check"

static gboolean
find_position (GListModel     *model,
               CircletAccount *account,
               guint          *position)
{
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CircletAccount) item = g_list_model_get_item (model, i);

      if (item == account)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
update_checks (CircletOrgSwitcher *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      CircletAccount *account = g_object_get_data (G_OBJECT (row), ROW_ACCOUNT_KEY);
      GtkWidget *check = g_object_get_data (G_OBJECT (row), ROW_CHECK_KEY);

      if (check == NULL)
        continue;

      /* Hidden, not removed, so the labels stay aligned. */
      gtk_widget_set_opacity (check, account == self->selected ? 1.0 : 0.0);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED,
                                   account == self->selected, -1);
    }
}

static void
clear_label_binding (CircletOrgSwitcher *self)
{
  if (self->label_binding != NULL)
    g_binding_unbind (self->label_binding);
  g_clear_object (&self->label_binding);
}

static void
update_button (CircletOrgSwitcher *self)
{
  clear_label_binding (self);
  circlet_status_icon_set_account (self->button_icon, self->selected);
  gtk_widget_set_visible (GTK_WIDGET (self->button_icon), self->selected != NULL);

  if (self->selected != NULL)
    self->label_binding = g_object_ref (g_object_bind_property (self->selected, "label",
                                                                self->button_label, "label",
                                                                G_BINDING_SYNC_CREATE));
  else
    gtk_label_set_label (self->button_label, _("No Organizations"));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  CircletOrgSwitcher *self = user_data;
  CircletAccount *account = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  g_object_bind_property (account, "label", label, "label", G_BINDING_SYNC_CREATE);

  gtk_accessible_update_state (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_opacity (check, account == self->selected ? 1.0 : 0.0);

  gtk_box_append (GTK_BOX (box), circlet_status_icon_new (account));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), ROW_ACCOUNT_KEY, g_object_ref (account), g_object_unref);
  g_object_set_data (G_OBJECT (row), ROW_CHECK_KEY, check);

  return row;
}

static void
ensure_selection (CircletOrgSwitcher *self)
{
  g_autoptr(CircletAccount) first = NULL;

  if (self->selected != NULL && find_position (self->accounts, self->selected, NULL))
    return;

  if (self->accounts != NULL && g_list_model_get_n_items (self->accounts) > 0)
    first = g_list_model_get_item (self->accounts, 0);

  circlet_org_switcher_set_selected_account (self, first);
}

static void
items_changed_cb (CircletOrgSwitcher *self)
{
  ensure_selection (self);
  /* Rows were made for the new items after the selection last changed. */
  update_checks (self);
}

static void
row_activated_cb (CircletOrgSwitcher *self,
                  GtkListBoxRow      *row)
{
  CircletAccount *account = g_object_get_data (G_OBJECT (row), ROW_ACCOUNT_KEY);

  gtk_popover_popdown (self->popover);
  if (account != NULL)
    circlet_org_switcher_set_selected_account (self, account);
}

static void
action_row_activated_cb (CircletOrgSwitcher *self,
                         GtkListBoxRow      *row)
{
  gtk_popover_popdown (self->popover);
}

static void
circlet_org_switcher_dispose (GObject *object)
{
  CircletOrgSwitcher *self = CIRCLET_ORG_SWITCHER (object);

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, items_changed_cb, self);
  clear_label_binding (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CIRCLET_TYPE_ORG_SWITCHER);
  g_clear_object (&self->accounts);
  g_clear_object (&self->selected);

  G_OBJECT_CLASS (circlet_org_switcher_parent_class)->dispose (object);
}

static void
circlet_org_switcher_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CircletOrgSwitcher *self = CIRCLET_ORG_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_ACCOUNTS:
      g_value_set_object (value, self->accounts);
      break;
    case PROP_SELECTED_ACCOUNT:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_org_switcher_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CircletOrgSwitcher *self = CIRCLET_ORG_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_ACCOUNTS:
      circlet_org_switcher_set_accounts (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_ACCOUNT:
      circlet_org_switcher_set_selected_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_org_switcher_class_init (CircletOrgSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = circlet_org_switcher_dispose;
  object_class->get_property = circlet_org_switcher_get_property;
  object_class->set_property = circlet_org_switcher_set_property;

  /**
   * CircletOrgSwitcher:accounts: (nullable)
   *
   * A #GListModel of #CircletAccount, usually the account store.
   */
  properties[PROP_ACCOUNTS] =
    g_param_spec_object ("accounts", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CircletOrgSwitcher:selected-account: (nullable)
   *
   * The organization the window shows. %NULL only when there are none.
   */
  properties[PROP_SELECTED_ACCOUNT] =
    g_param_spec_object ("selected-account", NULL, NULL,
                         CIRCLET_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CIRCLET_TYPE_STATUS_ICON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/circlet-org-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, CircletOrgSwitcher, button);
  gtk_widget_class_bind_template_child (widget_class, CircletOrgSwitcher, button_icon);
  gtk_widget_class_bind_template_child (widget_class, CircletOrgSwitcher, button_label);
  gtk_widget_class_bind_template_child (widget_class, CircletOrgSwitcher, popover);
  gtk_widget_class_bind_template_child (widget_class, CircletOrgSwitcher, list_box);
  gtk_widget_class_bind_template_child (widget_class, CircletOrgSwitcher, separator);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, action_row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "circlet-org-switcher");
}

static void
circlet_org_switcher_init (CircletOrgSwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_button (self);
}

GtkWidget *
circlet_org_switcher_new (void)
{
  return g_object_new (CIRCLET_TYPE_ORG_SWITCHER, NULL);
}

/**
 * circlet_org_switcher_get_accounts:
 *
 * Returns: (transfer none) (nullable): the organizations listed
 */
GListModel *
circlet_org_switcher_get_accounts (CircletOrgSwitcher *self)
{
  g_return_val_if_fail (CIRCLET_IS_ORG_SWITCHER (self), NULL);

  return self->accounts;
}

void
circlet_org_switcher_set_accounts (CircletOrgSwitcher *self,
                                   GListModel         *accounts)
{
  g_return_if_fail (CIRCLET_IS_ORG_SWITCHER (self));
  g_return_if_fail (accounts == NULL || G_IS_LIST_MODEL (accounts));

  if (self->accounts == accounts)
    return;

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, items_changed_cb, self);

  g_set_object (&self->accounts, accounts);
  gtk_list_box_bind_model (self->list_box, accounts, create_row_cb, self, NULL);

  /* After the list box's own handler, so the rows exist for the checks. */
  if (accounts != NULL)
    g_signal_connect_object (accounts, "items-changed", G_CALLBACK (items_changed_cb),
                             self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  ensure_selection (self);
  update_checks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNTS]);
}

/**
 * circlet_org_switcher_get_selected_account:
 *
 * Returns: (transfer none) (nullable): the chosen organization
 */
CircletAccount *
circlet_org_switcher_get_selected_account (CircletOrgSwitcher *self)
{
  g_return_val_if_fail (CIRCLET_IS_ORG_SWITCHER (self), NULL);

  return self->selected;
}

/**
 * circlet_org_switcher_set_selected_account:
 * @account: (nullable): one of the accounts, or %NULL
 *
 * An account that is not in #CircletOrgSwitcher:accounts is ignored, and
 * %NULL selects the first account if there is one.
 */
void
circlet_org_switcher_set_selected_account (CircletOrgSwitcher *self,
                                           CircletAccount     *account)
{
  g_autoptr(CircletAccount) first = NULL;

  g_return_if_fail (CIRCLET_IS_ORG_SWITCHER (self));
  g_return_if_fail (account == NULL || CIRCLET_IS_ACCOUNT (account));

  if (account != NULL && !find_position (self->accounts, account, NULL))
    return;

  if (account == NULL && self->accounts != NULL && g_list_model_get_n_items (self->accounts) > 0)
    account = first = g_list_model_get_item (self->accounts, 0);

  if (self->selected == account)
    return;

  g_set_object (&self->selected, account);
  update_button (self);
  update_checks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ACCOUNT]);
}

/* Opens the list, e.g. from a keyboard shortcut. */
void
circlet_org_switcher_popup (CircletOrgSwitcher *self)
{
  g_return_if_fail (CIRCLET_IS_ORG_SWITCHER (self));

  gtk_menu_button_popup (self->button);
}
