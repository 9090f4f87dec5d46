/* circlet-sorter.c
 *
 * Sorts list items by one value of theirs: a string (in the locale's
 * collation), a number, a boolean, an enum or a GDateTime. Items without the
 * value (NULL, empty, no date) go last.
 *
 * Why not GtkStringSorter and GtkNumericSorter: GtkSortListModel asks them
 * for a key for every item at once, on the main thread, before it sorts
 * (with 100,000 rows, collation keys alone stall the window for a good
 * fraction of a second), and GtkNumericSorter can't sort dates. This sorter
 * only compares; GtkSortListModel then keeps just item pointers and sorts
 * incrementally, in steps of about a millisecond. Each item's key is
 * computed on first comparison and kept on the item (items never change),
 * so a whole sort costs one key per item plus cheap comparisons, spread over
 * those steps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-sorter.h"

typedef struct
{
  gboolean missing;
  gint64   number;
  char     collated[];  /* for strings */
} SortKey;

struct _CircletSorter
{
  GtkSorter parent_instance;

  GtkExpression *expression;
  GType          value_type;
  GQuark         key_quark;
};

G_DEFINE_FINAL_TYPE (CircletSorter, circlet_sorter, GTK_TYPE_SORTER)

enum {
  PROP_0,
  PROP_EXPRESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static SortKey *
new_number_key (gboolean missing,
                gint64   number)
{
  SortKey *key = g_malloc (sizeof (SortKey) + 1);

  key->missing = missing;
  key->number = number;
  key->collated[0] = '\0';
  return key;
}

static SortKey *
make_key (CircletSorter *self,
          const GValue  *value)
{
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_STRING)
    {
      const char *str = g_value_get_string (value);
      g_autofree char *collated = NULL;
      SortKey *key;
      gsize len;

      if (str == NULL || *str == '\0')
        return new_number_key (TRUE, 0);

      collated = g_utf8_collate_key (str, -1);
      len = strlen (collated);
      key = g_malloc (sizeof (SortKey) + len + 1);
      key->missing = FALSE;
      key->number = 0;
      memcpy (key->collated, collated, len + 1);
      return key;
    }

  if (type == G_TYPE_DATE_TIME)
    {
      GDateTime *date = g_value_get_boxed (value);

      return new_number_key (date == NULL, date ? g_date_time_to_unix (date) : 0);
    }

  if (G_TYPE_IS_ENUM (type))
    return new_number_key (FALSE, g_value_get_enum (value));

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
      return new_number_key (FALSE, g_value_get_boolean (value));
    case G_TYPE_INT:
      return new_number_key (FALSE, g_value_get_int (value));
    case G_TYPE_UINT:
      return new_number_key (FALSE, g_value_get_uint (value));
    case G_TYPE_INT64:
      return new_number_key (FALSE, g_value_get_int64 (value));
    case G_TYPE_UINT64:
      return new_number_key (FALSE, (gint64) MIN (g_value_get_uint64 (value), (guint64) G_MAXINT64));
    case G_TYPE_DOUBLE:
      return new_number_key (FALSE, (gint64) g_value_get_double (value));
    default:
      return new_number_key (TRUE, 0);
    }
}

static const SortKey *
lookup_key (CircletSorter *self,
            gpointer       item)
{
  SortKey *key = g_object_get_qdata (item, self->key_quark);

  if (key == NULL)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (gtk_expression_evaluate (self->expression, item, &value))
        key = make_key (self, &value);
      else
        key = new_number_key (TRUE, 0);

      g_object_set_qdata_full (item, self->key_quark, key, g_free);
    }

  return key;
}

static GtkOrdering
circlet_sorter_compare (GtkSorter *sorter,
                        gpointer   item1,
                        gpointer   item2)
{
  CircletSorter *self = CIRCLET_SORTER (sorter);
  const SortKey *a, *b;
  int cmp;

  if (self->expression == NULL)
    return GTK_ORDERING_EQUAL;

  a = lookup_key (self, item1);
  b = lookup_key (self, item2);

  /* Missing values last, whatever else. */
  if (a->missing || b->missing)
    return gtk_ordering_from_cmpfunc ((int) a->missing - (int) b->missing);

  if (a->number != b->number)
    return a->number < b->number ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  cmp = strcmp (a->collated, b->collated);
  return gtk_ordering_from_cmpfunc (cmp);
}

