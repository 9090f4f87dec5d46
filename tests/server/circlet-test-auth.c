/* circlet-test-auth.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-test-data.h"
#include "circlet-test-server-private.h"

/* The token exchange and the session tokens it issues. */

void
_circlet_test_token_free (gpointer data)
{
  Token *token = data;

  g_free (token->org_id);
  g_free (token);
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
char *
_circlet_test_generate_key (void)
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

gboolean
_circlet_test_is_form (SoupServerMessage *msg)
{
  const char *type;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  return type != NULL && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0;
}

GHashTable *
_circlet_test_decode_form (SoupServerMessage *msg)
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
  gint64 now = _circlet_test_now ();
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
  g_ptr_array_add (self->issued, g_strdup (text));
  return text;
}

void
_circlet_test_server_serve_exchange (CircletTestServer *self,
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
  if (!_circlet_test_is_form (msg))
    {
      _circlet_test_server_respond_json (msg, SOUP_STATUS_BAD_REQUEST,
                                         "{\"error\":\"Content-Type must be "
                                         "application/x-www-form-urlencoded\"}");
      return;
    }

  form = _circlet_test_decode_form (msg);
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

Token *
_circlet_test_server_lookup_bearer (CircletTestServer *self,
                                    SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  Token *token;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  token = g_hash_table_lookup (self->tokens, header + 7);
  if (token == NULL || _circlet_test_now () >= token->expires_at)
    return NULL;
  return token;
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

  /* Only undoes a revocation: it never makes up a key. */
  if (g_hash_table_contains (self->keys, key))
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
