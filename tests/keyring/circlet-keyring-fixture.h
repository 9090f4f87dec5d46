/* circlet-keyring-fixture.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A throw-away keyring for one test process, and for the processes it
 * starts. Call circlet_keyring_fixture_setup() first thing in main(),
 * before gtk_init(), g_test_run() or anything that reads HOME, the XDG
 * directories or the session bus: GLib caches all of them on first use.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CIRCLET_KEYRING_GNOME,        /* real gnome-keyring-daemon on a private bus, unlocked */
  CIRCLET_KEYRING_GNOME_LOCKED, /* the same daemon started without unlocking its existing login
                                   keyring; no prompter exists, so every unlock fails at once */
  CIRCLET_KEYRING_FILE,         /* libsecret's file backend (the Flatpak path), and a private
                                   bus without any Secret Service */
  CIRCLET_KEYRING_NONE,         /* a private bus with no Secret Service at all */
  CIRCLET_KEYRING_HANGING,      /* a private bus where org.freedesktop.secrets never answers */
} CircletKeyringKind;

/* CIRCLET_TEST_KEYRING=gnome|gnome-locked|file|none|hanging; gnome when unset. */
CircletKeyringKind  circlet_keyring_kind_from_env       (void);
const char         *circlet_keyring_kind_to_string      (CircletKeyringKind kind);

/* Once per process. Makes a temporary HOME with XDG_DATA_HOME, XDG_CONFIG_HOME,
 * XDG_CACHE_HOME and XDG_RUNTIME_DIR inside it, starts a private session bus
 * and the keyring of @kind, and exports all of it in the environment so that
 * child processes (circlet-cli under test) use the same keyring. Keeps DISPLAY. */
void                circlet_keyring_fixture_setup       (CircletKeyringKind kind);

/* Stops the daemon and the bus and deletes the temporary HOME. */
void                circlet_keyring_fixture_teardown    (void);

CircletKeyringKind  circlet_keyring_fixture_get_kind    (void);

/* The temporary HOME: scan every file below it for leaked secrets. */
const char         *circlet_keyring_fixture_get_home    (void);

/* GNOME kinds: kills the daemon, as when the keyring goes away mid-run.
 * Returns once the bus has seen it go. */
void                circlet_keyring_fixture_kill_daemon (void);

/* GNOME kinds: locks the default collection, as a screen lock would, or
 * unlocks it with the fixture's password without any prompt. Lets a test
 * put items into a keyring and then find it locked. */
void                circlet_keyring_fixture_set_locked  (gboolean locked);

G_END_DECLS
