/* circlet-live-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-item-list-private.h"
#include "circlet-live-list.h"

/*
 * The list a page shows: one CircletItemList after another, as one
 * GListModel that stays under the page's filter, sort and selection models.
 *
 * Why not hand each new list to a model above: replacing the model is one
 * items-changed over every row (100,000 removed, 100,001 added), and GTK
 * 4.8's filter and sort models and the view's GtkListItemManager work
 * through all of it: profiled at 100,000 rows, a refresh that added one
 * profile stalled the main loop for 64 ms, most of it rebinding the ~200
 * rows the view keeps, all of them the same items. A list made by
 * circlet_item_list_new_replacing() knows which rows changed; only those
 * are announced.
 *
 * Between two announcements of one replacement the model is half way:
 * rows before the end of the last change announced come from the new list,
 * the rest from the old one, which holds the same items there.
 *
 * It also shows only the first rows while a page reveals a list a frame at
 * a time (the limit). That was a GtkSliceListModel above, but GTK 4.8's
 * turns every change that adds and removes different numbers of rows into
 * one from that row to the end: a profile removed at the top of 100,000
 * reached the view as 100,000 rows changed.
 */

struct _CircletLiveList
{
  GObject          parent_instance;

  GType            item_type;
  CircletItemList *list;
  guint            limit;

  /* While the changes of a replacement are announced: the list replaced,
   * and where the last change announced ends in the new list and in it. */
  CircletItemList *replaced;
  guint            new_end;
  guint            old_end;
};

static void circlet_live_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CircletLiveList, circlet_live_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, circlet_live_list_model_init))

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_LIST,
  PROP_LIMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
n_items_of (CircletItemList *list)
{
  return list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (list)) : 0;
}

/* Announces @changes, front to back, each once the model holds it. With
 * @replaced, the rows after the last change announced are read from it;
 * without, from the list shown. */
static void
announce_changes (CircletLiveList             *self,
                  CircletItemList             *replaced,
                  const CircletItemListChange *changes,
                  guint                        n_changes)
{
  g_assert (self->replaced == NULL);

  self->replaced = replaced;
  self->new_end = 0;
  self->old_end = 0;

  for (guint i = 0; i < n_changes; i++)
    {
      self->new_end = changes[i].position + changes[i].added;
      self->old_end = changes[i].old_position + changes[i].removed;
      g_list_model_items_changed (G_LIST_MODEL (self), changes[i].position, changes[i].removed, changes[i].added);
    }

  self->replaced = NULL;
}

static GType
circlet_live_list_get_item_type (GListModel *model)
{
  return CIRCLET_LIVE_LIST (model)->item_type;
}

static guint
circlet_live_list_get_n_items (GListModel *model)
{
  CircletLiveList *self = CIRCLET_LIVE_LIST (model);

  if (self->replaced != NULL)
    return self->new_end + n_items_of (self->replaced) - self->old_end;

  return MIN (n_items_of (self->list), self->limit);
}

static gpointer
circlet_live_list_get_item (GListModel *model,
                            guint       position)
{
  CircletLiveList *self = CIRCLET_LIVE_LIST (model);

  if (position >= circlet_live_list_get_n_items (model))
    return NULL;

  if (self->replaced != NULL && position >= self->new_end)
    return g_list_model_get_item (G_LIST_MODEL (self->replaced), position - self->new_end + self->old_end);

  if (self->list == NULL)
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->list), position);
}

static void
circlet_live_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = circlet_live_list_get_item_type;
  iface->get_n_items = circlet_live_list_get_n_items;
  iface->get_item = circlet_live_list_get_item;
}

static void
circlet_live_list_finalize (GObject *object)
{
  CircletLiveList *self = CIRCLET_LIVE_LIST (object);

  g_clear_object (&self->list);

  G_OBJECT_CLASS (circlet_live_list_parent_class)->finalize (object);
}

