/* circlet-publish-profile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_PUBLISH_PROFILE (circlet_publish_profile_get_type ())

/**
 * CircletPublishProfile:
 *
 * A publish-to-stores profile (`publish/v2/profiles/ios` and `…/android`).
 */
G_DECLARE_FINAL_TYPE (CircletPublishProfile, circlet_publish_profile, CIRCLET, PUBLISH_PROFILE, CircletItem)

const char  *circlet_publish_profile_get_version                  (CircletPublishProfile *self);
const char  *circlet_publish_profile_get_last_upload_version      (CircletPublishProfile *self);
const char  *circlet_publish_profile_get_last_upload_version_code (CircletPublishProfile *self);
const char  *circlet_publish_profile_get_app_unique_id            (CircletPublishProfile *self);
GDateTime   *circlet_publish_profile_get_latest_publish_date      (CircletPublishProfile *self);
int          circlet_publish_profile_get_platform                 (CircletPublishProfile *self);
const char  *circlet_publish_profile_get_platform_label           (CircletPublishProfile *self);
GDateTime   *circlet_publish_profile_get_create_date              (CircletPublishProfile *self);
GDateTime   *circlet_publish_profile_get_update_date              (CircletPublishProfile *self);

G_END_DECLS
