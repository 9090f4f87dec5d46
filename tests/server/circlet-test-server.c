/* circlet-test-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-test-data.h"
#include "circlet-test-server-private.h"

/* A stand-in for both Appcircle hosts (auth and API) on one loopback URL.
 * It checks what a real server would check (form encoding, the key, the
 * bearer token and its expiry), records what clients send so tests can
 * assert on it, and misbehaves on request (see CircletFaultKind). */

#define USERINFO_PATH "/auth/realms/appcircle/protocol/openid-connect/userinfo"

G_STATIC_ASSERT (CIRCLET_TEST_SERVER_N_SUB_ORGS == CIRCLET_TEST_DATA_N_SUB_ORGS);

G_DEFINE_FINAL_TYPE (CircletTestServer, circlet_test_server, G_TYPE_OBJECT)

void
_circlet_test_server_respond_json (SoupServerMessage *msg,
                                   guint              status,
                                   const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

void
_circlet_test_server_respond_bytes (SoupServerMessage *msg,
                                    const char        *content_type,
                                    GBytes            *bytes)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         content_type, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

void
_circlet_test_server_respond_unauthorized (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Bearer");
  _circlet_test_server_respond_json (msg, SOUP_STATUS_UNAUTHORIZED,
                                     "{\"message\":\"Unauthorized\"}");
}

static gboolean
is_exchange_path (const char *path)
{
  const char *p;

  if (!g_str_has_prefix (path, "/auth/v"))
    return FALSE;
  p = path + strlen ("/auth/v");
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return g_str_equal (p, "/token");
}

static const char *
get_authorization (SoupServerMessage *msg)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                       "Authorization");
}

/* Everything a test may assert on is recorded before any fault applies,
 * so faulted requests are counted too. */
static void
record_request (CircletTestServer *self,
                SoupServerMessage *msg,
                const char        *path)
{
  static GQuark counted_quark;
  GSocket *socket = soup_server_message_get_socket (msg);
  guint count;

  if G_UNLIKELY (counted_quark == 0)
    counted_quark = g_quark_from_static_string ("circlet-test-server-counted");

  /* Marking the socket itself (rather than remembering its address) cannot
   * be fooled by a new socket reusing a freed one's memory. */
  if (socket != NULL && g_object_get_qdata (G_OBJECT (socket), counted_quark) == NULL)
    {
      g_object_set_qdata (G_OBJECT (socket), counted_quark, GINT_TO_POINTER (1));
      self->connections++;
    }

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, path));
  g_hash_table_insert (self->counts, g_strdup (path), GUINT_TO_POINTER (count + 1));
  g_hash_table_insert (self->last_auth, g_strdup (path), g_strdup (get_authorization (msg)));

  if (is_exchange_path (path))
    {
      self->exchanges++;
      g_free (self->last_exchange_path);
      self->last_exchange_path = g_strdup (path);
      g_clear_pointer (&self->last_form, g_hash_table_unref);
      self->last_form = _circlet_test_is_form (msg)
        ? _circlet_test_decode_form (msg)
        : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
}

static GBytes *
get_list (CircletTestServer *self,
          CircletTestList    list)
{
  g_autofree char *key = g_strdup_printf ("%d:%u", (int) list, self->n_items);
  GBytes *bytes = g_hash_table_lookup (self->cache, key);

  if (bytes == NULL)
    {
      bytes = circlet_test_data_list (list, self->n_items, self->created);
      g_hash_table_insert (self->cache, g_steal_pointer (&key), bytes);
    }
  return g_bytes_ref (bytes);
}

/* Matches a path split on "/" against a pattern where "*" is any one
 * non-empty segment; the segment it matched is returned in @id. */
static gboolean
match (char       **parts,
       const char  *pattern,
       const char **id)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  guint i;

  if (g_strv_length (parts) != g_strv_length (want))
    return FALSE;
  for (i = 0; want[i] != NULL; i++)
    {
      if (g_str_equal (want[i], "*") && parts[i][0] != '\0')
        *id = parts[i];
      else if (!g_str_equal (want[i], parts[i]))
        return FALSE;
    }
  return TRUE;
}

