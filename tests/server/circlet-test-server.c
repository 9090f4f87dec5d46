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

typedef struct
{
  CircletFaultKind  kind;
  int               times;   /* < 0: until cleared */
  char             *arg;
} Fault;

typedef struct
{
  char   *org_id;
  gint64  expires_at;        /* unix seconds, checked even without an exp claim */
} Token;

/* A message held back by a fault (latency, drop) until a source fires. */
typedef struct
{
  CircletTestServer *self;
  SoupServerMessage *msg;
  GSource           *source;
  char              *path;
  CircletFaultKind   kind;
  gulong             disconnected_id;
  gboolean           skip_auth;
} Pending;

struct _CircletTestServer
{
  GObject       parent_instance;

  GMainContext *context;
  SoupServer   *server;
  SoupServer   *target;              /* the other origin for CIRCLET_FAULT_REDIRECT */
  char         *url;
  char         *target_url;
  char         *key;
  char         *root_org_id;
  char         *user_id;

  GHashTable   *keys;                /* key → GINT_TO_POINTER (revoked) */
  GHashTable   *tokens;              /* access token → Token */
  GHashTable   *faults;              /* path prefix → GQueue of Fault */
  GHashTable   *counts;              /* path → GUINT_TO_POINTER (count) */
  GHashTable   *last_auth;           /* path → Authorization or NULL */
  GHashTable   *cache;               /* "list:n_items" → GBytes */
  GHashTable   *last_form;
  char         *last_exchange_path;
  char         *target_auth;
  GList        *pending;             /* Pending */

  gint64        created;             /* unix seconds: "now" for relative dates */
  guint64       jti;
  guint         n_items;
  guint         revoke_status;
  int           token_lifetime;
  guint         exchanges;
  guint         connections;
  guint         target_requests;
  guint         jwt_with_exp : 1;
  guint         with_expires_in : 1;
  guint         v3_enabled : 1;
};

G_DEFINE_FINAL_TYPE (CircletTestServer, circlet_test_server, G_TYPE_OBJECT)

static void serve (CircletTestServer *self,
                   SoupServerMessage *msg,
                   const char        *path,
                   gboolean           skip_auth);

static void
fault_free (gpointer data)
{
  Fault *fault = data;

  g_free (fault->arg);
  g_free (fault);
}

static void
fault_queue_free (gpointer data)
{
  g_queue_free_full (data, fault_free);
}

static void
token_free (gpointer data)
{
  Token *token = data;

  g_free (token->org_id);
  g_free (token);
}

static void
pending_free (Pending *pending)
{
  if (pending->source != NULL)
    {
      g_source_destroy (pending->source);
      g_source_unref (pending->source);
    }
  g_clear_signal_handler (&pending->disconnected_id, pending->msg);
  g_object_unref (pending->msg);
  g_free (pending->path);
  g_free (pending);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
base64url (const guchar *data,
           gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *p;

  for (p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return text;
}

/* Keys look like the real ones (base64 ending in "=="), and always hold a
 * "+" and a "/" so that a client that forgets to URL-encode the form sends
 * a different key and fails. */
static char *
generate_key (void)
{
  for (;;)
    {
      guchar raw[31];
      char *key;

      for (guint i = 0; i < sizeof raw; i++)
        raw[i] = (guchar) g_random_int_range (0, 256);
      key = g_base64_encode (raw, sizeof raw);
      if (strchr (key, '+') != NULL && strchr (key, '/') != NULL)
        return key;
      g_free (key);
    }
}

void
_circlet_test_server_respond_json (SoupServerMessage *msg,
                                   guint              status,
                                   const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static void
respond_bytes (SoupServerMessage *msg,
               const char        *content_type,
               GBytes            *bytes)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         content_type, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

static void
respond_unauthorized (SoupServerMessage *msg)
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

static gboolean
is_form (SoupServerMessage *msg)
{
  const char *type;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  return type != NULL && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0;
}

static GHashTable *
decode_form (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  gsize len;
  const char *data;

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &len);
  text = g_strndup (data, len);
  return soup_form_decode (text);
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
      self->last_form = is_form (msg)
        ? decode_form (msg)
        : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
}

/* The longest matching prefix wins, so a test can fault one endpoint while
 * a broader fault covers the rest. */
static Fault *
take_fault (CircletTestServer *self,
            const char        *path)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  GQueue *best = NULL;
  gsize best_len = 0;
  Fault *head;
  Fault *copy;

  g_hash_table_iter_init (&iter, self->faults);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gsize len = strlen (key);

      if (g_str_has_prefix (path, key) && !g_queue_is_empty (value) &&
          (best == NULL || len > best_len))
        {
          best = value;
          best_len = len;
        }
    }
  if (best == NULL)
    return NULL;

  head = g_queue_peek_head (best);
  copy = g_new0 (Fault, 1);
  copy->kind = head->kind;
  copy->arg = g_strdup (head->arg);
  if (head->times > 0 && --head->times == 0)
    fault_free (g_queue_pop_head (best));
  return copy;
}

