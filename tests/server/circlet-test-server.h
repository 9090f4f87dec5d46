/* circlet-test-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What the next matching request gets instead of (or before) its normal
 * answer.  The nicks ("retry-after", "malformed-json", ...) are what
 * POST /_control/fault takes in its kind field. */
typedef enum
{
  CIRCLET_FAULT_NONE,
  CIRCLET_FAULT_STATUS,               /* arg: status as text ("503"); NULL: 500 */
  CIRCLET_FAULT_RETRY_AFTER,          /* 429; arg: Retry-After verbatim, NULL: no header */
  CIRCLET_FAULT_MALFORMED_JSON,       /* 200 application/json, truncated body */
  CIRCLET_FAULT_HTML,                 /* 200 text/html, a web server's default page */
  CIRCLET_FAULT_HUGE_BODY,            /* 200, a valid JSON array of at least arg bytes */
  CIRCLET_FAULT_DROP,                 /* connection closed without an answer */
  CIRCLET_FAULT_REDIRECT,             /* 302 to the same path on another origin */
  CIRCLET_FAULT_SAME_ORIGIN_REDIRECT, /* 302 to the same path + "redirected=1" */
  CIRCLET_FAULT_LATENCY,              /* normal answer after arg milliseconds */
  CIRCLET_FAULT_UNAUTHORIZED,         /* 401 {"message":"Unauthorized"} */
} CircletFaultKind;

/* The organizations list always holds the root organization and this many
 * sub-organizations, whatever the item count. */
#define CIRCLET_TEST_SERVER_N_SUB_ORGS 3

#define CIRCLET_TEST_SERVER_EMAIL "dev@example.com"

#define CIRCLET_TYPE_TEST_SERVER (circlet_test_server_get_type ())

G_DECLARE_FINAL_TYPE (CircletTestServer, circlet_test_server, CIRCLET, TEST_SERVER, GObject)

CircletTestServer *circlet_test_server_new                      (guint               n_items,
                                                                 GError            **error);
CircletTestServer *circlet_test_server_new_tls                  (guint               n_items,
                                                                 const char         *cert_file,
                                                                 const char         *key_file,
                                                                 GError            **error);
CircletTestServer *circlet_test_server_new_full                 (guint               port,
                                                                 guint               n_items,
                                                                 const char         *cert_file,
                                                                 const char         *key_file,
                                                                 GError            **error);
const char        *circlet_test_server_get_url                  (CircletTestServer  *self);
const char        *circlet_test_server_get_redirect_target_url  (CircletTestServer  *self);
const char        *circlet_test_server_get_key                  (CircletTestServer  *self);
void               circlet_test_server_add_key                  (CircletTestServer  *self,
                                                                 const char         *key);
void               circlet_test_server_revoke_key               (CircletTestServer  *self,
                                                                 const char         *key);
void               circlet_test_server_restore_key              (CircletTestServer  *self,
                                                                 const char         *key);
void               circlet_test_server_set_revoke_status        (CircletTestServer  *self,
                                                                 guint               status);
void               circlet_test_server_expire_sessions          (CircletTestServer  *self);
void               circlet_test_server_set_token_lifetime       (CircletTestServer  *self,
                                                                 int                 seconds);
void               circlet_test_server_set_token_style          (CircletTestServer  *self,
                                                                 gboolean            jwt_with_exp,
                                                                 gboolean            with_expires_in);
void               circlet_test_server_set_v3_enabled           (CircletTestServer  *self,
                                                                 gboolean            enabled);
void               circlet_test_server_set_items                (CircletTestServer  *self,
                                                                 guint               n_items);
guint              circlet_test_server_get_items                (CircletTestServer  *self);
void               circlet_test_server_inject                   (CircletTestServer  *self,
                                                                 const char         *path_prefix,
                                                                 CircletFaultKind    kind,
                                                                 int                 times,
                                                                 const char         *arg);
void               circlet_test_server_clear_faults             (CircletTestServer  *self);
guint              circlet_test_server_get_count                (CircletTestServer  *self,
                                                                 const char         *path);
guint              circlet_test_server_get_exchange_count       (CircletTestServer  *self);
guint              circlet_test_server_get_connection_count     (CircletTestServer  *self);
char             **circlet_test_server_dup_issued_tokens        (CircletTestServer  *self);
guint              circlet_test_server_get_redirect_target_count (CircletTestServer *self);
char              *circlet_test_server_dup_last_authorization   (CircletTestServer  *self,
                                                                 const char         *path);
char              *circlet_test_server_dup_redirect_target_authorization (CircletTestServer *self);
GHashTable        *circlet_test_server_dup_last_form            (CircletTestServer  *self);
const char        *circlet_test_server_get_last_exchange_path   (CircletTestServer  *self);
const char        *circlet_test_server_get_root_org_id          (CircletTestServer  *self);
char              *circlet_test_server_dup_sub_org_id           (CircletTestServer  *self,
                                                                 guint               index);
char              *circlet_test_server_dup_stats                (CircletTestServer  *self);

G_END_DECLS
