/* test-app-leaks.c: the app half of reliability #15, secrets never leak
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real CircletApplication and CircletWindow, on a virtual display,
 * against the in-process test server and a real gnome-keyring, with
 * G_MESSAGES_DEBUG=all and CIRCLET_DEBUG=http. One organization goes
 * through its whole life: added through the Add Organization dialog, every
 * list opened, its session renewed (a forced verify, and an expired token
 * replaced in flight), its key revoked on the server (the banner), replaced
 * through the dialog, and removed. At each step, and at the end, neither
 * key nor any session token the server issued may be in:
 *
 *  - any log message, debug included (a log writer sees every one);
 *  - any file under the fixture's HOME, gnome-keyring's encrypted
 *    .keyring files included (never in clear);
 *  - any GSettings key of the app's schema;
 *  - this process's environment and argv, or those of its children;
 *  - any window title, nor any widget's text (labels, inscriptions, list
 *    cells, editables, tooltips) or accessible label, description,
 *    placeholder, value text or role description (GTK_A11Y=test), in every
 *    toplevel, hidden ones included;
 *  - the clipboard or the primary selection;
 *  - any desktop notification.
 *
 * The password row holds the key while it is typed; that is checked too,
 * so that the widget walk is known to find a key where there is one.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <gtk/gtk.h>

#include "circlet-add-organization-dialog.h"
#include "circlet-application-private.h"
#include "circlet-cell.h"
#include "circlet-key-banner.h"
#include "circlet-keyring-fixture.h"
#include "circlet-list-page.h"
#include "circlet-organizations-window.h"
#include "circlet-sections.h"
#include "circlet-test-server.h"
#include "circlet-test-ui.h"
#include "circlet-test-util.h"
#include "circlet-window-private.h"

#define CANARY "circlet-leak-test-canary"


static CircletApplication *app;
static CircletTestServer *server;
static GPtrArray *keys;             /* every key typed into the app */
static GPtrArray *log_lines;        /* every log message, every level */
static GHashTable *notifications;   /* id → title and body */
static GString *printed;            /* everything g_print and g_printerr wrote */

/* Waiting {{{1 */





static GtkWindow *
wait_for_toplevel (GType type)
{
  GtkWindow *window;

  circlet_test_spin_until (circlet_test_toplevel_exists, GSIZE_TO_POINTER (type), g_type_name (type));
  window = circlet_test_find_visible_toplevel (type);
  circlet_test_spin_until (circlet_test_widget_is_mapped, window, "the window to map");
  return window;
}

typedef struct
{
  CircletAccount       *account;
  CircletAccountStatus  status;
} StatusWait;

static gboolean
has_status (gpointer data)
{
  StatusWait *wait = data;

  return circlet_account_get_status (wait->account) == wait->status &&
         !_circlet_application_is_verifying (app, wait->account);
}

static void
wait_for_status (CircletAccount       *account,
                 CircletAccountStatus  status)
{
  StatusWait wait = { account, status };

  circlet_test_spin_until (has_status, &wait, "the organization's status");
}

static void
verify_and_wait (CircletAccount       *account,
                 CircletAccountStatus  status)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "verify",
                                  g_variant_new_string (circlet_account_get_id (account)));
  g_assert_true (_circlet_application_is_verifying (app, account));
  wait_for_status (account, status);
}

static gboolean
page_is_settled (gpointer data)
{
  CircletListPage *page = data;

  return !circlet_list_page_get_loading (page) &&
         g_strcmp0 (circlet_list_page_get_state (page), "loading") != 0;
}

static CircletListPage *
wait_for_list (CircletWindow *window)
{
  CircletListPage *page = _circlet_window_get_visible_list (window);

  g_assert_nonnull (page);
  circlet_test_spin_until (page_is_settled, page, "the list to load");
  return page;
}

/* Secrets {{{1 */

/* The keys typed in, and every token the server ever issued. */
static GPtrArray *
dup_secrets (void)
{
  GPtrArray *secrets = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) tokens = circlet_test_server_dup_issued_tokens (server);

  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (secrets, g_strdup (g_ptr_array_index (keys, i)));
  for (guint i = 0; tokens[i] != NULL; i++)
    g_ptr_array_add (secrets, g_strdup (tokens[i]));

  return secrets;
}

static const char *
find_secret (const char *data,
             gsize       len,
             GPtrArray  *secrets)
{
  if (data == NULL)
    return NULL;

  for (guint i = 0; i < secrets->len; i++)
    if (circlet_test_contains (data, len, g_ptr_array_index (secrets, i)))
      return g_ptr_array_index (secrets, i);

  return NULL;
}

