/* circlet-status.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "circlet-account.h"

G_BEGIN_DECLS

/*
 * How a key status looks, in one place, so that the switcher, the banners
 * and the organizations window agree: a symbolic icon, a style class, a
 * short accessible name for the icon, and the one-line text from design.md.
 */

const char *circlet_status_get_icon_name       (CircletAccountStatus  status);
const char *circlet_status_get_css_class       (CircletAccountStatus  status);
const char *circlet_status_get_accessible_name (CircletAccountStatus  status);
char       *circlet_status_describe            (CircletAccount       *account,
                                                GDateTime            *now);

G_END_DECLS
