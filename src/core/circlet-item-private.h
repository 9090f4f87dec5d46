/* circlet-item-private.h: what the list mappers need to fill an item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "circlet-item.h"
#include "circlet-labels.h"

G_BEGIN_DECLS

/* Takes ownership of nothing; copies @id and @name (NULL reads as ""), and
 * builds search-text from @name and the NULL-terminated extra texts. */
void        _circlet_item_fill           (CircletItem *self,
                                          const char  *id,
                                          const char  *name,
                                          ...) G_GNUC_NULL_TERMINATED;

/* Fills @code and @label from an integer member: @label points at a static
 * translated string, or at *@owned ("Unknown (N)"), which the item frees. */
void        _circlet_item_read_code      (JsonObject       *object,
                                          const char       *member,
                                          CircletLabelKind  kind,
                                          int              *code,
                                          const char      **label,
                                          char            **owned);
guint       _circlet_item_read_count     (JsonObject  *object,
                                          const char  *member);
char       *_circlet_item_dup_string     (JsonObject  *object,
                                          const char  *member);
GDateTime  *_circlet_item_read_date      (JsonObject  *object,
                                          const char  *member);

G_END_DECLS
