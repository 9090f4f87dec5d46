/* circlet-http-private.h: transport helpers of the session manager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Error bodies are only read for their message. */
#define CIRCLET_HTTP_MAX_ERROR_BODY_SIZE (64 * 1024)

void      circlet_http_send_async          (SoupSession          *soup,
                                            SoupMessage          *msg,
                                            gsize                 limit,
                                            gboolean              has_own_ca,
                                            GTlsDatabase         *ca_database,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
void      circlet_http_preconnect          (SoupSession          *soup,
                                            GUri                 *uri,
                                            gboolean              has_own_ca,
                                            GTlsDatabase         *ca_database,
                                            GCancellable         *cancellable);
GBytes   *circlet_http_send_finish         (GAsyncResult         *result,
                                            GError              **error);
void      circlet_http_sleep_async         (guint                 delay_ms,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  circlet_http_sleep_finish        (GAsyncResult         *result,
                                            GError              **error);
gint64    circlet_http_parse_retry_after   (const char           *value,
                                            gint64                now_unix);
gboolean  circlet_http_is_retryable_error  (const GError         *error);

G_END_DECLS
