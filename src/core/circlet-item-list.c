/* circlet-item-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-item-list.h"

/*
 * A loaded list: an array that never changes, as a GListModel.
 *
 * Why not GListStore: it keeps its items in a GSequence, a balanced tree,
 * so reaching item i costs a walk from the root (only the neighbour of the
 * last item asked for is cheap). Once GtkSortListModel reorders 100,000
 * rows, every row it hands to the view is a random access, and
 * GtkListItemManager, on each items-changed, looks through every changed row
 * for the ones it still has widgets for: profiled at 100,000 rows, 46% of a
 * 120 ms main-loop stall after sorting by name was g_sequence_get_iter_at_pos.
 * Here an access is an array index, and the array is 8 bytes per row where
 * a GSequence node is 48 plus malloc's overhead.
 */

struct _CircletItemList
{
  GObject    parent_instance;

  GType      item_type;
  GPtrArray *items;
};

static void circlet_item_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CircletItemList, circlet_item_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, circlet_item_list_model_init))

static GType
circlet_item_list_get_item_type (GListModel *model)
{
  return CIRCLET_ITEM_LIST (model)->item_type;
}

static guint
circlet_item_list_get_n_items (GListModel *model)
{
  return CIRCLET_ITEM_LIST (model)->items->len;
}

static gpointer
circlet_item_list_get_item (GListModel *model,
                            guint       position)
{
  CircletItemList *self = CIRCLET_ITEM_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
circlet_item_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = circlet_item_list_get_item_type;
  iface->get_n_items = circlet_item_list_get_n_items;
  iface->get_item = circlet_item_list_get_item;
}

static void
circlet_item_list_finalize (GObject *object)
{
  CircletItemList *self = CIRCLET_ITEM_LIST (object);

  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (circlet_item_list_parent_class)->finalize (object);
}

static void
circlet_item_list_class_init (CircletItemListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_item_list_finalize;
}

static void
circlet_item_list_init (CircletItemList *self)
{
}

/**
 * circlet_item_list_new:
 * @item_type: the type every item is, a #GObject type
 * @items: (transfer full): the items, owning a reference to each (a
 *   #GPtrArray that frees them with g_object_unref())
 *
 * Safe from any thread; the list never changes afterwards.
 *
 * Returns: (transfer full): a list model of @items
 */
CircletItemList *
circlet_item_list_new (GType      item_type,
                       GPtrArray *items)
{
  CircletItemList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (items != NULL, NULL);

  self = g_object_new (CIRCLET_TYPE_ITEM_LIST, NULL);
  self->item_type = item_type;
  self->items = items;
  return self;
}

/**
 * circlet_item_list_equal:
 * @self: a list
 * @other: another
 *
 * Returns: whether both hold the very same items (the same objects) in the
 *   same order
 */
gboolean
circlet_item_list_equal (CircletItemList *self,
                         CircletItemList *other)
{
  g_return_val_if_fail (CIRCLET_IS_ITEM_LIST (self), FALSE);
  g_return_val_if_fail (CIRCLET_IS_ITEM_LIST (other), FALSE);

  return self->item_type == other->item_type &&
         self->items->len == other->items->len &&
         (self->items->len == 0 ||
          memcmp (self->items->pdata, other->items->pdata, self->items->len * sizeof (gpointer)) == 0);
}
