/* circlet-test-faults.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-test-data.h"
#include "circlet-test-server-private.h"

/* Fault injection: what a test asks the server to get wrong, queued per
 * path prefix, applied before the normal answer. */

typedef struct
{
  CircletFaultKind  kind;
  int               times;   /* < 0: until cleared */
  char             *arg;
} Fault;

/* A message held back by a fault (latency, drop) until a source fires. */
typedef struct
{
  CircletTestServer *self;
  SoupServerMessage *msg;
  GSource           *source;
  char              *path;
  CircletFaultKind   kind;
  gulong             disconnected_id;
} Pending;

static void
fault_free (gpointer data)
{
  Fault *fault = data;

  g_free (fault->arg);
  g_free (fault);
}

void
_circlet_test_fault_queue_free (gpointer data)
{
  g_queue_free_full (data, fault_free);
}

static void
pending_free (Pending *pending)
{
  if (pending->source != NULL)
    {
      g_source_destroy (pending->source);
      g_source_unref (pending->source);
    }
  g_clear_signal_handler (&pending->disconnected_id, pending->msg);
  g_object_unref (pending->msg);
  g_free (pending->path);
  g_free (pending);
}

/* The longest matching prefix wins, so a test can fault one endpoint while
 * a broader fault covers the rest. */
static Fault *
take_fault (CircletTestServer *self,
            const char        *path)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  GQueue *best = NULL;
  gsize best_len = 0;
  Fault *head;
  Fault *copy;

  g_hash_table_iter_init (&iter, self->faults);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gsize len = strlen (key);

      if (g_str_has_prefix (path, key) && !g_queue_is_empty (value) &&
          (best == NULL || len > best_len))
        {
          best = value;
          best_len = len;
        }
    }
  if (best == NULL)
    return NULL;

  head = g_queue_peek_head (best);
  copy = g_new0 (Fault, 1);
  copy->kind = head->kind;
  copy->arg = g_strdup (head->arg);
  if (head->times > 0 && --head->times == 0)
    fault_free (g_queue_pop_head (best));
  return copy;
}

static void
pending_disconnected_cb (SoupServerMessage *msg,
                         Pending           *pending)
{
  CircletTestServer *self = pending->self;

  self->pending = g_list_remove (self->pending, pending);
  pending_free (pending);
}

static gboolean
pending_fire_cb (gpointer data)
{
  Pending *pending = data;
  CircletTestServer *self = pending->self;

  self->pending = g_list_remove (self->pending, pending);
  if (pending->kind == CIRCLET_FAULT_DROP)
    {
      g_autoptr(GIOStream) stream = NULL;

      g_clear_signal_handler (&pending->disconnected_id, pending->msg);
      stream = soup_server_message_steal_connection (pending->msg);
      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
    }
  else
    {
      _circlet_test_server_serve (self, pending->msg, pending->path, FALSE);
      soup_server_message_unpause (pending->msg);
    }
  pending_free (pending);
  return G_SOURCE_REMOVE;
}

/* Never blocks: the message is paused and resumed from a source on the
 * server's own main context. */
static void
hold_message (CircletTestServer *self,
              SoupServerMessage *msg,
              const char        *path,
              CircletFaultKind   kind,
              guint              delay_ms)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->path = g_strdup (path);
  pending->kind = kind;
  pending->source = delay_ms > 0 ? g_timeout_source_new (delay_ms) : g_idle_source_new ();
  g_source_set_callback (pending->source, pending_fire_cb, pending, NULL);
  g_source_attach (pending->source, self->context);
  pending->disconnected_id = g_signal_connect (msg, "disconnected",
                                               G_CALLBACK (pending_disconnected_cb), pending);
  self->pending = g_list_prepend (self->pending, pending);
  soup_server_message_pause (msg);
}

