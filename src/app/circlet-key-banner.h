/* circlet-key-banner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "circlet-account.h"

G_BEGIN_DECLS

#define CIRCLET_TYPE_KEY_BANNER (circlet_key_banner_get_type ())

G_DECLARE_FINAL_TYPE (CircletKeyBanner, circlet_key_banner, CIRCLET, KEY_BANNER, GtkWidget)

GtkWidget      *circlet_key_banner_new          (void);
CircletAccount *circlet_key_banner_get_account  (CircletKeyBanner *self);
void            circlet_key_banner_set_account  (CircletKeyBanner *self,
                                                 CircletAccount   *account);
gboolean        circlet_key_banner_get_revealed (CircletKeyBanner *self);
const char     *circlet_key_banner_get_message  (CircletKeyBanner *self);

G_END_DECLS
