/* circlet-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "circlet-error.h"
#include "circlet-json.h"

/*
 * Everything the servers send is untrusted. These helpers turn a body into a
 * JsonNode only after checking what json-glib itself does not: valid UTF-8,
 * bounded nesting, and whether the body is JSON at all (a wrong host answers
 * with an HTML page). The typed accessors never fail: a missing, null or
 * wrongly typed member reads as the empty value, so one odd field never
 * drops a whole list.
 */

#define MAX_PARSER_MESSAGE 200

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  return p;
}

gboolean
circlet_json_looks_like_html (GBytes *body)
{
  const char *data, *end, *p;
  gsize len = 0;

  if (body == NULL)
    return FALSE;

  data = g_bytes_get_data (body, &len);
  if (data == NULL)
    return FALSE;

  end = data + len;
  p = skip_space (data, end);

  /* A UTF-8 byte order mark sometimes precedes an error page. */
  if (end - p >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p = skip_space (p + 3, end);

  return p < end && *p == '<';
}

/* Nesting depth outside strings; json-glib 1.6 recurses without a limit. */
static gboolean
depth_within_limit (const char *data,
                    gsize       len,
                    guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* json-glib quotes the offending input in its messages: as long as the body,
 * and not always UTF-8 (a lone surrogate escape decodes to invalid bytes). */
static char *
readable_parser_message (const char *message)
{
  g_autofree char *valid = g_utf8_make_valid (message, -1);

  if (g_utf8_strlen (valid, -1) <= MAX_PARSER_MESSAGE)
    return g_steal_pointer (&valid);

  *g_utf8_offset_to_pointer (valid, MAX_PARSER_MESSAGE) = '\0';
  return g_strconcat (valid, "…", NULL);
}

/**
 * circlet_json_parse:
 * @body: a response body
 * @host: the host that sent it, named in the error
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the root node, or %NULL with
 *   %CIRCLET_ERROR_NOT_APPCIRCLE (HTML, or not JSON at all) or
 *   %CIRCLET_ERROR_BAD_RESPONSE (broken JSON)
 */
JsonNode *
circlet_json_parse (GBytes      *body,
                    const char  *host,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data, *p;
  gsize len = 0;

  g_return_val_if_fail (body != NULL, NULL);

  /* An empty GBytes has no data at all; pointer arithmetic on NULL is undefined. */
  data = g_bytes_get_data (body, &len);
  if (data == NULL)
    data = "";
  p = skip_space (data, data + len);

  if (circlet_json_looks_like_html (body) ||
      p == data + len ||
      (*p != '[' && *p != '{'))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_NOT_APPCIRCLE,
                   _("%s does not look like an Appcircle API server: it answered with a web page instead of data. Check the API and auth hosts."),
                   host);
      return NULL;
    }

  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                   _("%s sent data that is not valid text. Try again later."),
                   host);
      return NULL;
    }

  if (!depth_within_limit (data, len, CIRCLET_JSON_MAX_DEPTH))
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                   _("%s sent data nested too deeply to read."),
                   host);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_autofree char *detail = readable_parser_message (local_error->message);

      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                   _("%s sent data Circlet could not read (%s). Try again later."),
                   host, detail);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

static JsonNode *
get_member_of_type (JsonObject  *object,
                    const char  *member,
                    JsonNodeType type)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_TYPE (node) != type)
    return NULL;

  return node;
}

/* Returns: (nullable): the string, or %NULL when absent, null, not a string
 *   or not valid UTF-8 */
const char *
circlet_json_get_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = get_member_of_type (object, member, JSON_NODE_VALUE);
  const char *text;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  /* json-glib 1.6 decodes a lone surrogate escape ("\ud800") into bytes
   * that are not UTF-8; GTK and the terminal must never see them. */
  text = json_node_get_string (node);
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  return text;
}

gint64
circlet_json_get_int (JsonObject *object,
                      const char *member,
                      gint64      fallback)
{
  JsonNode *node = get_member_of_type (object, member, JSON_NODE_VALUE);
  GType type;

  if (node == NULL)
    return fallback;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node);

  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      /* Out of range or NaN: not a number we can use. (double) G_MAXINT64
       * rounds up to 2^63, which does not fit, so the upper bound is strict. */
      if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0))
        return fallback;
      return (gint64) value;
    }

  return fallback;
}

gboolean
circlet_json_get_bool (JsonObject *object,
                       const char *member,
                       gboolean    fallback)
{
  JsonNode *node = get_member_of_type (object, member, JSON_NODE_VALUE);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;

  return json_node_get_boolean (node);
}

JsonObject *
circlet_json_get_object (JsonObject *object,
                         const char *member)
{
  JsonNode *node = get_member_of_type (object, member, JSON_NODE_OBJECT);

  return node ? json_node_get_object (node) : NULL;
}

JsonArray *
circlet_json_get_array (JsonObject *object,
                        const char *member)
{
  JsonNode *node = get_member_of_type (object, member, JSON_NODE_ARRAY);

  return node ? json_node_get_array (node) : NULL;
}

/* Returns: (transfer full) (nullable): the date, or %NULL when absent or unreadable */
GDateTime *
circlet_json_get_date_time (JsonObject *object,
                            const char *member)
{
  g_autoptr(GTimeZone) utc = NULL;
  const char *text = circlet_json_get_string (object, member);

  if (text == NULL || text[0] == '\0')
    return NULL;

  /* Appcircle's .NET services sometimes omit the zone; those times are UTC. */
  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}
