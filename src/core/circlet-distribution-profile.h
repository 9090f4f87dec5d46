/* circlet-distribution-profile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_DISTRIBUTION_PROFILE (circlet_distribution_profile_get_type ())

/**
 * CircletDistributionProfile:
 *
 * A testing distribution profile (`distribution/v2/profiles`).
 */
G_DECLARE_FINAL_TYPE (CircletDistributionProfile, circlet_distribution_profile, CIRCLET, DISTRIBUTION_PROFILE, CircletItem)

gboolean     circlet_distribution_profile_get_pinned               (CircletDistributionProfile *self);
const char  *circlet_distribution_profile_get_ios_version          (CircletDistributionProfile *self);
const char  *circlet_distribution_profile_get_android_version      (CircletDistributionProfile *self);
GDateTime   *circlet_distribution_profile_get_update_date          (CircletDistributionProfile *self);
GDateTime   *circlet_distribution_profile_get_last_shared_date     (CircletDistributionProfile *self);
int          circlet_distribution_profile_get_authentication_type  (CircletDistributionProfile *self);
const char  *circlet_distribution_profile_get_authentication_label (CircletDistributionProfile *self);
guint        circlet_distribution_profile_get_testing_group_count  (CircletDistributionProfile *self);
gboolean     circlet_distribution_profile_get_auto_send            (CircletDistributionProfile *self);

G_END_DECLS
