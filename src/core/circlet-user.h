/* circlet-user.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_USER (circlet_user_get_type ())

/**
 * CircletUser:
 *
 * A member of an organization (`identity/v1/organizations/{id}/users`). Its
 * name is the full name, else the user name, else the e-mail address.
 */
G_DECLARE_FINAL_TYPE (CircletUser, circlet_user, CIRCLET, USER, CircletItem)

const char  *circlet_user_get_username  (CircletUser *self);
const char  *circlet_user_get_email     (CircletUser *self);
const char  *circlet_user_get_full_name (CircletUser *self);

G_END_DECLS
