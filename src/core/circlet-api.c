/* circlet-api.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "circlet-api.h"
#include "circlet-api-private.h"
#include "circlet-error.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"
#include "circlet-json-scan-private.h"

/*
 * The Appcircle lists as GListModels. A request goes through the session
 * (token, retries, size cap); the body is parsed and mapped in a worker
 * thread, since a list of 100,000 rows is tens of megabytes of JSON; the
 * items land in a CircletItemList, an array that never changes (see there
 * why not a GListStore).
 *
 * Sources disagree on envelopes (appcircle-api.md, section 3): a bare array
 * and {"data": […]} are both accepted for every list, and the children of an
 * item are read from its detail object (appVersions, testers, branches) or
 * from a bare array.
 */

#define USERINFO_PATH "auth/realms/appcircle/protocol/openid-connect/userinfo"

/* @object holds @element's members when it is an object. */
typedef GObject *(*MapFunc) (const CircletScanValue  *element,
                             const CircletScanObject *object,
                             gint64                   now);

typedef struct
{
  const char *name;
  const char *path;      /* "%s" stands for the parent's id */
  const char *member;    /* the list inside a parent's detail object */
  GType     (*get_type) (void);
  MapFunc     map;
} ResourceInfo;

typedef struct
{
  CircletResource  resource;
  GBytes          *body;
  char            *host;
  GListModel      *previous;
} ParseData;

typedef struct
{
  CircletResource  resource;
  char            *parent_id;
  char            *query;
  CircletAccount  *account;
  GListModel      *previous;
  gboolean         body_only;   /* circlet_api_fetch_list_async(): no parsing */
} ListData;

/* Mappers {{{1 */

#define OBJECT_MAPPER(func_name, constructor)                    \
  static GObject *                                               \
  func_name (const CircletScanValue  *element,                   \
             const CircletScanObject *object,                    \
             gint64                   now)                       \
  {                                                              \
    if (element->type != CIRCLET_SCAN_OBJECT)                    \
      return NULL;                                               \
    return G_OBJECT (constructor (object));                      \
  }

OBJECT_MAPPER (map_distribution_profile, _circlet_distribution_profile_new_from_json)
OBJECT_MAPPER (map_testing_group, _circlet_testing_group_new_from_json)
OBJECT_MAPPER (map_build_profile, _circlet_build_profile_new_from_json)
OBJECT_MAPPER (map_store_profile, _circlet_store_profile_new_from_json)
OBJECT_MAPPER (map_publish_profile, _circlet_publish_profile_new_from_json)
OBJECT_MAPPER (map_organization, _circlet_organization_new_from_json)
OBJECT_MAPPER (map_user, _circlet_user_new_from_json)
OBJECT_MAPPER (map_app_version, _circlet_app_version_new_from_json)
OBJECT_MAPPER (map_branch, _circlet_branch_new_from_json)

#define SIGNING_MAPPER(func_name, kind)                          \
  static GObject *                                               \
  func_name (const CircletScanValue  *element,                   \
             const CircletScanObject *object,                    \
             gint64                   now)                       \
  {                                                              \
    if (element->type != CIRCLET_SCAN_OBJECT)                    \
      return NULL;                                               \
    return G_OBJECT (_circlet_signing_identity_new_from_json (object, kind, now)); \
  }

SIGNING_MAPPER (map_certificate, CIRCLET_SIGNING_KIND_CERTIFICATE)
SIGNING_MAPPER (map_keystore, CIRCLET_SIGNING_KIND_KEYSTORE)
SIGNING_MAPPER (map_provisioning_profile, CIRCLET_SIGNING_KIND_PROVISIONING_PROFILE)

static GObject *
map_tester (const CircletScanValue  *element,
            const CircletScanObject *object,
            gint64                   now)
{
  return (GObject *) _circlet_tester_new_from_json (element);
}

