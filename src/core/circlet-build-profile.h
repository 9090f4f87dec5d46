/* circlet-build-profile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_BUILD_PROFILE (circlet_build_profile_get_type ())

/**
 * CircletBuildProfile:
 *
 * A build profile (`build/v2/profiles`).
 */
G_DECLARE_FINAL_TYPE (CircletBuildProfile, circlet_build_profile, CIRCLET, BUILD_PROFILE, CircletItem)

gboolean     circlet_build_profile_get_pinned                (CircletBuildProfile *self);
int          circlet_build_profile_get_os                    (CircletBuildProfile *self);
const char  *circlet_build_profile_get_os_label              (CircletBuildProfile *self);
int          circlet_build_profile_get_platform              (CircletBuildProfile *self);
const char  *circlet_build_profile_get_platform_label        (CircletBuildProfile *self);
const char  *circlet_build_profile_get_repository            (CircletBuildProfile *self);
GDateTime   *circlet_build_profile_get_last_build_date       (CircletBuildProfile *self);
guint        circlet_build_profile_get_auto_distribute_count (CircletBuildProfile *self);
guint        circlet_build_profile_get_auto_build_count      (CircletBuildProfile *self);

G_END_DECLS
