/* circlet-sections.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-sections.h"

/* In sidebar order. The strings are translated where they are shown. */
static const CircletSection sections[] = {
  { CIRCLET_RESOURCE_DISTRIBUTION_PROFILES,
    N_("Testing Distribution"), N_("Profiles"), "send-to-symbolic",
    N_("No Distribution Profiles"), N_("Distribution profiles share app versions with testers. Create one in the Appcircle dashboard."),
    CIRCLET_RESOURCE_DISTRIBUTION_VERSIONS, N_("App Versions"),
    N_("No Profile Selected"), N_("Select a profile to see its app versions.") },
  { CIRCLET_RESOURCE_TESTING_GROUPS,
    N_("Testing Distribution"), N_("Testing Groups"), "system-users-symbolic",
    N_("No Testing Groups"), N_("Testing groups collect the testers who receive an app version together."),
    CIRCLET_RESOURCE_TESTERS, N_("Testers"),
    N_("No Group Selected"), N_("Select a testing group to see its testers.") },
  { CIRCLET_RESOURCE_BUILD_PROFILES,
    N_("Builds"), N_("Build Profiles"), "system-run-symbolic",
    N_("No Build Profiles"), N_("Build profiles connect a repository to Appcircle’s build pipeline."),
    CIRCLET_RESOURCE_BRANCHES, N_("Branches"),
    N_("No Profile Selected"), N_("Select a build profile to see its branches.") },
  { CIRCLET_RESOURCE_STORE_PROFILES,
    N_("Enterprise App Store"), N_("Profiles"), "view-grid-symbolic",
    N_("No Store Profiles"), N_("Enterprise App Store profiles publish apps to your organization’s store."),
    CIRCLET_RESOURCE_STORE_VERSIONS, N_("Versions"),
    N_("No Profile Selected"), N_("Select a store profile to see its beta and live versions.") },
  { CIRCLET_RESOURCE_PUBLISH_PROFILES_IOS,
    N_("Publish"), N_("iOS"), "phone-apple-iphone-symbolic",
    N_("No iOS Publish Profiles"), N_("Publish profiles send iOS apps to App Store Connect."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
  { CIRCLET_RESOURCE_PUBLISH_PROFILES_ANDROID,
    N_("Publish"), N_("Android"), "phone-symbolic",
    N_("No Android Publish Profiles"), N_("Publish profiles send Android apps to Google Play and other stores."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
  { CIRCLET_RESOURCE_CERTIFICATES,
    N_("Signing Identities"), N_("Certificates"), "application-certificate-symbolic",
    N_("No Certificates"), N_("Upload iOS signing certificates in the Appcircle dashboard."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
  { CIRCLET_RESOURCE_KEYSTORES,
    N_("Signing Identities"), N_("Keystores"), "dialog-password-symbolic",
    N_("No Keystores"), N_("Upload Android keystores in the Appcircle dashboard."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
  { CIRCLET_RESOURCE_PROVISIONING_PROFILES,
    N_("Signing Identities"), N_("Provisioning Profiles"), "text-x-generic-symbolic",
    N_("No Provisioning Profiles"), N_("Upload iOS provisioning profiles in the Appcircle dashboard."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
  { CIRCLET_RESOURCE_ORGANIZATIONS,
    N_("Organization"), N_("Organizations"), "network-workgroup-symbolic",
    N_("No Organizations"), N_("This key can see no organization."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
  { CIRCLET_RESOURCE_USERS,
    N_("Organization"), N_("Users"), "avatar-default-symbolic",
    N_("No Users"), N_("Invite team members in the Appcircle dashboard."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
};

static const CircletSection children[] = {
  { CIRCLET_RESOURCE_DISTRIBUTION_VERSIONS, NULL, N_("App Versions"), NULL,
    N_("No App Versions"), N_("Nothing has been shared with this profile yet."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
  { CIRCLET_RESOURCE_TESTERS, NULL, N_("Testers"), NULL,
    N_("No Testers"), N_("This group has no testers yet."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
  { CIRCLET_RESOURCE_BRANCHES, NULL, N_("Branches"), NULL,
    N_("No Branches"), N_("No branch of this profile has been built yet."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
  { CIRCLET_RESOURCE_STORE_VERSIONS, NULL, N_("Versions"), NULL,
    N_("No Versions"), N_("Nothing has been published to this profile yet."),
    CIRCLET_RESOURCE_NONE, NULL, NULL, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (sections) == CIRCLET_RESOURCE_N_TOP_LEVEL);
G_STATIC_ASSERT (G_N_ELEMENTS (sections) + G_N_ELEMENTS (children) == CIRCLET_RESOURCE_N_RESOURCES);

const CircletSection *
circlet_section_get (CircletResource resource)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (sections[i].resource == resource)
      return &sections[i];

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    if (children[i].resource == resource)
      return &children[i];

  g_return_val_if_reached (NULL);
}

const CircletSection *
circlet_sections_list (guint *n_sections)
{
  g_return_val_if_fail (n_sections != NULL, NULL);

  *n_sections = G_N_ELEMENTS (sections);
  return sections;
}

/* "Testing Distribution — Profiles": the title alone is ambiguous. */
const char *
circlet_section_title (const CircletSection *section)
{
  g_return_val_if_fail (section != NULL, NULL);

  return _(section->title);
}