static void
circlet_live_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CircletLiveList *self = CIRCLET_LIVE_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;

    case PROP_LIST:
      g_value_set_object (value, circlet_live_list_get_list (self));
      break;

    case PROP_LIMIT:
      g_value_set_uint (value, circlet_live_list_get_limit (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_live_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CircletLiveList *self = CIRCLET_LIVE_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      self->item_type = g_value_get_gtype (value);
      break;

    case PROP_LIST:
      circlet_live_list_set_list (self, g_value_get_object (value));
      break;

    case PROP_LIMIT:
      circlet_live_list_set_limit (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_live_list_class_init (CircletLiveListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_live_list_finalize;
  object_class->get_property = circlet_live_list_get_property;
  object_class->set_property = circlet_live_list_set_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL,
                         CIRCLET_TYPE_ITEM_LIST,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LIMIT] =
    g_param_spec_uint ("limit", NULL, NULL,
                       0, G_MAXUINT, G_MAXUINT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_live_list_init (CircletLiveList *self)
{
  self->item_type = G_TYPE_OBJECT;
  self->limit = G_MAXUINT;
}

/**
 * circlet_live_list_new:
 * @item_type: the type every item of every list shown is, a #GObject type
 *
 * Returns: (transfer full): a live list showing no list
 */
CircletLiveList *
circlet_live_list_new (GType item_type)
{
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);

  return g_object_new (CIRCLET_TYPE_LIVE_LIST,
                       "item-type", item_type,
                       NULL);
}

/**
 * circlet_live_list_get_list:
 * @self: a live list
 *
 * Returns: (transfer none) (nullable): the list shown
 */
CircletItemList *
circlet_live_list_get_list (CircletLiveList *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIVE_LIST (self), NULL);

  return self->list;
}

/**
 * circlet_live_list_set_list:
 * @self: a live list
 * @list: (nullable): the list to show, of items of the live list's item type
 *
 * Shows @list in place of the list shown. When @list was made by
 * circlet_item_list_new_replacing() from the list shown, and no limit is
 * set, only the rows that changed are announced, front to back, in as many
 * items-changed; the other rows stay the same objects at the same
 * positions, shifted by the changes before them. Otherwise every row shown
 * is replaced in one items-changed. Not from a handler of the live list's
 * own items-changed.
 */
void
circlet_live_list_set_list (CircletLiveList *self,
                            CircletItemList *list)
{
  g_autoptr(CircletItemList) replaced = NULL;
  const CircletItemListChange *changes;
  guint n_changes;

  g_return_if_fail (CIRCLET_IS_LIVE_LIST (self));
  g_return_if_fail (list == NULL || CIRCLET_IS_ITEM_LIST (list));
  g_return_if_fail (list == NULL || g_type_is_a (g_list_model_get_item_type (G_LIST_MODEL (list)), self->item_type));
  g_return_if_fail (self->replaced == NULL);

  if (self->list == list)
    return;

  replaced = g_steal_pointer (&self->list);
  self->list = list != NULL ? g_object_ref (list) : NULL;

  if (self->limit == G_MAXUINT && replaced != NULL && list != NULL &&
      _circlet_item_list_get_changes (list, replaced, &changes, &n_changes))
    {
      announce_changes (self, replaced, changes, n_changes);
    }
  else
    {
      CircletItemListChange all = { 0, 0, MIN (n_items_of (replaced), self->limit), MIN (n_items_of (list), self->limit) };

      if (all.removed > 0 || all.added > 0)
        announce_changes (self, NULL, &all, 1);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}

/**
 * circlet_live_list_get_limit:
 * @self: a live list
 *
 * Returns: how many rows of each list are shown at most
 */
guint
circlet_live_list_get_limit (CircletLiveList *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIVE_LIST (self), G_MAXUINT);

  return self->limit;
}

/**
 * circlet_live_list_set_limit:
 * @self: a live list
 * @limit: how many rows to show at most; %G_MAXUINT for all
 *
 * Shows the first @limit rows of each list only, and announces the rows
 * that this adds or hides. Not from a handler of the live list's own
 * items-changed.
 */
void
circlet_live_list_set_limit (CircletLiveList *self,
                             guint            limit)
{
  guint before, after;

  g_return_if_fail (CIRCLET_IS_LIVE_LIST (self));
  g_return_if_fail (self->replaced == NULL);

  if (self->limit == limit)
    return;

  before = g_list_model_get_n_items (G_LIST_MODEL (self));
  self->limit = limit;
  after = g_list_model_get_n_items (G_LIST_MODEL (self));

  if (after > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, after - before);
  else if (after < before)
    g_list_model_items_changed (G_LIST_MODEL (self), after, before - after, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
}