static void
pending_disconnected_cb (SoupServerMessage *msg,
                         Pending           *pending)
{
  CircletTestServer *self = pending->self;

  self->pending = g_list_remove (self->pending, pending);
  pending_free (pending);
}

static gboolean
pending_fire_cb (gpointer data)
{
  Pending *pending = data;
  CircletTestServer *self = pending->self;

  self->pending = g_list_remove (self->pending, pending);
  if (pending->kind == CIRCLET_FAULT_DROP)
    {
      g_autoptr(GIOStream) stream = NULL;

      g_clear_signal_handler (&pending->disconnected_id, pending->msg);
      stream = soup_server_message_steal_connection (pending->msg);
      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
    }
  else
    {
      serve (self, pending->msg, pending->path, pending->skip_auth);
      soup_server_message_unpause (pending->msg);
    }
  pending_free (pending);
  return G_SOURCE_REMOVE;
}

/* Never blocks: the message is paused and resumed from a source on the
 * server's own main context. */
static void
hold_message (CircletTestServer *self,
              SoupServerMessage *msg,
              const char        *path,
              CircletFaultKind   kind,
              guint              delay_ms)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->path = g_strdup (path);
  pending->kind = kind;
  pending->source = delay_ms > 0 ? g_timeout_source_new (delay_ms) : g_idle_source_new ();
  g_source_set_callback (pending->source, pending_fire_cb, pending, NULL);
  g_source_attach (pending->source, self->context);
  pending->disconnected_id = g_signal_connect (msg, "disconnected",
                                               G_CALLBACK (pending_disconnected_cb), pending);
  self->pending = g_list_prepend (self->pending, pending);
  soup_server_message_pause (msg);
}

