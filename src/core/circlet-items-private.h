/* circlet-items-private.h: the mappers from JSON to list items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "circlet-app-version.h"
#include "circlet-branch.h"
#include "circlet-build-profile.h"
#include "circlet-distribution-profile.h"
#include "circlet-organization.h"
#include "circlet-publish-profile.h"
#include "circlet-signing-identity.h"
#include "circlet-store-profile.h"
#include "circlet-tester.h"
#include "circlet-testing-group.h"
#include "circlet-user-info.h"
#include "circlet-user.h"

G_BEGIN_DECLS

/* Each one reads what it can and never fails: a missing, null or wrongly
 * typed member leaves its field empty. Safe from any thread. */
CircletDistributionProfile *_circlet_distribution_profile_new_from_json (JsonObject         *object);
CircletTestingGroup        *_circlet_testing_group_new_from_json        (JsonObject         *object);
CircletBuildProfile        *_circlet_build_profile_new_from_json        (JsonObject         *object);
CircletStoreProfile        *_circlet_store_profile_new_from_json        (JsonObject         *object);
CircletPublishProfile      *_circlet_publish_profile_new_from_json      (JsonObject         *object);
CircletOrganization        *_circlet_organization_new_from_json         (JsonObject         *object);
CircletUser                *_circlet_user_new_from_json                 (JsonObject         *object);
CircletSigningIdentity     *_circlet_signing_identity_new_from_json     (JsonObject         *object,
                                                                         CircletSigningKind  kind,
                                                                         gint64              now);
CircletAppVersion          *_circlet_app_version_new_from_json          (JsonObject         *object);
CircletBranch              *_circlet_branch_new_from_json               (JsonObject         *object);
CircletTester              *_circlet_tester_new_from_json               (JsonNode           *node);
CircletUserInfo            *_circlet_user_info_new_from_json            (JsonObject         *object);

G_END_DECLS
