/* circlet-branch.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_BRANCH (circlet_branch_get_type ())

/**
 * CircletBranch:
 *
 * A branch of a build profile (`branches` of `build/v1/profiles/{id}`).
 */
G_DECLARE_FINAL_TYPE (CircletBranch, circlet_branch, CIRCLET, BRANCH, CircletItem)

GDateTime   *circlet_branch_get_last_build_date    (CircletBranch *self);
int          circlet_branch_get_build_status       (CircletBranch *self);
const char  *circlet_branch_get_build_status_label (CircletBranch *self);

G_END_DECLS
