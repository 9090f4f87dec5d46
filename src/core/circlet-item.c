/* circlet-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-item-private.h"

/*
 * The base of every list row. Lists reach 100,000 rows, so the mappers set
 * the fields directly instead of going through construct properties, and the
 * search text is folded once here rather than on every filter change.
 */

typedef struct
{
  char    *id;
  char    *name;
  char    *search_text;
  guint64  fingerprint;  /* of the JSON it was read from; 0 for none */
} CircletItemPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CircletItem, circlet_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Folds one text the way GtkStringFilter prepares its strings. ASCII, by
 * far the common case, is lowered in place without any allocation. */
static void
append_folded (GString    *out,
               const char *text)
{
  const guchar *p;
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;

  if (text == NULL || text[0] == '\0')
    return;

  if (out->len > 0)
    g_string_append_c (out, ' ');

  for (p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      break;

  if (*p == '\0')
    {
      gsize start = out->len;

      g_string_append_len (out, text, (const char *) p - text);
      for (gsize i = start; i < out->len; i++)
        out->str[i] = g_ascii_tolower (out->str[i]);
      return;
    }

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (normalized == NULL)
    return;
  folded = g_utf8_casefold (normalized, -1);
  g_string_append (out, folded);
}

/**
 * circlet_item_prepare_search:
 * @query: what the user typed
 *
 * Returns: (transfer full): @query folded the way #CircletItem:search-text is
 */
char *
circlet_item_prepare_search (const char *query)
{
  GString *out = g_string_new (NULL);

  append_folded (out, query);
  return g_string_free (out, FALSE);
}

void
_circlet_item_fill (CircletItem *self,
                    char        *id,
                    char        *name,
                    ...)
{
  CircletItemPrivate *priv = circlet_item_get_instance_private (self);
  GString *search = g_string_sized_new (64);
  const char *text;
  va_list args;

  priv->id = id ? id : g_strdup ("");
  priv->name = name ? name : g_strdup ("");

  append_folded (search, priv->name);
  va_start (args, name);
  while ((text = va_arg (args, const char *)) != NULL)
    append_folded (search, text);
  va_end (args);

  /* Exactly sized: 100,000 rows keep this string. */
  priv->search_text = g_strndup (search->str, search->len);
  g_string_free (search, TRUE);
}

void
_circlet_item_read_code (const CircletScanObject  *object,
                         const char               *member,
                         CircletLabelKind          kind,
                         int                      *code,
                         const char              **label,
                         char                    **owned)
{
  gint64 value = _circlet_scan_get_int (object, member, G_MININT64);

  if (value == G_MININT64 || value < G_MININT || value > G_MAXINT)
    *code = CIRCLET_CODE_MISSING;
  else
    *code = (int) value;

  *label = circlet_label_lookup (kind, *code);
  if (*label == NULL)
    {
      *owned = circlet_label_dup (kind, *code);
      *label = *owned;
    }
}

guint
_circlet_item_read_count (const CircletScanObject *object,
                          const char              *member)
{
  gint64 value = _circlet_scan_get_int (object, member, 0);

  return (guint) CLAMP (value, 0, G_MAXUINT);
}

static void
circlet_item_finalize (GObject *object)
{
  CircletItemPrivate *priv = circlet_item_get_instance_private (CIRCLET_ITEM (object));

  g_free (priv->id);
  g_free (priv->name);
  g_free (priv->search_text);

  G_OBJECT_CLASS (circlet_item_parent_class)->finalize (object);
}

static void
circlet_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CircletItem *self = CIRCLET_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, circlet_item_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, circlet_item_get_name (self));
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, circlet_item_get_search_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_item_class_init (CircletItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_item_finalize;
  object_class->get_property = circlet_item_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_item_init (CircletItem *self)
{
}

/**
 * circlet_item_get_id:
 *
 * Returns: the server's id (a GUID, or an e-mail address for testers);
 *   "" when the server sent none
 */
const char *
circlet_item_get_id (CircletItem *self)
{
  CircletItemPrivate *priv;

  g_return_val_if_fail (CIRCLET_IS_ITEM (self), NULL);

  priv = circlet_item_get_instance_private (self);
  return priv->id ? priv->id : "";
}

/**
 * circlet_item_get_name:
 *
 * Returns: the name to show; never %NULL, "" when the server sent none
 */
const char *
circlet_item_get_name (CircletItem *self)
{
  CircletItemPrivate *priv;

  g_return_val_if_fail (CIRCLET_IS_ITEM (self), NULL);

  priv = circlet_item_get_instance_private (self);
  return priv->name ? priv->name : "";
}

const char *
circlet_item_get_search_text (CircletItem *self)
{
  CircletItemPrivate *priv;

  g_return_val_if_fail (CIRCLET_IS_ITEM (self), NULL);

  priv = circlet_item_get_instance_private (self);
  return priv->search_text ? priv->search_text : "";
}

guint64
_circlet_item_get_fingerprint (CircletItem *self)
{
  CircletItemPrivate *priv = circlet_item_get_instance_private (self);

  return priv->fingerprint;
}

void
_circlet_item_set_fingerprint (CircletItem *self,
                               guint64      fingerprint)
{
  CircletItemPrivate *priv = circlet_item_get_instance_private (self);

  priv->fingerprint = fingerprint;
}
