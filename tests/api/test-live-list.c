/* test-live-list.c: what a CircletLiveList announces when one
 * CircletItemList replaces another
 *
 * Every items-changed is replayed onto a copy of the list shown before,
 * reading the added rows from the live list while the signal is emitted:
 * the copy must end up the very objects of the new list, and the signals
 * must be exactly the ones expected, so that no row that stayed is ever
 * announced as removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-item-list.h"
#include "circlet-live-list.h"

/* As in circlet-item-list.c. */
#define MERGE_GAP   256
#define MAX_CHANGES 16

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  CircletLiveList *live;
  GPtrArray       *mirror;   /* what the live list showed, as announced */
  GArray          *changes;  /* of Change */
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Recorder *recorder = user_data;
  Change change = { position, removed, added };

  g_assert_cmpuint (position + removed, <=, recorder->mirror->len);
  g_ptr_array_remove_range (recorder->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      GObject *item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (recorder->mirror, position + i, item);
      g_object_unref (item);
    }

  /* The model holds what was announced, no more and no less. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, recorder->mirror->len);
  g_assert_null (g_list_model_get_item (model, recorder->mirror->len));

  g_array_append_val (recorder->changes, change);
}

static void
recorder_init (Recorder *recorder)
{
  recorder->live = circlet_live_list_new (G_TYPE_OBJECT);
  recorder->mirror = g_ptr_array_new ();
  recorder->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_signal_connect (recorder->live, "items-changed", G_CALLBACK (items_changed_cb), recorder);
}

static void
recorder_clear (Recorder *recorder)
{
  g_ptr_array_unref (recorder->mirror);
  g_array_unref (recorder->changes);
  g_assert_finalize_object (recorder->live);
}

/* Checks that the replay of what was announced ends on the rows the live
 * list shows, object for object: the first ones of its list, up to its
 * limit. */
static void
assert_replayed (Recorder *recorder)
{
  CircletItemList *list = circlet_live_list_get_list (recorder->live);
  guint n = list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (list)) : 0;

  n = MIN (n, circlet_live_list_get_limit (recorder->live));
  g_assert_cmpuint (recorder->mirror->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_true (g_ptr_array_index (recorder->mirror, i) == item);
    }
}

/* Checks that the items-changed were exactly @args: position, removed,
 * added, …, ending in G_MAXUINT. */
static void
assert_changes (Recorder *recorder,
                va_list   args)
{
  guint n_expected = 0;

  for (guint position = va_arg (args, guint); position != G_MAXUINT; position = va_arg (args, guint))
    {
      const Change *change;

      g_assert_cmpuint (n_expected, <, recorder->changes->len);
      change = &g_array_index (recorder->changes, Change, n_expected);
      g_assert_cmpuint (change->position, ==, position);
      g_assert_cmpuint (change->removed, ==, va_arg (args, guint));
      g_assert_cmpuint (change->added, ==, va_arg (args, guint));
      n_expected++;
    }
  g_assert_cmpuint (recorder->changes->len, ==, n_expected);
}

/* Shows @list, and checks the replay. */
static void
show_list (Recorder        *recorder,
           CircletItemList *list)
{
  g_array_set_size (recorder->changes, 0);
  circlet_live_list_set_list (recorder->live, list);
  g_assert_true (circlet_live_list_get_list (recorder->live) == list);
  assert_replayed (recorder);
}

/* show_list(), and checks that the items-changed were exactly the ones
 * given as position, removed, added, …, ending in G_MAXUINT. */
static void
show (Recorder        *recorder,
      CircletItemList *list,
      ...)
{
  va_list args;

  show_list (recorder, list);
  va_start (args, list);
  assert_changes (recorder, args);
  va_end (args);
}

