/* circlet-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "circlet-error.h"
#include "circlet-http-private.h"

/*
 * The transport under CircletSession: sending a message and reading its
 * body with a size cap, trusting an account's own CA, sleeping between
 * retries, reading Retry-After. Nothing here knows accounts or tokens.
 */

/* Sleeping, cancellably {{{1 */

typedef struct
{
  guint  source;
  gulong cancelled_id;
} Sleep;

static void
sleep_free (Sleep *sleep)
{
  g_clear_handle_id (&sleep->source, g_source_remove);
  g_free (sleep);
}

static gboolean
sleep_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  Sleep *sleep = g_task_get_task_data (task);

  sleep->source = 0;
  g_cancellable_disconnect (g_task_get_cancellable (task), sleep->cancelled_id);
  sleep->cancelled_id = 0;
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static gboolean
sleep_cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  Sleep *sleep = g_task_get_task_data (task);

  if (sleep->source != 0)
    {
      g_clear_handle_id (&sleep->source, g_source_remove);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);   /* the timeout's reference */
    }

  return G_SOURCE_REMOVE;
}

static void
sleep_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  /* "cancelled" may run inside g_cancellable_cancel() of any caller; finish
   * from the main loop instead of re-entering it. */
  g_idle_add_full (G_PRIORITY_DEFAULT, sleep_cancelled_idle_cb,
                   g_object_ref (user_data), g_object_unref);
}

void
circlet_http_sleep_async (guint                delay_ms,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Sleep *sleep = g_new0 (Sleep, 1);

  g_task_set_source_tag (task, circlet_http_sleep_async);
  g_task_set_task_data (task, sleep, (GDestroyNotify) sleep_free);
  sleep->source = g_timeout_add (delay_ms, sleep_done_cb, task);
  if (cancellable != NULL)
    sleep->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (sleep_cancelled_cb), task, NULL);
}

