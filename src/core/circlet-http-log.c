/* circlet-http-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-http-log.h"

/*
 * CIRCLET_DEBUG=http prints every request and response on standard error
 * (reliability #15). SoupLogger alone would print bearer tokens and the
 * key exchange's form in clear, so:
 *
 *  - headers that carry credentials print as "[redacted]";
 *  - request bodies are never printed (API calls are GETs; the one POST
 *    is the exchange, whose body is the key);
 *  - the exchange's response body (the session token) is never printed;
 *    other response bodies are, cut at MAX_BODY_LOG bytes.
 *
 * The environment only switches the log on; it never carries a secret.
 */

#define MAX_BODY_LOG 2048

static const char * const secret_headers[] = {
  "Authorization",
  "Proxy-Authorization",
  "Cookie",
  "Set-Cookie",
};

/**
 * circlet_http_log_is_exchange:
 * @msg: a message
 *
 * Returns: whether @msg may carry a key or a session token in its body:
 *   any POST, and anything at an auth token endpoint
 */
gboolean
circlet_http_log_is_exchange (SoupMessage *msg)
{
  const char *path;

  g_return_val_if_fail (SOUP_IS_MESSAGE (msg), TRUE);

  if (g_strcmp0 (soup_message_get_method (msg), SOUP_METHOD_GET) != 0)
    return TRUE;

  path = g_uri_get_path (soup_message_get_uri (msg));
  return path == NULL || strstr (path, "/token") != NULL || strstr (path, "/auth/") != NULL;
}

/**
 * circlet_http_log_redact_line:
 * @line: one line SoupLogger printed
 *
 * Returns: (transfer full): @line, with the value of a credential header
 *   replaced by "[redacted]"
 */
char *
circlet_http_log_redact_line (const char *line)
{
  g_return_val_if_fail (line != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (secret_headers); i++)
    {
      gsize len = strlen (secret_headers[i]);

      if (g_ascii_strncasecmp (line, secret_headers[i], len) == 0 && line[len] == ':')
        return g_strdup_printf ("%s: [redacted]", secret_headers[i]);
    }

  return g_strdup (line);
}

static SoupLoggerLogLevel
request_filter (SoupLogger  *logger,
                SoupMessage *msg,
                gpointer     user_data)
{
  return SOUP_LOGGER_LOG_HEADERS;
}

static SoupLoggerLogLevel
response_filter (SoupLogger  *logger,
                 SoupMessage *msg,
                 gpointer     user_data)
{
  return circlet_http_log_is_exchange (msg) ? SOUP_LOGGER_LOG_HEADERS : SOUP_LOGGER_LOG_BODY;
}

static void
printer (SoupLogger         *logger,
         SoupLoggerLogLevel  level,
         char                direction,
         const char         *data,
         gpointer            user_data)
{
  g_autofree char *line = circlet_http_log_redact_line (data);

  g_printerr ("circlet-http: %c %s\n", direction, line);
}

static gboolean
http_log_wanted (void)
{
  const char *value = g_getenv ("CIRCLET_DEBUG");
  g_auto(GStrv) words = NULL;

  if (value == NULL)
    return FALSE;

  words = g_strsplit_set (value, ",: ", -1);
  return g_strv_contains ((const char * const *) words, "http") ||
         g_strv_contains ((const char * const *) words, "all");
}

/**
 * circlet_http_log_attach:
 * @soup: the process's #SoupSession
 *
 * With CIRCLET_DEBUG=http in the environment, logs @soup's traffic to
 * standard error with every secret left out. Does nothing otherwise.
 */
void
circlet_http_log_attach (SoupSession *soup)
{
  g_autoptr(SoupLogger) logger = NULL;

  g_return_if_fail (SOUP_IS_SESSION (soup));

  if (!http_log_wanted ())
    return;

  logger = soup_logger_new (SOUP_LOGGER_LOG_BODY);
  soup_logger_set_max_body_size (logger, MAX_BODY_LOG);
  soup_logger_set_request_filter (logger, request_filter, NULL, NULL);
  soup_logger_set_response_filter (logger, response_filter, NULL, NULL);
  soup_logger_set_printer (logger, printer, NULL, NULL);
  soup_session_add_feature (soup, SOUP_SESSION_FEATURE (logger));
}
