/* circlet-item-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CIRCLET_TYPE_ITEM_LIST (circlet_item_list_get_type ())

G_DECLARE_FINAL_TYPE (CircletItemList, circlet_item_list, CIRCLET, ITEM_LIST, GObject)

CircletItemList *circlet_item_list_new           (GType            item_type,
                                                  GPtrArray       *items);
CircletItemList *circlet_item_list_new_replacing (GType            item_type,
                                                  GPtrArray       *items,
                                                  CircletItemList *previous);
gboolean         circlet_item_list_equal         (CircletItemList *self,
                                                  CircletItemList *other);

G_END_DECLS
