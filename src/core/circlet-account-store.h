/* circlet-account-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-account.h"

G_BEGIN_DECLS

/*
 * CircletAccountStore: the list of organizations, as a GListModel of
 * CircletAccount sorted by label (case-insensitively, in the collation of
 * the locale; a rename moves the account), persisted in one key file.
 *
 * The file holds only non-secret metadata; keys stay in the keyring.
 *
 * Who saves: add(), remove() and changes to an account only change memory;
 * the caller saves, once, after the keyring step of the same operation has
 * succeeded. save() first checks that the file it writes would load again
 * (no blank or duplicate label), so Circlet never writes a file that it
 * would itself call damaged.
 *
 * Damaged file policy. When load() meets a file that does not parse or
 * holds an invalid organization, it:
 *   - copies the bytes it read to "<path>.damaged-YYYYMMDD-HHMMSS" (an
 *     existing copy is never overwritten; an identical earlier copy is
 *     reused rather than adding one per start);
 *   - leaves the file itself and the accounts in memory untouched (empty on
 *     the first load, the last good list on a reload), so the app keeps
 *     working with what it knew;
 *   - fails with CIRCLET_ERROR_CONFIG_DAMAGED naming the file and the copy;
 *   - and from then on save() refuses with CIRCLET_ERROR_CONFIG_DAMAGED.
 * The user may mend the file by hand (a typo is the likely cause), and the
 * next successful load() lifts the refusal. Only an explicit
 * circlet_account_store_reset_damaged(), behind a "Start over" button,
 * lets save() replace the file with the list in memory. Why not start
 * fresh at once: an automatic save after, say, adding one organization
 * would replace a file that was probably one character away from working,
 * and the user would have to find and merge the copy by hand.
 * A file written by a newer Circlet (version > 1) and a file that cannot be
 * read at all (permissions) block save() in the same way, without a copy.
 *
 * load() is also a reload: accounts whose id is still in the file keep
 * their object (their properties are updated, with notifications), and one
 * items-changed covers the range that differs, so bindings survive another
 * process (the CLI) writing the file. circlet_account_store_watch() does
 * that by itself when the file changes.
 *
 * Two processes saving at the same moment: the last save wins. The app
 * watches the file, so this needs two writes within a fraction of a second.
 */

#define CIRCLET_TYPE_ACCOUNT_STORE (circlet_account_store_get_type ())

G_DECLARE_FINAL_TYPE (CircletAccountStore, circlet_account_store, CIRCLET, ACCOUNT_STORE, GObject)

CircletAccountStore *circlet_account_store_new          (const char           *path);
const char          *circlet_account_store_get_path     (CircletAccountStore  *self);
gboolean             circlet_account_store_load         (CircletAccountStore  *self,
                                                         GError              **error);
gboolean             circlet_account_store_save         (CircletAccountStore  *self,
                                                         GError              **error);
CircletAccount      *circlet_account_store_find         (CircletAccountStore  *self,
                                                         const char           *label_or_id);
CircletAccount      *circlet_account_store_resolve      (CircletAccountStore  *self,
                                                         const char           *label_or_id,
                                                         GError              **error);
gboolean             circlet_account_store_add          (CircletAccountStore  *self,
                                                         CircletAccount       *account,
                                                         GError              **error);
gboolean             circlet_account_store_remove       (CircletAccountStore  *self,
                                                         CircletAccount       *account);

const char          *circlet_account_store_get_damaged_copy (CircletAccountStore  *self);
gboolean             circlet_account_store_is_save_blocked  (CircletAccountStore  *self);
gboolean             circlet_account_store_reset_damaged    (CircletAccountStore  *self,
                                                             GError              **error);
gboolean             circlet_account_store_watch            (CircletAccountStore  *self,
                                                             GError              **error);

G_END_DECLS
