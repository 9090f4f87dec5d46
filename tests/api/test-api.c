/* test-api.c: the Appcircle lists as list models, against the test server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "circlet-api.h"
#include "circlet-error.h"
#include "circlet-keyring-fixture.h"
#include "circlet-live-list.h"
#include "circlet-test-server.h"
#include "circlet-test-util.h"

#define N_ITEMS 120  /* past the server's every-97th wrong type and every-89th unknown code */

typedef struct
{
  CircletTestServer *server;
  CircletKeyStore   *keys;
  CircletSession    *session;
  CircletAccount    *account;
} Fixture;

/* How one item property follows from the JSON the server sent. */
typedef enum
{
  F_STR,     /* a string member, NULL otherwise */
  F_BOOL,
  F_UINT,
  F_DATE,
  F_CODE,    /* int + label */
  F_COUNT,   /* the length of an array member */
} FieldKind;

typedef struct
{
  const char       *property;
  const char       *member;   /* "settings/authenticationType" reads a nested object */
  FieldKind         kind;
  const char       *label_property;
  CircletLabelKind  label_kind;
} Field;

typedef struct
{
  CircletResource  resource;
  const char      *path;
  const Field     *fields;
} Expect;

static const Field distribution_fields[] = {
  { "pinned", "pinned", F_BOOL },
  { "ios-version", "iOSVersion", F_STR },
  { "android-version", "androidVersion", F_STR },
  { "update-date", "updateDate", F_DATE },
  { "last-shared-date", "lastAppVersionSharedDate", F_DATE },
  { "authentication-type", "settings/authenticationType", F_CODE, "authentication-label", CIRCLET_LABEL_AUTHENTICATION },
  { "testing-group-count", "testingGroupIds", F_COUNT },
  { NULL }
};
static const Field group_fields[] = {
  { "create-date", "createDate", F_DATE },
  { "update-date", "updateDate", F_DATE },
  { NULL }
};
static const Field build_fields[] = {
  { "pinned", "pinned", F_BOOL },
  { "os", "os", F_CODE, "os-label", CIRCLET_LABEL_OS },
  { "platform", "buildPlatformType", F_CODE, "platform-label", CIRCLET_LABEL_BUILD_PLATFORM },
  { "repository", "repositoryName", F_STR },
  { "last-build-date", "lastBuildDate", F_DATE },
  { "auto-distribute-count", "autoDistributeCount", F_UINT },
  { "auto-build-count", "autoBuildCount", F_UINT },
  { NULL }
};
static const Field store_fields[] = {
  { "version", "version", F_STR },
  { "download-count", "totalDownloadCount", F_UINT },
  { "latest-publish-date", "latestPublishDate", F_DATE },
  { "last-binary-date", "lastBinaryReceivedDate", F_DATE },
  { NULL }
};
static const Field publish_fields[] = {
  { "version", "version", F_STR },
  { "last-upload-version", "lastUploadVersion", F_STR },
  { "last-upload-version-code", "lastUploadVersionCode", F_STR },
  { "app-unique-id", "appUniqueId", F_STR },
  { "latest-publish-date", "latestPublishDate", F_DATE },
  { "platform", "platformType", F_CODE, "platform-label", CIRCLET_LABEL_PLATFORM },
  { "create-date", "createDate", F_DATE },
  { "update-date", "updateDate", F_DATE },
  { NULL }
};
static const Field organization_fields[] = {
  { "given-id", "givenId", F_STR },
  { "sso-enabled", "ssoEnabled", F_BOOL },
  { "disabled", "disabled", F_BOOL },
  { "created-date", "createdDate", F_DATE },
  { "root-organization-id", "rootOrganizationId", F_STR },
  { "root-organization-name", "rootOrganizationName", F_STR },
  { NULL }
};
static const Field user_fields[] = {
  { "username", "username", F_STR },
  { "email", "email", F_STR },
  { "full-name", "fullName", F_STR },
  { NULL }
};
static const Field certificate_fields[] = {
  { "filename", "filename", F_STR },
  { "store-type", "storeType", F_CODE, "store-type-label", CIRCLET_LABEL_STORE_TYPE },
  { "expire-date", "expireDate", F_DATE },
  { "create-date", "createDate", F_DATE },
  { "update-date", "updateDate", F_DATE },
  { NULL }
};
static const Field keystore_fields[] = {
  { "filename", "fileName", F_STR },
  { "alias", "alias", F_STR },
  { "expire-date", "expireDate", F_DATE },
  { "create-date", "createDate", F_DATE },
  { NULL }
};
static const Field provisioning_fields[] = {
  { "app-id", "appId", F_STR },
  { "store-type", "storeType", F_CODE, "store-type-label", CIRCLET_LABEL_STORE_TYPE },
  { "has-certificate", "hasCertificate", F_BOOL },
  { "expire-date", "expireDate", F_DATE },
  { "create-date", "createDate", F_DATE },
  { NULL }
};
static const Field app_version_fields[] = {
  { "version", "version", F_STR },
  { "version-code", "versionCode", F_STR },
  { "summary", "summary", F_STR },
  { "publish-type", "publishType", F_CODE, "publish-type-label", CIRCLET_LABEL_PUBLISH_TYPE },
  { "platform", "platformType", F_CODE, "platform-label", CIRCLET_LABEL_PLATFORM },
  { "download-count", "downloadCount", F_UINT },
  { "publish-date", "publishDate", F_DATE },
  { "update-date", "updateDate", F_DATE },
  { NULL }
};
static const Field branch_fields[] = {
  { "last-build-date", "lastBuildDate", F_DATE },
  { "build-status", "buildStatus", F_CODE, "build-status-label", CIRCLET_LABEL_BUILD_STATUS },
  { NULL }
};

static const Expect top_level[] = {
  { CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, "/distribution/v2/profiles", distribution_fields },
  { CIRCLET_RESOURCE_TESTING_GROUPS, "/distribution/v2/testing-groups", group_fields },
  { CIRCLET_RESOURCE_BUILD_PROFILES, "/build/v2/profiles", build_fields },
  { CIRCLET_RESOURCE_STORE_PROFILES, "/store/v2/profiles", store_fields },
  { CIRCLET_RESOURCE_PUBLISH_PROFILES_IOS, "/publish/v2/profiles/ios", publish_fields },
  { CIRCLET_RESOURCE_PUBLISH_PROFILES_ANDROID, "/publish/v2/profiles/android", publish_fields },
  { CIRCLET_RESOURCE_ORGANIZATIONS, "/identity/v1/organizations", organization_fields },
  { CIRCLET_RESOURCE_CERTIFICATES, "/signing-identity/v2/certificates", certificate_fields },
  { CIRCLET_RESOURCE_KEYSTORES, "/signing-identity/v2/keystores", keystore_fields },
  { CIRCLET_RESOURCE_PROVISIONING_PROFILES, "/signing-identity/v2/provisioning-profiles", provisioning_fields },
};

