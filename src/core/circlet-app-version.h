/* circlet-app-version.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_APP_VERSION (circlet_app_version_get_type ())

/**
 * CircletAppVersion:
 *
 * A binary in a distribution profile or an Enterprise App Store profile.
 */
G_DECLARE_FINAL_TYPE (CircletAppVersion, circlet_app_version, CIRCLET, APP_VERSION, CircletItem)

const char  *circlet_app_version_get_version            (CircletAppVersion *self);
const char  *circlet_app_version_get_version_code       (CircletAppVersion *self);
const char  *circlet_app_version_get_summary            (CircletAppVersion *self);
int          circlet_app_version_get_publish_type       (CircletAppVersion *self);
const char  *circlet_app_version_get_publish_type_label (CircletAppVersion *self);
int          circlet_app_version_get_platform           (CircletAppVersion *self);
const char  *circlet_app_version_get_platform_label     (CircletAppVersion *self);
guint        circlet_app_version_get_download_count     (CircletAppVersion *self);
GDateTime   *circlet_app_version_get_publish_date       (CircletAppVersion *self);
GDateTime   *circlet_app_version_get_create_date        (CircletAppVersion *self);
GDateTime   *circlet_app_version_get_update_date        (CircletAppVersion *self);

G_END_DECLS
