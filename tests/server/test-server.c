/* test-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "circlet-test-data.h"
#include "circlet-test-util.h"
#include "test-server-util.h"

/* The test server is the ground truth every other suite stands on, so it is
 * checked from the outside, the way clients see it.  Faults are in
 * test-server-faults.c. */

/* Exchange ---------------------------------------------------------------- */

static void
test_exchange_v3 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GHashTable) form = NULL;
  JsonObject *object;
  const char *token;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint status;

  g_assert_true (g_str_has_prefix (circlet_test_server_get_url (f->server), "http://127.0.0.1:"));
  g_assert_false (g_str_has_suffix (circlet_test_server_get_url (f->server), "/"));
  g_assert_true (g_str_has_suffix (circlet_test_server_get_key (f->server), "=="));

  root = exchange (f, "/auth/v3/token", "personalAccessKey", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (root);
  token = json_object_get_string_member (object, "access_token");
  g_assert_nonnull (token);
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, 3600);
  g_assert_cmpstr (json_object_get_string_member (object, "token_type"), ==, "Bearer");

  claims = decode_jwt_payload (token);
  g_assert_cmpint (json_object_get_int_member (claims, "exp"), >=, now + 3600 - 5);
  g_assert_cmpint (json_object_get_int_member (claims, "exp"), <=, now + 3600 + 5);
  g_assert_cmpstr (json_object_get_string_member (claims, "email"), ==, CIRCLET_TEST_SERVER_EMAIL);
  g_assert_cmpstr (json_object_get_string_member (claims, "currentOrganizationId"), ==,
                   circlet_test_server_get_root_org_id (f->server));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (claims, "currentOrganizationId")));
  g_assert_cmpstr (json_object_get_string_member (claims, "preferred_username"), ==, "dev");
  g_assert_true (json_object_has_member (claims, "sub"));

  g_assert_cmpstr (circlet_test_server_get_last_exchange_path (f->server), ==, "/auth/v3/token");
  form = circlet_test_server_dup_last_form (f->server);
  g_assert_cmpstr (g_hash_table_lookup (form, "personalAccessKey"), ==,
                   circlet_test_server_get_key (f->server));
  g_assert_cmpuint (g_hash_table_size (form), ==, 1);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);
}