static void
respond_redirect (SoupServerMessage *msg,
                  const char        *location)
{
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

static void
respond_status_fault (SoupServerMessage *msg,
                      const char        *arg)
{
  g_autoptr(GString) body = g_string_new ("{\"message\":");
  guint64 status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (arg != NULL)
    g_ascii_string_to_unsigned (arg, 10, 100, 599, &status, NULL);
  circlet_test_data_append_string (body, soup_status_get_phrase ((guint) status));
  /* Real error bodies carry a server stack trace that clients must never
   * show to users. */
  g_string_append (body, ",\"stackTrace\":\"   at Secret.Internal.Services.TokenService.Validate() "
                   "in /src/Secret.Internal/Services/TokenService.cs:line 87\"}");
  _circlet_test_server_respond_json (msg, (guint) status, body->str);
}

static const char html_page[] =
  "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n"
  "<style>\nhtml { color-scheme: light dark; }\n"
  "body { width: 35em; margin: 0 auto; font-family: Tahoma, Verdana, Arial, sans-serif; }\n"
  "</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n"
  "<p>If you see this page, the nginx web server is successfully installed and\n"
  "working. Further configuration is required.</p>\n\n"
  "<p>For online documentation and support please refer to\n"
  "<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\n"
  "Commercial support is available at\n"
  "<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n"
  "<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

/* Returns TRUE when the fault took over the answer. */
static gboolean
apply_fault (CircletTestServer *self,
             SoupServerMessage *msg,
             const char        *path,
             Fault             *fault)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  g_autofree char *location = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint64 number = 0;

  switch (fault->kind)
    {
    case CIRCLET_FAULT_NONE:
      return FALSE;
    case CIRCLET_FAULT_STATUS:
      respond_status_fault (msg, fault->arg);
      return TRUE;
    case CIRCLET_FAULT_RETRY_AFTER:
      if (fault->arg != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", fault->arg);
      _circlet_test_server_respond_json (msg, 429,
                                         "{\"error\":\"rate_limit_exceeded\","
                                         "\"message\":\"Too many requests\"}");
      return TRUE;
    case CIRCLET_FAULT_MALFORMED_JSON:
      _circlet_test_server_respond_json (msg, SOUP_STATUS_OK, "[{\"id\": \"x\", \"na");
      return TRUE;
    case CIRCLET_FAULT_HTML:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        html_page, sizeof html_page - 1);
      return TRUE;
    case CIRCLET_FAULT_HUGE_BODY:
      if (fault->arg == NULL ||
          !g_ascii_string_to_unsigned (fault->arg, 10, 0, G_MAXSIZE / 2, &number, NULL))
        number = 1024 * 1024;
      bytes = circlet_test_data_huge_body ((gsize) number);
      respond_bytes (msg, "application/json", bytes);
      return TRUE;
    case CIRCLET_FAULT_DROP:
      hold_message (self, msg, path, fault->kind, 0);
      return TRUE;
    case CIRCLET_FAULT_REDIRECT:
      location = g_strconcat (self->target_url, path, query ? "?" : "", query ? query : "", NULL);
      respond_redirect (msg, location);
      return TRUE;
    case CIRCLET_FAULT_SAME_ORIGIN_REDIRECT:
      location = g_strconcat (self->url, path, "?", query ? query : "", query ? "&" : "",
                              "redirected=1", NULL);
      respond_redirect (msg, location);
      return TRUE;
    case CIRCLET_FAULT_LATENCY:
      if (fault->arg != NULL)
        g_ascii_string_to_unsigned (fault->arg, 10, 0, G_MAXUINT, &number, NULL);
      hold_message (self, msg, path, fault->kind, (guint) number);
      return TRUE;
    case CIRCLET_FAULT_UNAUTHORIZED:
      respond_unauthorized (msg);
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static char *
issue_token (CircletTestServer *self,
             const char        *org_id)
{
  static const char header[] = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"circlet-test\"}";
  g_autoptr(GString) payload = g_string_new ("{");
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *header64 = NULL;
  g_autofree char *payload64 = NULL;
  g_autofree char *signature64 = NULL;
  g_autofree char *issuer = NULL;
  gint64 now = now_seconds ();
  Token *token;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  char *text;

  if (self->jwt_with_exp)
    g_string_append_printf (payload, "\"exp\":%" G_GINT64_FORMAT ",",
                            now + self->token_lifetime);
  g_string_append_printf (payload, "\"iat\":%" G_GINT64_FORMAT ",\"jti\":\"circlet-test-%"
                          G_GUINT64_FORMAT "\",\"iss\":", now, ++self->jti);
  issuer = g_strconcat (self->url, "/auth/realms/appcircle", NULL);
  circlet_test_data_append_string (payload, issuer);
  g_string_append (payload, ",\"sub\":");
  circlet_test_data_append_string (payload, self->user_id);
  g_string_append (payload, ",\"typ\":\"Bearer\",\"email\":\"" CIRCLET_TEST_SERVER_EMAIL "\","
                   "\"email_verified\":true,\"name\":\"Dev Eloper\","
                   "\"preferred_username\":\"dev\",\"currentOrganizationId\":");
  circlet_test_data_append_string (payload, org_id);
  g_string_append_c (payload, '}');

  header64 = base64url ((const guchar *) header, strlen (header));
  payload64 = base64url ((const guchar *) payload->str, payload->len);
  g_checksum_update (checksum, (const guchar *) payload->str, payload->len);
  g_checksum_get_digest (checksum, digest, &digest_len);
  signature64 = base64url (digest, digest_len);
  text = g_strjoin (".", header64, payload64, signature64, NULL);

  token = g_new0 (Token, 1);
  token->org_id = g_strdup (org_id);
  token->expires_at = now + self->token_lifetime;
  g_hash_table_insert (self->tokens, g_strdup (text), token);
  return text;
}

static void
serve_exchange (CircletTestServer *self,
                SoupServerMessage *msg,
                const char        *path)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GString) body = NULL;
  g_autofree char *access_token = NULL;
  const char *field;
  const char *key;
  const char *org_id = self->root_org_id;
  gboolean v2 = g_str_equal (path, "/auth/v2/token");
  gboolean v3 = g_str_equal (path, "/auth/v3/token");

  if (!(v2 || v3 || g_str_equal (path, "/auth/v1/token")) || (v3 && !self->v3_enabled))
    {
      _circlet_test_server_respond_json (msg, SOUP_STATUS_NOT_FOUND, "{\"message\":\"Not Found\"}");
      return;
    }
  if (!g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_POST))
    {
      _circlet_test_server_respond_json (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                         "{\"error\":\"method_not_allowed\"}");
      return;
    }
  if (!is_form (msg))
    {
      _circlet_test_server_respond_json (msg, SOUP_STATUS_BAD_REQUEST,
                                         "{\"error\":\"Content-Type must be "
                                         "application/x-www-form-urlencoded\"}");
      return;
    }

  form = decode_form (msg);
  field = v3 ? "personalAccessKey" : "pat";
  key = g_hash_table_lookup (form, field);
  if (key == NULL || *key == '\0')
    {
      g_autofree char *error = g_strdup_printf ("{\"error\":\"%s is required\"}", field);

      _circlet_test_server_respond_json (msg, SOUP_STATUS_BAD_REQUEST, error);
      return;
    }
  if (v2 && g_hash_table_contains (form, "subOrganizationId"))
    {
      org_id = g_hash_table_lookup (form, "subOrganizationId");
      if (!g_uuid_string_is_valid (org_id))
        {
          _circlet_test_server_respond_json (msg, SOUP_STATUS_BAD_REQUEST,
                                             "{\"error\":\"subOrganizationId must be a valid GUID\"}");
          return;
        }
    }
  if (!g_hash_table_contains (self->keys, key) ||
      GPOINTER_TO_INT (g_hash_table_lookup (self->keys, key)))
    {
      _circlet_test_server_respond_json (msg, self->revoke_status,
                                         "{\"error\":\"invalid_grant\",\"error_description\":"
                                         "\"Personal access key is not valid or deleted\"}");
      return;
    }

  access_token = issue_token (self, org_id);
  body = g_string_new ("{\"access_token\":");
  circlet_test_data_append_string (body, access_token);
  if (self->with_expires_in)
    g_string_append_printf (body, ",\"expires_in\":%d", self->token_lifetime);
  g_string_append (body, ",\"token_type\":\"Bearer\"}");
  _circlet_test_server_respond_json (msg, SOUP_STATUS_OK, body->str);
}