static const ResourceInfo resources[] = {
  [CIRCLET_RESOURCE_DISTRIBUTION_PROFILES] = {
    "distribution-profiles", "distribution/v2/profiles", NULL,
    circlet_distribution_profile_get_type, map_distribution_profile },
  [CIRCLET_RESOURCE_TESTING_GROUPS] = {
    "testing-groups", "distribution/v2/testing-groups", NULL,
    circlet_testing_group_get_type, map_testing_group },
  [CIRCLET_RESOURCE_BUILD_PROFILES] = {
    "build-profiles", "build/v2/profiles", NULL,
    circlet_build_profile_get_type, map_build_profile },
  [CIRCLET_RESOURCE_STORE_PROFILES] = {
    "store-profiles", "store/v2/profiles", NULL,
    circlet_store_profile_get_type, map_store_profile },
  [CIRCLET_RESOURCE_PUBLISH_PROFILES_IOS] = {
    "publish-profiles-ios", "publish/v2/profiles/ios", NULL,
    circlet_publish_profile_get_type, map_publish_profile },
  [CIRCLET_RESOURCE_PUBLISH_PROFILES_ANDROID] = {
    "publish-profiles-android", "publish/v2/profiles/android", NULL,
    circlet_publish_profile_get_type, map_publish_profile },
  [CIRCLET_RESOURCE_ORGANIZATIONS] = {
    "organizations", "identity/v1/organizations", NULL,
    circlet_organization_get_type, map_organization },
  [CIRCLET_RESOURCE_USERS] = {
    "users", "identity/v1/organizations/%s/users", NULL,
    circlet_user_get_type, map_user },
  [CIRCLET_RESOURCE_CERTIFICATES] = {
    "certificates", "signing-identity/v2/certificates", NULL,
    circlet_signing_identity_get_type, map_certificate },
  [CIRCLET_RESOURCE_KEYSTORES] = {
    "keystores", "signing-identity/v2/keystores", NULL,
    circlet_signing_identity_get_type, map_keystore },
  [CIRCLET_RESOURCE_PROVISIONING_PROFILES] = {
    "provisioning-profiles", "signing-identity/v2/provisioning-profiles", NULL,
    circlet_signing_identity_get_type, map_provisioning_profile },
  [CIRCLET_RESOURCE_DISTRIBUTION_VERSIONS] = {
    "distribution-versions", "distribution/v2/profiles/%s", "appVersions",
    circlet_app_version_get_type, map_app_version },
  [CIRCLET_RESOURCE_TESTERS] = {
    "testers", "distribution/v2/testing-groups/%s", "testers",
    circlet_tester_get_type, map_tester },
  [CIRCLET_RESOURCE_BRANCHES] = {
    "branches", "build/v1/profiles/%s", "branches",
    circlet_branch_get_type, map_branch },
  [CIRCLET_RESOURCE_STORE_VERSIONS] = {
    "store-versions", "store/v2/profiles/%s/app-versions", NULL,
    circlet_app_version_get_type, map_app_version },
};

G_STATIC_ASSERT (G_N_ELEMENTS (resources) == CIRCLET_RESOURCE_N_RESOURCES);

static gboolean
resource_is_valid (CircletResource resource)
{
  return (guint) resource < CIRCLET_RESOURCE_N_RESOURCES;
}

/* Parsing {{{1 */

static void
parse_data_free (ParseData *data)
{
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->host);
  g_clear_object (&data->previous);
  g_free (data);
}

static void
list_data_free (ListData *data)
{
  g_free (data->parent_id);
  g_free (data->query);
  g_clear_object (&data->account);
  g_clear_object (&data->previous);
  g_free (data);
}

/* A 64-bit hash of the bytes, eight at a time (a multiply and a shift per
 * word, and MurmurHash3's finalizer): 30 MB of JSON in a few milliseconds,
 * where FNV-1a, a byte at a time, took tens. Two different elements of one
 * list collide with a chance of about n²/2⁶⁵ (10⁻⁹ for 100,000). Never 0,
 * which means none. */
static guint64
fingerprint (const char *start,
             const char *end)
{
  const guint64 k = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  guint64 hash = (guint64) (end - start) * k;
  const char *p = start;
  guint64 word;

  for (; end - p >= 8; p += 8)
    {
      memcpy (&word, p, 8);
      hash = (hash ^ word) * k;
      hash ^= hash >> 29;
    }
  word = 0;
  memcpy (&word, p, end - p);
  hash = (hash ^ word) * k;
  hash ^= hash >> 32;
  hash *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  hash ^= hash >> 33;

  return hash != 0 ? hash : 1;
}

