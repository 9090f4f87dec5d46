/* circlet-keyring-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "circlet-keyring-fixture.h"

#define SECRETS_NAME         "org.freedesktop.secrets"
#define SECRETS_PATH         "/org/freedesktop/secrets"
#define SECRETS_IFACE        "org.freedesktop.Secret.Service"
#define GNOME_KEYRING_IFACE  "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"

/* Only protects throw-away test keyrings. */
#define KEYRING_PASSWORD     "circlet-test-keyring-password"

#define DAEMON_START_TIMEOUT_US (10 * G_USEC_PER_SEC)

static struct
{
  gboolean            active;
  CircletKeyringKind  kind;
  char               *home;
  GTestDBus          *bus;
  GPid                daemon_pid;
  GDBusConnection    *hang_connection;
} fixture;

static const char * const kind_names[] = {
  [CIRCLET_KEYRING_GNOME] = "gnome",
  [CIRCLET_KEYRING_GNOME_LOCKED] = "gnome-locked",
  [CIRCLET_KEYRING_FILE] = "file",
  [CIRCLET_KEYRING_NONE] = "none",
  [CIRCLET_KEYRING_HANGING] = "hanging",
};

const char *
circlet_keyring_kind_to_string (CircletKeyringKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

CircletKeyringKind
circlet_keyring_kind_from_env (void)
{
  const char *value = g_getenv ("CIRCLET_TEST_KEYRING");

  if (value == NULL || *value == '\0')
    return CIRCLET_KEYRING_GNOME;

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (value, kind_names[i]))
        return i;
    }

  g_error ("CIRCLET_TEST_KEYRING=%s: expected gnome, gnome-locked, file, none or hanging", value);
}

/* A connection of our own, so that nothing here touches the g_bus_get()
 * singleton the code under test uses. */
static GDBusConnection *
private_connection (void)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection;

  connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (fixture.bus),
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  return connection;
}

static gboolean
name_has_owner (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (connection,
                                       "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", SECRETS_NAME),
                                       G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

static void
wait_for_name (gboolean owned)
{
  g_autoptr(GDBusConnection) connection = private_connection ();
  gint64 deadline = g_get_monotonic_time () + DAEMON_START_TIMEOUT_US;

  while (name_has_owner (connection) != owned)
    {
      if (owned && fixture.daemon_pid != 0 &&
          waitpid (fixture.daemon_pid, NULL, WNOHANG) == fixture.daemon_pid)
        g_error ("gnome-keyring-daemon exited before it owned %s", SECRETS_NAME);
      if (g_get_monotonic_time () > deadline)
        g_error ("%s was not %s within 10 s", SECRETS_NAME, owned ? "owned" : "released");
      g_usleep (10 * 1000);
    }
}

/* With --unlock the daemon reads the login keyring's password from stdin,
 * up to EOF, and creates the keyring if there is none. Without it, the
 * login keyring stays locked, and since the private bus has no prompter
 * to activate, every unlock prompt fails at once instead of waiting for a
 * dialog nobody can see. */
static void
start_daemon (gboolean unlock)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = {
    "gnome-keyring-daemon", "--foreground", "--components=secrets",
    unlock ? "--unlock" : NULL, NULL
  };
  int stdin_fd = -1;

  g_assert (fixture.daemon_pid == 0);

  /* stdout carries the daemon's environment lines, which would break the
   * TAP stream of the test. */
  g_spawn_async_with_pipes (fixture.home, (char **) argv, NULL,
                            G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                            G_SPAWN_STDOUT_TO_DEV_NULL,
                            NULL, NULL, &fixture.daemon_pid,
                            unlock ? &stdin_fd : NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  if (unlock)
    {
      const char *password = KEYRING_PASSWORD;
      gsize len = strlen (password);

      g_assert_cmpint (write (stdin_fd, password, len), ==, (gssize) len);
      close (stdin_fd);
    }

  wait_for_name (TRUE);
}

static void
stop_daemon (void)
{
  if (fixture.daemon_pid == 0)
    return;

  kill (fixture.daemon_pid, SIGTERM);
  while (waitpid (fixture.daemon_pid, NULL, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (fixture.daemon_pid);
  fixture.daemon_pid = 0;

  wait_for_name (FALSE);
}

/* Runs on GDBus' worker thread, so it never depends on the main loop of
 * the test: every method call is swallowed and never answered. */
static GDBusMessage *
hang_filter (GDBusConnection *connection,
             GDBusMessage    *message,
             gboolean         incoming,
             gpointer         user_data)
{
  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      g_object_unref (message);
      return NULL;
    }

  return message;
}

static void
start_hanging_service (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 result = 0;

  fixture.hang_connection = private_connection ();
  g_dbus_connection_add_filter (fixture.hang_connection, hang_filter, NULL, NULL);

  reply = g_dbus_connection_call_sync (fixture.hang_connection,
                                       "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", SECRETS_NAME, 0x4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1 /* PRIMARY_OWNER */);
}

static void
make_dir (const char *path)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    g_error ("Cannot create %s: %s", path, g_strerror (errno));
}

static void
point_home_at (const char *home)
{
  static const struct { const char *var; const char *dir; } dirs[] = {
    { "XDG_DATA_HOME", ".local/share" },
    { "XDG_CONFIG_HOME", ".config" },
    { "XDG_CACHE_HOME", ".cache" },
    { "XDG_RUNTIME_DIR", "run" },
  };

  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (home, dirs[i].dir, NULL);

      make_dir (path);
      g_setenv (dirs[i].var, path, TRUE);
    }

  /* dconf would otherwise write below HOME, and the tests scan HOME. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  /* Nothing may reach a keyring other than the one chosen here. */
  g_unsetenv ("SECRET_BACKEND");
  g_unsetenv ("SECRET_FILE_TEST_PATH");
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");
  g_unsetenv ("GNOME_KEYRING_CONTROL");
}

