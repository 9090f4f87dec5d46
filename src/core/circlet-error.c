/* circlet-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "circlet-error.h"
#include "circlet-json.h"

/* Server messages are shown to the user; keep them to something readable. */
#define MAX_SERVER_MESSAGE 300

G_DEFINE_QUARK (circlet-error-quark, circlet_error)

gboolean
circlet_error_is_keyring (const GError *error)
{
  return error != NULL &&
         error->domain == CIRCLET_ERROR &&
         (error->code == CIRCLET_ERROR_KEYRING_LOCKED ||
          error->code == CIRCLET_ERROR_KEYRING_UNAVAILABLE ||
          error->code == CIRCLET_ERROR_KEYRING_TIMEOUT);
}

/* Whether a later retry of the same request may succeed on its own. */
gboolean
circlet_error_is_transient (const GError *error)
{
  return error != NULL &&
         error->domain == CIRCLET_ERROR &&
         (error->code == CIRCLET_ERROR_NETWORK ||
          error->code == CIRCLET_ERROR_SERVER ||
          error->code == CIRCLET_ERROR_RATE_LIMITED);
}

static char *
clean_server_text (const char *text)
{
  g_autoptr(GString) str = NULL;
  const char *p;

  if (text == NULL)
    return NULL;

  str = g_string_new (NULL);
  for (p = text; *p != '\0' && str->len < MAX_SERVER_MESSAGE; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        c = ' ';
      g_string_append_unichar (str, c);
    }

  g_strstrip (str->str);
  if (str->str[0] == '\0')
    return NULL;

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/**
 * circlet_error_describe_body:
 * @body: (nullable): an error response body
 *
 * Picks the message a person should read out of an error body:
 * `error_description`, `error` or `message`, whichever is present, or the
 * body itself when it is short plain text. A `stackTrace` is never shown,
 * and neither is HTML.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL
 */
char *
circlet_error_describe_body (GBytes *body)
{
  static const char * const fields[] = { "error_description", "error", "message" };
  g_autoptr(JsonParser) parser = NULL;
  const char *data;
  gsize len = 0;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &len);
  if (len == 0 || len > 64 * 1024 || !g_utf8_validate (data, len, NULL))
    return NULL;

  parser = json_parser_new_immutable ();
  if (json_parser_load_from_data (parser, data, len, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);
      JsonObject *object;

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return NULL;

      object = json_node_get_object (root);
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          /* Strings that are not valid UTF-8 read as absent. */
          char *text = clean_server_text (circlet_json_get_string (object, fields[i]));

          if (text != NULL)
            return text;
        }

      return NULL;
    }

  /* Plain text bodies are shown; HTML pages are not. */
  if (memchr (data, '<', len) != NULL)
    return NULL;

  {
    g_autofree char *copy = g_strndup (data, len);
    return clean_server_text (copy);
  }
}

static void
set_error_with_detail (GError     **error,
                       int          code,
                       const char  *message,
                       const char  *detail)
{
  if (detail != NULL)
    g_set_error (error, CIRCLET_ERROR, code,
                 /* Translators: the first %s is a sentence written by Circlet,
                  * the second the server's own words. */
                 _("%s The server said: “%s”"), message, detail);
  else
    g_set_error_literal (error, CIRCLET_ERROR, code, message);
}

/**
 * circlet_error_set_from_http:
 * @error: return location for a #GError
 * @status: the HTTP status of a failed API call
 * @reason: (nullable): the reason phrase
 * @host: the host that answered, for the message
 * @body: (nullable): the response body
 *
 * Maps a failed HTTP status to the #CircletError a person can act on. This is
 * the one place where HTTP status codes become Circlet errors; the token
 * exchange adds its own meaning (a refused key) on top of it.
 */
void
circlet_error_set_from_http (GError     **error,
                             guint        status,
                             const char  *reason,
                             const char  *host,
                             GBytes      *body)
{
  g_autofree char *detail = circlet_error_describe_body (body);
  g_autofree char *message = NULL;
  int code;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      code = CIRCLET_ERROR_UNAUTHORIZED;
      message = g_strdup (_("The server did not accept the session. Verify the organization’s key, or replace it."));
    }
  else if (status == SOUP_STATUS_FORBIDDEN)
    {
      code = CIRCLET_ERROR_FORBIDDEN;
      message = g_strdup (_("Your role in this organization does not allow this. Ask an organization manager for access."));
    }
  else if (status == SOUP_STATUS_NOT_FOUND)
    {
      code = CIRCLET_ERROR_NOT_FOUND;
      message = g_strdup_printf (_("%s does not know this address. Check the API host in the organization’s settings."), host);
    }
  else if (status == 429 /* Too Many Requests; not named in libsoup 3.2 */)
    {
      code = CIRCLET_ERROR_RATE_LIMITED;
      message = g_strdup (_("Appcircle is receiving too many requests. Wait a minute, then try again."));
    }
  else if (status >= 500)
    {
      code = CIRCLET_ERROR_SERVER;
      message = g_strdup_printf (_("%s has a problem (HTTP %u). Try again later."), host, status);
    }
  else
    {
      code = CIRCLET_ERROR_FAILED;
      message = g_strdup_printf (_("%s refused the request (HTTP %u %s)."),
                                 host, status, reason ? reason : "");
    }

  set_error_with_detail (error, code, message, detail);
}

/**
 * circlet_error_set_from_transport:
 * @error: return location for a #GError
 * @transport_error: the error libsoup or GIO reported
 * @host: the host that was contacted
 *
 * Maps a transport failure (DNS, connection, TLS, timeout) to a Circlet
 * error. Cancellation is passed through unchanged so that callers can keep
 * ignoring it.
 */
void
circlet_error_set_from_transport (GError       **error,
                                  const GError  *transport_error,
                                  const char    *host)
{
  g_return_if_fail (transport_error != NULL);

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      transport_error->domain == CIRCLET_ERROR)
    {
      g_propagate_error (error, g_error_copy (transport_error));
      return;
    }

  if (transport_error->domain == G_TLS_ERROR)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_TLS,
                   _("The certificate of %s is not trusted (%s). For a self-hosted server, choose its CA file in the organization’s settings."),
                   host, transport_error->message);
      return;
    }

  if (transport_error->domain == G_RESOLVER_ERROR)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_NETWORK,
                   _("%s could not be found. Check the host name and your network connection."),
                   host);
      return;
    }

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_NETWORK,
                   _("%s did not answer in time. Check your network connection, then try again."),
                   host);
      return;
    }

  g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_NETWORK,
               _("Could not connect to %s (%s). Check your network connection, then try again."),
               host, transport_error->message);
}
