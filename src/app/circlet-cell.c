/* circlet-cell.c
 *
 * One cell of a list: a GtkInscription (cheap to measure, no wrapping) that
 * also formats dates and counts, and tells assistive technologies what it
 * shows.
 *
 * No composite template here, unlike every other widget: a cell is created
 * for each visible row and column again and again as the user scrolls, and
 * parsing a template each time would cost more than the cell itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-cell.h"
#include "circlet-format.h"

struct _CircletCell
{
  GtkWidget parent_instance;

  GtkInscription *inscription;

  GDateTime *date;
  guint      count;
  guint      numeric : 1;
};

G_DEFINE_FINAL_TYPE (CircletCell, circlet_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_DATE,
  PROP_COUNT,
  PROP_NUMERIC,
  PROP_WIDTH_CHARS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Shows @text (an em dash for none) and gives it to assistive technologies;
 * @description, when given, is the longer form a tooltip shows. */
static void
show_text (CircletCell *self,
           const char  *text,
           const char  *description)
{
  gboolean missing = text == NULL || *text == '\0';
  const char *shown = missing ? C_("list cell", "—") : text;

  gtk_inscription_set_text (self->inscription, shown);
  if (missing)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dim-label");

  gtk_widget_set_tooltip_text (GTK_WIDGET (self), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, missing ? _("None") : text,
                                  -1);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
circlet_cell_dispose (GObject *object)
{
  CircletCell *self = CIRCLET_CELL (object);

  g_clear_pointer ((GtkWidget **) &self->inscription, gtk_widget_unparent);
  g_clear_pointer (&self->date, g_date_time_unref);

  G_OBJECT_CLASS (circlet_cell_parent_class)->dispose (object);
}

static void
circlet_cell_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CircletCell *self = CIRCLET_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, circlet_cell_get_text (self));
      break;

    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;

    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;

    case PROP_NUMERIC:
      g_value_set_boolean (value, self->numeric);
      break;

    case PROP_WIDTH_CHARS:
      g_value_set_uint (value, gtk_inscription_get_nat_chars (self->inscription));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_cell_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CircletCell *self = CIRCLET_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      circlet_cell_set_text (self, g_value_get_string (value));
      break;

    case PROP_DATE:
      circlet_cell_set_date (self, g_value_get_boxed (value));
      break;

    case PROP_COUNT:
      circlet_cell_set_count (self, g_value_get_uint (value));
      break;

    case PROP_NUMERIC:
      circlet_cell_set_numeric (self, g_value_get_boolean (value));
      break;

    case PROP_WIDTH_CHARS:
      /* The natural width of the column, whatever the rows on screen hold,
       * so columns don't change width while scrolling. */
      gtk_inscription_set_nat_chars (self->inscription, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_cell_class_init (CircletCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = circlet_cell_dispose;
  object_class->get_property = circlet_cell_get_property;
  object_class->set_property = circlet_cell_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMERIC] =
    g_param_spec_boolean ("numeric", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_WIDTH_CHARS] =
    g_param_spec_uint ("width-chars", NULL, NULL, 0, 200, 12,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cell-text");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
circlet_cell_init (CircletCell *self)
{
  self->inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_text_overflow (self->inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (self->inscription, 3);
  gtk_inscription_set_nat_chars (self->inscription, 12);
  gtk_widget_set_parent (GTK_WIDGET (self->inscription), GTK_WIDGET (self));

  /* The cell speaks for it; the inscription would only say it again. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->inscription),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
}

GtkWidget *
circlet_cell_new (void)
{
  return g_object_new (CIRCLET_TYPE_CELL, NULL);
}

const char *
circlet_cell_get_text (CircletCell *self)
{
  g_return_val_if_fail (CIRCLET_IS_CELL (self), NULL);

  return gtk_inscription_get_text (self->inscription);
}

void
circlet_cell_set_text (CircletCell *self,
                       const char  *text)
{
  g_return_if_fail (CIRCLET_IS_CELL (self));

  /* Always shown, even when unchanged: a fresh cell has no text yet and
   * must still show the dash for "none". */
  show_text (self, text, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

GDateTime *
circlet_cell_get_date (CircletCell *self)
{
  g_return_val_if_fail (CIRCLET_IS_CELL (self), NULL);

  return self->date;
}

/**
 * circlet_cell_set_date:
 * @self: a cell
 * @date: (nullable): the date to show
 *
 * Shows @date the way circlet_format_date() does, relative to the moment
 * the row is bound, with the full date and time in a tooltip. Formatting
 * happens here, for the few rows on screen, never for the whole list.
 */
void
circlet_cell_set_date (CircletCell *self,
                       GDateTime   *date)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  g_autofree char *full = NULL;

  g_return_if_fail (CIRCLET_IS_CELL (self));

  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = date != NULL ? g_date_time_ref (date) : NULL;

  if (date != NULL)
    {
      now = g_date_time_new_now_utc ();
      text = circlet_format_date (date, now);
      full = circlet_format_date_full (date);
    }
  show_text (self, text, full);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

guint
circlet_cell_get_count (CircletCell *self)
{
  g_return_val_if_fail (CIRCLET_IS_CELL (self), 0);

  return self->count;
}

/* Counts are numbers: set numeric too, so they line up on the right. */
void
circlet_cell_set_count (CircletCell *self,
                        guint        count)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CIRCLET_IS_CELL (self));

  /* Always shown, even when unchanged: a fresh cell starts at 0 with no text. */
  self->count = count;
  text = circlet_format_count (count);
  show_text (self, text, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

gboolean
circlet_cell_get_numeric (CircletCell *self)
{
  g_return_val_if_fail (CIRCLET_IS_CELL (self), FALSE);

  return self->numeric;
}

void
circlet_cell_set_numeric (CircletCell *self,
                          gboolean     numeric)
{
  g_return_if_fail (CIRCLET_IS_CELL (self));

  numeric = !!numeric;
  if (self->numeric == numeric)
    return;

  self->numeric = numeric;
  gtk_inscription_set_xalign (self->inscription, numeric ? 1.0f : 0.0f);
  if (numeric)
    gtk_widget_add_css_class (GTK_WIDGET (self), "numeric");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "numeric");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMERIC]);
}
