/* circlet-store-profile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_STORE_PROFILE (circlet_store_profile_get_type ())

/**
 * CircletStoreProfile:
 *
 * An Enterprise App Store profile (`store/v2/profiles`).
 */
G_DECLARE_FINAL_TYPE (CircletStoreProfile, circlet_store_profile, CIRCLET, STORE_PROFILE, CircletItem)

const char  *circlet_store_profile_get_version             (CircletStoreProfile *self);
guint        circlet_store_profile_get_download_count      (CircletStoreProfile *self);
GDateTime   *circlet_store_profile_get_latest_publish_date (CircletStoreProfile *self);
GDateTime   *circlet_store_profile_get_last_binary_date    (CircletStoreProfile *self);

G_END_DECLS