/* Fixture {{{1 */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  const char *url;

  f->server = circlet_test_server_new (N_ITEMS, &error);
  g_assert_no_error (error);
  url = circlet_test_server_get_url (f->server);
  f->keys = circlet_key_store_new ();
  f->session = circlet_session_new (f->keys);
  f->account = circlet_account_new (NULL, "Acme");
  g_assert_true (circlet_account_set_api_host (f->account, url, &error));
  g_assert_true (circlet_account_set_auth_host (f->account, url, &error));

  circlet_session_set_key_async (f->session, f->account, circlet_test_server_get_key (f->server),
                                 TRUE, NULL, circlet_test_store_result_cb, &result);
  g_assert_true (circlet_session_set_key_finish (f->session, circlet_test_wait (&result), &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_key_store_clear_async (f->keys, circlet_account_get_id (f->account),
                                 CIRCLET_SECRET_ANY, NULL, circlet_test_store_result_cb, &result);
  g_assert_true (circlet_key_store_clear_finish (f->keys, circlet_test_wait (&result), NULL));

  g_assert_finalize_object (f->session);
  g_clear_object (&f->account);
  g_clear_object (&f->keys);
  g_clear_object (&f->server);
}

/* Helpers {{{1 */

static GListModel *
list (Fixture          *f,
      CircletResource   resource,
      const char       *parent_id,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_api_list_async (f->session, f->account, resource, parent_id, NULL,
                          circlet_test_store_result_cb, &result);
  return circlet_api_list_finish (f->session, circlet_test_wait (&result), error);
}

/* The body exactly as the server sends it, read past the code under test. */
static JsonNode *
fetch_raw (Fixture    *f,
           const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  circlet_session_get_async (f->session, f->account, path, NULL, circlet_test_store_result_cb, &result);
  body = circlet_session_get_finish (f->session, circlet_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), &error));
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static JsonArray *
raw_array (JsonNode   *root,
           const char *member)
{
  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  return json_object_get_array_member (json_node_get_object (root), member);
}