static GtkSorterOrder
circlet_sorter_get_order (GtkSorter *sorter)
{
  CircletSorter *self = CIRCLET_SORTER (sorter);

  return self->expression != NULL ? GTK_SORTER_ORDER_PARTIAL : GTK_SORTER_ORDER_NONE;
}

static void
circlet_sorter_dispose (GObject *object)
{
  CircletSorter *self = CIRCLET_SORTER (object);

  g_clear_pointer (&self->expression, gtk_expression_unref);

  G_OBJECT_CLASS (circlet_sorter_parent_class)->dispose (object);
}

static void
circlet_sorter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CircletSorter *self = CIRCLET_SORTER (object);

  switch (prop_id)
    {
    case PROP_EXPRESSION:
      gtk_value_set_expression (value, self->expression);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_sorter_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CircletSorter *self = CIRCLET_SORTER (object);

  switch (prop_id)
    {
    case PROP_EXPRESSION:
      circlet_sorter_set_expression (self, gtk_value_get_expression (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_sorter_class_init (CircletSorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  object_class->dispose = circlet_sorter_dispose;
  object_class->get_property = circlet_sorter_get_property;
  object_class->set_property = circlet_sorter_set_property;

  sorter_class->compare = circlet_sorter_compare;
  sorter_class->get_order = circlet_sorter_get_order;

  properties[PROP_EXPRESSION] =
    gtk_param_spec_expression ("expression", NULL, NULL,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_sorter_init (CircletSorter *self)
{
}

GtkSorter *
circlet_sorter_new (GtkExpression *expression)
{
  GtkSorter *sorter = g_object_new (CIRCLET_TYPE_SORTER, NULL);

  circlet_sorter_set_expression (CIRCLET_SORTER (sorter), expression);
  g_clear_pointer (&expression, gtk_expression_unref);

  return sorter;
}

GtkExpression *
circlet_sorter_get_expression (CircletSorter *self)
{
  g_return_val_if_fail (CIRCLET_IS_SORTER (self), NULL);

  return self->expression;
}

/* The cache key: one per property of one item type, shared by every sorter
 * on it (the key depends only on the value), so a page opened again, or a
 * second window, reuses what the first sort computed. Quarks are never
 * freed; there are a few dozen sortable columns. */
static GQuark
key_quark_for (GtkExpression *expression)
{
  g_autofree char *name = NULL;

  if (G_TYPE_CHECK_INSTANCE_TYPE (expression, GTK_TYPE_PROPERTY_EXPRESSION))
    {
      GParamSpec *pspec = gtk_property_expression_get_pspec (expression);

      name = g_strdup_printf ("circlet-sort-key:%s:%s",
                              g_type_name (pspec->owner_type), pspec->name);
    }
  else
    {
      static guint counter;

      name = g_strdup_printf ("circlet-sort-key:%u", ++counter);
    }

  return g_quark_from_string (name);
}

/**
 * circlet_sorter_set_expression:
 * @self: a sorter
 * @expression: (nullable) (transfer none): what to sort by
 */
void
circlet_sorter_set_expression (CircletSorter *self,
                               GtkExpression *expression)
{
  g_return_if_fail (CIRCLET_IS_SORTER (self));

  if (self->expression == expression)
    return;

  g_clear_pointer (&self->expression, gtk_expression_unref);
  if (expression != NULL)
    {
      self->expression = gtk_expression_ref (expression);
      self->value_type = gtk_expression_get_value_type (expression);
      self->key_quark = key_quark_for (expression);
    }

  gtk_sorter_changed (GTK_SORTER (self), GTK_SORTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPRESSION]);
}