void
circlet_keyring_fixture_setup (CircletKeyringKind kind)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autoptr(GError) error = NULL;

  g_assert (!fixture.active);
  g_assert (kind < G_N_ELEMENTS (kind_names));

  fixture.active = TRUE;
  fixture.kind = kind;
  fixture.home = g_dir_make_tmp ("circlet-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  point_home_at (fixture.home);

  /* g_test_dbus_up() unsets DISPLAY; the daemons started below must not
   * see it either, or an unlock would wait on an invisible prompt. */
  fixture.bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (fixture.bus);
  g_unsetenv ("DISPLAY");

  switch (kind)
    {
    case CIRCLET_KEYRING_GNOME:
      start_daemon (TRUE);
      break;

    case CIRCLET_KEYRING_GNOME_LOCKED:
      /* The first daemon creates the login keyring with our password; the
       * second finds it on disk and, not told to unlock, keeps it locked. */
      start_daemon (TRUE);
      stop_daemon ();
      start_daemon (FALSE);
      break;

    case CIRCLET_KEYRING_FILE:
      {
        g_autofree char *path = g_build_filename (fixture.home, ".local", "share",
                                                  "keyrings", "circlet-test.keyring", NULL);

        /* Inside Flatpak libsecret picks this backend by itself and gets
         * the password from the portal; these variables stand in for both. */
        g_setenv ("SECRET_BACKEND", "file", TRUE);
        g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
        g_setenv ("SECRET_FILE_TEST_PASSWORD", KEYRING_PASSWORD, TRUE);
      }
      break;

    case CIRCLET_KEYRING_NONE:
      break;

    case CIRCLET_KEYRING_HANGING:
      start_hanging_service ();
      break;

    default:
      g_assert_not_reached ();
    }

  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

void
circlet_keyring_fixture_teardown (void)
{
  g_assert (fixture.active);

  /* Drops libsecret's shared service, which holds the bus connection. */
  secret_service_disconnect ();
  stop_daemon ();

  if (fixture.hang_connection != NULL)
    {
      g_dbus_connection_close_sync (fixture.hang_connection, NULL, NULL);
      g_clear_object (&fixture.hang_connection);
    }

  /* Not g_test_dbus_down(): libsecret keeps references to the bus
   * connection in private contexts, and _down() would wait 30 s for them
   * and then fail. The object stays until exit for the same reason. */
  g_test_dbus_stop (fixture.bus);

  remove_tree (fixture.home);
  g_clear_pointer (&fixture.home, g_free);
  fixture.active = FALSE;
}

CircletKeyringKind
circlet_keyring_fixture_get_kind (void)
{
  g_assert (fixture.active);

  return fixture.kind;
}

const char *
circlet_keyring_fixture_get_home (void)
{
  g_assert (fixture.active);

  return fixture.home;
}

void
circlet_keyring_fixture_kill_daemon (void)
{
  g_assert (fixture.active);
  g_assert (fixture.kind == CIRCLET_KEYRING_GNOME ||
            fixture.kind == CIRCLET_KEYRING_GNOME_LOCKED);
  g_assert (fixture.daemon_pid != 0);

  stop_daemon ();
}

static char *
default_collection_path (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  char *path = NULL;

  reply = g_dbus_connection_call_sync (connection, SECRETS_NAME, SECRETS_PATH,
                                       SECRETS_IFACE, "ReadAlias",
                                       g_variant_new ("(s)", "default"),
                                       G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &path);
  g_assert_cmpstr (path, !=, "/");

  return path;
}

static void
unlock_with_password (GDBusConnection *connection,
                      const char      *collection)
{
  g_autoptr(GVariant) session_reply = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  GVariant *secret;

  /* gnome-keyring's own interface for unlocking with a known password;
   * the "plain" session is fine on a private test bus. */
  session_reply = g_dbus_connection_call_sync (connection, SECRETS_NAME, SECRETS_PATH,
                                               SECRETS_IFACE, "OpenSession",
                                               g_variant_new ("(sv)", "plain", g_variant_new_string ("")),
                                               G_VARIANT_TYPE ("(vo)"),
                                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (session_reply, "(vo)", NULL, &session);

  secret = g_variant_new ("(o@ay@ays)", session,
                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, KEYRING_PASSWORD,
                                                     strlen (KEYRING_PASSWORD), 1),
                          "text/plain");
  reply = g_dbus_connection_call_sync (connection, SECRETS_NAME, SECRETS_PATH,
                                       GNOME_KEYRING_IFACE, "UnlockWithMasterPassword",
                                       g_variant_new ("(o@(oayays))", collection, secret),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

void
circlet_keyring_fixture_set_locked (gboolean locked)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autofree char *collection = NULL;

  g_assert (fixture.active);
  g_assert (fixture.kind == CIRCLET_KEYRING_GNOME ||
            fixture.kind == CIRCLET_KEYRING_GNOME_LOCKED);

  connection = private_connection ();
  collection = default_collection_path (connection);

  if (locked)
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;
      const char *paths[] = { collection, NULL };

      /* Locking never prompts in gnome-keyring. */
      reply = g_dbus_connection_call_sync (connection, SECRETS_NAME, SECRETS_PATH,
                                           SECRETS_IFACE, "Lock",
                                           g_variant_new ("(^ao)", paths),
                                           G_VARIANT_TYPE ("(aoo)"),
                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
    }
  else
    {
      unlock_with_password (connection, collection);
    }

  g_dbus_connection_close_sync (connection, NULL, NULL);
}
