/* circlet-http-log.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void     circlet_http_log_attach       (SoupSession *soup);
gboolean circlet_http_log_is_exchange  (SoupMessage *msg);
char    *circlet_http_log_redact_line  (const char  *line);

G_END_DECLS