static GBytes *
route (CircletTestServer *self,
       SoupServerMessage *msg,
       const char        *path)
{
  static const struct {
    const char      *path;
    CircletTestList  list;
  } lists[] = {
    { "/distribution/v2/profiles", CIRCLET_TEST_LIST_DISTRIBUTION_PROFILES },
    { "/distribution/v2/testing-groups", CIRCLET_TEST_LIST_TESTING_GROUPS },
    { "/build/v2/profiles", CIRCLET_TEST_LIST_BUILD_PROFILES },
    { "/store/v2/profiles", CIRCLET_TEST_LIST_STORE_PROFILES },
    { "/publish/v2/profiles/ios", CIRCLET_TEST_LIST_PUBLISH_IOS },
    { "/publish/v2/profiles/android", CIRCLET_TEST_LIST_PUBLISH_ANDROID },
    { "/identity/v1/organizations", CIRCLET_TEST_LIST_ORGANIZATIONS },
    { "/signing-identity/v2/certificates", CIRCLET_TEST_LIST_CERTIFICATES },
    { "/signing-identity/v2/keystores", CIRCLET_TEST_LIST_KEYSTORES },
    { "/signing-identity/v2/provisioning-profiles", CIRCLET_TEST_LIST_PROVISIONING_PROFILES },
  };
  g_auto(GStrv) parts = NULL;
  const char *id = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (g_str_equal (path, lists[i].path))
      return get_list (self, lists[i].list);

  parts = g_strsplit (path + 1, "/", -1);
  if (match (parts, "distribution/v2/profiles/*", &id))
    return circlet_test_data_distribution_profile (id, self->n_items);
  if (match (parts, "distribution/v2/testing-groups/*", &id))
    return circlet_test_data_testing_group (id, self->n_items);
  if (match (parts, "build/v1/profiles/*", &id))
    return circlet_test_data_build_profile (id, self->n_items);
  if (match (parts, "identity/v1/organizations/*/users", &id))
    return circlet_test_data_organization_users (id);
  if (match (parts, "store/v2/profiles/*/app-versions", &id))
    {
      const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
      g_autoptr(GHashTable) params = query != NULL ? soup_form_decode (query) : NULL;

      return circlet_test_data_store_app_versions (id, self->n_items,
                                                   params ? g_hash_table_lookup (params, "publishtype") : NULL);
    }
  return NULL;
}

static void
serve_userinfo (CircletTestServer *self,
                SoupServerMessage *msg,
                Token             *token)
{
  g_autoptr(GString) body = g_string_new ("{\"sub\":");

  circlet_test_data_append_string (body, self->user_id);
  g_string_append (body, ",\"email\":\"" CIRCLET_TEST_SERVER_EMAIL "\",\"email_verified\":true,"
                   "\"name\":\"Dev Eloper\",\"preferred_username\":\"dev\","
                   "\"currentOrganizationId\":");
  circlet_test_data_append_string (body, token != NULL ? token->org_id : self->root_org_id);
  g_string_append_c (body, '}');
  _circlet_test_server_respond_json (msg, SOUP_STATUS_OK, body->str);
}

/* The normal answer.  The redirect target skips the bearer check: it must
 * answer normally whether or not the client (wrongly) sent the header, so
 * that a test sees the leak through what was recorded, not a failure. */
void
_circlet_test_server_serve (CircletTestServer *self,
                            SoupServerMessage *msg,
                            const char        *path,
                            gboolean           skip_auth)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GBytes) body = NULL;
  Token *token;

  if (is_exchange_path (path))
    {
      _circlet_test_server_serve_exchange (self, msg, path);
      return;
    }
  token = _circlet_test_server_lookup_bearer (self, msg);
  if (token == NULL && !skip_auth)
    {
      _circlet_test_server_respond_unauthorized (msg);
      return;
    }
  if (!g_str_equal (method, SOUP_METHOD_GET) && !g_str_equal (method, SOUP_METHOD_HEAD))
    {
      _circlet_test_server_respond_json (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                         "{\"message\":\"Method Not Allowed\"}");
      return;
    }
  if (g_str_equal (path, USERINFO_PATH))
    {
      serve_userinfo (self, msg, token);
      return;
    }
  body = route (self, msg, path);
  if (body == NULL)
    {
      _circlet_test_server_respond_json (msg, SOUP_STATUS_NOT_FOUND, "{\"message\":\"Not Found\"}");
      return;
    }
  _circlet_test_server_respond_bytes (msg, "application/json", body);
}

