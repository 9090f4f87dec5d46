/* circlet-tester.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-item.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_TESTER (circlet_tester_get_type ())

/**
 * CircletTester:
 *
 * A tester of a testing group: an e-mail address, which is also its id and
 * its name (`testers` of `distribution/v2/testing-groups/{id}`).
 */
G_DECLARE_FINAL_TYPE (CircletTester, circlet_tester, CIRCLET, TESTER, CircletItem)

const char  *circlet_tester_get_email (CircletTester *self);

G_END_DECLS
