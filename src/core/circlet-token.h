/* circlet-token.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "circlet-key-store.h"

G_BEGIN_DECLS

/* Used when the server says nothing about a session's lifetime. */
#define CIRCLET_TOKEN_DEFAULT_LIFETIME (10 * 60)

/* Longer tokens are refused: no real session token comes close. */
#define CIRCLET_TOKEN_MAX_LENGTH (16 * 1024)

typedef struct
{
  CircletSecret *access_token;
  gint64         expires_at;        /* Unix seconds */
  char          *email;             /* nullable */
  char          *current_org_id;    /* nullable */
} CircletToken;

typedef struct
{
  gint64  exp;                      /* 0 when absent */
  char   *email;
  char   *current_org_id;
} CircletJwtClaims;

gboolean      circlet_jwt_read_claims         (const char        *token,
                                               CircletJwtClaims  *claims,
                                               GError           **error);
void          circlet_jwt_claims_clear        (CircletJwtClaims  *claims);
gboolean      circlet_token_is_wellformed     (const char        *token);
CircletToken *circlet_token_parse_response    (GBytes            *body,
                                               const char        *host,
                                               gint64             now_unix,
                                               GError           **error);
CircletToken *circlet_token_new_cached        (CircletSecret     *access_token,
                                               gint64             expires_at);
void          circlet_token_free              (CircletToken      *token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CircletToken, circlet_token_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CircletJwtClaims, circlet_jwt_claims_clear)

G_END_DECLS
