/* circlet-expiry-cell.c
 *
 * The status cell of a certificate, keystore or provisioning profile: an
 * icon and a word, flagged like an expiring key (warning) or an expired one
 * (error), and read out as that word by a screen reader.
 *
 * No template, for the reason given in circlet-cell.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-core-enums.h"
#include "circlet-expiry-cell.h"

struct _CircletExpiryCell
{
  GtkWidget parent_instance;

  GtkImage       *image;
  GtkInscription *inscription;

  CircletExpiryState state;
};

G_DEFINE_FINAL_TYPE (CircletExpiryCell, circlet_expiry_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_state (CircletExpiryCell *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *icon_name = NULL;
  const char *text;

  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "dim-label");

  switch (self->state)
    {
    case CIRCLET_EXPIRY_STATE_EXPIRED:
      icon_name = "dialog-error-symbolic";
      text = C_("expiry", "Expired");
      gtk_widget_add_css_class (widget, "error");
      break;

    case CIRCLET_EXPIRY_STATE_EXPIRING:
      icon_name = "dialog-warning-symbolic";
      text = C_("expiry", "Expires soon");
      gtk_widget_add_css_class (widget, "warning");
      break;

    case CIRCLET_EXPIRY_STATE_VALID:
      icon_name = "emblem-ok-symbolic";
      text = C_("expiry", "Valid");
      gtk_widget_add_css_class (widget, "dim-label");
      break;

    case CIRCLET_EXPIRY_STATE_NONE:
    default:
      text = C_("expiry", "No expiry");
      gtk_widget_add_css_class (widget, "dim-label");
      break;
    }

  gtk_image_set_from_icon_name (self->image, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->image), icon_name != NULL);
  gtk_inscription_set_text (self->inscription, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
circlet_expiry_cell_dispose (GObject *object)
{
  CircletExpiryCell *self = CIRCLET_EXPIRY_CELL (object);

  g_clear_pointer ((GtkWidget **) &self->image, gtk_widget_unparent);
  g_clear_pointer ((GtkWidget **) &self->inscription, gtk_widget_unparent);

  G_OBJECT_CLASS (circlet_expiry_cell_parent_class)->dispose (object);
}

static void
circlet_expiry_cell_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CircletExpiryCell *self = CIRCLET_EXPIRY_CELL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_expiry_cell_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CircletExpiryCell *self = CIRCLET_EXPIRY_CELL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      circlet_expiry_cell_set_state (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_expiry_cell_class_init (CircletExpiryCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = circlet_expiry_cell_dispose;
  object_class->get_property = circlet_expiry_cell_get_property;
  object_class->set_property = circlet_expiry_cell_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       CIRCLET_TYPE_EXPIRY_STATE, CIRCLET_EXPIRY_STATE_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cell-status");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
circlet_expiry_cell_init (CircletExpiryCell *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->image = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->image), GTK_WIDGET (self));

  self->inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_text_overflow (self->inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (self->inscription, 4);
  gtk_inscription_set_nat_chars (self->inscription, 11);
  gtk_widget_set_hexpand (GTK_WIDGET (self->inscription), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->inscription), GTK_WIDGET (self));

  /* The cell's label says it all; icon and text would say it twice. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->inscription), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  show_state (self);
}

CircletExpiryState
circlet_expiry_cell_get_state (CircletExpiryCell *self)
{
  g_return_val_if_fail (CIRCLET_IS_EXPIRY_CELL (self), CIRCLET_EXPIRY_STATE_NONE);

  return self->state;
}

void
circlet_expiry_cell_set_state (CircletExpiryCell  *self,
                               CircletExpiryState  state)
{
  g_return_if_fail (CIRCLET_IS_EXPIRY_CELL (self));

  if (self->state == state)
    return;

  self->state = state;
  show_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
circlet_expiry_cell_get_text (CircletExpiryCell *self)
{
  g_return_val_if_fail (CIRCLET_IS_EXPIRY_CELL (self), NULL);

  return gtk_inscription_get_text (self->inscription);
}
