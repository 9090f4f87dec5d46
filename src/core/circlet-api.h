/* circlet-api.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "circlet-account.h"
#include "circlet-app-version.h"
#include "circlet-branch.h"
#include "circlet-build-profile.h"
#include "circlet-distribution-profile.h"
#include "circlet-item.h"
#include "circlet-item-list.h"
#include "circlet-labels.h"
#include "circlet-organization.h"
#include "circlet-publish-profile.h"
#include "circlet-session.h"
#include "circlet-signing-identity.h"
#include "circlet-store-profile.h"
#include "circlet-tester.h"
#include "circlet-testing-group.h"
#include "circlet-user-info.h"
#include "circlet-user.h"

G_BEGIN_DECLS

/**
 * CircletResource:
 *
 * The Appcircle lists Circlet reads. The last four are the children of one
 * item and need its id as @parent_id.
 */
typedef enum
{
  CIRCLET_RESOURCE_DISTRIBUTION_PROFILES,   /* CircletDistributionProfile */
  CIRCLET_RESOURCE_TESTING_GROUPS,          /* CircletTestingGroup */
  CIRCLET_RESOURCE_BUILD_PROFILES,          /* CircletBuildProfile */
  CIRCLET_RESOURCE_STORE_PROFILES,          /* CircletStoreProfile */
  CIRCLET_RESOURCE_PUBLISH_PROFILES_IOS,    /* CircletPublishProfile */
  CIRCLET_RESOURCE_PUBLISH_PROFILES_ANDROID,/* CircletPublishProfile */
  CIRCLET_RESOURCE_ORGANIZATIONS,           /* CircletOrganization */
  CIRCLET_RESOURCE_USERS,                   /* CircletUser; parent_id: an organization, NULL for the current one */
  CIRCLET_RESOURCE_CERTIFICATES,            /* CircletSigningIdentity */
  CIRCLET_RESOURCE_KEYSTORES,               /* CircletSigningIdentity */
  CIRCLET_RESOURCE_PROVISIONING_PROFILES,   /* CircletSigningIdentity */
  /* children of one item (parent_id required) */
  CIRCLET_RESOURCE_DISTRIBUTION_VERSIONS,   /* CircletAppVersion of a distribution profile */
  CIRCLET_RESOURCE_TESTERS,                 /* CircletTester of a testing group */
  CIRCLET_RESOURCE_BRANCHES,                /* CircletBranch of a build profile */
  CIRCLET_RESOURCE_STORE_VERSIONS,          /* CircletAppVersion of a store profile, Beta and Live */
} CircletResource;

#define CIRCLET_RESOURCE_N_TOP_LEVEL (CIRCLET_RESOURCE_PROVISIONING_PROFILES + 1)
#define CIRCLET_RESOURCE_N_RESOURCES (CIRCLET_RESOURCE_STORE_VERSIONS + 1)

const char      *circlet_resource_get_name        (CircletResource       resource);
gboolean         circlet_resource_from_name       (const char           *name,
                                                   CircletResource      *out);
GType            circlet_resource_get_item_type   (CircletResource       resource);
gboolean         circlet_resource_needs_parent    (CircletResource       resource);
char            *circlet_resource_dup_path        (CircletResource       resource,
                                                   const char           *parent_id);

void             circlet_api_list_async           (CircletSession       *session,
                                                   CircletAccount       *account,
                                                   CircletResource       resource,
                                                   const char           *parent_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
void             circlet_api_list_refresh_async   (CircletSession       *session,
                                                   CircletAccount       *account,
                                                   CircletResource       resource,
                                                   const char           *parent_id,
                                                   GListModel           *previous,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
void             circlet_api_list_store_versions_async (CircletSession  *session,
                                                   CircletAccount       *account,
                                                   const char           *profile_id,
                                                   int                   publish_type,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GListModel      *circlet_api_list_finish          (CircletSession       *session,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void             circlet_api_prefetch_list        (CircletSession       *session,
                                                   CircletAccount       *account,
                                                   CircletResource       resource);
GListModel      *circlet_api_parse_list           (CircletResource       resource,
                                                   GBytes               *body,
                                                   const char           *host,
                                                   GError              **error);

/**
 * CircletItemFunc:
 * @item: (type GObject): one item of a list
 * @user_data: the data given with the function
 */
typedef void (*CircletItemFunc) (gpointer item,
                                 gpointer user_data);

void             circlet_api_fetch_list_async     (CircletSession       *session,
                                                   CircletAccount       *account,
                                                   CircletResource       resource,
                                                   const char           *parent_id,
                                                   int                   publish_type,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GBytes          *circlet_api_fetch_list_finish    (CircletSession       *session,
                                                   GAsyncResult         *result,
                                                   char                **host,
                                                   GError              **error);
gboolean         circlet_api_foreach_item         (CircletResource       resource,
                                                   GBytes               *body,
                                                   const char           *host,
                                                   CircletItemFunc       func,
                                                   gpointer              user_data,
                                                   GError              **error);

void             circlet_api_get_user_info_async  (CircletSession       *session,
                                                   CircletAccount       *account,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
CircletUserInfo *circlet_api_get_user_info_finish (CircletSession       *session,
                                                   GAsyncResult         *result,
                                                   GError              **error);
CircletUserInfo *circlet_api_parse_user_info      (GBytes               *body,
                                                   const char           *host,
                                                   GError              **error);

G_END_DECLS
