/* circlet-test-server-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-test-server.h"

G_BEGIN_DECLS

/* Shared by circlet-test-server.c and circlet-test-control.c. */
void _circlet_test_server_respond_json    (SoupServerMessage *msg,
                                           guint              status,
                                           const char        *json);
void _circlet_test_server_handle_control  (CircletTestServer *self,
                                           SoupServerMessage *msg,
                                           const char        *path);

G_END_DECLS
