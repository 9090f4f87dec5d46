/* circlet-test-data.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The deterministic fake Appcircle data behind CircletTestServer.  Every
 * function returns a complete JSON body, or NULL when an id names nothing
 * (the caller answers 404).  Lists are written straight into a GString:
 * building a JsonNode tree for 100,000 items would take seconds. */

/* The organizations list is the root organization plus this many
 * sub-organizations, whatever the item count. */
#define CIRCLET_TEST_DATA_N_SUB_ORGS 3

typedef enum
{
  CIRCLET_TEST_LIST_DISTRIBUTION_PROFILES,
  CIRCLET_TEST_LIST_TESTING_GROUPS,
  CIRCLET_TEST_LIST_BUILD_PROFILES,
  CIRCLET_TEST_LIST_STORE_PROFILES,
  CIRCLET_TEST_LIST_PUBLISH_IOS,
  CIRCLET_TEST_LIST_PUBLISH_ANDROID,
  CIRCLET_TEST_LIST_ORGANIZATIONS,
  CIRCLET_TEST_LIST_CERTIFICATES,
  CIRCLET_TEST_LIST_KEYSTORES,
  CIRCLET_TEST_LIST_PROVISIONING_PROFILES,
  CIRCLET_TEST_N_LISTS
} CircletTestList;

GBytes *circlet_test_data_list                  (CircletTestList  list,
                                                 guint            n_items,
                                                 gint64           now);
GBytes *circlet_test_data_distribution_profile  (const char      *id,
                                                 guint            n_items);
GBytes *circlet_test_data_testing_group         (const char      *id,
                                                 guint            n_items);
GBytes *circlet_test_data_build_profile         (const char      *id,
                                                 guint            n_items);
GBytes *circlet_test_data_store_app_versions    (const char      *profile_id,
                                                 guint            n_items,
                                                 const char      *publish_type);
GBytes *circlet_test_data_organization_users    (const char      *org_id);
GBytes *circlet_test_data_huge_body             (gsize            min_bytes);
char   *circlet_test_data_org_id                (guint            index);
char   *circlet_test_data_user_id               (void);
gboolean circlet_test_data_is_org_id            (const char      *id);
void    circlet_test_data_append_string         (GString         *s,
                                                 const char      *str);

G_END_DECLS
