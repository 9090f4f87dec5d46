/* fuzz-json-body.c: any API body through circlet_json_parse() and the typed
 * accessors every list mapping is built on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-error.h"
#include "circlet-json.h"
#include "fuzz-common.h"

static void walk (JsonNode *node, guint depth);

static void
walk_object (JsonObject *object,
             guint       depth)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autoptr(GDateTime) date = NULL;
      const char *text;

      /* Every accessor on every member: none may fail or warn. */
      text = circlet_json_get_string (object, name);
      g_assert (text == NULL || g_utf8_validate (text, -1, NULL));
      (void) circlet_json_get_int (object, name, -1);
      (void) circlet_json_get_bool (object, name, FALSE);
      (void) circlet_json_get_object (object, name);
      (void) circlet_json_get_array (object, name);
      date = circlet_json_get_date_time (object, name);

      walk (json_object_get_member (object, name), depth + 1);
    }
}

static void
walk (JsonNode *node,
      guint     depth)
{
  g_assert (depth <= CIRCLET_JSON_MAX_DEPTH + 1);

  if (JSON_NODE_HOLDS_OBJECT (node))
    walk_object (json_node_get_object (node), depth);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        walk (json_array_get_element (array, i), depth + 1);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  (void) circlet_json_looks_like_html (body);
  root = circlet_json_parse (body, "api.example.com", &error);
  g_assert ((root == NULL) != (error == NULL));
  if (root != NULL)
    walk (root, 0);
  else
    g_assert (error->domain == CIRCLET_ERROR &&
              (error->code == CIRCLET_ERROR_NOT_APPCIRCLE ||
               error->code == CIRCLET_ERROR_BAD_RESPONSE));

  return 0;
}
