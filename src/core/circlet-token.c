/* circlet-token.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "circlet-error.h"
#include "circlet-json.h"
#include "circlet-token.h"

/*
 * The exchange answers {"access_token": "<JWT>", ...}. Only access_token is
 * read by every official client; the lifetime comes from the JWT's exp claim,
 * else from expires_in, else a conservative default. The JWT signature is not
 * checked: the token is only ever sent back to the server that issued it.
 */

/* No session token ever reaches 16 KiB; the payload is a fraction of it. */
#define MAX_PAYLOAD_LENGTH (CIRCLET_TOKEN_MAX_LENGTH)

void
circlet_jwt_claims_clear (CircletJwtClaims *claims)
{
  claims->exp = 0;
  g_clear_pointer (&claims->email, g_free);
  g_clear_pointer (&claims->current_org_id, g_free);
}

/* Only visible ASCII may go into an Authorization header. */
gboolean
circlet_token_is_wellformed (const char *token)
{
  gsize len;

  if (token == NULL)
    return FALSE;

  len = strlen (token);
  if (len == 0 || len > CIRCLET_TOKEN_MAX_LENGTH)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (token[i] < 0x21 || token[i] > 0x7e)
      return FALSE;

  return TRUE;
}

static GBytes *
decode_base64url (const char *text,
                  gsize       len)
{
  g_autoptr(GString) str = NULL;
  guchar *data;
  gsize out_len = 0;

  if (len == 0 || len > MAX_PAYLOAD_LENGTH)
    return NULL;

  str = g_string_sized_new (len + 4);
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (!g_ascii_isalnum (c) && c != '+' && c != '/' && c != '=')
        return NULL;

      g_string_append_c (str, c);
    }

  while (str->len % 4 != 0)
    g_string_append_c (str, '=');

  data = g_base64_decode (str->str, &out_len);
  if (data == NULL)
    return NULL;

  return g_bytes_new_take (data, out_len);
}

/**
 * circlet_jwt_read_claims:
 * @token: a session token
 * @claims: (out caller-allocates): where the claims go
 * @error: return location for a #GError
 *
 * Reads the claims Circlet uses from a JWT's payload: `exp`, `email` and
 * `currentOrganizationId`. Absent claims are left empty.
 *
 * Returns: %FALSE if @token is not a JWT with a JSON object payload
 */
gboolean
circlet_jwt_read_claims (const char        *token,
                         CircletJwtClaims  *claims,
                         GError           **error)
{
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *first_dot, *second_dot;
  JsonObject *object;

  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (claims != NULL, FALSE);

  memset (claims, 0, sizeof *claims);

  first_dot = strchr (token, '.');
  second_dot = first_dot ? strchr (first_dot + 1, '.') : NULL;
  if (second_dot != NULL)
    payload = decode_base64url (first_dot + 1, second_dot - first_dot - 1);

  if (payload != NULL)
    root = circlet_json_parse (payload, "JWT", NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                           _("The session token is not a readable JWT."));
      return FALSE;
    }

  object = json_node_get_object (root);
  claims->exp = MAX (0, circlet_json_get_int (object, "exp", 0));
  claims->email = g_strdup (circlet_json_get_string (object, "email"));
  claims->current_org_id = g_strdup (circlet_json_get_string (object, "currentOrganizationId"));

  return TRUE;
}

/**
 * circlet_token_parse_response:
 * @body: the token exchange's response body
 * @host: the auth host, for messages
 * @now_unix: the current time, in Unix seconds
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the session token with its absolute expiry, or
 *   %NULL with %CIRCLET_ERROR_NOT_APPCIRCLE or %CIRCLET_ERROR_BAD_RESPONSE
 */
CircletToken *
circlet_token_parse_response (GBytes      *body,
                              const char  *host,
                              gint64       now_unix,
                              GError     **error)
{
  g_auto(CircletJwtClaims) claims = { 0, };
  g_autoptr(CircletToken) token = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *access_token;
  JsonObject *object;
  gint64 expires_in;

  root = circlet_json_parse (body, host, error);
  if (root == NULL)
    return NULL;

  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  access_token = circlet_json_get_string (object, "access_token");
  if (!circlet_token_is_wellformed (access_token))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                   _("%s answered the key exchange without a usable session token. Check the auth host."),
                   host);
      return NULL;
    }

  token = g_new0 (CircletToken, 1);
  token->access_token = g_strdup (access_token);
  expires_in = circlet_json_get_int (object, "expires_in", 0);

  if (circlet_jwt_read_claims (access_token, &claims, NULL))
    {
      token->email = g_steal_pointer (&claims.email);
      token->current_org_id = g_steal_pointer (&claims.current_org_id);
    }

  if (claims.exp > 0)
    token->expires_at = claims.exp;
  else if (expires_in > 0 && expires_in <= G_MAXINT32)
    token->expires_at = now_unix + expires_in;
  else
    token->expires_at = now_unix + CIRCLET_TOKEN_DEFAULT_LIFETIME;

  return g_steal_pointer (&token);
}

/**
 * circlet_token_new_cached:
 * @access_token: (transfer full): a token read back from the keyring
 * @expires_at: its expiry, as stored beside it
 *
 * Returns: (transfer full): the token, with the JWT's claims when it has them
 */
CircletToken *
circlet_token_new_cached (CircletSecret *access_token,
                          gint64         expires_at)
{
  g_auto(CircletJwtClaims) claims = { 0, };
  CircletToken *token = g_new0 (CircletToken, 1);

  token->access_token = access_token;
  token->expires_at = expires_at;

  if (circlet_jwt_read_claims (access_token, &claims, NULL))
    {
      token->email = g_steal_pointer (&claims.email);
      token->current_org_id = g_steal_pointer (&claims.current_org_id);
    }

  return token;
}

void
circlet_token_free (CircletToken *token)
{
  if (token == NULL)
    return;

  g_clear_pointer (&token->access_token, circlet_secret_free);
  g_free (token->email);
  g_free (token->current_org_id);
  g_free (token);
}