/* The items of @previous by fingerprint, for a refresh to keep those whose
 * JSON has not changed; %NULL when none can be kept. Items whose fields
 * depend on the time of reading (a signing identity's expiry state) are
 * always read again. */
static GHashTable *
index_previous (GListModel *previous,
                GType       item_type)
{
  GHashTable *index;
  guint n;

  if (previous == NULL || !CIRCLET_IS_ITEM_LIST (previous) ||
      g_list_model_get_item_type (previous) != item_type ||
      g_type_is_a (item_type, CIRCLET_TYPE_SIGNING_IDENTITY))
    return NULL;

  n = g_list_model_get_n_items (previous);
  index = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      CircletItem *item = g_list_model_get_item (previous, i);
      guint64 print = _circlet_item_get_fingerprint (item);

      /* On a 32-bit machine the key is half of it; lookups compare all. */
      if (print != 0)
        g_hash_table_insert (index, GSIZE_TO_POINTER ((gsize) print), item);
      else
        g_object_unref (item);
    }

  return index;
}

/* The item of @index read from the same JSON, taken out of @index so that
 * two equal elements never share one object; or %NULL. */
static GObject *
take_previous (GHashTable *index,
               guint64     print)
{
  gpointer key = GSIZE_TO_POINTER ((gsize) print);
  CircletItem *item;

  if (index == NULL)
    return NULL;

  item = g_hash_table_lookup (index, key);
  if (item == NULL || _circlet_item_get_fingerprint (item) != print)
    return NULL;

  g_hash_table_steal (index, key);
  return G_OBJECT (item);
}

/* Returns: the array holding the list, or %NULL; *@empty is set instead
 * when a parent's detail object has no children */
static const CircletScanValue *
find_list (const CircletScanValue *root,
           CircletScanObject      *object,
           CircletScanObject      *data,
           const char             *member,
           gboolean               *empty)
{
  const CircletScanValue *array;

  *empty = FALSE;

  if (root->type == CIRCLET_SCAN_ARRAY)
    return root;
  if (root->type != CIRCLET_SCAN_OBJECT)
    return NULL;

  _circlet_scan_object (root, object);
  if (member != NULL && (array = _circlet_scan_get (object, member)) != NULL &&
      array->type == CIRCLET_SCAN_ARRAY)
    return array;
  if ((array = _circlet_scan_get (object, "data")) != NULL && array->type == CIRCLET_SCAN_ARRAY)
    return array;
  if (member != NULL && _circlet_scan_get_object (object, "data", data) &&
      (array = _circlet_scan_get (data, member)) != NULL && array->type == CIRCLET_SCAN_ARRAY)
    return array;

  /* A parent without children may leave the member out or null. */
  if (member != NULL &&
      (_circlet_scan_get (object, member) != NULL ||
       _circlet_scan_get (object, "id") != NULL))
    *empty = TRUE;

  return NULL;
}

/* The checks circlet_json_parse() makes before json-glib sees a body, in
 * the same words. */
static gboolean
check_body (const char  *data,
            gsize        len,
            const char  *host,
            GError     **error)
{
  const char *p = data;
  const char *end = data + len;
  g_autoptr(GBytes) view = g_bytes_new_static (data, len);

  while (p < end && g_ascii_isspace (*p))
    p++;

  if (circlet_json_looks_like_html (view) || p == end || (*p != '[' && *p != '{'))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_NOT_APPCIRCLE,
                   _("%s does not look like an Appcircle API server: it answered with a web page instead of data. Check the API and auth hosts."),
                   host);
      return FALSE;
    }

  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                   _("%s sent data that is not valid text. Try again later."),
                   host);
      return FALSE;
    }

  return TRUE;
}

/* A body checked and scanned, and where its list is. The objects are
 * kilobytes: on the heap, not on a worker thread's stack. */
