/* circlet-testing-group.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_TESTING_GROUP (circlet_testing_group_get_type ())

/**
 * CircletTestingGroup:
 *
 * A testing group (`distribution/v2/testing-groups`). The list carries only
 * the id and the name; the dates come with a group's detail.
 */
G_DECLARE_FINAL_TYPE (CircletTestingGroup, circlet_testing_group, CIRCLET, TESTING_GROUP, CircletItem)

GDateTime  *circlet_testing_group_get_create_date (CircletTestingGroup *self);
GDateTime  *circlet_testing_group_get_update_date (CircletTestingGroup *self);

G_END_DECLS
