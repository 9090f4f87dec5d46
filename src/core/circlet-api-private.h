/* circlet-api-private.h
 *
 * What circlet-api.c and circlet-api-prefetch.c share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-api.h"

G_BEGIN_DECLS

char     *_circlet_api_dup_host_name (CircletAccount  *account,
                                      CircletHost      host);
void      _circlet_api_list_send     (GTask           *task);
gboolean  _circlet_api_take_prefetch (CircletSession  *session,
                                      CircletAccount  *account,
                                      CircletResource  resource,
                                      GTask           *task);

G_END_DECLS