static void
server_handler_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  CircletTestServer *self = user_data;

  if (g_str_has_prefix (path, "/_control/"))
    {
      _circlet_test_server_handle_control (self, msg, path);
      return;
    }

  record_request (self, msg, path);
  if (!_circlet_test_server_apply_fault (self, msg, path))
    _circlet_test_server_serve (self, msg, path, FALSE);
}

static void
target_handler_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  CircletTestServer *self = user_data;

  self->target_requests++;
  g_free (self->target_auth);
  self->target_auth = g_strdup (get_authorization (msg));
  _circlet_test_server_serve (self, msg, path, TRUE);
}

static gboolean
listen_loopback (SoupServer  *server,
                 guint        port,
                 gboolean     tls,
                 char       **url,
                 GError     **error)
{
  SoupServerListenOptions options = SOUP_SERVER_LISTEN_IPV4_ONLY;
  GSList *uris;

  if (tls)
    options |= SOUP_SERVER_LISTEN_HTTPS;
  if (!soup_server_listen_local (server, port, options, error))
    return FALSE;
  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  *url = g_strdup_printf ("%s://127.0.0.1:%d", tls ? "https" : "http",
                          g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

static void
circlet_test_server_dispose (GObject *object)
{
  CircletTestServer *self = (CircletTestServer *)object;

  _circlet_test_server_drop_pending (self);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  if (self->target != NULL)
    soup_server_disconnect (self->target);
  g_clear_object (&self->server);
  g_clear_object (&self->target);

  G_OBJECT_CLASS (circlet_test_server_parent_class)->dispose (object);
}

static void
circlet_test_server_finalize (GObject *object)
{
  CircletTestServer *self = (CircletTestServer *)object;

  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->issued, g_ptr_array_unref);
  g_clear_pointer (&self->faults, g_hash_table_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->last_auth, g_hash_table_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->last_form, g_hash_table_unref);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->target_url, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->root_org_id, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->last_exchange_path, g_free);
  g_clear_pointer (&self->target_auth, g_free);

  G_OBJECT_CLASS (circlet_test_server_parent_class)->finalize (object);
}

static void
circlet_test_server_class_init (CircletTestServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = circlet_test_server_dispose;
  object_class->finalize = circlet_test_server_finalize;
}

static void
circlet_test_server_init (CircletTestServer *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _circlet_test_token_free);
  self->issued = g_ptr_array_new_with_free_func (g_free);
  self->faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _circlet_test_fault_queue_free);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_auth = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->created = _circlet_test_now ();
  self->revoke_status = SOUP_STATUS_UNAUTHORIZED;
  self->token_lifetime = 3600;
  self->jwt_with_exp = TRUE;
  self->with_expires_in = TRUE;
  self->v3_enabled = TRUE;
  self->root_org_id = circlet_test_data_org_id (0);
  self->user_id = circlet_test_data_user_id ();
  self->key = _circlet_test_generate_key ();
  g_hash_table_insert (self->keys, g_strdup (self->key), GINT_TO_POINTER (FALSE));
}

/**
 * circlet_test_server_new_full:
 * @port: the port on 127.0.0.1, or 0 for a free one
 * @cert_file: (nullable): PEM certificate; with @key_file, serve https
 *
 * Starts listening in the thread-default main context; the caller must
 * iterate that context for requests to be answered.
 */
CircletTestServer *
circlet_test_server_new_full (guint        port,
                              guint        n_items,
                              const char  *cert_file,
                              const char  *key_file,
                              GError     **error)
{
  g_autoptr(CircletTestServer) self = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  gboolean tls = cert_file != NULL;

  g_return_val_if_fail ((cert_file == NULL) == (key_file == NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (tls)
    {
      certificate = g_tls_certificate_new_from_files (cert_file, key_file, error);
      if (certificate == NULL)
        return NULL;
    }

  self = g_object_new (CIRCLET_TYPE_TEST_SERVER, NULL);
  self->n_items = n_items;
  self->server = soup_server_new ("tls-certificate", certificate, NULL);
  self->target = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (self->server, NULL, server_handler_cb, self, NULL);
  soup_server_add_handler (self->target, NULL, target_handler_cb, self, NULL);
  if (!listen_loopback (self->server, port, tls, &self->url, error) ||
      !listen_loopback (self->target, 0, tls, &self->target_url, error))
    return NULL;
  return g_steal_pointer (&self);
}

CircletTestServer *
circlet_test_server_new (guint    n_items,
                         GError **error)
{
  return circlet_test_server_new_full (0, n_items, NULL, NULL, error);
}

CircletTestServer *
circlet_test_server_new_tls (guint        n_items,
                             const char  *cert_file,
                             const char  *key_file,
                             GError     **error)
{
  g_return_val_if_fail (cert_file != NULL && key_file != NULL, NULL);

  return circlet_test_server_new_full (0, n_items, cert_file, key_file, error);
}

const char *
circlet_test_server_get_url (CircletTestServer *self)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);

  return self->url;
}