static void
respond_redirect (SoupServerMessage *msg,
                  const char        *location)
{
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

static void
respond_status_fault (SoupServerMessage *msg,
                      const char        *arg)
{
  g_autoptr(GString) body = g_string_new ("{\"message\":");
  guint64 status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (arg != NULL)
    g_ascii_string_to_unsigned (arg, 10, 100, 599, &status, NULL);
  circlet_test_data_append_string (body, soup_status_get_phrase ((guint) status));
  /* Real error bodies carry a server stack trace that clients must never
   * show to users. */
  g_string_append (body, ",\"stackTrace\":\"   at Secret.Internal.Services.TokenService.Validate() "
                   "in /src/Secret.Internal/Services/TokenService.cs:line 87\"}");
  _circlet_test_server_respond_json (msg, (guint) status, body->str);
}

static const char html_page[] =
  "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n"
  "<style>\nhtml { color-scheme: light dark; }\n"
  "body { width: 35em; margin: 0 auto; font-family: Tahoma, Verdana, Arial, sans-serif; }\n"
  "</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n"
  "<p>If you see this page, the nginx web server is successfully installed and\n"
  "working. Further configuration is required.</p>\n\n"
  "<p>For online documentation and support please refer to\n"
  "<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\n"
  "Commercial support is available at\n"
  "<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n"
  "<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

static gboolean
apply_fault (CircletTestServer *self,
             SoupServerMessage *msg,
             const char        *path,
             Fault             *fault)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  g_autofree char *location = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint64 number = 0;

  switch (fault->kind)
    {
    case CIRCLET_FAULT_NONE:
      return FALSE;
    case CIRCLET_FAULT_STATUS:
      respond_status_fault (msg, fault->arg);
      return TRUE;
    case CIRCLET_FAULT_RETRY_AFTER:
      if (fault->arg != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", fault->arg);
      _circlet_test_server_respond_json (msg, 429,
                                         "{\"error\":\"rate_limit_exceeded\","
                                         "\"message\":\"Too many requests\"}");
      return TRUE;
    case CIRCLET_FAULT_MALFORMED_JSON:
      _circlet_test_server_respond_json (msg, SOUP_STATUS_OK, "[{\"id\": \"x\", \"na");
      return TRUE;
    case CIRCLET_FAULT_HTML:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        html_page, sizeof html_page - 1);
      return TRUE;
    case CIRCLET_FAULT_HUGE_BODY:
      if (fault->arg == NULL ||
          !g_ascii_string_to_unsigned (fault->arg, 10, 0, G_MAXSIZE / 2, &number, NULL))
        number = 1024 * 1024;
      bytes = circlet_test_data_huge_body ((gsize) number);
      _circlet_test_server_respond_bytes (msg, "application/json", bytes);
      return TRUE;
    case CIRCLET_FAULT_DROP:
      hold_message (self, msg, path, fault->kind, 0);
      return TRUE;
    case CIRCLET_FAULT_REDIRECT:
      location = g_strconcat (self->target_url, path, query ? "?" : "", query ? query : "", NULL);
      respond_redirect (msg, location);
      return TRUE;
    case CIRCLET_FAULT_SAME_ORIGIN_REDIRECT:
      location = g_strconcat (self->url, path, "?", query ? query : "", query ? "&" : "",
                              "redirected=1", NULL);
      respond_redirect (msg, location);
      return TRUE;
    case CIRCLET_FAULT_LATENCY:
      if (fault->arg != NULL)
        g_ascii_string_to_unsigned (fault->arg, 10, 0, G_MAXUINT, &number, NULL);
      hold_message (self, msg, path, fault->kind, (guint) number);
      return TRUE;
    case CIRCLET_FAULT_UNAUTHORIZED:
      _circlet_test_server_respond_unauthorized (msg);
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * circlet_test_server_inject:
 * @path_prefix: a path prefix; a missing leading "/" is added, "" or "/"
 *   matches everything
 * @times: how many requests get the fault; < 0 until cleared; 0 does nothing
 * @arg: (nullable): see #CircletFaultKind
 *
 * Faults for one prefix queue in order.  When several prefixes match a
 * request, the longest one with a queued fault applies.
 */
void
circlet_test_server_inject (CircletTestServer *self,
                            const char        *path_prefix,
                            CircletFaultKind   kind,
                            int                times,
                            const char        *arg)
{
  g_autofree char *prefix = NULL;
  GQueue *queue;
  Fault *fault;

  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));
  g_return_if_fail (path_prefix != NULL);

  if (times == 0 || kind == CIRCLET_FAULT_NONE)
    return;
  prefix = path_prefix[0] == '/' ? g_strdup (path_prefix) : g_strconcat ("/", path_prefix, NULL);
  queue = g_hash_table_lookup (self->faults, prefix);
  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (self->faults, g_steal_pointer (&prefix), queue);
    }
  fault = g_new0 (Fault, 1);
  fault->kind = kind;
  fault->times = times;
  fault->arg = g_strdup (arg);
  g_queue_push_tail (queue, fault);
}

void
circlet_test_server_clear_faults (CircletTestServer *self)
{
  g_return_if_fail (CIRCLET_IS_TEST_SERVER (self));

  g_hash_table_remove_all (self->faults);
}

/* Returns TRUE when a fault took over the answer. */
gboolean
_circlet_test_server_apply_fault (CircletTestServer *self,
                                  SoupServerMessage *msg,
                                  const char        *path)
{
  Fault *fault = take_fault (self, path);
  gboolean handled;

  if (fault == NULL)
    return FALSE;
  handled = apply_fault (self, msg, path, fault);
  fault_free (fault);
  return handled;
}

void
_circlet_test_server_drop_pending (CircletTestServer *self)
{
  g_list_free_full (g_steal_pointer (&self->pending), (GDestroyNotify) pending_free);
}