static JsonNode *
raw_member (JsonObject *object,
            const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

static gboolean
is_type (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static void
check_string (GObject    *item,
              const char *property,
              const char *expected)
{
  g_autofree char *value = NULL;

  g_object_get (item, property, &value, NULL);
  if (g_strcmp0 (value, expected) != 0)
    g_error ("%s of %s: “%s”, expected “%s”", property, circlet_item_get_id (CIRCLET_ITEM (item)),
             value, expected);
}

/* Compares every mapped field of @item with the JSON it came from. */
static void
check_item (GObject     *item,
            JsonObject  *raw,
            const Field *fields)
{
  JsonNode *id = raw_member (raw, "id");

  check_string (item, "id", is_type (id, G_TYPE_STRING) ? json_node_get_string (id) : "");

  for (const Field *field = fields; field->property != NULL; field++)
    {
      JsonNode *node = raw_member (raw, field->member);

      switch (field->kind)
        {
        case F_STR:
          check_string (item, field->property, is_type (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL);
          break;
        case F_BOOL:
          {
            gboolean value;

            g_object_get (item, field->property, &value, NULL);
            g_assert_cmpint (value, ==, is_type (node, G_TYPE_BOOLEAN) && json_node_get_boolean (node));
          }
          break;
        case F_UINT:
          {
            guint value;

            g_object_get (item, field->property, &value, NULL);
            g_assert_cmpuint (value, ==, is_type (node, G_TYPE_INT64) ? json_node_get_int (node) : 0);
          }
          break;
        case F_COUNT:
          {
            guint value;

            g_object_get (item, field->property, &value, NULL);
            g_assert_cmpuint (value, ==, node && JSON_NODE_HOLDS_ARRAY (node)
                                         ? json_array_get_length (json_node_get_array (node)) : 0);
          }
          break;
        case F_DATE:
          {
            g_autoptr(GDateTime) value = NULL;
            g_autoptr(GDateTime) expected = NULL;

            g_object_get (item, field->property, &value, NULL);
            if (is_type (node, G_TYPE_STRING))
              expected = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
            if (expected == NULL)
              g_assert_null (value);
            else
              g_assert_true (value != NULL && g_date_time_equal (value, expected));
          }
          break;
        case F_CODE:
          {
            int value;
            int code = is_type (node, G_TYPE_INT64) ? (int) json_node_get_int (node) : CIRCLET_CODE_MISSING;
            const char *known = circlet_label_lookup (field->label_kind, code);
            g_autofree char *unknown = g_strdup_printf ("Unknown (%d)", code);

            g_object_get (item, field->property, &value, NULL);
            g_assert_cmpint (value, ==, code);
            check_string (item, field->label_property, known ? known : unknown);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static guint
check_list (Fixture     *f,
            GListModel  *model,
            const char  *path,
            const char  *member,
            const Field *fields)
{
  g_autoptr(JsonNode) root = fetch_raw (f, path);
  JsonArray *array = raw_array (root, member);
  guint n = json_array_get_length (array);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      const char *name = circlet_item_get_name (CIRCLET_ITEM (item));
      const char *search = circlet_item_get_search_text (CIRCLET_ITEM (item));
      g_autofree char *folded = circlet_item_prepare_search (name);

      check_item (item, json_array_get_object_element (array, i), fields);
      g_assert_nonnull (name);
      g_assert_nonnull (strstr (search, folded));
    }
  return n;
}

/* Tests {{{1 */

static void
test_resource_names (void)
{
  for (guint r = 0; r < CIRCLET_RESOURCE_N_RESOURCES; r++)
    {
      CircletResource back;

      g_assert_true (circlet_resource_from_name (circlet_resource_get_name (r), &back));
      g_assert_cmpint (back, ==, r);
      g_assert_true (g_type_is_a (circlet_resource_get_item_type (r), CIRCLET_TYPE_ITEM));
    }
  g_assert_false (circlet_resource_from_name ("nonsense", NULL));
  g_assert_cmpstr (circlet_resource_get_name (CIRCLET_RESOURCE_STORE_VERSIONS), ==, "store-versions");
}

static void
test_top_level (Fixture       *f,
                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (top_level); i++)
    {
      const Expect *expect = &top_level[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) model = list (f, expect->resource, NULL, &error);
      guint n;

      g_assert_no_error (error);
      g_assert_true (g_list_model_get_item_type (model) == circlet_resource_get_item_type (expect->resource));
      n = check_list (f, model, expect->path, "data", expect->fields);
      g_assert_cmpuint (n, ==, expect->resource == CIRCLET_RESOURCE_ORGANIZATIONS
                               ? 1 + CIRCLET_TEST_SERVER_N_SUB_ORGS : N_ITEMS);
      g_test_message ("%s: %u items match", circlet_resource_get_name (expect->resource), n);
    }
}

static void
test_spot_checks (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) profiles = list (f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, NULL, &error);
  g_autoptr(GListModel) builds = list (f, CIRCLET_RESOURCE_BUILD_PROFILES, NULL, &error);
  g_autoptr(GListModel) orgs = list (f, CIRCLET_RESOURCE_ORGANIZATIONS, NULL, &error);
  g_autoptr(GListModel) certs = list (f, CIRCLET_RESOURCE_CERTIFICATES, NULL, &error);
  g_autoptr(GListModel) keystores = list (f, CIRCLET_RESOURCE_KEYSTORES, NULL, &error);
  g_autoptr(CircletDistributionProfile) wrong = g_list_model_get_item (profiles, 96);
  g_autoptr(CircletDistributionProfile) unknown = g_list_model_get_item (profiles, 88);
  g_autoptr(CircletDistributionProfile) quoted = g_list_model_get_item (profiles, 49);
  g_autoptr(CircletBuildProfile) odd_os = g_list_model_get_item (builds, 88);
  g_autoptr(CircletOrganization) root = g_list_model_get_item (orgs, 0);
  g_autoptr(CircletOrganization) sub = g_list_model_get_item (orgs, 1);
  g_autoptr(CircletSigningIdentity) expired = g_list_model_get_item (certs, 12);
  g_autoptr(CircletSigningIdentity) expiring = g_list_model_get_item (certs, 13);
  g_autoptr(CircletSigningIdentity) valid = g_list_model_get_item (certs, 14);
  g_autoptr(CircletSigningIdentity) undated = g_list_model_get_item (keystores, 9);
  g_autofree char *query = circlet_item_prepare_search ("ZÜRICH \"quoted\"");

  g_assert_no_error (error);

  /* A number where the iOS version belongs: empty, the rest of the item kept. */
  g_assert_null (circlet_distribution_profile_get_ios_version (wrong));
  g_assert_nonnull (circlet_distribution_profile_get_android_version (wrong));
  g_assert_cmpstr (circlet_distribution_profile_get_authentication_label (unknown), ==, "Unknown (9)");
  g_assert_cmpstr (circlet_item_get_name (CIRCLET_ITEM (quoted)), ==, "Zürich \"Quoted\" \\ Tools\t✓ 49");
  g_assert_nonnull (strstr (circlet_item_get_search_text (CIRCLET_ITEM (quoted)), query));
  g_assert_cmpstr (circlet_build_profile_get_os_label (odd_os), ==, "Unknown (7)");

  g_assert_false (circlet_organization_get_is_sub_organization (root));
  g_assert_null (circlet_organization_get_root_organization_id (root));
  g_assert_true (circlet_organization_get_is_sub_organization (sub));
  g_assert_cmpstr (circlet_organization_get_root_organization_id (sub), ==,
                   circlet_test_server_get_root_org_id (f->server));

  g_assert_cmpint (circlet_signing_identity_get_kind (expired), ==, CIRCLET_SIGNING_KIND_CERTIFICATE);
  g_assert_cmpint (circlet_signing_identity_get_expiry_state (expired), ==, CIRCLET_EXPIRY_STATE_EXPIRED);
  g_assert_cmpint (circlet_signing_identity_get_days_left (expired), <, 0);
  g_assert_cmpint (circlet_signing_identity_get_expiry_state (expiring), ==, CIRCLET_EXPIRY_STATE_EXPIRING);
  g_assert_cmpint (circlet_signing_identity_get_days_left (expiring), <=, CIRCLET_EXPIRY_WARNING_DAYS);
  g_assert_cmpint (circlet_signing_identity_get_expiry_state (valid), ==, CIRCLET_EXPIRY_STATE_VALID);
  g_assert_cmpint (circlet_signing_identity_get_kind (undated), ==, CIRCLET_SIGNING_KIND_KEYSTORE);
  g_assert_cmpint (circlet_signing_identity_get_expiry_state (undated), ==, CIRCLET_EXPIRY_STATE_NONE);
  g_assert_cmpint (circlet_signing_identity_get_days_left (undated), ==, G_MININT);
  g_assert_cmpint (circlet_signing_identity_get_store_type (undated), ==, CIRCLET_CODE_MISSING);
  g_assert_cmpstr (circlet_signing_identity_get_store_type_label (undated), ==, "");
}

static void
test_children (Fixture       *f,
               gconstpointer  data)
{
  static const struct {
    CircletResource  parent;
    CircletResource  child;
    const char      *path;
    const char      *member;
    const Field     *fields;
  } children[] = {
    { CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, CIRCLET_RESOURCE_DISTRIBUTION_VERSIONS,
      "/distribution/v2/profiles/", "appVersions", app_version_fields },
    { CIRCLET_RESOURCE_BUILD_PROFILES, CIRCLET_RESOURCE_BRANCHES,
      "/build/v1/profiles/", "branches", branch_fields },
    { CIRCLET_RESOURCE_STORE_PROFILES, CIRCLET_RESOURCE_STORE_VERSIONS,
      "/store/v2/profiles/", NULL, app_version_fields },
  };
  guint total = 0;

  for (guint c = 0; c < G_N_ELEMENTS (children); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) parents = list (f, children[c].parent, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < 6; i++)
        {
          g_autoptr(CircletItem) parent = g_list_model_get_item (parents, i);
          g_autoptr(GListModel) model = list (f, children[c].child, circlet_item_get_id (parent), &error);
          g_autofree char *path = g_strconcat (children[c].path, circlet_item_get_id (parent),
                                               children[c].member ? "" : "/app-versions", NULL);

          g_assert_no_error (error);
          total += check_list (f, model, path, children[c].member, children[c].fields);
        }
    }
  g_assert_cmpuint (total, >, 0);

  /* A child list without its parent is refused before any request. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) model = list (f, CIRCLET_RESOURCE_TESTERS, NULL, &error);

    g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
    g_assert_null (model);
  }
}

static void
test_testers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) groups = list (f, CIRCLET_RESOURCE_TESTING_GROUPS, NULL, &error);
  guint total = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(CircletItem) group = g_list_model_get_item (groups, i);
      g_autoptr(GListModel) testers = list (f, CIRCLET_RESOURCE_TESTERS, circlet_item_get_id (group), &error);
      g_autofree char *path = g_strconcat ("/distribution/v2/testing-groups/", circlet_item_get_id (group), NULL);
      g_autoptr(JsonNode) root = fetch_raw (f, path);
      JsonArray *raw = json_object_get_array_member (json_node_get_object (root), "testers");

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (testers), ==, json_array_get_length (raw));
      for (guint j = 0; j < json_array_get_length (raw); j++)
        {
          g_autoptr(CircletTester) tester = g_list_model_get_item (testers, j);
          const char *email = json_array_get_string_element (raw, j);

          g_assert_cmpstr (circlet_tester_get_email (tester), ==, email);
          g_assert_cmpstr (circlet_item_get_id (CIRCLET_ITEM (tester)), ==, email);
          g_assert_cmpstr (circlet_item_get_name (CIRCLET_ITEM (tester)), ==, email);
          total++;
        }
    }
  g_assert_cmpuint (total, >, 0);
}

static void
test_store_versions_filtered (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) profiles = list (f, CIRCLET_RESOURCE_STORE_PROFILES, NULL, &error);

  g_assert_no_error (error);
  for (int type = 1; type <= 2; type++)
    for (guint i = 0; i < 4; i++)
      {
        g_autoptr(CircletItem) profile = g_list_model_get_item (profiles, i);
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(GListModel) all = list (f, CIRCLET_RESOURCE_STORE_VERSIONS, circlet_item_get_id (profile), &error);
        g_autoptr(GListModel) model = NULL;
        guint expected = 0;

        for (guint j = 0; j < g_list_model_get_n_items (all); j++)
          {
            g_autoptr(CircletAppVersion) version = g_list_model_get_item (all, j);

            expected += circlet_app_version_get_publish_type (version) == type;
          }

        circlet_api_list_store_versions_async (f->session, f->account, circlet_item_get_id (profile), type,
                                               NULL, circlet_test_store_result_cb, &result);
        model = circlet_api_list_finish (f->session, circlet_test_wait (&result), &error);
        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected);
        for (guint j = 0; j < g_list_model_get_n_items (model); j++)
          {
            g_autoptr(CircletAppVersion) version = g_list_model_get_item (model, j);

            g_assert_cmpint (circlet_app_version_get_publish_type (version), ==, type);
            g_assert_cmpstr (circlet_app_version_get_publish_type_label (version), ==, type == 1 ? "Beta" : "Live");
          }
      }
}

static void
test_users (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) users = list (f, CIRCLET_RESOURCE_USERS, NULL, &error);
  g_autofree char *path = g_strdup_printf ("/identity/v1/organizations/%s/users",
                                           circlet_test_server_get_root_org_id (f->server));
  g_autofree char *sub_id = circlet_test_server_dup_sub_org_id (f->server, 1);
  g_autoptr(GListModel) sub_users = NULL;

  g_assert_no_error (error);
  check_list (f, users, path, NULL, user_fields);

  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(CircletUser) user = g_list_model_get_item (users, i);
      const char *full = circlet_user_get_full_name (user);

      g_assert_cmpstr (circlet_item_get_name (CIRCLET_ITEM (user)), ==,
                       full ? full : circlet_user_get_username (user));
    }

  /* Another organization's users, by its id. */
  sub_users = list (f, CIRCLET_RESOURCE_USERS, sub_id, &error);
  g_assert_no_error (error);
  g_free (path);
  path = g_strdup_printf ("/identity/v1/organizations/%s/users", sub_id);
  g_assert_cmpuint (check_list (f, sub_users, path, NULL, user_fields), !=,
                    g_list_model_get_n_items (users));
}

static void
test_user_info (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletUserInfo) info = NULL;

  circlet_api_get_user_info_async (f->session, f->account, NULL, circlet_test_store_result_cb, &result);
  info = circlet_api_get_user_info_finish (f->session, circlet_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (circlet_user_info_get_email (info), ==, CIRCLET_TEST_SERVER_EMAIL);
  g_assert_cmpstr (circlet_user_info_get_name (info), ==, "Dev Eloper");
  g_assert_nonnull (circlet_user_info_get_sub (info));
  g_assert_cmpstr (circlet_user_info_get_current_organization_id (info), ==,
                   circlet_test_server_get_root_org_id (f->server));
}

/* Bare arrays and {data:[…]} are both read, whatever the server usually sends. */
static void
test_envelopes (Fixture       *f,
                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (top_level); i++)
    {
      g_autoptr(JsonNode) root = fetch_raw (f, top_level[i].path);
      JsonArray *array = raw_array (root, "data");
      g_autoptr(JsonNode) array_node = json_node_init_array (json_node_alloc (), array);
      g_autofree char *bare = json_to_string (array_node, FALSE);
      g_autofree char *wrapped = g_strdup_printf ("{\"data\": %s, \"total\": 5}", bare);
      const char *variants[] = { bare, wrapped, "[]", "{\"data\":[]}" };

      for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
        {
          g_autoptr(GBytes) body = g_bytes_new_static (variants[v], strlen (variants[v]));
          g_autoptr(GError) error = NULL;
          g_autoptr(GListModel) model = circlet_api_parse_list (top_level[i].resource, body, "example.com", &error);

          g_assert_no_error (error);
          g_assert_cmpuint (g_list_model_get_n_items (model), ==, v < 2 ? json_array_get_length (array) : 0);
          if (v < 2)
            for (guint j = 0; j < json_array_get_length (array); j++)
              {
                g_autoptr(GObject) item = g_list_model_get_item (model, j);

                check_item (item, json_array_get_object_element (array, j), top_level[i].fields);
              }
        }
    }

  /* Children: a parent's detail, a bare array, or the detail without them. */
  {
    const char *bodies[] = {
      "{\"id\":\"p\",\"branches\":[{\"id\":\"b\",\"name\":\"main\",\"buildStatus\":0}]}",
      "[{\"id\":\"b\",\"name\":\"main\",\"buildStatus\":0}]",
      "{\"data\":{\"branches\":[{\"id\":\"b\",\"name\":\"main\",\"buildStatus\":0}]}}",
      "{\"id\":\"p\",\"branches\":null}",
      "{\"id\":\"p\"}",
    };

    for (guint v = 0; v < G_N_ELEMENTS (bodies); v++)
      {
        g_autoptr(GBytes) body = g_bytes_new_static (bodies[v], strlen (bodies[v]));
        g_autoptr(GError) error = NULL;
        g_autoptr(GListModel) model = circlet_api_parse_list (CIRCLET_RESOURCE_BRANCHES, body, "example.com", &error);

        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (model), ==, v < 3 ? 1 : 0);
      }
  }
}

/* Nulls, wrong types and junk elements, for every list. */
static void
test_hostile_items (void)
{
  static const char body_text[] =
    "[{\"id\":null,\"name\":5,\"pinned\":\"yes\",\"iOSVersion\":[],\"updateDate\":\"not a date\","
    "\"settings\":{\"authenticationType\":\"1\"},\"testingGroupIds\":{},\"os\":1.5e400,"
    "\"buildPlatformType\":null,\"repositoryName\":{\"a\":1},\"lastBuildDate\":12,"
    "\"totalDownloadCount\":-4,\"platformType\":99999999999,\"rootOrganizationId\":false,"
    "\"expireDate\":\"2025-02-30T00:00:00Z\",\"storeType\":\"1\",\"hasCertificate\":null,"
    "\"fullName\":null,\"username\":null,\"email\":null,\"buildStatus\":\"0\","
    "\"publishType\":[1],\"name\":\"second \\u00e9 wins\",\"unknown\":{\"deep\":[1,2,{\"x\":null}]}},"
    " 7, null, \"text\", [1], true,"
    " {\"id\":\"b\",\"name\":\"ok\",\"createDate\":\"2024-01-02T03:04:05.25+02:00\",\"createdDate\":\"2024-01-02T03:04:05\"}]";
  g_autoptr(GBytes) body = g_bytes_new_static (body_text, sizeof body_text - 1);

  for (guint r = 0; r < CIRCLET_RESOURCE_N_RESOURCES; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) model = circlet_api_parse_list (r, body, "example.com", &error);
      g_autoptr(CircletItem) first = NULL;
      g_autoptr(CircletItem) last = NULL;
      guint n;

      g_assert_no_error (error);
      n = g_list_model_get_n_items (model);
      /* Testers are strings: "text" is one; the objects have no email. */
      g_assert_cmpuint (n, ==, r == CIRCLET_RESOURCE_TESTERS ? 3 : 2);
      first = g_list_model_get_item (model, 0);
      last = g_list_model_get_item (model, n - 1);
      g_assert_cmpstr (circlet_item_get_id (first), ==, "");
      if (r != CIRCLET_RESOURCE_TESTERS && r != CIRCLET_RESOURCE_USERS)
        {
          /* Duplicate keys: the last one wins, as in json-glib. */
          g_assert_cmpstr (circlet_item_get_name (first), ==, "second é wins");
          g_assert_cmpstr (circlet_item_get_id (last), ==, "b");
          g_assert_cmpstr (circlet_item_get_name (last), ==, "ok");
        }
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) model = circlet_api_parse_list (CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, body, NULL, &error);
    g_autoptr(CircletDistributionProfile) odd = g_list_model_get_item (model, 0);

    g_assert_false (circlet_distribution_profile_get_pinned (odd));
    g_assert_null (circlet_distribution_profile_get_ios_version (odd));
    g_assert_null (circlet_distribution_profile_get_update_date (odd));
    g_assert_cmpint (circlet_distribution_profile_get_authentication_type (odd), ==, CIRCLET_CODE_MISSING);
    g_assert_cmpstr (circlet_distribution_profile_get_authentication_label (odd), ==, "");
    g_assert_cmpuint (circlet_distribution_profile_get_testing_group_count (odd), ==, 0);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) model = circlet_api_parse_list (CIRCLET_RESOURCE_STORE_VERSIONS, body, NULL, &error);
    g_autoptr(CircletAppVersion) odd = g_list_model_get_item (model, 0);
    g_autoptr(CircletAppVersion) dated = g_list_model_get_item (model, 1);
    g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 ("2024-01-02T01:04:05.25Z", NULL);

    g_assert_cmpint (circlet_app_version_get_platform (odd), ==, CIRCLET_CODE_MISSING);
    g_assert_cmpuint (circlet_app_version_get_download_count (odd), ==, 0);
    g_assert_true (g_date_time_equal (circlet_app_version_get_create_date (dated), expected));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) model = circlet_api_parse_list (CIRCLET_RESOURCE_ORGANIZATIONS, body, NULL, &error);
    g_autoptr(CircletOrganization) odd = g_list_model_get_item (model, 0);
    g_autoptr(CircletOrganization) dated = g_list_model_get_item (model, 1);

    g_assert_false (circlet_organization_get_is_sub_organization (odd));
    /* No zone: UTC, as Appcircle's services mean it. */
    g_assert_cmpint (g_date_time_to_unix (circlet_organization_get_created_date (dated)), ==, 1704164645);
  }
}