static void
test_exchange_v2_sub_org (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *sub_org = circlet_test_server_dup_sub_org_id (f->server, 1);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(JsonObject) plain_claims = NULL;
  g_autoptr(GHashTable) form = NULL;
  guint status;

  root = exchange (f, "/auth/v2/token", "pat", "subOrganizationId", sub_org, &status);
  g_assert_cmpuint (status, ==, 200);
  claims = decode_jwt_payload (json_object_get_string_member (json_node_get_object (root), "access_token"));
  g_assert_cmpstr (json_object_get_string_member (claims, "currentOrganizationId"), ==, sub_org);
  form = circlet_test_server_dup_last_form (f->server);
  g_assert_cmpstr (g_hash_table_lookup (form, "subOrganizationId"), ==, sub_org);
  g_assert_cmpstr (circlet_test_server_get_last_exchange_path (f->server), ==, "/auth/v2/token");

  plain = exchange (f, "/auth/v2/token", "pat", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  plain_claims = decode_jwt_payload (json_object_get_string_member (json_node_get_object (plain), "access_token"));
  g_assert_cmpstr (json_object_get_string_member (plain_claims, "currentOrganizationId"), ==,
                   circlet_test_server_get_root_org_id (f->server));

  bad = exchange (f, "/auth/v2/token", "pat", "subOrganizationId", "not-a-guid", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_true (json_object_has_member (json_node_get_object (bad), "error"));
}

static void
test_exchange_v1 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) wrong_field = NULL;
  g_autoptr(JsonObject) claims = NULL;
  guint status;

  root = exchange (f, "/auth/v1/token", "pat", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  claims = decode_jwt_payload (json_object_get_string_member (json_node_get_object (root), "access_token"));
  g_assert_true (json_object_has_member (claims, "exp"));
  g_assert_cmpstr (json_object_get_string_member (claims, "email"), ==, CIRCLET_TEST_SERVER_EMAIL);

  /* v1 wants pat=, v3 wants personalAccessKey=. */
  wrong_field = exchange (f, "/auth/v1/token", "personalAccessKey", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 2);
}

static void
test_exchange_v3_disabled (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  circlet_test_server_set_v3_enabled (f->server, FALSE);
  msg = exchange_message (f, "/auth/v3/token", "personalAccessKey",
                          circlet_test_server_get_key (f->server), NULL, NULL);
  body = send_ok (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 404);

  root = exchange (f, "/auth/v1/token", "pat", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  circlet_test_server_set_v3_enabled (f->server, TRUE);
  g_clear_pointer (&root, json_node_unref);
  root = exchange (f, "/auth/v3/token", "personalAccessKey", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_exchange_revoked (Fixture       *f,
                       gconstpointer  data)
{
  const char *key = circlet_test_server_get_key (f->server);
  g_autofree char *token = get_token (f);
  const guint statuses[] = { 401, 400, 403 };

  circlet_test_server_revoke_key (f->server, key);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) body = NULL;

      if (i > 0)
        circlet_test_server_set_revoke_status (f->server, statuses[i]);
      msg = exchange_message (f, "/auth/v3/token", "personalAccessKey", key, NULL, NULL);
      body = send_ok (f, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, statuses[i]);
      assert_error_body (body, "error", "invalid_grant");
      assert_error_body (body, "error_description", "Personal access key is not valid or deleted");
    }

  /* Tokens issued before the revocation keep working. */
  {
    g_autoptr(GBytes) body = NULL;
    guint status;

    body = api_get (f, "/distribution/v2/profiles", token, &status);
    g_assert_cmpuint (status, ==, 200);
  }

  circlet_test_server_restore_key (f->server, key);
  g_free (get_token (f));
}

static void
test_exchange_bad_requests (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *url = url_for (f, "/auth/v3/token");
  g_autofree char *raw_form = NULL;
  g_autoptr(SoupMessage) json_msg = NULL;
  g_autoptr(SoupMessage) missing = NULL;
  g_autoptr(SoupMessage) unknown = NULL;
  g_autoptr(SoupMessage) unencoded = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) json_body = NULL;
  const char *json = "{\"personalAccessKey\":\"x\"}";

  json_msg = soup_message_new (SOUP_METHOD_POST, url);
  json_body = g_bytes_new_static (json, strlen (json));
  soup_message_set_request_body_from_bytes (json_msg, "application/json", json_body);
  g_bytes_unref (send_ok (f, json_msg));
  g_assert_cmpuint (soup_message_get_status (json_msg), ==, 400);

  missing = exchange_message (f, "/auth/v3/token", NULL, NULL, "scope", "openid");
  body = send_ok (f, missing);
  g_assert_cmpuint (soup_message_get_status (missing), ==, 400);
  assert_error_body (body, "error", NULL);
  g_clear_pointer (&body, g_bytes_unref);

  unknown = exchange_message (f, "/auth/v3/token", "personalAccessKey", "bm90IGEga2V5==", NULL, NULL);
  body = send_ok (f, unknown);
  g_assert_cmpuint (soup_message_get_status (unknown), ==, 401);
  assert_error_body (body, "error", "invalid_grant");
  g_clear_pointer (&body, g_bytes_unref);

  /* The key always holds "+" and "/": sent without URL encoding, "+"
   * decodes to a space and the key no longer matches. */
  g_assert_nonnull (strchr (circlet_test_server_get_key (f->server), '+'));
  raw_form = g_strconcat ("personalAccessKey=", circlet_test_server_get_key (f->server), NULL);
  unencoded = soup_message_new_from_encoded_form (SOUP_METHOD_POST, url, g_steal_pointer (&raw_form));
  g_bytes_unref (send_ok (f, unencoded));
  g_assert_cmpuint (soup_message_get_status (unencoded), ==, 401);

  /* An added key works like the primary one. */
  circlet_test_server_add_key (f->server, "c2Vjb25kIGtleQ+/==");
  g_clear_object (&unknown);
  unknown = exchange_message (f, "/auth/v3/token", "personalAccessKey", "c2Vjb25kIGtleQ+/==", NULL, NULL);
  g_bytes_unref (send_ok (f, unknown));
  g_assert_cmpuint (soup_message_get_status (unknown), ==, 200);
}

static void
test_exchange_token_style (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *first = get_token (f);
  g_autofree char *second = get_token (f);
  g_autoptr(JsonObject) first_claims = decode_jwt_payload (first);
  g_autoptr(JsonObject) second_claims = decode_jwt_payload (second);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) claims = NULL;
  JsonObject *object;
  guint status;

  g_assert_cmpstr (first, !=, second);
  g_assert_cmpstr (json_object_get_string_member (first_claims, "jti"), !=,
                   json_object_get_string_member (second_claims, "jti"));

  circlet_test_server_set_token_style (f->server, FALSE, FALSE);
  root = exchange (f, "/auth/v3/token", "personalAccessKey", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (root);
  g_assert_false (json_object_has_member (object, "expires_in"));
  claims = decode_jwt_payload (json_object_get_string_member (object, "access_token"));
  g_assert_false (json_object_has_member (claims, "exp"));
  g_assert_true (json_object_has_member (claims, "currentOrganizationId"));
}

/* Bearer ------------------------------------------------------------------- */

static void
test_bearer (Fixture       *f,
             gconstpointer  data)
{
  const char *path = "/build/v2/profiles";
  g_autofree char *token = get_token (f);
  g_autofree char *fresh = NULL;
  g_autofree char *short_lived = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = api_get (f, path, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  assert_error_body (body, "message", "Unauthorized");
  g_clear_pointer (&body, g_bytes_unref);

  body = api_get (f, path, "not.a.token", &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&body, g_bytes_unref);

  body = api_get (f, path, token, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&body, g_bytes_unref);

  circlet_test_server_expire_sessions (f->server);
  body = api_get (f, path, token, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&body, g_bytes_unref);

  fresh = get_token (f);
  body = api_get (f, path, fresh, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&body, g_bytes_unref);

  /* A lifetime of 0 issues tokens that are already expired. */
  circlet_test_server_set_token_lifetime (f->server, 0);
  short_lived = get_token (f);
  body = api_get (f, path, short_lived, &status);
  g_assert_cmpuint (status, ==, 401);
}

/* Data --------------------------------------------------------------------- */

static void
assert_members (JsonArray          *array,
                const char * const *members)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      for (guint j = 0; members[j] != NULL; j++)
        if (!json_object_has_member (item, members[j]))
          g_error ("item %u lacks %s", i, members[j]);
      g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (item, "id")));
    }
}