typedef struct
{
  CircletScanValue        root;
  CircletScanObject       root_object;
  CircletScanObject       data_object;
  const CircletScanValue *array;        /* %NULL: a parent without children */
  CircletScanObject       element;      /* the members of the element at hand */
} ListScan;

/* Validates all of @body before any item is mapped, so that a broken body
 * fails whole. Returns: (transfer full): the scan, or %NULL with @error */
static ListScan *
scan_list (const ResourceInfo  *info,
           GBytes              *body,
           const char          *host,
           GError             **error)
{
  g_autofree ListScan *scan = g_new (ListScan, 1);
  const char *data, *p, *end;
  gboolean empty;
  gsize len;

  data = g_bytes_get_data (body, &len);
  /* An empty GBytes may hold NULL; no arithmetic on that. */
  if (data == NULL)
    data = "";
  end = data + len;
  if (!check_body (data, len, host, error))
    return NULL;

  p = data;
  if (!_circlet_scan_value (&p, end, CIRCLET_JSON_MAX_DEPTH, &scan->root))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                   _("%s sent data Circlet could not read (broken or too deeply nested near byte %lu). Try again later."),
                   host, (gulong) (p - data));
      return NULL;
    }
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p != end)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                   _("%s sent data Circlet could not read (unexpected text after byte %lu). Try again later."),
                   host, (gulong) (p - data));
      return NULL;
    }

  scan->array = find_list (&scan->root, &scan->root_object, &scan->data_object, info->member, &empty);
  if (scan->array == NULL && !empty)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                   _("%s answered with data Circlet does not understand: a list was expected. Check that the API host is an Appcircle server, or try again later."),
                   host);
      return NULL;
    }

  return g_steal_pointer (&scan);
}

/* circlet_api_parse_list(), keeping the items of @previous (the list shown
 * before a refresh) whose JSON has not changed: the view then keeps their
 * rows' widgets, and nothing is allocated for them. */
static GListModel *
parse_list_full (CircletResource   resource,
                 GBytes           *body,
                 const char       *host,
                 GListModel       *previous,
                 GError          **error)
{
  const ResourceInfo *info = &resources[resource];
  g_autoptr(GHashTable) kept = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) exact = NULL;
  g_autofree ListScan *scan = NULL;
  CircletScanValue element;
  CircletScanIter iter;
  gint64 now;

  if (host == NULL)
    host = _("The server");

  scan = scan_list (info, body, host, error);
  if (scan == NULL)
    return NULL;
  if (scan->array == NULL)
    return G_LIST_MODEL (circlet_item_list_new (info->get_type (), g_ptr_array_new_with_free_func (g_object_unref)));

  now = g_get_real_time () / G_USEC_PER_SEC;
  /* A rough guess from the size avoids regrowing the array many times. */
  items = g_ptr_array_new_full (MIN ((scan->array->end - scan->array->start) / 64 + 1, 1 << 20), g_object_unref);
  kept = index_previous (previous, info->get_type ());
  _circlet_scan_iter_init (&iter, scan->array);
  while (_circlet_scan_iter_next_object (&iter, &element, &scan->element))
    {
      guint64 print = fingerprint (element.start, element.end);
      GObject *item = take_previous (kept, print);

      if (item == NULL && (item = info->map (&element, &scan->element, now)) != NULL)
        _circlet_item_set_fingerprint (CIRCLET_ITEM (item), print);
      if (item != NULL)
        g_ptr_array_add (items, item);
    }

  /* The guess above may be several times too big: 100,000 rows keep this. */
  exact = g_ptr_array_new_full (items->len, g_object_unref);
  g_ptr_array_extend (exact, items, NULL, NULL);
  g_ptr_array_set_free_func (items, NULL);

  /* Which rows changed, worked out here rather than on the main thread
   * (CircletLiveList announces only those). */
  return G_LIST_MODEL (circlet_item_list_new_replacing (info->get_type (), g_steal_pointer (&exact),
                                                        CIRCLET_IS_ITEM_LIST (previous) ? CIRCLET_ITEM_LIST (previous) : NULL));
}

