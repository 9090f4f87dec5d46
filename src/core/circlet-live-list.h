/* circlet-live-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "circlet-item-list.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_LIVE_LIST (circlet_live_list_get_type ())

G_DECLARE_FINAL_TYPE (CircletLiveList, circlet_live_list, CIRCLET, LIVE_LIST, GObject)

CircletLiveList *circlet_live_list_new       (GType            item_type);
CircletItemList *circlet_live_list_get_list  (CircletLiveList *self);
void             circlet_live_list_set_list  (CircletLiveList *self,
                                              CircletItemList *list);
guint            circlet_live_list_get_limit (CircletLiveList *self);
void             circlet_live_list_set_limit (CircletLiveList *self,
                                              guint            limit);

G_END_DECLS