static void
assert_no_secret (const char *where,
                  const char *data,
                  gsize       len,
                  GPtrArray  *secrets)
{
  const char *secret = find_secret (data, len, secrets);

  /* Never print the secret itself: the test log is an output too. */
  if (secret != NULL)
    g_error ("A %s leaked into %s", strlen (secret) > 100 ? "session token" : "key", where);
}

/* Logs {{{1 */

/* Every message goes through here, debug included, whatever the domain.
 * Debug and info are kept, not printed: the run would drown in them. */
static GLogWriterOutput
capturing_writer (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append_printf (line, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
      else if (fields[i].value != NULL)
        {
          g_string_append_printf (line, "%s=", fields[i].key);
          g_string_append_len (line, fields[i].value, fields[i].length);
          g_string_append_c (line, '\n');
        }
    }
  g_ptr_array_add (log_lines, g_string_free (g_steal_pointer (&line), FALSE));

  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* CIRCLET_DEBUG=http writes with g_printerr; keep a copy of it, and of
 * g_print, and pass both on. */
static void
print_cb (const char *text)
{
  g_string_append (printed, text);
  fputs (text, stdout);
  fflush (stdout);
}

static void
printerr_cb (const char *text)
{
  g_string_append (printed, text);
  fputs (text, stderr);
}

static void
assert_no_secret_in_logs (GPtrArray *secrets)
{
  for (guint i = 0; i < log_lines->len; i++)
    {
      const char *line = g_ptr_array_index (log_lines, i);

      assert_no_secret ("a log message", line, strlen (line), secrets);
    }
}

/* Files {{{1 */

static void
assert_no_secret_in_tree (const char *dir,
                          GPtrArray  *secrets,
                          guint      *n_files,
                          guint      *n_keyrings)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_no_secret_in_tree (path, secrets, n_files, n_keyrings);
          continue;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
          !g_file_get_contents (path, &contents, &len, NULL))
        continue;

      assert_no_secret (path, contents, len, secrets);
      (*n_files)++;
      if (g_str_has_suffix (name, ".keyring"))
        (*n_keyrings)++;
    }
}

/* GSettings, environment and argv {{{1 */

static void
assert_no_secret_in_settings (GPtrArray *secrets)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) names = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  names = g_settings_schema_list_keys (schema);
  g_assert_cmpuint (g_strv_length (names), >, 0);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, names[i]);
      g_autofree char *text = g_variant_print (value, FALSE);
      g_autofree char *where = g_strdup_printf ("GSettings key %s", names[i]);

      assert_no_secret (where, text, strlen (text), secrets);
    }
}

static gboolean
assert_no_secret_in_proc (const char *pid,
                          GPtrArray  *secrets)
{
  static const char *files[] = { "environ", "cmdline" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename ("/proc", pid, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      /* A child that ended meanwhile has nothing left to leak. */
      if (!g_file_get_contents (path, &contents, &len, NULL))
        return FALSE;
      assert_no_secret (path, contents, len, secrets);
    }

  return TRUE;
}

static gboolean
is_child (const char *pid)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "stat", NULL);
  g_autofree char *stat = NULL;
  const char *end;
  int ppid = 0;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  /* "pid (comm) state ppid …"; comm may hold spaces and parentheses. */
  end = strrchr (stat, ')');
  if (end == NULL || sscanf (end + 1, " %*c %d", &ppid) != 1)
    return FALSE;

  return ppid == getpid ();
}

/* This process, and every process it started (the keyring daemon, the bus). */
static guint
assert_no_secret_in_processes (GPtrArray *secrets)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n_children = 0;

  g_assert_true (assert_no_secret_in_proc ("self", secrets));

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    if (g_ascii_isdigit (name[0]) && is_child (name) && assert_no_secret_in_proc (name, secrets))
      n_children++;

  return n_children;
}

/* Widgets {{{1 */

static const GtkAccessibleProperty string_properties[] = {
  GTK_ACCESSIBLE_PROPERTY_LABEL,
  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
  GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER,
  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
  GTK_ACCESSIBLE_PROPERTY_ROLE_DESCRIPTION,
  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS,
};

typedef struct
{
  GString *text;          /* everything found */
  GString *accessible;    /* of which the accessible properties */
  guint    n_widgets;
} Walk;

