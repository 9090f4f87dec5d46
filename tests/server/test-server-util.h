/* test-server-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "circlet-test-server.h"

G_BEGIN_DECLS

/* Client-side helpers shared by the test-server* binaries: a real
 * SoupSession in the same process, the default main context iterated
 * until each request is done. */

#define N_ITEMS 10

typedef struct
{
  CircletTestServer *server;
  SoupSession       *session;
} Fixture;

void         fixture_setup      (Fixture        *f,
                                 gconstpointer   data);
void         fixture_teardown   (Fixture        *f,
                                 gconstpointer   data);
GBytes      *send_with          (SoupSession  *session,
                                 SoupMessage  *msg,
                                 GError      **error);
GBytes      *send_ok            (Fixture      *f,
                                 SoupMessage  *msg);
char        *url_for            (Fixture     *f,
                                 const char  *path);
JsonNode    *parse              (GBytes  *body);
SoupMessage *exchange_message   (Fixture     *f,
                                 const char  *path,
                                 const char  *field,
                                 const char  *key,
                                 const char  *extra_field,
                                 const char  *extra_value);
JsonNode    *exchange           (Fixture     *f,
                                 const char  *path,
                                 const char  *field,
                                 const char  *extra_field,
                                 const char  *extra_value,
                                 guint       *status);
char        *get_token          (Fixture  *f);
SoupMessage *api_message        (Fixture     *f,
                                 const char  *path,
                                 const char  *token);
GBytes      *api_get            (Fixture     *f,
                                 const char  *path,
                                 const char  *token,
                                 guint       *status);
JsonNode    *api_get_json       (Fixture     *f,
                                 const char  *path,
                                 const char  *token);
JsonObject  *decode_jwt_payload (const char  *token);
void         assert_error_body  (GBytes      *body,
                                 const char  *member,
                                 const char  *value);
JsonArray   *get_array          (JsonNode  *node);

G_END_DECLS
