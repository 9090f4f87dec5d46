/* circlet-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "circlet-account.h"
#include "circlet-key-store.h"

G_BEGIN_DECLS

#define CIRCLET_SESSION_DEFAULT_RENEW_MARGIN  (5 * 60)
#define CIRCLET_SESSION_DEFAULT_MAX_BODY_SIZE (64 * 1024 * 1024)

typedef enum
{
  CIRCLET_TOKEN_FLAGS_NONE           = 0,
  CIRCLET_TOKEN_FLAGS_FORCE_EXCHANGE = 1 << 0,  /* ignore every cached token and retry a revoked key */
} CircletTokenFlags;

typedef struct
{
  guint max_attempts;       /* including the first one */
  guint base_delay_ms;      /* the first backoff window */
  guint max_delay_ms;       /* the largest backoff window */
  guint max_total_ms;       /* give up rather than wait beyond this */
  guint max_retry_after_s;  /* a longer Retry-After is clamped to this */
} CircletRetryPolicy;

/* Which of an account's two hosts a GET goes to. */
typedef enum
{
  CIRCLET_HOST_API,
  CIRCLET_HOST_AUTH,   /* e.g. the OpenID Connect userinfo endpoint */
} CircletHost;

#define CIRCLET_TYPE_SESSION (circlet_session_get_type ())

G_DECLARE_FINAL_TYPE (CircletSession, circlet_session, CIRCLET, SESSION, GObject)

CircletSession  *circlet_session_new                (CircletKeyStore           *key_store);
CircletKeyStore *circlet_session_get_key_store      (CircletSession            *self);
guint            circlet_session_get_renew_margin   (CircletSession            *self);
void             circlet_session_set_renew_margin   (CircletSession            *self,
                                                     guint                      seconds);
gsize            circlet_session_get_max_body_size  (CircletSession            *self);
void             circlet_session_set_max_body_size  (CircletSession            *self,
                                                     gsize                      max_body_size);
gboolean         circlet_session_get_auto_renew     (CircletSession            *self);
void             circlet_session_set_auto_renew     (CircletSession            *self,
                                                     gboolean                   auto_renew);
void             circlet_session_get_retry_policy   (CircletSession            *self,
                                                     CircletRetryPolicy        *policy);
void             circlet_session_set_retry_policy   (CircletSession            *self,
                                                     const CircletRetryPolicy  *policy);

void             circlet_session_get_token_async    (CircletSession            *self,
                                                     CircletAccount            *account,
                                                     CircletTokenFlags          flags,
                                                     GCancellable              *cancellable,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data);
CircletSecret   *circlet_session_get_token_finish   (CircletSession            *self,
                                                     GAsyncResult              *result,
                                                     gint64                    *expires_at,
                                                     GError                   **error);
void             circlet_session_set_key_async      (CircletSession            *self,
                                                     CircletAccount            *account,
                                                     const char                *key,
                                                     gboolean                   verify,
                                                     GCancellable              *cancellable,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data);
gboolean         circlet_session_set_key_finish     (CircletSession            *self,
                                                     GAsyncResult              *result,
                                                     GError                   **error);
void             circlet_session_get_async          (CircletSession            *self,
                                                     CircletAccount            *account,
                                                     const char                *path,
                                                     GCancellable              *cancellable,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data);
void             circlet_session_get_full_async     (CircletSession            *self,
                                                     CircletAccount            *account,
                                                     CircletHost                host,
                                                     const char                *path,
                                                     GCancellable              *cancellable,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data);
GBytes          *circlet_session_get_finish         (CircletSession            *self,
                                                     GAsyncResult              *result,
                                                     GError                   **error);
void             circlet_session_forget             (CircletSession            *self,
                                                     CircletAccount            *account);

char            *circlet_normalize_key              (const char                *input,
                                                     GError                   **error);

G_END_DECLS