static void
walk_clear (Walk *walk)
{
  g_string_free (walk->text, TRUE);
  g_string_free (walk->accessible, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Walk, walk_clear)

static void
append (GString    *text,
        const char *value)
{
  if (value != NULL)
    {
      g_string_append (text, value);
      g_string_append_c (text, '\n');
    }
}

/* GTK 4.8 has no getter for accessible properties; the test backend's
 * check returns the real value whenever it differs from the one asked
 * about, and nothing is ever this sentinel. */
static void
append_accessible_strings (GtkAccessible *accessible,
                           Walk          *walk)
{
  for (guint i = 0; i < G_N_ELEMENTS (string_properties); i++)
    {
      g_autofree char *value = NULL;

      if (!gtk_test_accessible_has_property (accessible, string_properties[i]))
        continue;
      value = gtk_test_accessible_check_property (accessible, string_properties[i],
                                                  "\x01 circlet sentinel \x01");
      append (walk->text, value);
      append (walk->accessible, value);
    }
}

/* Everything @widget and its descendants show or tell assistive
 * technologies, visible or not. Popovers are children too. */
static void
collect_widget_text (GtkWidget *widget,
                     Walk      *walk)
{
  GString *text = walk->text;

  walk->n_widgets++;
  if (GTK_IS_LABEL (widget))
    append (text, gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_INSCRIPTION (widget))
    append (text, gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  if (GTK_IS_EDITABLE (widget))
    append (text, gtk_editable_get_text (GTK_EDITABLE (widget)));
  if (CIRCLET_IS_CELL (widget))
    append (text, circlet_cell_get_text (CIRCLET_CELL (widget)));
  if (GTK_IS_WINDOW (widget))
    append (text, gtk_window_get_title (GTK_WINDOW (widget)));
  append (text, gtk_widget_get_tooltip_text (widget));
  append (text, gtk_widget_get_tooltip_markup (widget));
  append_accessible_strings (GTK_ACCESSIBLE (widget), walk);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widget_text (child, walk);
}

static void
collect_all_windows (Walk *walk)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  walk->text = g_string_new (NULL);
  walk->accessible = g_string_new (NULL);
  walk->n_widgets = 0;
  for (GList *l = toplevels; l != NULL; l = l->next)
    collect_widget_text (l->data, walk);
}

/* Clipboard {{{1 */

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;
  char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);

  /* Nothing there (no owner, or no text) reads as an empty string. */
  *out = text != NULL ? text : g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
assert_no_secret_in_clipboard (GdkClipboard *clipboard,
                               const char   *where,
                               GPtrArray    *secrets)
{
  g_autofree char *text = NULL;

  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &text);
  circlet_test_spin_until (is_set, &text, where);
  assert_no_secret (where, text, strlen (text), secrets);
}

/* Everything at once {{{1 */

static void
assert_no_secret_anywhere (const char *step)
{
  g_autoptr(GPtrArray) secrets = dup_secrets ();
  GdkDisplay *display = gdk_display_get_default ();
  g_auto(Walk) walk = { 0, };
  guint n_files = 0;
  guint n_keyrings = 0;
  guint n_children;
  GHashTableIter iter;
  gpointer value;

  assert_no_secret_in_logs (secrets);
  assert_no_secret_in_tree (circlet_keyring_fixture_get_home (), secrets, &n_files, &n_keyrings);
  assert_no_secret_in_settings (secrets);
  n_children = assert_no_secret_in_processes (secrets);

  assert_no_secret ("standard output or error (g_print, g_printerr: the HTTP log)",
                    printed->str, printed->len, secrets);

  collect_all_windows (&walk);
  assert_no_secret ("a window's text, title, tooltip or accessible property",
                    walk.text->str, walk.text->len, secrets);

  assert_no_secret_in_clipboard (gdk_display_get_clipboard (display), "the clipboard", secrets);
  assert_no_secret_in_clipboard (gdk_display_get_primary_clipboard (display), "the primary selection", secrets);

  g_hash_table_iter_init (&iter, notifications);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    assert_no_secret ("a notification", value, strlen (value), secrets);

  g_test_message ("%s: %u secrets absent from %u log messages, %u files (%u keyrings), "
                  "%" G_GSIZE_FORMAT " bytes printed, %u widgets, %u child processes, %u notifications",
                  step, secrets->len, log_lines->len, n_files, n_keyrings, printed->len,
                  walk.n_widgets, n_children, g_hash_table_size (notifications));
  /* The walks walked: the keyring's own file, the window and what the
   * test accessibility backend keeps were there. */
  g_assert_cmpuint (n_keyrings, >, 0);
  g_assert_cmpuint (walk.n_widgets, >, 50);
  g_assert_cmpuint (walk.accessible->len, >, 0);
}

