/* circlet-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CIRCLET_TYPE_ITEM (circlet_item_get_type ())

G_DECLARE_DERIVABLE_TYPE (CircletItem, circlet_item, CIRCLET, ITEM, GObject)

/**
 * CircletItem:
 *
 * One row of an Appcircle list: read-only, filled once from the server's
 * JSON, never changed afterwards (a refresh makes new items).
 *
 * #CircletItem:search-text is the item's searchable texts (its name and what
 * else a user would type: versions, repository, e-mail, …), each
 * NFKD-normalised (%G_NORMALIZE_ALL) and case-folded, joined by spaces. A
 * #GtkStringFilter with ignore-case off and match-mode substring matches it
 * against a query prepared the same way, without folding every row on every
 * keystroke.
 */
struct _CircletItemClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[4];
};

const char *circlet_item_get_id          (CircletItem *self);
const char *circlet_item_get_name        (CircletItem *self);
const char *circlet_item_get_search_text (CircletItem *self);

char       *circlet_item_prepare_search  (const char  *query);

G_END_DECLS
