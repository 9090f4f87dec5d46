/* circlet-cell.c
 *
 * One cell of a list: one line of text, ellipsized, that also formats dates
 * and counts, and tells assistive technologies what it shows.
 *
 * Like GtkInscription, its size comes from font metrics and a number of
 * characters, never from its text, so rebinding it to another row costs no
 * relayout. Unlike GtkInscription it has no child and shapes its text only
 * when it is drawn, not when it is allocated: GTK 4.8's list views allocate
 * up to 200 rows whatever fits on screen, and shaping every cell of those
 * was most of the time a list took to appear.
 *
 * No composite template here, unlike every other widget: a cell is created
 * for each row and column as the user scrolls, and parsing a template each
 * time would cost more than the cell itself.
 *
 * Nor a PangoContext or a PangoLayout of its own. GTK 4.8 keeps some 200
 * rows of cells alive, ~1,400 cells in the same font:
 * gtk_widget_get_pango_context() would keep a context per widget for the
 * widget's life (some 400 bytes), and a layout kept after drawing holds the
 * shaped lines (some 900 bytes), in every cell ever drawn. Cells share one
 * context per font setup instead (shared_context()), and lay their text out
 * only while drawing it: the text node GTK keeps holds the glyphs, and GTK
 * draws a cell again only when it changed, not when it scrolls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "circlet-cell.h"
#include "circlet-format.h"

struct _CircletCell
{
  GtkWidget parent_instance;

  char         *text;
  char         *description;
  PangoContext *context;  /* shared; NULL until measured or drawn */

  GDateTime    *date;
  guint         count;
  guint         min_chars;
  guint         nat_chars;
  guint         numeric : 1;
  guint         context_stale : 1;
  guint         missing : 1;
};

G_DEFINE_FINAL_TYPE (CircletCell, circlet_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_DATE,
  PROP_COUNT,
  PROP_NUMERIC,
  PROP_WIDTH_CHARS,
  PROP_MIN_CHARS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The contexts cells share, one per font setup; a handful at most. */
#define MAX_SHARED_CONTEXTS 8
static GPtrArray *shared_contexts;

static gboolean
font_options_equal (const cairo_font_options_t *a,
                    const cairo_font_options_t *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return cairo_font_options_equal (a, b);
}

/* Whether text laid out in @a and @b comes out the same: what
 * gtk_widget_create_pango_context() sets from the widget's CSS, settings and
 * direction. */
static gboolean
contexts_equal (PangoContext *a,
                PangoContext *b)
{
  return pango_context_get_font_map (a) == pango_context_get_font_map (b) &&
         pango_font_description_equal (pango_context_get_font_description (a),
                                       pango_context_get_font_description (b)) &&
         pango_context_get_language (a) == pango_context_get_language (b) &&
         pango_context_get_base_dir (a) == pango_context_get_base_dir (b) &&
         pango_context_get_round_glyph_positions (a) == pango_context_get_round_glyph_positions (b) &&
         pango_cairo_context_get_resolution (a) == pango_cairo_context_get_resolution (b) &&
         font_options_equal (pango_cairo_context_get_font_options (a),
                             pango_cairo_context_get_font_options (b));
}

/* A context equal to @context from the shared ones, or @context itself,
 * shared from now on. Shared contexts never change afterwards: another font
 * means another context. */
static PangoContext *
find_shared_context (PangoContext *context)
{
  if (shared_contexts == NULL)
    shared_contexts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < shared_contexts->len; i++)
    {
      PangoContext *shared = g_ptr_array_index (shared_contexts, i);

      if (contexts_equal (shared, context))
        return shared;
    }

  /* Cells hold their own reference: the oldest can go. */
  if (shared_contexts->len == MAX_SHARED_CONTEXTS)
    g_ptr_array_remove_index (shared_contexts, 0);
  g_ptr_array_add (shared_contexts, g_object_ref (context));
  return context;
}

/* The context for the cell's font as its CSS, the settings and its direction
 * now make it. Looked up again only after one of them changed. */
static PangoContext *
shared_context (CircletCell *self)
{
  PangoContext *current;
  PangoContext *shared;

  if (self->context != NULL && !self->context_stale)
    return self->context;

  /* Pango 1.50 has no g_autoptr() for contexts. */
  current = gtk_widget_create_pango_context (GTK_WIDGET (self));
  shared = find_shared_context (current);
  g_set_object (&self->context, shared);
  g_object_unref (current);
  self->context_stale = FALSE;

  return self->context;
}

/* GTK queues a resize itself when the font changes. */
static void
context_changed (CircletCell *self)
{
  self->context_stale = TRUE;
}

/* Shows @text (an em dash for none) and gives it to assistive technologies;
 * @description, when given, is the longer form (a date's full date and
 * time) for them.
 *
 * Returns: whether anything changed. GTK 4.8's list views rebind every row
 * after a change in the list, most of them to the item they already show
 * (only their position moved); such a cell is not redrawn, and its
 * classes and accessible properties are left as they are. */