static void
collect_item_cb (gpointer item,
                 gpointer user_data)
{
  g_ptr_array_add (user_data, g_object_ref (item));
}

static void
assert_parse_error (CircletResource  resource,
                    const char      *text,
                    gsize            len,
                    int              code)
{
  g_autoptr(GBytes) body = g_bytes_new (text, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) foreach_error = NULL;
  g_autoptr(GListModel) model = circlet_api_parse_list (resource, body, "wrong.example.com", &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_error (error, CIRCLET_ERROR, code);
  g_assert_null (model);
  g_assert_nonnull (strstr (error->message, "wrong.example.com"));

  /* The same error, before any item: nothing of a broken list is printed. */
  g_assert_false (circlet_api_foreach_item (resource, body, "wrong.example.com",
                                            collect_item_cb, items, &foreach_error));
  g_assert_error (foreach_error, CIRCLET_ERROR, code);
  g_assert_cmpstr (foreach_error->message, ==, error->message);
  g_assert_cmpuint (items->len, ==, 0);
}

/* circlet_api_foreach_item() hands out the items circlet_api_parse_list()
 * keeps, in the same order, for every list and envelope. */
static void
test_foreach_item (void)
{
  static const char * const bodies[] = {
    "[{\"id\":null,\"name\":5,\"pinned\":\"yes\",\"settings\":{\"authenticationType\":\"1\"}},"
    " 7, null, \"text\", [1], true,"
    " {\"id\":\"b\",\"name\":\"ok\",\"createDate\":\"2024-01-02T03:04:05.25+02:00\"},"
    " {\"id\":\"c\",\"name\":\"z\\u00fcrich\",\"email\":\"c@example.com\"}]",
    "{\"data\":[{\"id\":\"a\",\"name\":\"first\"},{\"id\":\"b\",\"name\":\"second\"}],\"total\":2}",
    "{\"id\":\"p\",\"branches\":[{\"id\":\"b\",\"name\":\"main\"}],\"appVersions\":[{\"id\":\"v\"}],"
    "\"testers\":[\"t@example.com\"]}",
    "{\"id\":\"p\",\"branches\":null}",
    "[]",
  };

  for (guint b = 0; b < G_N_ELEMENTS (bodies); b++)
    for (guint r = 0; r < CIRCLET_RESOURCE_N_RESOURCES; r++)
      {
        g_autoptr(GBytes) body = g_bytes_new_static (bodies[b], strlen (bodies[b]));
        g_autoptr(GError) error = NULL;
        g_autoptr(GError) foreach_error = NULL;
        g_autoptr(GListModel) model = circlet_api_parse_list (r, body, "example.com", &error);
        g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
        gboolean ok = circlet_api_foreach_item (r, body, "example.com", collect_item_cb, items, &foreach_error);

        if (model == NULL)
          {
            g_assert_false (ok);
            g_assert_error (foreach_error, error->domain, error->code);
            g_assert_cmpuint (items->len, ==, 0);
            continue;
          }

        g_assert_no_error (foreach_error);
        g_assert_true (ok);
        g_assert_cmpuint (items->len, ==, g_list_model_get_n_items (model));
        for (guint i = 0; i < items->len; i++)
          {
            g_autoptr(CircletItem) kept = g_list_model_get_item (model, i);
            CircletItem *handed = g_ptr_array_index (items, i);

            g_assert_true (G_OBJECT_TYPE (handed) == circlet_resource_get_item_type (r));
            g_assert_cmpstr (circlet_item_get_id (handed), ==, circlet_item_get_id (kept));
            g_assert_cmpstr (circlet_item_get_name (handed), ==, circlet_item_get_name (kept));
            g_assert_cmpstr (circlet_item_get_search_text (handed), ==, circlet_item_get_search_text (kept));
          }
      }
}

static void
test_bad_bodies (void)
{
  static const char * const malformed[] = {
    "[", "[{\"id\":\"a\"}", "[{\"id\":\"a\",}]", "[1,]", "[01]", "[1.]", "[\"\\x\"]", "[\"a\nb\"]",
    "[tru]", "[] []", "{\"data\":[}", "[{\"a\" 1}]", "[\"\\u12\"]", "[-]", "[1e]",
  };
  GString *deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    assert_parse_error (CIRCLET_RESOURCE_BUILD_PROFILES, malformed[i], strlen (malformed[i]),
                        CIRCLET_ERROR_BAD_RESPONSE);

  /* Well-formed but not a list. */
  assert_parse_error (CIRCLET_RESOURCE_BUILD_PROFILES, "{\"message\":\"hello\"}", 19, CIRCLET_ERROR_BAD_RESPONSE);
  assert_parse_error (CIRCLET_RESOURCE_ORGANIZATIONS, "{\"data\":{\"x\":1}}", 16, CIRCLET_ERROR_BAD_RESPONSE);
  /* Invalid UTF-8. */
  assert_parse_error (CIRCLET_RESOURCE_BUILD_PROFILES, "[\"\xff\"]", 5, CIRCLET_ERROR_BAD_RESPONSE);
  /* A web page, or no JSON at all. */
  assert_parse_error (CIRCLET_RESOURCE_BUILD_PROFILES, "  <!DOCTYPE html><html></html>", 30, CIRCLET_ERROR_NOT_APPCIRCLE);
  assert_parse_error (CIRCLET_RESOURCE_BUILD_PROFILES, "\xef\xbb\xbf<html>", 9, CIRCLET_ERROR_NOT_APPCIRCLE);
  assert_parse_error (CIRCLET_RESOURCE_BUILD_PROFILES, "OK", 2, CIRCLET_ERROR_NOT_APPCIRCLE);
  assert_parse_error (CIRCLET_RESOURCE_BUILD_PROFILES, "", 0, CIRCLET_ERROR_NOT_APPCIRCLE);

  /* Nesting beyond the limit, inside an element that would otherwise be skipped. */
  g_string_append (deep, "[{\"id\":\"a\",\"x\":");
  for (guint i = 0; i < 2000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 2000; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}]");
  assert_parse_error (CIRCLET_RESOURCE_BUILD_PROFILES, deep->str, deep->len, CIRCLET_ERROR_BAD_RESPONSE);
  g_string_free (deep, TRUE);
}