/* The same for a new limit. */
static void
limit (Recorder *recorder,
       guint     n,
       ...)
{
  va_list args;

  g_array_set_size (recorder->changes, 0);
  circlet_live_list_set_limit (recorder->live, n);
  g_assert_cmpuint (circlet_live_list_get_limit (recorder->live), ==, n);
  assert_replayed (recorder);
  va_start (args, n);
  assert_changes (recorder, args);
  va_end (args);
}

/* Distinct objects, each its own. */
static GPtrArray *
new_items (guint n)
{
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_object_new (G_TYPE_OBJECT, NULL));

  return items;
}

/* The items of @list, each with a reference of the copy's own, to edit
 * into the next list. */
static GPtrArray *
copy_items (CircletItemList *list)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (list), i));

  return items;
}

static void
insert_new (GPtrArray *items,
            guint      position,
            guint      n)
{
  for (guint i = 0; i < n; i++)
    g_ptr_array_insert (items, position + i, g_object_new (G_TYPE_OBJECT, NULL));
}

static void
change (GPtrArray *items,
        guint      position)
{
  g_ptr_array_remove_index (items, position);
  insert_new (items, position, 1);
}

/* One edit of a 1,000-row list at a time, each against the list before. */
static void
test_single_edits (void)
{
  Recorder recorder;
  g_autoptr(CircletItemList) list = circlet_item_list_new (G_TYPE_OBJECT, new_items (1000));
  GPtrArray *items;

  recorder_init (&recorder);
  show (&recorder, list, 0, 0, 1000, G_MAXUINT);

#define NEXT(edit, ...) \
  G_STMT_START { \
    CircletItemList *next; \
    items = copy_items (list); \
    edit; \
    next = circlet_item_list_new_replacing (G_TYPE_OBJECT, items, list); \
    show (&recorder, next, __VA_ARGS__, G_MAXUINT); \
    g_object_unref (list); \
    list = next; \
  } G_STMT_END

  /* One more at the end, as bench-lists' refresh adds one profile. */
  NEXT (insert_new (items, 1000, 1), 1000, 0, 1);
  NEXT (insert_new (items, 0, 1), 0, 0, 1);
  NEXT (insert_new (items, 500, 3), 500, 0, 3);
  NEXT (g_ptr_array_remove_index (items, 500), 500, 1, 0);
  NEXT (g_ptr_array_remove_range (items, 0, 2), 0, 2, 0);
  NEXT (g_ptr_array_remove_index (items, items->len - 1), items->len, 1, 0);
  NEXT (change (items, 500), 500, 1, 1);
  NEXT (change (items, 0), 0, 1, 1);
  NEXT (change (items, items->len - 1), items->len - 1, 1, 1);

#undef NEXT

  g_clear_object (&list);
  recorder_clear (&recorder);
}

/* Several edits in one refresh: far apart, one items-changed each, front
 * to back, each at its position once the ones before it are made; closer
 * than MERGE_GAP rows, one for both. */
static void
test_mixed_edits (void)
{
  Recorder recorder;
  g_autoptr(CircletItemList) first = circlet_item_list_new (G_TYPE_OBJECT, new_items (1000));
  g_autoptr(CircletItemList) far = NULL;
  g_autoptr(CircletItemList) near = NULL;
  GPtrArray *items;

  recorder_init (&recorder);
  show (&recorder, first, 0, 0, 1000, G_MAXUINT);

  /* Changed at 10, removed at 400, three added before old row 800. */
  items = copy_items (first);
  insert_new (items, 800, 3);
  g_ptr_array_remove_index (items, 400);
  change (items, 10);
  far = circlet_item_list_new_replacing (G_TYPE_OBJECT, items, first);
  show (&recorder, far,
        10, 1, 1,
        400, 1, 0,
        799, 0, 3,
        G_MAXUINT);

  /* Changed at 10 and at 20, and added at 600 and at 600 + MERGE_GAP - 1. */
  items = copy_items (far);
  insert_new (items, 600 + MERGE_GAP - 1, 1);
  insert_new (items, 600, 1);
  change (items, 20);
  change (items, 10);
  near = circlet_item_list_new_replacing (G_TYPE_OBJECT, items, far);
  show (&recorder, near,
        10, 11, 11,
        600, MERGE_GAP - 1, MERGE_GAP + 1,
        G_MAXUINT);

  recorder_clear (&recorder);
}