static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  static const struct {
    const char *path;
    const char *members[12];
  } lists[] = {
    { "/distribution/v2/profiles", { "id", "name", "pinned", "iOSVersion", "androidVersion", "updateDate",
                                     "lastAppVersionSharedDate", "settings", "testingGroupIds", NULL } },
    { "/distribution/v2/testing-groups", { "id", "name", NULL } },
    { "/build/v2/profiles", { "id", "name", "pinned", "os", "buildPlatformType", "repositoryName",
                              "lastBuildDate", "autoDistributeCount", "autoBuildCount", NULL } },
    { "/store/v2/profiles", { "id", "name", "version", "totalDownloadCount", "latestPublishDate",
                              "lastBinaryReceivedDate", NULL } },
    { "/publish/v2/profiles/ios", { "id", "name", "lastUploadVersion", "lastUploadVersionCode", "version",
                                    "appUniqueId", "latestPublishDate", "platformType", "createDate",
                                    "updateDate", "profileSettings", NULL } },
    { "/publish/v2/profiles/android", { "id", "name", "appUniqueId", "platformType", NULL } },
    { "/signing-identity/v2/certificates", { "id", "name", "storeType", "expireDate", "filename",
                                             "createDate", "updateDate", NULL } },
    { "/signing-identity/v2/keystores", { "id", "name", "fileName", "expireDate", "alias", "createDate", NULL } },
    { "/signing-identity/v2/provisioning-profiles", { "id", "name", "appId", "storeType", "hasCertificate",
                                                      "expireDate", "createDate", NULL } },
  };
  g_autofree char *token = get_token (f);
  g_autoptr(JsonNode) orgs = NULL;
  g_autoptr(JsonNode) userinfo = NULL;
  JsonArray *data_array;
  JsonObject *object;

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(JsonNode) root = api_get_json (f, lists[i].path, token);
      JsonArray *array = get_array (root);

      g_assert_cmpuint (json_array_get_length (array), ==, N_ITEMS);
      assert_members (array, lists[i].members);
    }

  orgs = api_get_json (f, "/identity/v1/organizations", token);
  object = json_node_get_object (orgs);
  data_array = json_object_get_array_member (object, "data");
  g_assert_cmpuint (json_array_get_length (data_array), ==, 1 + CIRCLET_TEST_SERVER_N_SUB_ORGS);
  object = json_array_get_object_element (data_array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==,
                   circlet_test_server_get_root_org_id (f->server));
  g_assert_false (json_object_has_member (object, "rootOrganizationId"));
  for (guint i = 1; i < json_array_get_length (data_array); i++)
    {
      g_autofree char *sub_org = circlet_test_server_dup_sub_org_id (f->server, i - 1);

      object = json_array_get_object_element (data_array, i);
      g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, sub_org);
      g_assert_cmpstr (json_object_get_string_member (object, "rootOrganizationId"), ==,
                       circlet_test_server_get_root_org_id (f->server));
      g_assert_cmpstr (json_object_get_string_member (object, "rootOrganizationName"), ==, "Acme");
    }

  userinfo = api_get_json (f, "/auth/realms/appcircle/protocol/openid-connect/userinfo", token);
  object = json_node_get_object (userinfo);
  g_assert_cmpstr (json_object_get_string_member (object, "email"), ==, CIRCLET_TEST_SERVER_EMAIL);
  g_assert_cmpstr (json_object_get_string_member (object, "currentOrganizationId"), ==,
                   circlet_test_server_get_root_org_id (f->server));
  g_assert_true (json_object_has_member (object, "sub"));
  g_assert_true (json_object_has_member (object, "name"));

  /* Changing the count changes every list. */
  circlet_test_server_set_items (f->server, 3);
  {
    g_autoptr(JsonNode) root = api_get_json (f, "/distribution/v2/profiles", token);

    g_assert_cmpuint (json_array_get_length (get_array (root)), ==, 3);
  }
  circlet_test_server_set_items (f->server, 0);
  {
    g_autoptr(JsonNode) root = api_get_json (f, "/store/v2/profiles", token);

    g_assert_cmpuint (json_array_get_length (get_array (root)), ==, 0);
  }
}

