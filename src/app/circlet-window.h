/* circlet-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "circlet-api.h"
#include "circlet-application.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_WINDOW (circlet_window_get_type ())

G_DECLARE_FINAL_TYPE (CircletWindow, circlet_window, CIRCLET, WINDOW, AdwApplicationWindow)

CircletWindow   *circlet_window_new                  (CircletApplication *application);

CircletAccount  *circlet_window_dup_restored_account (GSettings          *settings,
                                                      GListModel         *accounts);
CircletResource  circlet_window_get_restored_section (GSettings          *settings);

G_END_DECLS
