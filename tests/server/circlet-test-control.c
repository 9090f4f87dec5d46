/* circlet-test-control.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-test-enums.h"
#include "circlet-test-server-private.h"

/* Out-of-process control: the CLI and UI tests run the server in another
 * process (circlet-test-server) and steer it over HTTP.  Every route maps
 * to one public call, so both ways of driving the server behave the same.
 * Control requests are neither counted nor faulted. */

static const char ok_body[] = "{\"ok\":true}";

/* Returns FALSE so that callers can answer and bail out in one line. */
static gboolean
respond_error (SoupServerMessage *msg,
               const char        *message)
{
  g_autofree char *body = g_strdup_printf ("{\"error\":\"%s\"}", message);

  _circlet_test_server_respond_json (msg, SOUP_STATUS_BAD_REQUEST, body);
  return FALSE;
}

static GHashTable *
read_form (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  const char *query;
  gsize len;
  const char *data;

  /* Fields may come in the body (curl -d) or in the query string. */
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &len);
  if (len > 0)
    {
      text = g_strndup (data, len);
      return soup_form_decode (text);
    }
  query = g_uri_get_query (soup_server_message_get_uri (msg));
  if (query != NULL)
    return soup_form_decode (query);
  return g_hash_table_new (g_str_hash, g_str_equal);
}

static gboolean
read_int (GHashTable *form,
          const char *field,
          gint64      min,
          gint64      max,
          gint64     *value)
{
  const char *text = g_hash_table_lookup (form, field);

  return text != NULL && g_ascii_string_to_signed (text, 10, min, max, value, NULL);
}

static gboolean
read_bool (GHashTable *form,
           const char *field,
           gboolean   *value)
{
  const char *text = g_hash_table_lookup (form, field);

  if (text == NULL)
    return FALSE;
  if (g_str_equal (text, "1") || g_ascii_strcasecmp (text, "true") == 0)
    *value = TRUE;
  else if (g_str_equal (text, "0") || g_ascii_strcasecmp (text, "false") == 0)
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
control_fault (CircletTestServer *self,
               SoupServerMessage *msg,
               GHashTable        *form)
{
  g_autoptr(GEnumClass) kinds = g_type_class_ref (CIRCLET_TYPE_FAULT_KIND);
  const char *path = g_hash_table_lookup (form, "path");
  const char *kind = g_hash_table_lookup (form, "kind");
  GEnumValue *value;
  gint64 times = 1;

  value = kind != NULL ? g_enum_get_value_by_nick (kinds, kind) : NULL;
  if (path == NULL || value == NULL)
    return respond_error (msg, "path and kind (an enum nick such as retry-after) are required");
  if (g_hash_table_contains (form, "times") && !read_int (form, "times", G_MININT, G_MAXINT, &times))
    return respond_error (msg, "times must be an integer");
  circlet_test_server_inject (self, path, value->value, (int) times,
                              g_hash_table_lookup (form, "arg"));
  return TRUE;
}

static gboolean
control_post (CircletTestServer *self,
              SoupServerMessage *msg,
              const char        *name,
              GHashTable        *form)
{
  const char *key = g_hash_table_lookup (form, "key");
  gboolean flag = FALSE;
  gboolean flag2 = FALSE;
  gint64 number = 0;

  if (key == NULL)
    key = circlet_test_server_get_key (self);

  if (g_str_equal (name, "revoke"))
    circlet_test_server_revoke_key (self, key);
  else if (g_str_equal (name, "restore"))
    circlet_test_server_restore_key (self, key);
  else if (g_str_equal (name, "expire-sessions"))
    circlet_test_server_expire_sessions (self);
  else if (g_str_equal (name, "clear-faults"))
    circlet_test_server_clear_faults (self);
  else if (g_str_equal (name, "fault"))
    return control_fault (self, msg, form);
  else if (g_str_equal (name, "items"))
    {
      if (!read_int (form, "n", 0, 10000000, &number))
        return respond_error (msg, "n must be a count");
      circlet_test_server_set_items (self, (guint) number);
    }
  else if (g_str_equal (name, "v3"))
    {
      if (!read_bool (form, "enabled", &flag))
        return respond_error (msg, "enabled must be 0 or 1");
      circlet_test_server_set_v3_enabled (self, flag);
    }
  else if (g_str_equal (name, "token-lifetime"))
    {
      if (!read_int (form, "seconds", G_MININT, G_MAXINT, &number))
        return respond_error (msg, "seconds must be an integer");
      circlet_test_server_set_token_lifetime (self, (int) number);
    }
  else if (g_str_equal (name, "revoke-status"))
    {
      if (!read_int (form, "status", 400, 499, &number))
        return respond_error (msg, "status must be a 4xx code");
      circlet_test_server_set_revoke_status (self, (guint) number);
    }
  else if (g_str_equal (name, "token-style"))
    {
      if (!read_bool (form, "exp", &flag) || !read_bool (form, "expires_in", &flag2))
        return respond_error (msg, "exp and expires_in must be 0 or 1");
      circlet_test_server_set_token_style (self, flag, flag2);
    }
  else
    {
      _circlet_test_server_respond_json (msg, SOUP_STATUS_NOT_FOUND, "{\"message\":\"Not Found\"}");
      return FALSE;
    }
  return TRUE;
}

void
_circlet_test_server_handle_control (CircletTestServer *self,
                                     SoupServerMessage *msg,
                                     const char        *path)
{
  const char *name = path + strlen ("/_control/");
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GHashTable) form = NULL;

  if (g_str_equal (name, "stats"))
    {
      g_autofree char *stats = circlet_test_server_dup_stats (self);

      _circlet_test_server_respond_json (msg, SOUP_STATUS_OK, stats);
      return;
    }
  if (!g_str_equal (method, SOUP_METHOD_POST))
    {
      _circlet_test_server_respond_json (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                         "{\"error\":\"control routes other than stats take POST\"}");
      return;
    }
  form = read_form (msg);
  if (control_post (self, msg, name, form))
    _circlet_test_server_respond_json (msg, SOUP_STATUS_OK, ok_body);
}