/* A row that moved goes and comes back in one items-changed, so that a
 * selection model finds it among the rows added and a view keeps its row. */
static void
test_moved (void)
{
  Recorder recorder;
  g_autoptr(CircletItemList) first = circlet_item_list_new (G_TYPE_OBJECT, new_items (1000));
  g_autoptr(CircletItemList) moved = NULL;
  GPtrArray *items;
  gpointer item;

  recorder_init (&recorder);
  show (&recorder, first, 0, 0, 1000, G_MAXUINT);

  items = copy_items (first);
  item = g_ptr_array_steal_index (items, 100);
  g_ptr_array_insert (items, 900, item);
  moved = circlet_item_list_new_replacing (G_TYPE_OBJECT, items, first);
  show (&recorder, moved, 100, 801, 801, G_MAXUINT);

  recorder_clear (&recorder);
}

/* More than MAX_CHANGES changes far apart: one items-changed from the first
 * to the last, since a sorted view walks every row for each. */
static void
test_many_changes (void)
{
  Recorder recorder;
  guint n = (MAX_CHANGES + 1) * 2 * MERGE_GAP;
  g_autoptr(CircletItemList) first = circlet_item_list_new (G_TYPE_OBJECT, new_items (n));
  g_autoptr(CircletItemList) spread = NULL;
  GPtrArray *items;

  recorder_init (&recorder);
  show (&recorder, first, 0, 0, n, G_MAXUINT);

  items = copy_items (first);
  for (guint i = 0; i <= MAX_CHANGES; i++)
    change (items, MERGE_GAP + i * 2 * MERGE_GAP);
  spread = circlet_item_list_new_replacing (G_TYPE_OBJECT, items, first);
  show (&recorder, spread,
        MERGE_GAP, MAX_CHANGES * 2 * MERGE_GAP + 1, MAX_CHANGES * 2 * MERGE_GAP + 1,
        G_MAXUINT);

  recorder_clear (&recorder);
}

/* Nothing changed: nothing announced, though the list is another object.
 * A list not made from the one shown replaces every row; so do showing a
 * first list and showing none. */
static void
test_unchanged_and_unrelated (void)
{
  Recorder recorder;
  g_autoptr(CircletItemList) first = circlet_item_list_new (G_TYPE_OBJECT, new_items (300));
  g_autoptr(CircletItemList) same = circlet_item_list_new_replacing (G_TYPE_OBJECT, copy_items (first), first);
  g_autoptr(CircletItemList) unrelated = circlet_item_list_new (G_TYPE_OBJECT, copy_items (first));
  g_autoptr(CircletItemList) later = NULL;
  GPtrArray *items;

  recorder_init (&recorder);
  show (&recorder, first, 0, 0, 300, G_MAXUINT);
  show (&recorder, same, G_MAXUINT);
  show (&recorder, same, G_MAXUINT);
  show (&recorder, unrelated, 0, 300, 300, G_MAXUINT);

  /* Made from @same, not from what is shown now. */
  items = copy_items (same);
  insert_new (items, 300, 1);
  later = circlet_item_list_new_replacing (G_TYPE_OBJECT, items, same);
  show (&recorder, later, 0, 300, 301, G_MAXUINT);

  show (&recorder, NULL, 0, 301, 0, G_MAXUINT);
  show (&recorder, NULL, G_MAXUINT);

  recorder_clear (&recorder);
}

/* While a page reveals a list, only the first rows are shown: a new limit
 * announces the rows it adds or hides, and a new list replaces every row
 * shown, known changes or not. */