static char *
dup_item_id (Fixture    *f,
             const char *path,
             const char *token,
             guint       index)
{
  g_autoptr(JsonNode) root = api_get_json (f, path, token);
  JsonObject *item = json_array_get_object_element (get_array (root), index);

  return g_strdup (json_object_get_string_member (item, "id"));
}

static JsonNode *
get_detail (Fixture    *f,
            const char *token,
            const char *prefix,
            const char *id,
            const char *suffix)
{
  g_autofree char *path = g_strconcat (prefix, id, suffix, NULL);

  return api_get_json (f, path, token);
}

static void
test_details (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = get_token (f);
  g_autofree char *dist_id = dup_item_id (f, "/distribution/v2/profiles", token, 1);
  g_autofree char *group_id = dup_item_id (f, "/distribution/v2/testing-groups", token, 2);
  g_autofree char *build_id = dup_item_id (f, "/build/v2/profiles", token, 3);
  g_autofree char *store_id = dup_item_id (f, "/store/v2/profiles", token, 2);
  g_autoptr(JsonNode) dist = NULL;
  g_autoptr(JsonNode) group = NULL;
  g_autoptr(JsonNode) build = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) beta = NULL;
  g_autoptr(JsonNode) live = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autoptr(GBytes) missing = NULL;
  g_autofree char *missing_path = NULL;
  JsonObject *object;
  JsonArray *array;
  guint status;

  dist = get_detail (f, token, "/distribution/v2/profiles/", dist_id, "");
  object = json_node_get_object (dist);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, dist_id);
  array = json_object_get_array_member (object, "appVersions");
  g_assert_cmpuint (json_array_get_length (array), ==, 9);
  g_assert_true (json_object_has_member (json_array_get_object_element (array, 0), "createdAt"));

  group = get_detail (f, token, "/distribution/v2/testing-groups/", group_id, "");
  object = json_node_get_object (group);
  array = json_object_get_array_member (object, "testers");
  g_assert_cmpuint (json_array_get_length (array), ==, 11);
  g_assert_nonnull (strchr (json_array_get_string_element (array, 0), '@'));
  g_assert_true (json_object_has_member (object, "createDate"));

  build = get_detail (f, token, "/build/v1/profiles/", build_id, "");
  array = json_object_get_array_member (json_node_get_object (build), "branches");
  g_assert_cmpuint (json_array_get_length (array), ==, 10);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "main");
  g_assert_true (json_object_has_member (object, "buildStatus"));

  all = get_detail (f, token, "/store/v2/profiles/", store_id, "/app-versions");
  beta = get_detail (f, token, "/store/v2/profiles/", store_id, "/app-versions?publishtype=Beta");
  live = get_detail (f, token, "/store/v2/profiles/", store_id, "/app-versions?publishtype=Live");
  g_assert_cmpuint (json_array_get_length (get_array (all)), ==, 0);
  g_clear_pointer (&all, json_node_unref);
  g_clear_pointer (&beta, json_node_unref);
  g_clear_pointer (&live, json_node_unref);
  g_free (store_id);
  store_id = dup_item_id (f, "/store/v2/profiles", token, 1);
  all = get_detail (f, token, "/store/v2/profiles/", store_id, "/app-versions");
  beta = get_detail (f, token, "/store/v2/profiles/", store_id, "/app-versions?publishtype=Beta");
  live = get_detail (f, token, "/store/v2/profiles/", store_id, "/app-versions?publishtype=Live");
  g_assert_cmpuint (json_array_get_length (get_array (all)), ==, 8);
  g_assert_cmpuint (json_array_get_length (get_array (beta)), >, 0);
  g_assert_cmpuint (json_array_get_length (get_array (live)), >, 0);
  g_assert_cmpuint (json_array_get_length (get_array (beta)) + json_array_get_length (get_array (live)),
                    <, json_array_get_length (get_array (all)));
  for (guint i = 0; i < json_array_get_length (get_array (beta)); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (get_array (beta), i),
                                                 "publishType"), ==, 1);

  users = get_detail (f, token, "/identity/v1/organizations/", circlet_test_server_get_root_org_id (f->server), "/users");
  array = get_array (users);
  g_assert_cmpuint (json_array_get_length (array), ==, 12);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "email"), ==, CIRCLET_TEST_SERVER_EMAIL);
  g_assert_true (json_object_has_member (object, "fullName"));

  /* An id from another list, or a made-up one, is not found. */
  missing_path = g_strconcat ("/build/v1/profiles/", dist_id, NULL);
  missing = api_get (f, missing_path, token, &status);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&missing, g_bytes_unref);
  missing = api_get (f, "/distribution/v2/profiles/00000000-0000-4000-8000-000000000000", token, &status);
  g_assert_cmpuint (status, ==, 404);
}

