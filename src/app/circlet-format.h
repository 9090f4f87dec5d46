/* circlet-format.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How list cells and footers show times and numbers: in the user's locale,
 * relative to @now where a relative form reads better ("3 days ago"). */
char      *circlet_format_date            (GDateTime *date,
                                          GDateTime *now);
char      *circlet_format_date_full       (GDateTime *date);
char      *circlet_format_count           (guint64    count);
char      *circlet_format_age             (GDateTime *then,
                                          GDateTime *now);
GTimeSpan  circlet_format_age_next_change (GDateTime *then,
                                          GDateTime *now);

G_END_DECLS
