/* circlet-item-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-item-list-private.h"

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
 *
 * A list read by a refresh also knows how it differs from the list it
 * replaces (circlet_item_list_new_replacing()), worked out in the thread
 * that made it, so that CircletLiveList can announce only the rows that
 * changed: GTK 4.8's filter, sort and selection models and the view's
 * GtkListItemManager all do work in proportion to the rows an items-changed
 * names.
 */

/* Changes closer together than this many rows are announced as one. GTK
 * 4.8's list item manager rebinds every row it has a widget for (up to 200
 * around the visible ones) after the position of a change; two changes
 * among those rows cost less as one than as two. */
#define MERGE_GAP   256

/* More changes than this are announced as one, from the first to the last:
 * with a sorter set, GtkSortListModel walks every row for each. */
#define MAX_CHANGES 16

struct _CircletItemList
{
  GObject                parent_instance;

  GType                  item_type;
  GPtrArray             *items;

  guint64                serial;
  guint64                replaced_serial;   /* 0: replaces no list */
  CircletItemListChange *changes;
  guint                  n_changes;
};

G_LOCK_DEFINE_STATIC (serial);

static void circlet_item_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CircletItemList, circlet_item_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, circlet_item_list_model_init))

/* Finding what changed {{{1 */

static void
add_change (GArray *changes,
            guint   old_position,
            guint   old_end,
            guint   position,
            guint   end)
{
  CircletItemListChange change = { position, old_position, old_end - old_position, end - position };

  g_assert (old_end >= old_position && end >= position);

  if (change.removed > 0 || change.added > 0)
    g_array_append_val (changes, change);
}

/* Makes @change reach to the end of @next, a later change. */
static void
extend_change (CircletItemListChange       *change,
               const CircletItemListChange *next)
{
  change->removed = next->old_position + next->removed - change->old_position;
  change->added = next->position + next->added - change->position;
}

/* The index of the change whose removed rows (with @old) or added rows
 * hold @position; one of them does. */
static guint
find_change (GArray   *changes,
             guint     position,
             gboolean  old)
{
  guint low = 0, high = changes->len;

  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;
      const CircletItemListChange *change = &g_array_index (changes, CircletItemListChange, middle);

      if ((old ? change->old_position : change->position) <= position)
        low = middle;
      else
        high = middle;
    }

  return low;
}

/* The changes from old[@old_start, @old_end) to new[@start, @end), which
 * differ at both ends. The rows that stay are the longest sequence of
 * items that both hold in the same order: the longest increasing
 * subsequence of the kept items' old positions, O(n log n). An item kept
 * but not in it moved; its removal and its addition become one change, with
 * every change between them, so that the models downstream see it go and
 * come back in one items-changed (GtkSingleSelection keeps it selected,
 * the view keeps its row). */
static void
diff_middle (GPtrArray *old,
             guint      old_start,
             guint      old_end,
             GPtrArray *new,
             guint      start,
             guint      end,
             GArray    *changes)
{
  guint n = end - start;
  g_autoptr(GHashTable) old_positions = g_hash_table_new (NULL, NULL);
  g_autofree guint *origin = g_new (guint, n);
  g_autofree guint *tails = g_new (guint, n);
  g_autofree guint *previous = g_new (guint, n);
  guint length = 0, kept = 0, k;
  guint old_next = old_start, next = start;
  guint first_moved = G_MAXUINT, last_moved = 0;

  for (guint i = old_start; i < old_end; i++)
    g_hash_table_insert (old_positions, g_ptr_array_index (old, i), GUINT_TO_POINTER (i + 1));

  /* tails[k]: of the increasing sequences of length k + 1 so far, the one
   * ending lowest ends at tails[k]; previous[j]: the item before j in the
   * sequence j ends. */
  for (guint j = 0; j < n; j++)
    {
      guint found = GPOINTER_TO_UINT (g_hash_table_lookup (old_positions, g_ptr_array_index (new, start + j)));
      guint low = 0, high = length;

      /* Stored plus one: the table's "not found" is 0. */
      origin[j] = found > 0 ? found - 1 : G_MAXUINT;
      if (found == 0)
        continue;

      kept++;
      while (low < high)
        {
          guint middle = low + (high - low) / 2;

          if (origin[tails[middle]] < origin[j])
            low = middle + 1;
          else
            high = middle;
        }
      previous[j] = low > 0 ? tails[low - 1] : G_MAXUINT;
      tails[low] = j;
      if (low == length)
        length++;
    }

  /* The longest one, front to back, in tails[] (no longer needed as it was). */
  k = length;
  for (guint j = length > 0 ? tails[length - 1] : G_MAXUINT; j != G_MAXUINT; j = previous[j])
    tails[--k] = j;

  for (k = 0; k < length; k++)
    {
      guint j = tails[k];

      add_change (changes, old_next, origin[j], next, start + j);
      old_next = origin[j] + 1;
      next = start + j + 1;
    }
  add_change (changes, old_next, old_end, next, end);

  if (kept == length)
    return;

  k = 0;
  for (guint j = 0; j < n; j++)
    {
      guint removal, addition;

      if (k < length && tails[k] == j)
        {
          k++;
          continue;
        }
      if (origin[j] == G_MAXUINT)
        continue;

      removal = find_change (changes, origin[j], TRUE);
      addition = find_change (changes, start + j, FALSE);
      first_moved = MIN (first_moved, MIN (removal, addition));
      last_moved = MAX (last_moved, MAX (removal, addition));
    }

  extend_change (&g_array_index (changes, CircletItemListChange, first_moved),
                 &g_array_index (changes, CircletItemListChange, last_moved));
  g_array_remove_range (changes, first_moved + 1, last_moved - first_moved);
}