static gboolean
array_has (JsonArray  *array,
           const char *member,
           gint64      value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_object_get_member (json_array_get_object_element (array, i), member);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
          json_node_get_int (node) == value)
        return TRUE;
    }
  return FALSE;
}

static void
test_quirks (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = get_token (f);
  g_autoptr(JsonNode) dist = api_get_json (f, "/distribution/v2/profiles", token);
  g_autoptr(JsonNode) dist_again = api_get_json (f, "/distribution/v2/profiles", token);
  g_autoptr(JsonNode) build = api_get_json (f, "/build/v2/profiles", token);
  g_autoptr(JsonNode) prov = api_get_json (f, "/signing-identity/v2/provisioning-profiles", token);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonArray *array = get_array (dist);
  JsonObject *item;
  guint expired = 0;
  guint expiring = 0;
  guint auth_unknown = 0;

  g_assert_true (json_node_equal (dist, dist_again));

  item = json_array_get_object_element (array, 96);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (item, "iOSVersion")), ==, G_TYPE_INT64);
  item = json_array_get_object_element (array, 3);
  g_assert_true (json_object_get_null_member (item, "iOSVersion"));
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "iOSVersion"), ==, "1.0.0 (100)");
  item = json_array_get_object_element (array, 49);
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "Zürich \"Quoted\" \\ Tools\t✓ 49");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *settings = json_object_get_object_member (json_array_get_object_element (array, i), "settings");
      const char *date = json_object_get_string_member (json_array_get_object_element (array, i), "updateDate");
      g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (date, NULL);

      g_assert_nonnull (parsed);
      g_assert_true (g_str_has_suffix (date, "Z"));
      if (json_object_get_int_member (settings, "authenticationType") == 9)
        auth_unknown++;
    }
  g_assert_cmpuint (auth_unknown, ==, 2);
  g_assert_true (array_has (get_array (build), "os", 7));

  array = get_array (prov);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *date = json_object_get_string_member (json_array_get_object_element (array, i), "expireDate");
      g_autoptr(GDateTime) expire = g_date_time_new_from_iso8601 (date, NULL);
      GTimeSpan left = g_date_time_difference (expire, now);

      if (left < 0)
        expired++;
      else if (left < 30 * G_TIME_SPAN_DAY)
        expiring++;
    }
  g_assert_cmpuint (expired, ==, 20);
  g_assert_cmpuint (expiring, ==, 20);
}