static void
assert_list_error (Fixture         *f,
                   CircletResource  resource,
                   int              code,
                   const char      *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = list (f, resource, NULL, &error);

  g_assert_error (error, CIRCLET_ERROR, code);
  g_assert_null (model);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” not in “%s”", in_message, error->message);
}

/* Every list, with every fault that ends in an error the user can act on. */
static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (top_level); i++)
    {
      const char *path = top_level[i].path;
      CircletResource resource = top_level[i].resource;

      circlet_test_server_inject (f->server, path, CIRCLET_FAULT_HTML, 1, NULL);
      assert_list_error (f, resource, CIRCLET_ERROR_NOT_APPCIRCLE, "127.0.0.1");
      circlet_test_server_inject (f->server, path, CIRCLET_FAULT_HTML, 1, NULL);
      assert_list_error (f, resource, CIRCLET_ERROR_NOT_APPCIRCLE, "does not look like an Appcircle API server");

      circlet_test_server_inject (f->server, path, CIRCLET_FAULT_MALFORMED_JSON, 1, NULL);
      assert_list_error (f, resource, CIRCLET_ERROR_BAD_RESPONSE, "127.0.0.1");

      circlet_session_set_max_body_size (f->session, 256 * 1024);
      circlet_test_server_inject (f->server, path, CIRCLET_FAULT_HUGE_BODY, 1, "1048576");
      assert_list_error (f, resource, CIRCLET_ERROR_TOO_LARGE, NULL);
      circlet_session_set_max_body_size (f->session, CIRCLET_SESSION_DEFAULT_MAX_BODY_SIZE);

      /* And the next request is fine again. */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GListModel) model = list (f, resource, NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
      }
    }
}

