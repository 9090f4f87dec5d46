/* circlet-organization.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_ORGANIZATION (circlet_organization_get_type ())

/**
 * CircletOrganization:
 *
 * An organization or sub-organization (`identity/v1/organizations`).
 */
G_DECLARE_FINAL_TYPE (CircletOrganization, circlet_organization, CIRCLET, ORGANIZATION, CircletItem)

const char  *circlet_organization_get_given_id               (CircletOrganization *self);
gboolean     circlet_organization_get_sso_enabled            (CircletOrganization *self);
gboolean     circlet_organization_get_disabled               (CircletOrganization *self);
GDateTime   *circlet_organization_get_created_date           (CircletOrganization *self);
const char  *circlet_organization_get_root_organization_id   (CircletOrganization *self);
const char  *circlet_organization_get_root_organization_name (CircletOrganization *self);
gboolean     circlet_organization_get_is_sub_organization    (CircletOrganization *self);

G_END_DECLS