/* Counts ------------------------------------------------------------------- */

static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  const char *path = "/distribution/v2/profiles";
  g_autofree char *token = get_token (f);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *auth = NULL;
  g_autofree char *exchange_auth = NULL;
  g_autoptr(SoupSession) other = soup_session_new ();

  g_assert_cmpuint (circlet_test_server_get_count (f->server, path), ==, 0);
  g_assert_null (circlet_test_server_dup_last_authorization (f->server, path));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) body = NULL;
      guint status;

      body = api_get (f, path, token, &status);
    }
  /* The query is not part of the counted path. */
  g_bytes_unref (api_get (f, "/distribution/v2/profiles?x=1", NULL, &(guint){0}));
  g_assert_cmpuint (circlet_test_server_get_count (f->server, path), ==, 4);
  g_assert_null (circlet_test_server_dup_last_authorization (f->server, path));
  g_bytes_unref (api_get (f, path, token, &(guint){0}));
  auth = circlet_test_server_dup_last_authorization (f->server, path);
  g_assert_cmpstr (auth, ==, bearer);
  exchange_auth = circlet_test_server_dup_last_authorization (f->server, "/auth/v3/token");
  g_assert_null (exchange_auth);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (f->server), ==, 1);

  /* One keep-alive session, one connection; another session, another. */
  g_assert_cmpuint (circlet_test_server_get_connection_count (f->server), ==, 1);
  {
    g_autofree char *url = url_for (f, path);
    g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
    g_autoptr(GError) error = NULL;

    g_bytes_unref (send_with (other, msg, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (circlet_test_server_get_connection_count (f->server), ==, 2);
}

/* Control ------------------------------------------------------------------ */

static guint
control (Fixture    *f,
         const char *name,
         ...)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  va_list args;
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  const char *field;

  va_start (args, name);
  while ((field = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (form, (char *) field, va_arg (args, char *));
  va_end (args);
  url = g_strconcat (circlet_test_server_get_url (f->server), "/_control/", name, NULL);
  msg = soup_message_new_from_encoded_form (SOUP_METHOD_POST, url, soup_form_encode_hash (form));
  body = send_ok (f, msg);
  return soup_message_get_status (msg);
}

static void
test_control (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = get_token (f);
  g_autofree char *stats_url = url_for (f, "/_control/stats");
  g_autoptr(SoupMessage) stats_msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) exchanged = NULL;
  JsonObject *object;
  guint status;

  g_assert_cmpuint (control (f, "revoke", NULL), ==, 200);
  exchanged = exchange (f, "/auth/v3/token", "personalAccessKey", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpuint (control (f, "restore", NULL), ==, 200);
  g_free (get_token (f));

  g_assert_cmpuint (control (f, "fault", "path", "/store", "kind", "retry-after", "times", "1", "arg", "7", NULL), ==, 200);
  {
    g_autoptr(SoupMessage) msg = api_message (f, "/store/v2/profiles", token);

    g_bytes_unref (send_ok (f, msg));
    g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"), ==, "7");
  }
  g_assert_cmpuint (control (f, "fault", "path", "/store", "kind", "no-such-kind", NULL), ==, 400);
  g_assert_cmpuint (control (f, "fault", "path", "/store", "kind", "status", "times", "-1", "arg", "500", NULL), ==, 200);
  g_assert_cmpuint (control (f, "clear-faults", NULL), ==, 200);

  g_assert_cmpuint (control (f, "items", "n", "4", NULL), ==, 200);
  root = api_get_json (f, "/build/v2/profiles", token);
  g_assert_cmpuint (json_array_get_length (get_array (root)), ==, 4);
  g_assert_cmpuint (control (f, "items", "n", "lots", NULL), ==, 400);

  g_assert_cmpuint (control (f, "v3", "enabled", "0", NULL), ==, 200);
  g_clear_pointer (&exchanged, json_node_unref);
  exchanged = exchange (f, "/auth/v3/token", "personalAccessKey", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpuint (control (f, "v3", "enabled", "1", NULL), ==, 200);

  g_assert_cmpuint (control (f, "expire-sessions", NULL), ==, 200);
  g_bytes_unref (api_get (f, "/build/v2/profiles", token, &status));
  g_assert_cmpuint (status, ==, 401);

  g_assert_cmpuint (control (f, "token-lifetime", "seconds", "120", NULL), ==, 200);
  g_clear_pointer (&exchanged, json_node_unref);
  exchanged = exchange (f, "/auth/v3/token", "personalAccessKey", NULL, NULL, &status);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (exchanged), "expires_in"), ==, 120);

  g_assert_cmpuint (control (f, "no-such-route", NULL), ==, 404);

  stats_msg = soup_message_new (SOUP_METHOD_GET, stats_url);
  body = send_ok (f, stats_msg);
  g_assert_cmpuint (soup_message_get_status (stats_msg), ==, 200);
  stats = parse (body);
  object = json_node_get_object (stats);
  g_assert_cmpint (json_object_get_int_member (object, "exchanges"), ==,
                   circlet_test_server_get_exchange_count (f->server));
  g_assert_cmpint (json_object_get_int_member (object, "exchanges"), ==, 5);
  /* libsoup opens a new connection for every POST (not idempotent). */
  g_assert_cmpint (json_object_get_int_member (object, "connections"), ==,
                   circlet_test_server_get_connection_count (f->server));
  g_assert_cmpint (json_object_get_int_member (object, "connections"), >=, 1);
  object = json_object_get_object_member (object, "requests");
  g_assert_cmpint (json_object_get_int_member (object, "/auth/v3/token"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (object, "/build/v2/profiles"), ==, 2);
  /* Control routes are not API requests. */
  g_assert_false (json_object_has_member (object, "/_control/revoke"));
  g_assert_cmpuint (circlet_test_server_get_count (f->server, "/_control/stats"), ==, 0);
}

/* Speed -------------------------------------------------------------------- */

static void
test_speed (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = get_token (f);
  g_autoptr(GBytes) direct = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  gint64 start;
  gint64 generate_us;
  gint64 first_us;
  gint64 second_us;
  guint status;

  start = g_get_monotonic_time ();
  direct = circlet_test_data_list (CIRCLET_TEST_LIST_DISTRIBUTION_PROFILES, 100000, 0);
  generate_us = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  first = api_get (f, "/distribution/v2/profiles", token, &status);
  first_us = g_get_monotonic_time () - start;
  g_assert_cmpuint (status, ==, 200);
  start = g_get_monotonic_time ();
  second = api_get (f, "/distribution/v2/profiles", token, &status);
  second_us = g_get_monotonic_time () - start;
  g_assert_true (g_bytes_equal (first, second));
  g_assert_true (g_bytes_equal (first, direct));

  g_test_message ("100,000 distribution profiles: %" G_GSIZE_FORMAT " bytes generated in %"
                  G_GINT64_FORMAT " ms; first request %" G_GINT64_FORMAT " ms, cached %"
                  G_GINT64_FORMAT " ms", g_bytes_get_size (direct), generate_us / 1000,
                  first_us / 1000, second_us / 1000);
  /* A guard against regressions, not a benchmark: an optimised build takes
   * about 0.15 s on an idle machine, AddressSanitizer about ten times that.
   * valgrind is slower still and says nothing about speed. */
  if (circlet_test_timing_is_meaningful ())
    {
#if defined(__SANITIZE_ADDRESS__)
      g_assert_cmpint (generate_us, <, 15 * G_USEC_PER_SEC);
#else
      g_assert_cmpint (generate_us, <, 2 * G_USEC_PER_SEC);
#endif
    }

  {
    g_autoptr(JsonNode) root = parse (first);

    g_assert_cmpuint (json_array_get_length (get_array (root)), ==, 100000);
  }
}

/* TLS ---------------------------------------------------------------------- */

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

static void
test_tls (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *dir = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(CircletTestServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) refused = NULL;
  g_autoptr(SoupMessage) accepted = NULL;
  g_autoptr(GBytes) body = NULL;

#if defined(__SANITIZE_ADDRESS__)
  /* Loading gnutls (through glib-networking) makes LeakSanitizer crash at
   * exit on Debian 12 (GCC 12, glibc 2.36): "Tracer caught signal 11" while
   * it scans a bogus dynamic TLS range.  use_tls=0 avoids the crash but
   * reports gnutls' thread-local allocations as leaks. */
  g_test_skip ("LeakSanitizer crashes once gnutls is loaded");
  return;
#endif
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  dir = g_dir_make_tmp ("circlet-tls-XXXXXX", &error);
  g_assert_no_error (error);
  cert = g_build_filename (dir, "cert.pem", NULL);
  key = g_build_filename (dir, "key.pem", NULL);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                           "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);

  server = circlet_test_server_new_tls (2, cert, key, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (circlet_test_server_get_url (server), "https://127.0.0.1:"));
  url = g_strconcat (circlet_test_server_get_url (server), "/identity/v1/organizations", NULL);

  /* Self-signed: refused unless the client explicitly accepts it. */
  refused = soup_message_new (SOUP_METHOD_GET, url);
  body = send_with (session, refused, &error);
  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  accepted = soup_message_new (SOUP_METHOD_GET, url);
  g_signal_connect (accepted, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);
  body = send_with (session, accepted, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (accepted), ==, 401);

  g_remove (cert);
  g_remove (key);
  g_rmdir (dir);
}

/* Standalone --------------------------------------------------------------- */

static char *
read_line_with_prefix (GDataInputStream *stream,
                       const char       *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  return g_strdup (line + strlen (prefix));
}

static void
test_standalone (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) list = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *list_url = NULL;
  g_autofree char *bearer = NULL;
  g_autofree char *err_text = NULL;
  g_autoptr(GHashTable) form = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           CIRCLET_TEST_SERVER_BIN, "--items", "5", "--token-lifetime", "600", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  url = read_line_with_prefix (out, "URL=");
  key = read_line_with_prefix (out, "KEY=");
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (key, "=="));

  token_url = g_strconcat (url, "/auth/v3/token", NULL);
  form = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (form, (char *) "personalAccessKey", key);
  msg = soup_message_new_from_encoded_form (SOUP_METHOD_POST, token_url, soup_form_encode_hash (form));
  body = send_with (session, msg, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  root = parse (body);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "expires_in"), ==, 600);
  bearer = g_strconcat ("Bearer ", json_object_get_string_member (json_node_get_object (root), "access_token"), NULL);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&root, json_node_unref);

  list_url = g_strconcat (url, "/distribution/v2/profiles", NULL);
  list = soup_message_new (SOUP_METHOD_GET, list_url);
  soup_message_headers_replace (soup_message_get_request_headers (list), "Authorization", bearer);
  body = send_with (session, list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (list), ==, 200);
  root = parse (body);
  g_assert_cmpuint (json_array_get_length (get_array (root)), ==, 5);

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  /* The hint on stderr explains, but never shows the key. */
  err_bytes = g_input_stream_read_bytes (g_subprocess_get_stderr_pipe (proc), 65536, NULL, &error);
  g_assert_no_error (error);
  err_text = g_strndup (g_bytes_get_data (err_bytes, NULL), g_bytes_get_size (err_bytes));
  g_assert_nonnull (strstr (err_text, "circlet-cli add --label Test"));
  g_assert_nonnull (strstr (err_text, "/_control/revoke"));
  g_assert_null (strstr (err_text, key));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, n) \
  g_test_add ("/server/" name, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)

  ADD ("exchange/v3", test_exchange_v3, N_ITEMS);
  ADD ("exchange/v2-sub-org", test_exchange_v2_sub_org, N_ITEMS);
  ADD ("exchange/v1", test_exchange_v1, N_ITEMS);
  ADD ("exchange/v3-disabled", test_exchange_v3_disabled, N_ITEMS);
  ADD ("exchange/revoked", test_exchange_revoked, N_ITEMS);
  ADD ("exchange/bad-requests", test_exchange_bad_requests, N_ITEMS);
  ADD ("exchange/token-style", test_exchange_token_style, N_ITEMS);
  ADD ("auth/bearer", test_bearer, N_ITEMS);
  ADD ("data/lists", test_lists, N_ITEMS);
  ADD ("data/details", test_details, N_ITEMS);
  ADD ("data/quirks", test_quirks, 200);
  ADD ("data/speed", test_speed, 100000);
  ADD ("counts", test_counts, N_ITEMS);
  ADD ("control", test_control, N_ITEMS);
  g_test_add_func ("/server/tls", test_tls);
  g_test_add_func ("/server/standalone", test_standalone);

#undef ADD

  return g_test_run ();
}