/* A fake notification server {{{1 */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='a{sv}' name='notification' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method_name, "AddNotification"))
    {
      const char *id = NULL;
      g_autoptr(GVariant) notification = NULL;

      g_variant_get (parameters, "(&s&s@a{sv})", NULL, &id, &notification);
      /* All of it: title, body, buttons and their targets. */
      g_hash_table_replace (notifications, g_strdup (id), g_variant_print (notification, FALSE));
    }

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
name_acquired (gpointer data)
{
  return *(gboolean *) data;
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  static gboolean acquired;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/gtk/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                name_acquired_cb, NULL, &acquired, NULL);
  circlet_test_spin_until (name_acquired, &acquired, "the notification server's name");
}

/* The dialog {{{1 */

static GtkWidget *
find_row (GtkWidget  *widget,
          GType       type,
          const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
key_row (CircletAddOrganizationDialog *dialog)
{
  GtkWidget *row = find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Personal Access Key");

  g_assert_nonnull (row);
  return row;
}

static void
set_row_text (CircletAddOrganizationDialog *dialog,
              GType                         type,
              const char                   *title,
              const char                   *text)
{
  GtkWidget *row = find_row (GTK_WIDGET (dialog), type, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Types @key into the password row, checks that the widget walk finds it
 * there (so that it would find it anywhere), then saves. */
static void
type_key_and_save (CircletAddOrganizationDialog *dialog,
                   const char                   *key)
{
  g_autoptr(GPtrArray) just_the_key = g_ptr_array_new ();
  g_auto(Walk) walk = { 0, };

  gtk_editable_set_text (GTK_EDITABLE (key_row (dialog)), key);
  g_ptr_array_add (just_the_key, (gpointer) key);
  collect_all_windows (&walk);
  g_assert_nonnull (find_secret (walk.text->str, walk.text->len, just_the_key));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL);
  circlet_test_spin_until (circlet_test_toplevel_gone, GSIZE_TO_POINTER (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG),
              "the dialog to close");
}

static char *
new_key (void)
{
  char *key = g_strdup_printf ("ck-leak-test-%08x-Zq9/+w==", g_random_int ());

  circlet_test_server_add_key (server, key);
  g_ptr_array_add (keys, g_strdup (key));
  return key;
}

/* The test {{{1 */

static gboolean
account_exists (gpointer data)
{
  return circlet_account_store_find (_circlet_application_get_account_store (app), data) != NULL;
}

static gboolean
account_gone (gpointer data)
{
  return !account_exists (data);
}

static void
test_app_lifecycle (void)
{
  const char *url = circlet_test_server_get_url (server);
  CircletAccountStore *store = _circlet_application_get_account_store (app);
  g_autofree char *first_key = new_key ();
  g_autofree char *second_key = NULL;
  g_autofree char *id = NULL;
  g_autoptr(CircletAccount) account = NULL;
  g_auto(GStrv) tokens = NULL;
  CircletAddOrganizationDialog *dialog;
  CircletKeyBanner *banner;
  CircletWindow *window;
  const CircletSection *sections;
  AdwMessageDialog *question;
  guint n_sections;
  guint exchanges;

  /* The logs are captured: a canary goes through. */
  g_debug ("%s", CANARY);
  g_assert_nonnull (strstr (g_ptr_array_index (log_lines, log_lines->len - 1), CANARY));

  window = CIRCLET_WINDOW (circlet_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  circlet_test_spin_until (circlet_test_widget_is_mapped, window, "the window to map");

  /* 1. Add, through the dialog. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "add-organization", NULL);
  dialog = CIRCLET_ADD_ORGANIZATION_DIALOG (wait_for_toplevel (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG));
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "Name", "Acme Mobile");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_row (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW,
                                                             "Self-Hosted Server")), TRUE);
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "API Address, like https://api.example.com", url);
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "Auth Address, like https://auth.example.com", url);
  type_key_and_save (dialog, first_key);

  circlet_test_spin_until (account_exists, (gpointer) "Acme Mobile", "the organization");
  account = g_object_ref (circlet_account_store_find (store, "Acme Mobile"));
  id = g_strdup (circlet_account_get_id (account));
  g_assert_cmpint (circlet_account_get_status (account), ==, CIRCLET_ACCOUNT_STATUS_VALID);
  g_assert_true (_circlet_window_get_account (window) == account);

  /* 2. Every list, and the organizations window. */
  wait_for_list (window);
  sections = circlet_sections_list (&n_sections);
  for (guint i = 0; i < n_sections; i++)
    {
      _circlet_window_select_section (window, sections[i].resource);
      wait_for_list (window);
    }
  _circlet_window_select_section (window, sections[0].resource);
  wait_for_list (window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "organizations", NULL);
  wait_for_toplevel (CIRCLET_TYPE_ORGANIZATIONS_WINDOW);
  assert_no_secret_anywhere ("added, lists shown");

  /* The HTTP log ran, and saw the bearer header it had to redact. */
  g_assert_nonnull (strstr (printed->str, "circlet-http: > GET "));
  g_assert_nonnull (strstr (printed->str, "Authorization: [redacted]"));
  /* The test accessibility backend answered: the switcher's status icon
   * says its status only there (and in its tooltip). */
  {
    g_auto(Walk) walk = { 0, };

    collect_all_windows (&walk);
    g_assert_nonnull (strstr (walk.accessible->str, "Key valid"));
  }

  /* 3. Renewals: a forced one (verify), and a token that expired on the
   * server while the app held it (a 401, one exchange, one replay). */
  exchanges = circlet_test_server_get_exchange_count (server);
  verify_and_wait (account, CIRCLET_ACCOUNT_STATUS_VALID);
  circlet_test_server_expire_sessions (server);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  wait_for_list (window);
  g_assert_cmpuint (circlet_test_server_get_exchange_count (server), ==, exchanges + 2);
  assert_no_secret_anywhere ("renewed");

  /* 4. Revoked in the dashboard: the next verify finds out, the banner says so. */
  circlet_test_server_revoke_key (server, first_key);
  verify_and_wait (account, CIRCLET_ACCOUNT_STATUS_REVOKED);
  banner = CIRCLET_KEY_BANNER (find_widget (GTK_WIDGET (window), CIRCLET_TYPE_KEY_BANNER));
  g_assert_nonnull (banner);
  g_assert_true (circlet_key_banner_get_revealed (banner));
  g_assert_cmpstr (circlet_key_banner_get_message (banner), ==,
                   "The key for Acme Mobile was deleted or is invalid");
  assert_no_secret_anywhere ("revoked");

  /* 5. Replace Key, through the dialog. */
  second_key = new_key ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "replace-key", g_variant_new_string (id));
  dialog = CIRCLET_ADD_ORGANIZATION_DIALOG (wait_for_toplevel (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG));
  g_assert_true (circlet_add_organization_dialog_get_account (dialog) == account);
  type_key_and_save (dialog, second_key);
  wait_for_status (account, CIRCLET_ACCOUNT_STATUS_VALID);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  wait_for_list (window);
  assert_no_secret_anywhere ("key replaced");

  /* 6. Remove. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "remove-organization", g_variant_new_string (id));
  question = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (question, "remove");
  gtk_window_close (GTK_WINDOW (question));
  circlet_test_spin_until (account_gone, id, "the organization to go");

  /* Keys and tokens were really in play: two keys, and at least the
   * first exchange, the verify, the renewal, the replacement. */
  tokens = circlet_test_server_dup_issued_tokens (server);
  g_assert_cmpuint (g_strv_length (tokens), >=, 4);
  assert_no_secret_anywhere ("removed");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* First: the keyring fixture makes a private HOME, bus and keyring. */
  circlet_keyring_fixture_setup (CIRCLET_KEYRING_GNOME);

  /* After the fixture, so that its daemons stay quiet. Everything the app
   * can say, it says: then none of it may hold a secret. GTK_A11Y=test is
   * GTK's test accessibility backend, which keeps what assistive
   * technologies would be told so that it can be read back. */
  log_lines = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capturing_writer, NULL, NULL);
  printed = g_string_new (NULL);
  g_set_print_handler (print_cb);
  g_set_printerr_handler (printerr_cb);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("CIRCLET_DEBUG", "http", TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);

  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      g_printerr ("no display. Run: xvfb-run -a dbus-run-session -- meson test -C build\n");
      circlet_keyring_fixture_teardown ();
      return 1;
    }

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  keys = g_ptr_array_new_with_free_func (g_free);
  notifications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  start_notification_server ();
  server = circlet_test_server_new (12, &error);
  g_assert_no_error (error);

  app = circlet_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui-leaks/app-lifecycle", test_app_lifecycle);
  ret = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&server);
  g_clear_pointer (&keys, g_ptr_array_unref);
  g_clear_pointer (&notifications, g_hash_table_unref);
  circlet_keyring_fixture_teardown ();

  return ret;
}