/* The size cap holds for the default too: a body just above it is refused. */
static void
test_size_cap_default (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *size = g_strdup_printf ("%d", CIRCLET_SESSION_DEFAULT_MAX_BODY_SIZE + 4096);

  if (!g_test_slow ())
    {
      g_test_skip ("builds a 64 MiB body; run with -m slow");
      return;
    }
  circlet_test_server_inject (f->server, "/build/v2/profiles", CIRCLET_FAULT_HUGE_BODY, 1, size);
  assert_list_error (f, CIRCLET_RESOURCE_BUILD_PROFILES, CIRCLET_ERROR_TOO_LARGE, NULL);
}

/* Parsing runs in a worker: a cancelled request returns CANCELLED, not a list. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;

  circlet_test_server_inject (f->server, "/build/v2/profiles", CIRCLET_FAULT_LATENCY, 1, "200");
  circlet_api_list_async (f->session, f->account, CIRCLET_RESOURCE_BUILD_PROFILES, NULL, cancellable,
                          circlet_test_store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  model = circlet_api_list_finish (f->session, circlet_test_wait (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (model);
}

static GListModel *
relist (Fixture          *f,
        CircletResource   resource,
        GListModel       *previous)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;

  circlet_api_list_refresh_async (f->session, f->account, resource, NULL, previous, NULL,
                                  circlet_test_store_result_cb, &result);
  model = circlet_api_list_finish (f->session, circlet_test_wait (&result), &error);
  g_assert_no_error (error);
  return model;
}

/* A refresh keeps the objects whose JSON is unchanged, and only those; a
 * live list showing the list before announces only the rows that changed. */
