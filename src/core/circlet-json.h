/* circlet-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper nesting than this is refused before json-glib sees the body. */
#define CIRCLET_JSON_MAX_DEPTH 256

JsonNode   *circlet_json_parse           (GBytes      *body,
                                          const char  *host,
                                          GError     **error);
gboolean    circlet_json_looks_like_html (GBytes      *body);

const char *circlet_json_get_string      (JsonObject  *object,
                                          const char  *member);
gint64      circlet_json_get_int         (JsonObject  *object,
                                          const char  *member,
                                          gint64       fallback);
gboolean    circlet_json_get_bool        (JsonObject  *object,
                                          const char  *member,
                                          gboolean     fallback);
JsonObject *circlet_json_get_object      (JsonObject  *object,
                                          const char  *member);
JsonArray  *circlet_json_get_array       (JsonObject  *object,
                                          const char  *member);
GDateTime  *circlet_json_get_date_time   (JsonObject  *object,
                                          const char  *member);

G_END_DECLS
