/* circlet-test-server-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-test-server.h"

G_BEGIN_DECLS

/* CircletTestServer is split by concern: circlet-test-server.c (lifecycle,
 * routing, accounting), circlet-test-auth.c (token exchange and tokens),
 * circlet-test-faults.c (fault injection) and circlet-test-control.c
 * (the /_control routes).  They share the instance struct. */

typedef struct
{
  char   *org_id;
  gint64  expires_at;        /* unix seconds, checked even without an exp claim */
} Token;

struct _CircletTestServer
{
  GObject       parent_instance;

  GMainContext *context;
  SoupServer   *server;
  SoupServer   *target;              /* the other origin for CIRCLET_FAULT_REDIRECT */
  char         *url;
  char         *target_url;
  char         *key;
  char         *root_org_id;
  char         *user_id;

  GHashTable   *keys;                /* key → GINT_TO_POINTER (revoked) */
  GHashTable   *tokens;              /* access token → Token */
  GPtrArray    *issued;              /* every access token ever issued, expired ones too */
  GHashTable   *faults;              /* path prefix → GQueue of Fault */
  GHashTable   *counts;              /* path → GUINT_TO_POINTER (count) */
  GHashTable   *last_auth;           /* path → Authorization or NULL */
  GHashTable   *cache;               /* "list:n_items" → GBytes */
  GHashTable   *last_form;
  char         *last_exchange_path;
  char         *target_auth;
  GList        *pending;             /* messages held back by a fault */

  gint64        created;             /* unix seconds: "now" for relative dates */
  guint64       jti;
  guint         n_items;
  guint         revoke_status;
  int           token_lifetime;
  guint         exchanges;
  guint         connections;
  guint         target_requests;
  guint         jwt_with_exp : 1;
  guint         with_expires_in : 1;
  guint         v3_enabled : 1;
};

static inline gint64
_circlet_test_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* circlet-test-server.c */
void        _circlet_test_server_serve                (CircletTestServer *self,
                                                       SoupServerMessage *msg,
                                                       const char        *path,
                                                       gboolean           skip_auth);
void        _circlet_test_server_respond_json         (SoupServerMessage *msg,
                                                       guint              status,
                                                       const char        *json);
void        _circlet_test_server_respond_bytes        (SoupServerMessage *msg,
                                                       const char        *content_type,
                                                       GBytes            *bytes);
void        _circlet_test_server_respond_unauthorized (SoupServerMessage *msg);

/* circlet-test-auth.c */
char       *_circlet_test_generate_key                (void);
void        _circlet_test_token_free                  (gpointer           data);
gboolean    _circlet_test_is_form                     (SoupServerMessage *msg);
GHashTable *_circlet_test_decode_form                 (SoupServerMessage *msg);
void        _circlet_test_server_serve_exchange       (CircletTestServer *self,
                                                       SoupServerMessage *msg,
                                                       const char        *path);
Token      *_circlet_test_server_lookup_bearer        (CircletTestServer *self,
                                                       SoupServerMessage *msg);

/* circlet-test-faults.c */
void        _circlet_test_fault_queue_free            (gpointer           data);
gboolean    _circlet_test_server_apply_fault          (CircletTestServer *self,
                                                       SoupServerMessage *msg,
                                                       const char        *path);
void        _circlet_test_server_drop_pending         (CircletTestServer *self);

/* circlet-test-control.c */
void        _circlet_test_server_handle_control       (CircletTestServer *self,
                                                       SoupServerMessage *msg,
                                                       const char        *path);

G_END_DECLS
