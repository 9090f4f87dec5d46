/* circlet-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CIRCLET_TYPE_APPLICATION (circlet_application_get_type ())

G_DECLARE_FINAL_TYPE (CircletApplication, circlet_application, CIRCLET, APPLICATION, AdwApplication)

CircletApplication *circlet_application_new (void);

G_END_DECLS