static Token *
lookup_bearer (CircletTestServer *self,
               SoupServerMessage *msg)
{
  const char *header = get_authorization (msg);
  Token *token;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  token = g_hash_table_lookup (self->tokens, header + 7);
  if (token == NULL || now_seconds () >= token->expires_at)
    return NULL;
  return token;
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
static void
serve (CircletTestServer *self,
       SoupServerMessage *msg,
       const char        *path,
       gboolean           skip_auth)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GBytes) body = NULL;
  Token *token;

  if (is_exchange_path (path))
    {
      serve_exchange (self, msg, path);
      return;
    }
  token = lookup_bearer (self, msg);
  if (token == NULL && !skip_auth)
    {
      respond_unauthorized (msg);
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
  respond_bytes (msg, "application/json", body);
}

static void
server_handler_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  CircletTestServer *self = user_data;
  Fault *fault;

  if (g_str_has_prefix (path, "/_control/"))
    {
      _circlet_test_server_handle_control (self, msg, path);
      return;
    }

  record_request (self, msg, path);
  fault = take_fault (self, path);
  if (fault != NULL)
    {
      gboolean handled = apply_fault (self, msg, path, fault);

      fault_free (fault);
      if (handled)
        return;
    }
  serve (self, msg, path, FALSE);
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
  serve (self, msg, path, TRUE);
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

  g_list_free_full (g_steal_pointer (&self->pending), (GDestroyNotify) pending_free);
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
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, token_free);
  self->faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, fault_queue_free);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_auth = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->created = now_seconds ();
  self->revoke_status = SOUP_STATUS_UNAUTHORIZED;
  self->token_lifetime = 3600;
  self->jwt_with_exp = TRUE;
  self->with_expires_in = TRUE;
  self->v3_enabled = TRUE;
  self->root_org_id = circlet_test_data_org_id (0);
  self->user_id = circlet_test_data_user_id ();
  self->key = generate_key ();
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
circlet_test_server_add_key (CircletTestServer *self,
                             const char        *key)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));
  g_return_if_fail (key != NULL);

  g_hash_table_insert (self->keys, g_strdup (key), GINT_TO_POINTER (FALSE));
}

