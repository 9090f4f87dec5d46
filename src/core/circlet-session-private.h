/* circlet-session-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-session.h"

G_BEGIN_DECLS

/*
 * For tests only (reliability #17). Shifts, for every session in the
 * process, the wall clock the session reads by @wall_s seconds and the
 * monotonic clock by @monotonic_s seconds, so that a test can play a wall
 * clock set back (the monotonic clock ran on) or a suspend (the wall clock
 * jumped, the monotonic clock stood still) without waiting an hour.
 * (0, 0) restores the real clocks.
 */
void _circlet_session_set_clock_offsets (gint64 wall_s,
                                         gint64 monotonic_s);

G_END_DECLS
