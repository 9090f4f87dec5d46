/* circlet-item-list-private.h: what CircletLiveList reads of a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item-list.h"

G_BEGIN_DECLS

/* One change from the list a list replaces to the list itself, as an
 * items-changed. Changes are announced front to back, so @position is the
 * same in the new list and in the model at the time it is announced;
 * @old_position is where the removed rows were in the list replaced. */
typedef struct
{
  guint position;
  guint old_position;
  guint removed;
  guint added;
} CircletItemListChange;

gboolean _circlet_item_list_get_changes (CircletItemList              *self,
                                         CircletItemList              *previous,
                                         const CircletItemListChange **changes,
                                         guint                        *n_changes);

G_END_DECLS
