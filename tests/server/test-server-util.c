/* test-server-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-server-util.h"

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_items = data != NULL ? GPOINTER_TO_UINT (data) : N_ITEMS;

  f->server = circlet_test_server_new (n_items, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->server);
  f->session = soup_session_new ();
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_assert_finalize_object (f->server);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

GBytes *
send_with (SoupSession  *session,
           SoupMessage  *msg,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return soup_session_send_and_read_finish (session, result, error);
}

GBytes *
send_ok (Fixture     *f,
         SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  GBytes *body = send_with (f->session, msg, &error);

  g_assert_no_error (error);
  return body;
}

char *
url_for (Fixture    *f,
         const char *path)
{
  return g_strconcat (circlet_test_server_get_url (f->server), path, NULL);
}

JsonNode *
parse (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  json_parser_load_from_data (parser, data, (gssize) len, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

SoupMessage *
exchange_message (Fixture    *f,
                  const char *path,
                  const char *field,
                  const char *key,
                  const char *extra_field,
                  const char *extra_value)
{
  g_autofree char *url = url_for (f, path);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);

  if (field != NULL)
    g_hash_table_insert (form, (char *) field, (char *) key);
  if (extra_field != NULL)
    g_hash_table_insert (form, (char *) extra_field, (char *) extra_value);
  return soup_message_new_from_encoded_form (SOUP_METHOD_POST, url, soup_form_encode_hash (form));
}

/* Exchanges the key on @path and returns the parsed answer. */
JsonNode *
exchange (Fixture    *f,
          const char *path,
          const char *field,
          const char *extra_field,
          const char *extra_value,
          guint      *status)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  msg = exchange_message (f, path, field, circlet_test_server_get_key (f->server),
                          extra_field, extra_value);
  body = send_ok (f, msg);
  *status = soup_message_get_status (msg);
  return parse (body);
}

char *
get_token (Fixture *f)
{
  g_autoptr(JsonNode) root = NULL;
  guint status;

  root = exchange (f, "/auth/v3/token", "personalAccessKey", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "access_token"));
}

SoupMessage *
api_message (Fixture    *f,
             const char *path,
             const char *token)
{
  g_autofree char *url = url_for (f, path);
  SoupMessage *msg = soup_message_new (SOUP_METHOD_GET, url);

  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  return msg;
}

GBytes *
api_get (Fixture    *f,
         const char *path,
         const char *token,
         guint      *status)
{
  g_autoptr(SoupMessage) msg = api_message (f, path, token);
  GBytes *body = send_ok (f, msg);

  *status = soup_message_get_status (msg);
  return body;
}

JsonNode *
api_get_json (Fixture    *f,
              const char *path,
              const char *token)
{
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = api_get (f, path, token, &status);
  g_assert_cmpuint (status, ==, 200);
  return parse (body);
}

JsonObject *
decode_jwt_payload (const char *token)
{
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autoptr(GString) text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree guchar *raw = NULL;
  gsize len;

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_null (strchr (token, '='));
  text = g_string_new (parts[1]);
  g_strdelimit (text->str, "-", '+');
  g_strdelimit (text->str, "_", '/');
  while (text->len % 4 != 0)
    g_string_append_c (text, '=');
  raw = g_base64_decode (text->str, &len);
  json_parser_load_from_data (parser, (const char *) raw, (gssize) len, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

void
assert_error_body (GBytes     *body,
                   const char *member,
                   const char *value)
{
  g_autoptr(JsonNode) root = parse (body);
  JsonObject *object = json_node_get_object (root);

  g_assert_true (json_object_has_member (object, member));
  if (value != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, member), ==, value);
}

JsonArray *
get_array (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}