static void
test_refresh_keeps_items (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GListModel) first = list (f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, NULL, NULL);
  g_autoptr(GListModel) same = relist (f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, first);
  g_autoptr(GListModel) changed = NULL;
  g_autoptr(GListModel) certificates = NULL;
  g_autoptr(GListModel) certificates_again = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  CircletLiveList *live = circlet_live_list_new (CIRCLET_TYPE_ITEM);
  guint kept = 0;

  g_assert_true (circlet_item_list_equal (CIRCLET_ITEM_LIST (first), CIRCLET_ITEM_LIST (same)));
  circlet_live_list_set_list (live, CIRCLET_ITEM_LIST (first));
  g_signal_connect (live, "items-changed", G_CALLBACK (circlet_test_record_change_cb), changes);
  circlet_live_list_set_list (live, CIRCLET_ITEM_LIST (same));
  g_assert_cmpuint (changes->len, ==, 0);

  /* With 100 items, profile 99's testing groups wrap around to groups 0
   * and 1: it changes, 0–98 do not. */
  circlet_test_server_set_items (f->server, 100);
  changed = relist (f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, same);
  g_assert_cmpuint (g_list_model_get_n_items (changed), ==, 100);
  g_assert_false (circlet_item_list_equal (CIRCLET_ITEM_LIST (same), CIRCLET_ITEM_LIST (changed)));
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(CircletItem) before = g_list_model_get_item (same, i);
      g_autoptr(CircletItem) after = g_list_model_get_item (changed, i);

      g_assert_cmpstr (circlet_item_get_id (before), ==, circlet_item_get_id (after));
      if (before == after)
        kept++;
      else
        g_assert_true (g_list_model_get_item_type (changed) == G_OBJECT_TYPE (after));
    }
  g_assert_cmpuint (kept, ==, 99);

  /* One items-changed: profile 99 read anew, 100–119 gone. */
  circlet_live_list_set_list (live, CIRCLET_ITEM_LIST (changed));
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 99);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, N_ITEMS - 99);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 1);
  g_assert_finalize_object (live);

  /* Signing identities are read anew: their expiry state depends on when. */
  certificates = list (f, CIRCLET_RESOURCE_CERTIFICATES, NULL, NULL);
  certificates_again = relist (f, CIRCLET_RESOURCE_CERTIFICATES, certificates);
  g_assert_false (circlet_item_list_equal (CIRCLET_ITEM_LIST (certificates), CIRCLET_ITEM_LIST (certificates_again)));
}

/* A head start {{{1 */

#define PROFILES_PATH "/distribution/v2/profiles"

/* A session as a new process has it: nothing in memory, the session token
 * the fixture's exchange left in the keyring. */
static CircletSession *
new_process_session (Fixture *f)
{
  return circlet_session_new (f->keys);
}

static GListModel *
list_in (CircletSession  *session,
         Fixture         *f,
         CircletResource  resource,
         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_api_list_async (session, f->account, resource, NULL, NULL,
                          circlet_test_store_result_cb, &result);
  return circlet_api_list_finish (session, circlet_test_wait (&result), error);
}

/* Spins until the server has answered @n GETs of @path. */
static void
wait_for_gets (Fixture    *f,
               const char *path,
               guint       n)
{
  while (circlet_test_server_get_count (f->server, path) < n)
    g_main_context_iteration (NULL, TRUE);
}

/* The worker thread lets go of its task, and so of the session, a little
 * after the task has returned. */
static void
assert_finalized_soon (CircletSession *session)
{
  gpointer weak = session;

  g_object_add_weak_pointer (G_OBJECT (session), &weak);
  g_object_unref (session);
  for (guint i = 0; weak != NULL && i < 200; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  g_assert_null (weak);
}

static void
assert_same_profiles (GListModel *model,
                      GListModel *expected)
{
  guint n = g_list_model_get_n_items (expected);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_cmpuint (n, ==, N_ITEMS);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CircletItem) a = g_list_model_get_item (model, i);
      g_autoptr(CircletItem) b = g_list_model_get_item (expected, i);

      g_assert_cmpstr (circlet_item_get_id (a), ==, circlet_item_get_id (b));
      g_assert_cmpstr (circlet_item_get_name (a), ==, circlet_item_get_name (b));
    }
}

/* With a valid cached session, the list the window shows first is read
 * once, with the cached token, in a worker thread, and the page's request
 * takes it: done already, or still on its way. The token it used serves
 * the session's next requests. */