/**
 * circlet_api_parse_list:
 * @resource: what @body lists
 * @body: the response body
 * @host: (nullable): the host that sent it, named in errors
 * @error: return location for a #GError
 *
 * Parses and maps one list. Synchronous and thread-safe: the async path runs
 * it in a worker thread, tests and fuzzers call it directly. The whole body
 * must be valid JSON, nested at most %CIRCLET_JSON_MAX_DEPTH deep. Elements
 * that are not objects (or, for testers, strings) are skipped; odd fields
 * inside an element never drop it.
 *
 * Returns: (transfer full): a #CircletItemList of circlet_resource_get_item_type(),
 *   or %NULL with %CIRCLET_ERROR_NOT_APPCIRCLE (HTML, not JSON) or
 *   %CIRCLET_ERROR_BAD_RESPONSE (broken JSON, or no list in it)
 */
GListModel *
circlet_api_parse_list (CircletResource   resource,
                        GBytes           *body,
                        const char       *host,
                        GError          **error)
{
  g_return_val_if_fail (resource_is_valid (resource), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  return parse_list_full (resource, body, host, NULL, error);
}

/**
 * circlet_api_foreach_item:
 * @resource: what @body lists
 * @body: the response body
 * @host: (nullable): the host that sent it, named in errors
 * @func: (scope call): called with each item, in order
 * @user_data: data for @func
 * @error: return location for a #GError
 *
 * Maps the items of @body one at a time, as circlet_api_parse_list() would,
 * and hands each to @func; it is released afterwards unless @func keeps a
 * reference. The whole body is checked first: on an error, @func has not
 * been called. Synchronous and thread-safe.
 *
 * Returns: %TRUE, or %FALSE with the errors of circlet_api_parse_list()
 */
gboolean
circlet_api_foreach_item (CircletResource   resource,
                          GBytes           *body,
                          const char       *host,
                          CircletItemFunc   func,
                          gpointer          user_data,
                          GError          **error)
{
  const ResourceInfo *info;
  g_autofree ListScan *scan = NULL;
  CircletScanValue element;
  CircletScanIter iter;
  gint64 now;

  g_return_val_if_fail (resource_is_valid (resource), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  info = &resources[resource];
  scan = scan_list (info, body, host ? host : _("The server"), error);
  if (scan == NULL)
    return FALSE;

  now = g_get_real_time () / G_USEC_PER_SEC;
  /* A parent without children has no array: no elements. */
  _circlet_scan_iter_init (&iter, scan->array);
  while (_circlet_scan_iter_next_object (&iter, &element, &scan->element))
    {
      g_autoptr(GObject) item = info->map (&element, &scan->element, now);

      if (item != NULL)
        func (item, user_data);
    }

  return TRUE;
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseData *data = task_data;
  GError *error = NULL;
  GListModel *model;

  model = parse_list_full (data->resource, data->body, data->host, data->previous, &error);
  /* Let go of both here, not where the task data is freed, on the main
   * thread: unmapping 30 MB of body and, once the page has let go of it,
   * finalizing the array of the list replaced took milliseconds of a
   * refresh's main-loop stall there (perf: munmap under g_bytes_unref under
   * parse_data_free). */
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_object (&data->previous);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

/* Requests {{{1 */

/* The host name of @account's @host, for messages. */
char *
_circlet_api_dup_host_name (CircletAccount *account,
                            CircletHost     host)
{
  const char *url = host == CIRCLET_HOST_AUTH ? circlet_account_get_auth_host (account)
                                              : circlet_account_get_api_host (account);
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri != NULL && g_uri_get_host (uri) != NULL)
    return g_strdup (g_uri_get_host (uri));
  return g_strdup (url ? url : "");
}

static void
list_body_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *list = g_task_get_task_data (task);
  GError *error = NULL;
  GBytes *body;
  ParseData *data;

  body = circlet_session_get_finish (CIRCLET_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (list->body_only)
    {
      g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
      return;
    }

  data = g_new0 (ParseData, 1);
  data->resource = list->resource;
  data->body = body;
  data->host = _circlet_api_dup_host_name (list->account, CIRCLET_HOST_API);
  data->previous = g_steal_pointer (&list->previous);
  g_task_set_task_data (task, data, (GDestroyNotify) parse_data_free);
  g_task_run_in_thread (task, parse_thread);
}

/**
 * circlet_resource_dup_path:
 * @resource: a list
 * @parent_id: (nullable): the parent's id, for the lists that need one
 *
 * Returns: (transfer full) (nullable): the path below the API host, or
 *   %NULL when a needed @parent_id is missing or empty
 */
char *
circlet_resource_dup_path (CircletResource  resource,
                           const char      *parent_id)
{
  const char *format;
  const char *marker;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (resource_is_valid (resource), NULL);

  format = resources[resource].path;
  marker = strstr (format, "%s");
  if (marker == NULL)
    return g_strdup (format);
  if (parent_id == NULL || parent_id[0] == '\0')
    return NULL;

  /* An id is one path segment: "../" or "?" from a server never steers us. */
  escaped = g_uri_escape_string (parent_id, NULL, FALSE);
  return g_strdup_printf ("%.*s%s%s", (int) (marker - format), format, escaped, marker + 2);
}

/* Takes @task. */
void
_circlet_api_list_send (GTask *task)
{
  ListData *list = g_task_get_task_data (task);
  CircletSession *session = g_task_get_source_object (task);
  g_autofree char *path = circlet_resource_dup_path (list->resource, list->parent_id);
  g_autofree char *full = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                               _("The list of %s needs the id of its parent."),
                               circlet_resource_get_name (list->resource));
      g_object_unref (task);
      return;
    }

  full = list->query ? g_strconcat (path, "?", list->query, NULL) : g_steal_pointer (&path);
  circlet_session_get_async (session, list->account, full,
                             g_task_get_cancellable (task), list_body_cb, task);
}