/* Revoking stops future exchanges only: tokens already issued stay valid
 * until they expire, which is what Appcircle is believed to do. */
void
circlet_test_server_revoke_key (CircletTestServer *self,
                                const char        *key)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));
  g_return_if_fail (key != NULL);

  g_hash_table_insert (self->keys, g_strdup (key), GINT_TO_POINTER (TRUE));
}

void
circlet_test_server_restore_key (CircletTestServer *self,
                                 const char        *key)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));
  g_return_if_fail (key != NULL);

  g_hash_table_insert (self->keys, g_strdup (key), GINT_TO_POINTER (FALSE));
}

void
circlet_test_server_set_revoke_status (CircletTestServer *self,
                                       guint              status)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));
  g_return_if_fail (status >= 400 && status < 500);

  self->revoke_status = status;
}

void
circlet_test_server_expire_sessions (CircletTestServer *self)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));

  g_hash_table_remove_all (self->tokens);
}

void
circlet_test_server_set_token_lifetime (CircletTestServer *self,
                                        int                seconds)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));

  self->token_lifetime = seconds;
}

void
circlet_test_server_set_token_style (CircletTestServer *self,
                                     gboolean           jwt_with_exp,
                                     gboolean           with_expires_in)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));

  self->jwt_with_exp = !!jwt_with_exp;
  self->with_expires_in = !!with_expires_in;
}

void
circlet_test_server_set_v3_enabled (CircletTestServer *self,
                                    gboolean           enabled)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));

  self->v3_enabled = !!enabled;
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

/**
 * circlet_test_server_inject:
 * @path_prefix: a path prefix; a missing leading "/" is added, "" or "/"
 *   matches everything
 * @times: how many requests get the fault; < 0 until cleared; 0 does nothing
 * @arg: (nullable): see #CircletFaultKind
 *
 * Faults for one prefix queue in order.  When several prefixes match a
 * request, the longest one with a queued fault applies.
 */
void
circlet_test_server_inject (CircletTestServer *self,
                            const char        *path_prefix,
                            CircletFaultKind   kind,
                            int                times,
                            const char        *arg)
{
  g_autofree char *prefix = NULL;
  GQueue *queue;
  Fault *fault;

  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));
  g_return_if_fail (path_prefix != NULL);

  if (times == 0 || kind == CIRCLET_FAULT_NONE)
    return;
  prefix = path_prefix[0] == '/' ? g_strdup (path_prefix) : g_strconcat ("/", path_prefix, NULL);
  queue = g_hash_table_lookup (self->faults, prefix);
  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (self->faults, g_steal_pointer (&prefix), queue);
    }
  fault = g_new0 (Fault, 1);
  fault->kind = kind;
  fault->times = times;
  fault->arg = g_strdup (arg);
  g_queue_push_tail (queue, fault);
}

void
circlet_test_server_clear_faults (CircletTestServer *self)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));

  g_hash_table_remove_all (self->faults);
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