static void
test_prefetch_taken (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GListModel) expected = list (f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, NULL, NULL);
  guint exchanges = circlet_test_server_get_exchange_count (f->server);
  guint gets = circlet_test_server_get_count (f->server, PROFILES_PATH);

  for (guint waiting = 0; waiting < 2; waiting++)
    {
      g_autoptr(CircletSession) session = new_process_session (f);
      g_autoptr(GListModel) model = NULL;
      g_autoptr(GListModel) again = NULL;
      g_autoptr(GError) error = NULL;

      if (waiting)
        circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_LATENCY, 1, "300");

      circlet_api_prefetch_list (session, f->account, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
      if (!waiting)
        wait_for_gets (f, PROFILES_PATH, gets + 1);

      model = list_in (session, f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, &error);
      g_assert_no_error (error);
      assert_same_profiles (model, expected);
      g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, ++gets);

      /* Taken once: the next read asks the server, with the same token. */
      again = list_in (session, f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, &error);
      g_assert_no_error (error);
      assert_same_profiles (again, expected);
      g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, ++gets);
      g_assert_cmpuint (circlet_account_get_status (f->account), ==, CIRCLET_ACCOUNT_STATUS_VALID);
      assert_finalized_soon (g_steal_pointer (&session));
    }

  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, exchanges);
}

static void
clear_cached_session (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;

  circlet_key_store_clear_async (f->keys, circlet_account_get_id (f->account), CIRCLET_SECRET_SESSION,
                                 NULL, circlet_test_store_result_cb, &result);
  g_assert_true (circlet_key_store_clear_finish (f->keys, circlet_test_wait (&result), NULL));
}

/* Whatever stops the head start, the page's own request meets it and
 * deals with it as it always does: it is never lost, never doubled up
 * into an error of its own, and never exchanges a key by itself. */
static void
test_prefetch_falls_back (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GListModel) expected = list (f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, NULL, NULL);
  g_autoptr(CircletSession) session = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  guint exchanges = circlet_test_server_get_exchange_count (f->server);
  guint gets = circlet_test_server_get_count (f->server, PROFILES_PATH);

  /* No cached session: no request from the head start; the page's request
   * exchanges the key. */
  clear_cached_session (f);
  session = new_process_session (f);
  circlet_api_prefetch_list (session, f->account, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  model = list_in (session, f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, &error);
  g_assert_no_error (error);
  assert_same_profiles (model, expected);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, gets += 1);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, exchanges += 1);
  assert_finalized_soon (g_steal_pointer (&session));
  g_clear_object (&model);

  /* The server no longer takes the cached token: the head start's 401 is
   * dropped, the page's request replays after an exchange. */
  circlet_test_server_expire_sessions (f->server);
  session = new_process_session (f);
  circlet_api_prefetch_list (session, f->account, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  wait_for_gets (f, PROFILES_PATH, gets + 1);
  model = list_in (session, f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, &error);
  g_assert_no_error (error);
  assert_same_profiles (model, expected);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, gets += 3);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, exchanges += 1);
  assert_finalized_soon (g_steal_pointer (&session));
  g_clear_object (&model);

  /* A web page instead of JSON, to the head start and to the page: the
   * user sees the error once, from the page's request. */
  circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_HTML, 2, NULL);
  session = new_process_session (f);
  circlet_api_prefetch_list (session, f->account, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  model = list_in (session, f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_NOT_APPCIRCLE);
  g_assert_null (model);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, gets += 2);
  g_clear_error (&error);

  /* A server that does not answer the head start: the page waits a few
   * seconds for it, not the minute of an I/O timeout, then asks again. */
  {
    g_autoptr(CircletSession) slow = new_process_session (f);
    gint64 start = g_get_monotonic_time ();

    circlet_test_server_inject (f->server, PROFILES_PATH, CIRCLET_FAULT_LATENCY, 1, "40000");
    circlet_api_prefetch_list (slow, f->account, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
    model = list_in (slow, f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, &error);
    g_assert_no_error (error);
    assert_same_profiles (model, expected);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
    g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, gets += 2);
    g_clear_object (&model);
    assert_finalized_soon (g_steal_pointer (&slow));
  }

  /* Another list than the one read ahead: its own request, and the head
   * start is still there for its own list. */
  circlet_api_prefetch_list (session, f->account, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  wait_for_gets (f, PROFILES_PATH, gets + 1);
  model = list_in (session, f, CIRCLET_RESOURCE_TESTING_GROUPS, &error);
  g_assert_no_error (error);
  g_clear_object (&model);
  model = list_in (session, f, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, &error);
  g_assert_no_error (error);
  assert_same_profiles (model, expected);
  g_assert_cmpuint (circlet_test_server_get_count (f->server, PROFILES_PATH), ==, gets += 1);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, exchanges);
  assert_finalized_soon (g_steal_pointer (&session));
}

static void
test_parse_speed (void)
{
  /* 20,000 rows keep the unit suite quick; bench/bench-api-parse does 100,000. */
  GString *s = g_string_new ("[");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (s, "%s{\"id\":\"%08x-d157-4000-8000-000000000000\",\"name\":\"Profile %u\","
                            "\"pinned\":false,\"iOSVersion\":\"1.%u (2)\",\"androidVersion\":null,"
                            "\"updateDate\":\"2025-06-01T12:00:00Z\",\"lastAppVersionSharedDate\":null,"
                            "\"settings\":{\"authenticationType\":%u},\"testingGroupIds\":[\"a\",\"b\"]}",
                            i ? "," : "", i, i, i, 1 + i % 5);
  g_string_append_c (s, ']');
  body = g_string_free_to_bytes (s);

  start = g_get_monotonic_time ();
  model = circlet_api_parse_list (CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, body, "bench", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 20000);
  g_test_message ("20,000 distribution profiles (%.1f MB): parsed and mapped in %.0f ms",
                  g_bytes_get_size (body) / 1e6, (g_get_monotonic_time () - start) / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  circlet_keyring_fixture_setup (circlet_keyring_kind_from_env ());
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/api/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/api/resource-names", test_resource_names);
  g_test_add_func ("/api/hostile-items", test_hostile_items);
  g_test_add_func ("/api/bad-bodies", test_bad_bodies);
  g_test_add_func ("/api/foreach-item", test_foreach_item);
  g_test_add_func ("/api/parse-speed", test_parse_speed);
  ADD ("top-level", test_top_level);
  ADD ("spot-checks", test_spot_checks);
  ADD ("children", test_children);
  ADD ("testers", test_testers);
  ADD ("store-versions-filtered", test_store_versions_filtered);
  ADD ("users", test_users);
  ADD ("user-info", test_user_info);
  ADD ("envelopes", test_envelopes);
  ADD ("faults", test_faults);
  ADD ("size-cap-default", test_size_cap_default);
  ADD ("cancel", test_cancel);
  ADD ("refresh-keeps-items", test_refresh_keeps_items);
  ADD ("prefetch/taken", test_prefetch_taken);
  ADD ("prefetch/falls-back", test_prefetch_falls_back);

#undef ADD

  status = g_test_run ();
  circlet_keyring_fixture_teardown ();
  return status;
}