/* The users of the current organization: its id is in the session token, so
 * the token comes first. */
static void
list_users_token_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  ListData *list = g_task_get_task_data (task);
  g_autoptr(CircletSecret) token = NULL;
  GError *error = NULL;
  const char *org;

  token = circlet_session_get_token_finish (CIRCLET_SESSION (object), result, NULL, &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  org = circlet_account_get_current_org_id (list->account);
  if (org == NULL)
    org = circlet_account_get_sub_org_id (list->account);
  /* The API also takes "current" in place of an organization id. */
  list->parent_id = g_strdup (org ? org : "current");
  _circlet_api_list_send (task);
}

/* The server's own filter of store versions: 1 is Beta, 2 Live. */
static const char *
publish_type_query (int publish_type)
{
  /* The parameter name is all lower case (appcircle-api.md, 3.4). */
  if (publish_type == 1)
    return "publishtype=Beta";
  if (publish_type == 2)
    return "publishtype=Live";
  return NULL;
}

static void
list_start (CircletSession      *session,
            CircletAccount      *account,
            CircletResource      resource,
            const char          *parent_id,
            const char          *query,
            GListModel          *previous,
            gboolean             body_only,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task;
  ListData *list;

  task = g_task_new (session, cancellable, callback, user_data);
  if (body_only)
    {
      g_task_set_source_tag (task, circlet_api_fetch_list_async);
      g_task_set_name (task, "circlet_api_fetch_list_async");
    }
  else
    {
      g_task_set_source_tag (task, circlet_api_list_async);
      g_task_set_name (task, "circlet_api_list_async");
    }

  list = g_new0 (ListData, 1);
  list->resource = resource;
  list->parent_id = g_strdup (parent_id);
  list->query = g_strdup (query);
  list->account = g_object_ref (account);
  list->previous = previous ? g_object_ref (previous) : NULL;
  list->body_only = body_only;
  g_task_set_task_data (task, list, (GDestroyNotify) list_data_free);

  /* The list the window shows first may have been read already. */
  if (previous == NULL && query == NULL && parent_id == NULL &&
      _circlet_api_take_prefetch (session, account, resource, task))
    return;

  if (resource == CIRCLET_RESOURCE_USERS && (parent_id == NULL || parent_id[0] == '\0'))
    {
      circlet_session_get_token_async (session, account, CIRCLET_TOKEN_FLAGS_NONE,
                                       cancellable, list_users_token_cb, task);
      return;
    }

  _circlet_api_list_send (task);
}