const char *
circlet_test_server_get_redirect_target_url (CircletTestServer *self)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);

  return self->target_url;
}

const char *
circlet_test_server_get_key (CircletTestServer *self)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);

  return self->key;
}

void
circlet_test_server_set_items (CircletTestServer *self,
                               guint              n_items)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));

  self->n_items = n_items;
}

guint
circlet_test_server_get_items (CircletTestServer *self)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), 0);

  return self->n_items;
}

guint
circlet_test_server_get_count (CircletTestServer *self,
                               const char        *path)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), 0);
  g_return_val_if_fail (path != NULL, 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, path));
}

guint
circlet_test_server_get_exchange_count (CircletTestServer *self)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), 0);

  return self->exchanges;
}

/**
 * circlet_test_server_dup_issued_tokens:
 *
 * Every session token this server has handed out, in order, including
 * those since expired or dropped by circlet_test_server_expire_sessions():
 * what a leak test looks for.
 *
 * Returns: (transfer full): a %NULL-terminated array; free with g_strfreev()
 */
char **
circlet_test_server_dup_issued_tokens (CircletTestServer *self)
{
  GStrvBuilder *builder;
  char **tokens;

  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->issued->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->issued, i));
  tokens = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return tokens;
}

guint
circlet_test_server_get_connection_count (CircletTestServer *self)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), 0);

  return self->connections;
}

guint
circlet_test_server_get_redirect_target_count (CircletTestServer *self)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), 0);

  return self->target_requests;
}

char *
circlet_test_server_dup_last_authorization (CircletTestServer *self,
                                            const char        *path)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return g_strdup (g_hash_table_lookup (self->last_auth, path));
}

char *
circlet_test_server_dup_redirect_target_authorization (CircletTestServer *self)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);

  return g_strdup (self->target_auth);
}

/**
 * circlet_test_server_dup_last_form:
 *
 * Returns: (transfer full) (nullable): the decoded form of the last request
 *   to any /auth/vN/token (empty if it was not a form), or %NULL if none
 */
GHashTable *
circlet_test_server_dup_last_form (CircletTestServer *self)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);

  if (self->last_form == NULL)
    return NULL;
  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, self->last_form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

const char *
circlet_test_server_get_last_exchange_path (CircletTestServer *self)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);

  return self->last_exchange_path;
}

const char *
circlet_test_server_get_root_org_id (CircletTestServer *self)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);

  return self->root_org_id;
}

/* @index counts from 0 to CIRCLET_TEST_SERVER_N_SUB_ORGS - 1. */
char *
circlet_test_server_dup_sub_org_id (CircletTestServer *self,
                                    guint              index)
{
  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);
  g_return_val_if_fail (index < CIRCLET_TEST_SERVER_N_SUB_ORGS, NULL);

  return circlet_test_data_org_id (index + 1);
}

/* The body of GET /_control/stats. */
char *
circlet_test_server_dup_stats (CircletTestServer *self)
{
  GString *s;
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  gboolean first = TRUE;

  g_return_val_if_fail (CIRCLET_IS_TEST_SERVER (self), NULL);

  s = g_string_new (NULL);
  g_string_append_printf (s, "{\"exchanges\":%u,\"connections\":%u,\"redirectTargetRequests\":%u,"
                          "\"items\":%u,\"requests\":{",
                          self->exchanges, self->connections, self->target_requests,
                          self->n_items);
  g_hash_table_iter_init (&iter, self->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!first)
        g_string_append_c (s, ',');
      first = FALSE;
      circlet_test_data_append_string (s, key);
      g_string_append_printf (s, ":%u", GPOINTER_TO_UINT (value));
    }
  g_string_append (s, "}}");
  return g_string_free (s, FALSE);
}