/* Joins changes fewer than MERGE_GAP rows apart, then every change if
 * there are more than MAX_CHANGES. */
static void
merge_changes (GArray *changes)
{
  CircletItemListChange *change = (CircletItemListChange *) (gpointer) changes->data;
  guint kept = 0;

  for (guint i = 1; i < changes->len; i++)
    {
      if (change[i].position - (change[kept].position + change[kept].added) < MERGE_GAP)
        extend_change (&change[kept], &change[i]);
      else
        change[++kept] = change[i];
    }
  if (changes->len > 0)
    g_array_set_size (changes, kept + 1);

  if (changes->len > MAX_CHANGES)
    {
      extend_change (&change[0], &change[changes->len - 1]);
      g_array_set_size (changes, 1);
    }
}

/* The changes that turn @old into @new, front to back, rows compared by
 * identity. */
static GArray *
find_changes (GPtrArray *old,
              GPtrArray *new)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (CircletItemListChange));
  guint start = 0, end = 0;

  while (start < old->len && start < new->len &&
         g_ptr_array_index (old, start) == g_ptr_array_index (new, start))
    start++;
  while (end < old->len - start && end < new->len - start &&
         g_ptr_array_index (old, old->len - 1 - end) == g_ptr_array_index (new, new->len - 1 - end))
    end++;

  if (start == old->len - end || start == new->len - end)
    add_change (changes, start, old->len - end, start, new->len - end);
  else
    diff_middle (old, start, old->len - end, new, start, new->len - end, changes);

  merge_changes (changes);
  return changes;
}

/* GListModel {{{1 */

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
  g_free (self->changes);

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
  static guint64 last_serial;

  G_LOCK (serial);
  self->serial = ++last_serial;
  G_UNLOCK (serial);
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
 * circlet_item_list_new_replacing:
 * @item_type: the type every item is, a #GObject type
 * @items: (transfer full): the items, as for circlet_item_list_new()
 * @previous: (nullable): the list this one replaces, read before it
 *
 * circlet_item_list_new(), and works out which rows differ from @previous,
 * comparing items by identity, for circlet_live_list_set_list(). That
 * costs a pass over both lists, and up to O(n log n) when rows changed at
 * both ends: call it in the thread that made @items. Safe from any thread.
 *
 * Returns: (transfer full): a list model of @items
 */
CircletItemList *
circlet_item_list_new_replacing (GType            item_type,
                                 GPtrArray       *items,
                                 CircletItemList *previous)
{
  CircletItemList *self;
  GArray *changes;

  g_return_val_if_fail (previous == NULL || CIRCLET_IS_ITEM_LIST (previous), NULL);

  self = circlet_item_list_new (item_type, items);
  if (self == NULL || previous == NULL)
    return self;

  changes = find_changes (previous->items, self->items);
  self->replaced_serial = previous->serial;
  self->n_changes = changes->len;
  self->changes = (CircletItemListChange *) (gpointer) g_array_free (changes, FALSE);

  return self;
}

/**
 * _circlet_item_list_get_changes:
 * @self: a list
 * @previous: a list @self may replace
 * @changes: (out) (transfer none): the changes from @previous to @self, in
 *   the order to announce them
 * @n_changes: (out): how many
 *
 * Returns: whether @self was made with circlet_item_list_new_replacing()
 *   from @previous; if not, nothing is known of what changed
 */
gboolean
_circlet_item_list_get_changes (CircletItemList              *self,
                                CircletItemList              *previous,
                                const CircletItemListChange **changes,
                                guint                        *n_changes)
{
  g_return_val_if_fail (CIRCLET_IS_ITEM_LIST (self), FALSE);
  g_return_val_if_fail (CIRCLET_IS_ITEM_LIST (previous), FALSE);

  if (self->replaced_serial != previous->serial)
    return FALSE;

  *changes = self->changes;
  *n_changes = self->n_changes;
  return TRUE;
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