/* Public API {{{1 */

/**
 * circlet_api_list_async:
 * @session: the #CircletSession
 * @account: the organization
 * @resource: which list
 * @parent_id: (nullable): the parent item's id for the child lists; for
 *   %CIRCLET_RESOURCE_USERS an organization id, %NULL for the current one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: data for @callback
 *
 * Reads one list. Finish with circlet_api_list_finish().
 */
void
circlet_api_list_async (CircletSession      *session,
                        CircletAccount      *account,
                        CircletResource      resource,
                        const char          *parent_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (CIRCLET_IS_SESSION (session));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));
  g_return_if_fail (resource_is_valid (resource));

  list_start (session, account, resource, parent_id, NULL, NULL, FALSE, cancellable, callback, user_data);
}

/**
 * circlet_api_list_refresh_async:
 * @session: the #CircletSession
 * @account: the organization
 * @resource: which list
 * @parent_id: (nullable): as for circlet_api_list_async()
 * @previous: the list of @resource read before, from circlet_api_list_finish()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: data for @callback
 *
 * Reads one list again, like circlet_api_list_async(), but the items whose
 * JSON is byte for byte what it was are the objects of @previous: a view
 * keeps their rows, and an unchanged list is circlet_item_list_equal() to
 * @previous. The list is made with circlet_item_list_new_replacing() from
 * @previous, so that a #CircletLiveList showing @previous announces only
 * the rows that changed. Finish with circlet_api_list_finish().
 */
void
circlet_api_list_refresh_async (CircletSession      *session,
                                CircletAccount      *account,
                                CircletResource      resource,
                                const char          *parent_id,
                                GListModel          *previous,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (CIRCLET_IS_SESSION (session));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));
  g_return_if_fail (resource_is_valid (resource));
  g_return_if_fail (G_IS_LIST_MODEL (previous));

  list_start (session, account, resource, parent_id, NULL, previous, FALSE, cancellable, callback, user_data);
}

/**
 * circlet_api_list_store_versions_async:
 * @session: the #CircletSession
 * @account: the organization
 * @profile_id: an Enterprise App Store profile
 * @publish_type: 1 (Beta) or 2 (Live) to ask the server for those only; any
 *   other value lists every version
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: data for @callback
 *
 * %CIRCLET_RESOURCE_STORE_VERSIONS with the server's own filter
 * (`?publishtype=Beta|Live`). Finish with circlet_api_list_finish().
 */
void
circlet_api_list_store_versions_async (CircletSession      *session,
                                       CircletAccount      *account,
                                       const char          *profile_id,
                                       int                  publish_type,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (CIRCLET_IS_SESSION (session));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));

  list_start (session, account, CIRCLET_RESOURCE_STORE_VERSIONS, profile_id,
              publish_type_query (publish_type), NULL, FALSE,
              cancellable, callback, user_data);
}

/**
 * circlet_api_list_finish:
 *
 * Returns: (transfer full): a #CircletItemList of circlet_resource_get_item_type(),
 *   or %NULL with a #CircletError (or %G_IO_ERROR_CANCELLED)
 */
GListModel *
circlet_api_list_finish (CircletSession  *session,
                         GAsyncResult    *result,
                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == circlet_api_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * circlet_api_fetch_list_async:
 * @session: the #CircletSession
 * @account: the organization
 * @resource: which list
 * @parent_id: (nullable): as for circlet_api_list_async()
 * @publish_type: for %CIRCLET_RESOURCE_STORE_VERSIONS, 1 (Beta) or 2 (Live)
 *   to ask the server for those only; 0 for every version, and for the
 *   other lists
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the body
 * @user_data: data for @callback
 *
 * Sends the request circlet_api_list_async() sends, and hands back the body
 * unparsed, for circlet_api_foreach_item(): a program that only prints a
 * list need not keep all of it as objects. Finish with
 * circlet_api_fetch_list_finish().
 */
void
circlet_api_fetch_list_async (CircletSession      *session,
                              CircletAccount      *account,
                              CircletResource      resource,
                              const char          *parent_id,
                              int                  publish_type,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (CIRCLET_IS_SESSION (session));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));
  g_return_if_fail (resource_is_valid (resource));

  list_start (session, account, resource, parent_id,
              resource == CIRCLET_RESOURCE_STORE_VERSIONS ? publish_type_query (publish_type) : NULL,
              NULL, TRUE, cancellable, callback, user_data);
}