static void
test_limit (void)
{
  Recorder recorder;
  g_autoptr(CircletItemList) first = circlet_item_list_new (G_TYPE_OBJECT, new_items (100));
  g_autoptr(CircletItemList) second = NULL;
  g_autoptr(CircletItemList) short_list = NULL;
  GPtrArray *items;

  recorder_init (&recorder);
  limit (&recorder, 24, G_MAXUINT);
  show (&recorder, first, 0, 0, 24, G_MAXUINT);
  limit (&recorder, 48, 24, 0, 24, G_MAXUINT);
  limit (&recorder, G_MAXUINT, 48, 0, 52, G_MAXUINT);
  limit (&recorder, 10, 10, 90, 0, G_MAXUINT);

  items = copy_items (first);
  change (items, 5);
  second = circlet_item_list_new_replacing (G_TYPE_OBJECT, items, first);
  show (&recorder, second, 0, 10, 10, G_MAXUINT);

  short_list = circlet_item_list_new (G_TYPE_OBJECT, new_items (4));
  show (&recorder, short_list, 0, 10, 4, G_MAXUINT);
  limit (&recorder, 2, 2, 2, 0, G_MAXUINT);
  limit (&recorder, 200, 2, 0, 2, G_MAXUINT);
  limit (&recorder, G_MAXUINT, G_MAXUINT);

  recorder_clear (&recorder);
}

/* Random refreshes: rows removed, added, replaced and moved anywhere. The
 * replay must end on the new list whatever the changes were merged into,
 * and they must come front to back, never more than MAX_CHANGES. */
static void
test_random_refreshes (void)
{
  Recorder recorder;
  g_autoptr(CircletItemList) list = circlet_item_list_new (G_TYPE_OBJECT, new_items (2000));
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);

  recorder_init (&recorder);
  show (&recorder, list, 0, 0, 2000, G_MAXUINT);

  for (guint round = 0; round < 300; round++)
    {
      GPtrArray *items = copy_items (list);
      guint n_edits = g_rand_int_range (rand, 0, 40);
      CircletItemList *next;
      guint end = 0;

      for (guint e = 0; e < n_edits; e++)
        {
          guint at = items->len > 0 ? g_rand_int_range (rand, 0, items->len) : 0;

          switch (items->len > 0 ? g_rand_int_range (rand, 0, 4) : 0)
            {
            case 0:
              insert_new (items, at, g_rand_int_range (rand, 1, 5));
              break;
            case 1:
              g_ptr_array_remove_range (items, at, MIN (items->len - at, (guint) g_rand_int_range (rand, 1, 5)));
              break;
            case 2:
              change (items, at);
              break;
            default:
              {
                gpointer item = g_ptr_array_steal_index (items, at);

                g_ptr_array_insert (items, g_rand_int_range (rand, 0, items->len + 1), item);
              }
            }
        }

      next = circlet_item_list_new_replacing (G_TYPE_OBJECT, items, list);
      show_list (&recorder, next);
      g_object_unref (list);
      list = next;
      g_assert_cmpuint (recorder.changes->len, <=, MAX_CHANGES);
      for (guint i = 0; i < recorder.changes->len; i++)
        {
          const Change *c = &g_array_index (recorder.changes, Change, i);

          g_assert_true (c->removed > 0 || c->added > 0);
          g_assert_cmpuint (c->position, >=, end);
          end = c->position + c->added;
        }
    }

  g_clear_object (&list);
  recorder_clear (&recorder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live-list/single-edits", test_single_edits);
  g_test_add_func ("/live-list/mixed-edits", test_mixed_edits);
  g_test_add_func ("/live-list/moved", test_moved);
  g_test_add_func ("/live-list/many-changes", test_many_changes);
  g_test_add_func ("/live-list/unchanged-and-unrelated", test_unchanged_and_unrelated);
  g_test_add_func ("/live-list/limit", test_limit);
  g_test_add_func ("/live-list/random-refreshes", test_random_refreshes);

  return g_test_run ();
}
