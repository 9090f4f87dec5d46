/* circlet-columns.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "circlet-api.h"

G_BEGIN_DECLS

GtkColumnView *circlet_columns_new_view (CircletResource resource);

G_END_DECLS