/**
 * circlet_api_fetch_list_finish:
 * @session: the #CircletSession
 * @result: the #GAsyncResult
 * @host: (out) (optional): the API host's name, for circlet_api_foreach_item()
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the response body, or %NULL with a #CircletError
 *   (or %G_IO_ERROR_CANCELLED)
 */
GBytes *
circlet_api_fetch_list_finish (CircletSession  *session,
                               GAsyncResult    *result,
                               char           **host,
                               GError         **error)
{
  GBytes *body;

  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == circlet_api_fetch_list_async, NULL);

  body = g_task_propagate_pointer (G_TASK (result), error);
  if (body != NULL && host != NULL)
    {
      ListData *list = g_task_get_task_data (G_TASK (result));

      *host = _circlet_api_dup_host_name (list->account, CIRCLET_HOST_API);
    }

  return body;
}

/**
 * circlet_api_parse_user_info:
 *
 * Returns: (transfer full): the user, or %NULL with a #CircletError
 */
CircletUserInfo *
circlet_api_parse_user_info (GBytes      *body,
                             const char  *host,
                             GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  if (host == NULL)
    host = _("The server");

  root = circlet_json_parse (body, host, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                   _("%s answered with data Circlet does not understand: user details were expected. Check the auth host."),
                   host);
      return NULL;
    }

  return _circlet_user_info_new_from_json (json_node_get_object (root));
}

static void
user_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CircletAccount *account = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *host = NULL;
  GError *error = NULL;
  CircletUserInfo *info;

  body = circlet_session_get_finish (CIRCLET_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A few hundred bytes: not worth a thread. */
  host = _circlet_api_dup_host_name (account, CIRCLET_HOST_AUTH);
  info = circlet_api_parse_user_info (body, host, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, g_object_unref);
}

/**
 * circlet_api_get_user_info_async:
 * @session: the #CircletSession
 * @account: the organization
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the user
 * @user_data: data for @callback
 *
 * Reads the token's user from the auth host's OpenID Connect userinfo
 * endpoint: sub, email, name and currentOrganizationId.
 */
void
circlet_api_get_user_info_async (CircletSession      *session,
                                 CircletAccount      *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CIRCLET_IS_SESSION (session));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, circlet_api_get_user_info_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  circlet_session_get_full_async (session, account, CIRCLET_HOST_AUTH, USERINFO_PATH,
                                  cancellable, user_info_cb, task);
}

/**
 * circlet_api_get_user_info_finish:
 *
 * Returns: (transfer full): the user, or %NULL with a #CircletError
 */
CircletUserInfo *
circlet_api_get_user_info_finish (CircletSession  *session,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == circlet_api_get_user_info_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * circlet_resource_get_name:
 *
 * Returns: the name circlet-cli uses: "distribution-profiles", "testers", …
 */
const char *
circlet_resource_get_name (CircletResource resource)
{
  g_return_val_if_fail (resource_is_valid (resource), NULL);

  return resources[resource].name;
}

gboolean
circlet_resource_from_name (const char      *name,
                            CircletResource *out)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    if (g_str_equal (resources[i].name, name))
      {
        if (out != NULL)
          *out = (CircletResource) i;
        return TRUE;
      }

  return FALSE;
}

GType
circlet_resource_get_item_type (CircletResource resource)
{
  g_return_val_if_fail (resource_is_valid (resource), G_TYPE_INVALID);

  return resources[resource].get_type ();
}

/* Whether circlet_api_list_async() needs a @parent_id for @resource. */
gboolean
circlet_resource_needs_parent (CircletResource resource)
{
  g_return_val_if_fail (resource_is_valid (resource), FALSE);

  return resource >= CIRCLET_RESOURCE_N_TOP_LEVEL;
}
