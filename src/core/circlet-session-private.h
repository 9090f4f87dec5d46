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

/*
 * For tests only (reliability #12). Sets the seconds after which a request
 * whose server has sent nothing fails with G_IO_ERROR_TIMED_OUT (60 by
 * default), so that a test can play a server that never answers. Call it
 * before the session's first request.
 */
void _circlet_session_set_io_timeout    (CircletSession *self,
                                         guint           seconds);

/* A worker thread's GET with the session token cached in the keyring, for
 * a head start while the main thread is busy (circlet_api_prefetch_list()).
 * Made and adopted on the session's thread; run on any one thread. */
typedef struct _CircletWarmGet CircletWarmGet;

CircletWarmGet *_circlet_session_warm_get_new   (CircletSession  *self,
                                                 CircletAccount  *account,
                                                 const char      *path,
                                                 GError         **error);
GBytes         *_circlet_warm_get_run           (CircletWarmGet  *get,
                                                 GCancellable    *cancellable,
                                                 GError         **error);
void            _circlet_session_warm_get_adopt (CircletSession  *self,
                                                 CircletWarmGet  *get);
void            _circlet_warm_get_free          (CircletWarmGet  *get);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CircletWarmGet, _circlet_warm_get_free)

G_END_DECLS
