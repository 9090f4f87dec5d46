/* circlet-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CIRCLET_ERROR (circlet_error_quark ())

/**
 * CircletError:
 *
 * The one error domain of Circlet. The UI and the command line switch on
 * these codes, never on HTTP status numbers or foreign error domains.
 */
typedef enum
{
  CIRCLET_ERROR_FAILED,
  CIRCLET_ERROR_INVALID_INPUT,        /* a malformed key, host or date typed by the user */
  CIRCLET_ERROR_INSECURE,             /* plain http where it is not allowed */
  CIRCLET_ERROR_KEY_REVOKED,          /* the exchange was refused: key deleted, expired or wrong */
  CIRCLET_ERROR_UNAUTHORIZED,         /* the API refused a fresh session token */
  CIRCLET_ERROR_FORBIDDEN,            /* the user lacks a role for this call */
  CIRCLET_ERROR_NOT_FOUND,
  CIRCLET_ERROR_RATE_LIMITED,
  CIRCLET_ERROR_SERVER,               /* 5xx after the retries */
  CIRCLET_ERROR_NETWORK,              /* host not found, refused, reset, timed out */
  CIRCLET_ERROR_TLS,                  /* certificate not trusted, wrong host, expired */
  CIRCLET_ERROR_NOT_APPCIRCLE,        /* HTML or other non-JSON from a wrong host */
  CIRCLET_ERROR_BAD_RESPONSE,         /* JSON that is malformed or of the wrong shape */
  CIRCLET_ERROR_TOO_LARGE,            /* a body above the size cap */
  CIRCLET_ERROR_KEYRING_LOCKED,
  CIRCLET_ERROR_KEYRING_UNAVAILABLE,
  CIRCLET_ERROR_KEYRING_TIMEOUT,
  CIRCLET_ERROR_KEY_NOT_FOUND,        /* the account exists but its key is not in the keyring */
  CIRCLET_ERROR_ACCOUNT_NOT_FOUND,
  CIRCLET_ERROR_ACCOUNT_EXISTS,
  CIRCLET_ERROR_CONFIG_DAMAGED,
} CircletError;

GQuark      circlet_error_quark          (void);
gboolean    circlet_error_is_keyring     (const GError *error);
gboolean    circlet_error_is_transient   (const GError *error);
char       *circlet_error_describe_body  (GBytes       *body);
void        circlet_error_set_from_http  (GError      **error,
                                          guint         status,
                                          const char   *reason,
                                          const char   *host,
                                          GBytes       *body);
void        circlet_error_set_from_transport (GError      **error,
                                              const GError *transport_error,
                                              const char   *host);

G_END_DECLS
