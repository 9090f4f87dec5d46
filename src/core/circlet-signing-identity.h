/* circlet-signing-identity.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

typedef enum
{
  CIRCLET_SIGNING_KIND_CERTIFICATE,
  CIRCLET_SIGNING_KIND_KEYSTORE,
  CIRCLET_SIGNING_KIND_PROVISIONING_PROFILE,
} CircletSigningKind;

typedef enum
{
  CIRCLET_EXPIRY_STATE_NONE,      /* no expiry date */
  CIRCLET_EXPIRY_STATE_VALID,
  CIRCLET_EXPIRY_STATE_EXPIRING,  /* within CIRCLET_EXPIRY_WARNING_DAYS */
  CIRCLET_EXPIRY_STATE_EXPIRED,
} CircletExpiryState;

#define CIRCLET_EXPIRY_WARNING_DAYS 30

#define CIRCLET_TYPE_SIGNING_IDENTITY (circlet_signing_identity_get_type ())

/**
 * CircletSigningIdentity:
 *
 * A certificate (P12), keystore or provisioning profile
 * (`signing-identity/v2/…`); #CircletSigningIdentity:kind says which.
 * #CircletSigningIdentity:expiry-state is computed against the time the
 * list was read.
 */
G_DECLARE_FINAL_TYPE (CircletSigningIdentity, circlet_signing_identity, CIRCLET, SIGNING_IDENTITY, CircletItem)

CircletSigningKind circlet_signing_identity_get_kind             (CircletSigningIdentity *self);
const char        *circlet_signing_identity_get_filename         (CircletSigningIdentity *self);
const char        *circlet_signing_identity_get_alias            (CircletSigningIdentity *self);
const char        *circlet_signing_identity_get_app_id           (CircletSigningIdentity *self);
int                circlet_signing_identity_get_store_type       (CircletSigningIdentity *self);
const char        *circlet_signing_identity_get_store_type_label (CircletSigningIdentity *self);
gboolean           circlet_signing_identity_get_has_certificate  (CircletSigningIdentity *self);
GDateTime         *circlet_signing_identity_get_expire_date      (CircletSigningIdentity *self);
GDateTime         *circlet_signing_identity_get_create_date      (CircletSigningIdentity *self);
GDateTime         *circlet_signing_identity_get_update_date      (CircletSigningIdentity *self);
CircletExpiryState circlet_signing_identity_get_expiry_state     (CircletSigningIdentity *self);
int                circlet_signing_identity_get_days_left    (CircletSigningIdentity *self);

G_END_DECLS
