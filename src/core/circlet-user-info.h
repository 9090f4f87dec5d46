/* circlet-user-info.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CIRCLET_TYPE_USER_INFO (circlet_user_info_get_type ())

/**
 * CircletUserInfo:
 *
 * Who the session token belongs to, from the auth host's OpenID Connect
 * userinfo endpoint. Every field may be %NULL: only currentOrganizationId is
 * read by an official client, the rest is Keycloak's usual claims.
 */
G_DECLARE_FINAL_TYPE (CircletUserInfo, circlet_user_info, CIRCLET, USER_INFO, GObject)

const char *circlet_user_info_get_sub                     (CircletUserInfo *self);
const char *circlet_user_info_get_email                   (CircletUserInfo *self);
const char *circlet_user_info_get_name                    (CircletUserInfo *self);
const char *circlet_user_info_get_current_organization_id (CircletUserInfo *self);

G_END_DECLS