static gboolean
show_text (CircletCell *self,
           const char  *text,
           const char  *description)
{
  gboolean missing = text == NULL || *text == '\0';
  const char *shown = missing ? C_("list cell", "—") : text;

  if (self->text != NULL && self->missing == missing && strcmp (self->text, shown) == 0 &&
      g_strcmp0 (self->description, description) == 0)
    return FALSE;

  g_free (self->text);
  self->text = g_strdup (shown);
  g_free (self->description);
  self->description = g_strdup (description);
  self->missing = missing;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (missing)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dim-label");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, missing ? _("None") : text,
                                  -1);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  return TRUE;
}

/* The tooltip is made when asked for: gtk_widget_set_tooltip_text() in
 * every bind would ask the display server where the pointer is, once per
 * cell, and a list creates hundreds of cells at once. */
static gboolean
circlet_cell_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard_mode,
                            GtkTooltip *tooltip)
{
  CircletCell *self = CIRCLET_CELL (widget);
  g_autofree char *full = NULL;

  if (self->date == NULL)
    return FALSE;

  full = circlet_format_date_full (self->date);
  gtk_tooltip_set_text (tooltip, full);
  return TRUE;
}

static void
circlet_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  CircletCell *self = CIRCLET_CELL (widget);
  PangoFontMetrics *metrics;

  metrics = pango_context_get_metrics (shared_context (self), NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                            pango_font_metrics_get_approximate_digit_width (metrics));

      *minimum = PANGO_PIXELS_CEIL (self->min_chars * char_width);
      *natural = PANGO_PIXELS_CEIL (MAX (self->min_chars, self->nat_chars) * char_width);
    }
  else
    {
      int ascent = pango_font_metrics_get_ascent (metrics);
      int descent = pango_font_metrics_get_descent (metrics);

      *minimum = *natural = PANGO_PIXELS_CEIL (ascent + descent);
      *minimum_baseline = *natural_baseline = PANGO_PIXELS_CEIL (ascent);
    }

  pango_font_metrics_unref (metrics);
}

static void
circlet_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  CircletCell *self = CIRCLET_CELL (widget);
  PangoContext *context = shared_context (self);
  g_autoptr(PangoLayout) layout = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoRectangle logical;
  GdkRGBA color;

  if (self->text == NULL || width <= 0)
    return;

  layout = pango_layout_new (context);
  pango_layout_set_text (layout, self->text, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);

  /* Pango mirrors the alignment in right-to-left text. */
  pango_layout_set_alignment (layout, self->numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, (height - logical.height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* What GTK would update the widget's own PangoContext for. */
static void
circlet_cell_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (circlet_cell_parent_class)->css_changed (widget, change);

  context_changed (CIRCLET_CELL (widget));
}

static void
circlet_cell_direction_changed (GtkWidget        *widget,
                                GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (circlet_cell_parent_class)->direction_changed (widget, previous_direction);

  context_changed (CIRCLET_CELL (widget));
}

static void
circlet_cell_system_setting_changed (GtkWidget        *widget,
                                     GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (circlet_cell_parent_class)->system_setting_changed (widget, setting);

  context_changed (CIRCLET_CELL (widget));
}

static void
circlet_cell_dispose (GObject *object)
{
  CircletCell *self = CIRCLET_CELL (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->description, g_free);
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
      g_value_set_uint (value, self->nat_chars);
      break;

    case PROP_MIN_CHARS:
      g_value_set_uint (value, self->min_chars);
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
      self->nat_chars = g_value_get_uint (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    case PROP_MIN_CHARS:
      /* How far a column may shrink before the list scrolls sideways. */
      self->min_chars = g_value_get_uint (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
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
  widget_class->css_changed = circlet_cell_css_changed;
  widget_class->direction_changed = circlet_cell_direction_changed;
  widget_class->system_setting_changed = circlet_cell_system_setting_changed;
  widget_class->query_tooltip = circlet_cell_query_tooltip;
  widget_class->measure = circlet_cell_measure;
  widget_class->snapshot = circlet_cell_snapshot;

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

  properties[PROP_MIN_CHARS] =
    g_param_spec_uint ("min-chars", NULL, NULL, 0, 200, 3,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "cell-text");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
circlet_cell_init (CircletCell *self)
{
  self->min_chars = 3;
  self->nat_chars = 12;
  self->context_stale = TRUE;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
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

  return self->text;
}

void
circlet_cell_set_text (CircletCell *self,
                       const char  *text)
{
  g_return_if_fail (CIRCLET_IS_CELL (self));

  /* A fresh cell has no text yet: it shows the dash for "none" too. */
  if (show_text (self, text, NULL))
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

  if (date != NULL)
    {
      now = g_date_time_new_now_utc ();
      text = circlet_format_date (date, now);
      full = circlet_format_date_full (date);
    }
  show_text (self, text, full);

  if (date == self->date || (date != NULL && self->date != NULL && g_date_time_equal (date, self->date)))
    return;

  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = date != NULL ? g_date_time_ref (date) : NULL;
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

  /* Shown even when unchanged: a fresh cell starts at 0 with no text. */
  text = circlet_format_count (count);
  show_text (self, text, NULL);

  if (self->count == count)
    return;

  self->count = count;
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
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (numeric)
    gtk_widget_add_css_class (GTK_WIDGET (self), "numeric");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "numeric");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMERIC]);
}
