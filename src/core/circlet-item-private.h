/* circlet-item-private.h: what the list mappers need to fill an item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"
#include "circlet-json-scan-private.h"
#include "circlet-labels.h"

G_BEGIN_DECLS

/* Takes @id and @name (NULL reads as ""), and builds search-text from
 * @name and the NULL-terminated extra texts, which it only reads. */
void        _circlet_item_fill           (CircletItem *self,
                                          char        *id,
                                          char        *name,
                                          ...) G_GNUC_NULL_TERMINATED;

/* Fills @code and @label from an integer member: @label points at a static
 * translated string, or at *@owned ("Unknown (N)"), which the item frees. */
void        _circlet_item_read_code      (const CircletScanObject *object,
                                          const char              *member,
                                          CircletLabelKind         kind,
                                          int                     *code,
                                          const char             **label,
                                          char                   **owned);
guint       _circlet_item_read_count     (const CircletScanObject *object,
                                          const char              *member);

/* A hash of the exact JSON an item was read from: a refresh that reads the
 * same bytes keeps the item it has (circlet_api_list_refresh_async()). */
guint64     _circlet_item_get_fingerprint (CircletItem *self);
void        _circlet_item_set_fingerprint (CircletItem *self,
                                           guint64      fingerprint);

G_END_DECLS