gboolean
circlet_http_sleep_finish (GAsyncResult  *result,
              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reading bodies with a cap {{{1 */

/* Every read has at least this much room: libsoup's chunked decoding
 * cannot read into a few bytes. */
#define READ_MIN_ROOM (16 * 1024)

/* Announced bodies from this size on are prefaulted, see prefault(). */
#define PREFAULT_MIN_SIZE (1024 * 1024)

typedef struct
{
  GInputStream *stream;
  guint8       *data;
  gsize         len;     /* read so far */
  gsize         size;    /* allocated */
  gsize         limit;
} ReadBody;

static void
read_body_free (ReadBody *read_body)
{
  g_clear_object (&read_body->stream);
  g_free (read_body->data);
  g_free (read_body);
}

static void read_body_next (GTask *task);

static void
return_too_large (GTask *task,
                  gsize  limit)
{
  g_autofree char *size = g_format_size (limit);

  g_task_return_new_error (task, CIRCLET_ERROR, CIRCLET_ERROR_TOO_LARGE,
                           _("The server sent more than %s of data, more than Circlet reads at once. Ask your Appcircle administrator, or raise the limit."),
                           size);
}

static void
read_body_chunk_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadBody *read_body = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n_read < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  if (n_read == 0)
    {
      g_task_return_pointer (task,
                             g_bytes_new_take (g_steal_pointer (&read_body->data), read_body->len),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  read_body->len += n_read;
  if (read_body->len > read_body->limit)
    {
      return_too_large (task, read_body->limit);
      return;
    }

  read_body_next (g_steal_pointer (&task));
}

/* The most a body's buffer takes: a read past the limit shows that the
 * body is too large. */
static gsize
read_body_cap (ReadBody *read_body)
{
  return read_body->limit <= G_MAXSIZE - READ_MIN_ROOM ? read_body->limit + READ_MIN_ROOM : G_MAXSIZE;
}

/* Reads straight into the body's buffer: a chunk of its own for each read,
 * copied and freed, cost as much as the network for 3 MB of JSON. Without
 * an announced size the buffer doubles, up to the cap. */
static void
read_body_next (GTask *task)
{
  ReadBody *read_body = g_task_get_task_data (task);

  if (read_body->size - read_body->len < READ_MIN_ROOM)
    {
      gsize cap = read_body_cap (read_body);
      gsize size = read_body->size < cap / 2 ? read_body->size * 2 : cap;

      /* len is within the limit here, so this stays within the cap. */
      read_body->size = MAX (size, read_body->len + READ_MIN_ROOM);
      read_body->data = g_realloc (read_body->data, read_body->size);
    }

  g_input_stream_read_async (read_body->stream,
                             read_body->data + read_body->len,
                             MIN (read_body->size - read_body->len, G_MAXSSIZE),
                             G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task),
                             read_body_chunk_cb,
                             task);
}

/* The reads will write every page of an announced body. Faulting them in
 * one by one as the data lands cost 11–13 ms for 3.3 MB on the benchmark's
 * VMs, where a first touch of a page is expensive; one madvise() that
 * populates them all costs about half. Where the kernel (before 5.14) or
 * the libc do not know MADV_POPULATE_WRITE, the pages fault in as before. */
static void
prefault (guint8 *data,
          gsize   size)
{
#ifdef MADV_POPULATE_WRITE
  guintptr page = sysconf (_SC_PAGESIZE);
  guintptr start = ((guintptr) data + page - 1) & ~(page - 1);
  guintptr stop = ((guintptr) data + size) & ~(page - 1);

  if (stop > start)
    madvise ((void *) start, stop - start, MADV_POPULATE_WRITE);
#endif
}

static void
read_body_async (GInputStream        *stream,
                 goffset              content_length,
                 gsize                limit,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);
  ReadBody *read_body = g_new0 (ReadBody, 1);

  g_task_set_source_tag (task, read_body_async);
  g_task_set_task_data (task, read_body, (GDestroyNotify) read_body_free);
  read_body->stream = g_object_ref (stream);
  read_body->limit = limit;

  /* Refuse before reading when the server announces the size. */
  if (content_length > 0 && (guint64) content_length > limit)
    {
      return_too_large (task, limit);
      return;
    }

  /* The announced size, and room for the read that finds the end. */
  read_body->size = content_length > 0 ? (gsize) content_length + READ_MIN_ROOM : READ_MIN_ROOM;
  read_body->data = g_malloc (read_body->size);
  if (content_length >= PREFAULT_MIN_SIZE)
    prefault (read_body->data, content_length);
  read_body_next (g_steal_pointer (&task));
}

static GBytes *
read_body_finish (GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sending {{{1 */

/* A self-hosted server's own CA, trusted through the account's CA file only:
 * the system database has already refused the certificate when this runs,
 * and nothing else can make it acceptable. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTlsDatabase *ca_database = user_data;
  g_autoptr(GSocketConnectable) identity = NULL;
  GTlsCertificateFlags flags;

  if (ca_database == NULL)
    return FALSE;

  identity = g_network_address_new (g_uri_get_host (soup_message_get_uri (msg)),
                                    g_uri_get_port (soup_message_get_uri (msg)));
  flags = g_tls_database_verify_chain (ca_database, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                       NULL, NULL);
  return flags == 0;
}

static void
release_ca_database (gpointer  data,
                     GClosure *closure)
{
  g_clear_object (&data);
}

typedef struct
{
  SoupMessage *msg;
  gsize        limit;
} Send;

static void
send_free (Send *send)
{
  g_clear_object (&send->msg);
  g_free (send);
}

static void
send_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GBytes *body;

  body = read_body_finish (result, &error);
  if (body == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  guint status;
  gsize limit;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (send->msg);
  limit = SOUP_STATUS_IS_SUCCESSFUL (status) ? send->limit : CIRCLET_HTTP_MAX_ERROR_BODY_SIZE;

  cancellable = g_task_get_cancellable (task);
  read_body_async (stream,
                   soup_message_headers_get_content_length (soup_message_get_response_headers (send->msg)),
                   limit,
                   cancellable,
                   send_read_cb,
                   g_steal_pointer (&task));
}

static void
trust_own_ca (SoupMessage  *msg,
              GTlsDatabase *ca_database)
{
  g_signal_connect_data (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb),
                         ca_database ? g_object_ref (ca_database) : NULL,
                         release_ca_database, 0);
}

/**
 * circlet_http_preconnect:
 * @soup: the process's session
 * @uri: where a request will go
 * @has_own_ca: whether the account names a CA file
 * @ca_database: (nullable): that file, when it could be read
 * @cancellable: (nullable): a #GCancellable
 *
 * Opens the connection (TCP and TLS) ahead of the request, so that it
 * overlaps with getting the token; the request then finds it idle.
 */
void
circlet_http_preconnect (SoupSession  *soup,
                         GUri         *uri,
                         gboolean      has_own_ca,
                         GTlsDatabase *ca_database,
                         GCancellable *cancellable)
{
  g_autoptr(SoupMessage) msg = soup_message_new_from_uri ("GET", uri);

  if (has_own_ca)
    trust_own_ca (msg, ca_database);
  soup_session_preconnect_async (soup, msg, G_PRIORITY_DEFAULT, cancellable, NULL, NULL);
}

/**
 * circlet_http_send_async:
 * @soup: the process's session
 * @msg: the message; redirects are left to the caller
 * @limit: the largest successful body read, in bytes
 * @has_own_ca: whether the account names a CA file
 * @ca_database: (nullable): that file, when it could be read
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the body
 * @user_data: data for @callback
 *
 * Sends @msg asking for JSON and reads its body whatever the status, at most
 * @limit bytes for a success and a little for an error. The status is on
 * @msg; transport errors are GIO's, for the caller to map.
 */
void
circlet_http_send_async (SoupSession         *soup,
                         SoupMessage         *msg,
                         gsize                limit,
                         gboolean             has_own_ca,
                         GTlsDatabase        *ca_database,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Send *send = g_new0 (Send, 1);

  g_task_set_source_tag (task, circlet_http_send_async);
  g_task_set_task_data (task, send, (GDestroyNotify) send_free);
  send->msg = g_object_ref (msg);
  send->limit = limit;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (has_own_ca)
    trust_own_ca (msg, ca_database);

  soup_session_send_async (soup, msg, G_PRIORITY_DEFAULT, cancellable, send_cb, task);
}

/**
 * circlet_http_send_finish:
 *
 * Returns: (transfer full): the body, or %NULL
 */
GBytes *
circlet_http_send_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Retries {{{1 */

/* Failures a later attempt may not meet: the connection, not the request. */
gboolean
circlet_http_is_retryable_error (const GError *error)
{
  return error->domain == G_IO_ERROR &&
         (error->code == G_IO_ERROR_CONNECTION_CLOSED ||
          error->code == G_IO_ERROR_BROKEN_PIPE ||
          error->code == G_IO_ERROR_TIMED_OUT ||
          error->code == G_IO_ERROR_CONNECTION_REFUSED ||
          error->code == G_IO_ERROR_PARTIAL_INPUT ||
          error->code == G_IO_ERROR_NOT_CONNECTED);
}

/**
 * circlet_http_parse_retry_after:
 * @value: (nullable): a Retry-After header: seconds, or an HTTP date
 * @now_unix: the current time
 *
 * Returns: seconds to wait, or -1 when @value is absent or unreadable
 */
gint64
circlet_http_parse_retry_after (const char *value,
                                gint64      now_unix)
{
  g_autoptr(GDateTime) date = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &seconds, NULL))
    return seconds;

  date = soup_date_time_new_from_http_string (value);
  if (date != NULL)
    return MAX (0, g_date_time_to_unix (date) - now_unix);

  return -1;
}
