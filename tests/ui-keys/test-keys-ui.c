/* test-keys-ui.c
 *
 * The organizations and keys UI in a real CircletApplication on a virtual
 * display, against the test server and a real gnome-keyring: the add
 * dialog, the organizations window, the switcher, the key banner, the
 * revocation notification and removal.
 *
 * The render-to-PNG helpers are copied from tests/ui/test-window.c and kept
 * here, so this suite and the main window's don't edit one shared file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "circlet-add-organization-dialog.h"
#include "circlet-application-private.h"
#include "circlet-error.h"
#include "circlet-key-banner.h"
#include "circlet-keyring-fixture.h"
#include "circlet-org-switcher.h"
#include "circlet-organization-row.h"
#include "circlet-organizations-window.h"
#include "circlet-status-icon.h"
#include "circlet-test-server.h"
#include "circlet-test-ui.h"
#include "circlet-test-util.h"



/* A stand-in for the main window: the switcher in the header bar, the
 * banner under it and some "last data" below, as the window engineer
 * places them. */
typedef struct
{
  GtkWindow          *window;
  CircletOrgSwitcher *switcher;
  CircletKeyBanner   *banner;
} TestWindow;

/* Each test starts with no organizations; the state lives in the globals. */
typedef struct
{
  guint unused;
} Fixture;

/* One application, server and notification recorder for the binary. */
static CircletApplication *app;
static CircletTestServer *server;
static GHashTable *notifications;   /* id → title, as org.gtk.Notifications received them */
static GPtrArray *issued_keys;      /* every key handed to the UI, to look for in logs and files */
static guint key_counter;

/* Waiting {{{1 */








/* Revealers and spinners animate; give them time to settle before a picture. */
static void
wait_for_animations (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 600 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  circlet_test_wait_for_frames (widget, 2);
}


static void
destroy_all_windows (void)
{
  GList *toplevels = gtk_window_list_toplevels ();

  g_list_foreach (toplevels, (GFunc) g_object_ref, NULL);
  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free_full (toplevels, g_object_unref);

  circlet_test_spin_until (circlet_test_no_toplevels, NULL, "every window to go");
}




static GtkWindow *
wait_for_toplevel (GType type)
{
  GtkWindow *window;

  circlet_test_spin_until (circlet_test_toplevel_exists, GSIZE_TO_POINTER (type), g_type_name (type));
  window = circlet_test_find_visible_toplevel (type);
  circlet_test_wait_until_shown (window);
  return window;
}

/* Finding widgets {{{1 */

static GtkWidget *
find_row (GtkWidget  *widget,
          GType       type,
          const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (title == NULL || g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0))
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
find_actionable (GtkWidget  *widget,
                 const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) && gtk_widget_is_visible (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_status_icons (GtkWidget      *widget,
                      CircletAccount *account,
                      GPtrArray      *icons)
{
  if (CIRCLET_IS_STATUS_ICON (widget) &&
      circlet_status_icon_get_account (CIRCLET_STATUS_ICON (widget)) == account)
    g_ptr_array_add (icons, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_status_icons (child, account, icons);
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget))
    {
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (text, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
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

/* Every status icon the switcher has for @account (the button's and the
 * popover row's) shows @icon_name and says @accessible_name. */
static void
assert_switcher_icons (CircletOrgSwitcher *switcher,
                       CircletAccount     *account,
                       const char         *icon_name,
                       const char         *accessible_name)
{
  g_autoptr(GPtrArray) icons = g_ptr_array_new ();

  collect_status_icons (GTK_WIDGET (switcher), account, icons);
  g_assert_cmpuint (icons->len, >=, 1);

  for (guint i = 0; i < icons->len; i++)
    {
      CircletStatusIcon *icon = g_ptr_array_index (icons, i);

      g_assert_cmpstr (circlet_status_icon_get_icon_name (icon), ==, icon_name);
      gtk_test_accessible_assert_role (icon, GTK_ACCESSIBLE_ROLE_IMG);
      gtk_test_accessible_assert_property (icon, GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name);
    }
}

/* Pictures {{{1 */



static void
assert_renders (GtkWidget  *widget,
                const char *basename)
{
  g_autofree char *path = NULL;

  wait_for_animations (widget);
  path = circlet_test_render_to_png (widget, basename);
  circlet_test_assert_png_is_a_picture (path, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
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
      g_autoptr(GVariant) title = NULL;
      g_autoptr(GVariant) body = NULL;
      g_autofree char *text = NULL;

      g_variant_get (parameters, "(&s&s@a{sv})", NULL, &id, &notification);
      title = g_variant_lookup_value (notification, "title", G_VARIANT_TYPE_STRING);
      body = g_variant_lookup_value (notification, "body", G_VARIANT_TYPE_STRING);
      text = g_strdup_printf ("%s\n%s", title ? g_variant_get_string (title, NULL) : "",
                              body ? g_variant_get_string (body, NULL) : "");
      g_hash_table_replace (notifications, g_strdup (id), g_steal_pointer (&text));
    }
  else
    {
      const char *id = NULL;

      g_variant_get (parameters, "(&s&s)", NULL, &id);
      g_hash_table_remove (notifications, id);
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

/* GIO sends notifications to org.gtk.Notifications when someone owns the
 * name; with no one there it would fall back to the freedesktop server,
 * which the private bus doesn't have either. */
static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  static gboolean acquired;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  notifications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

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

/* Secrets never leak {{{1 */

static gboolean
contains_a_key (const char *text,
                gsize       len)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < issued_keys->len; i++)
    if (circlet_test_contains (text, len, g_ptr_array_index (issued_keys, i)))
      return TRUE;

  return circlet_test_contains (text, len, circlet_test_server_get_key (server));
}

/* Every message (G_MESSAGES_DEBUG=all included) goes through here first. */
static GLogWriterOutput
key_checking_writer (GLogLevelFlags   log_level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length != 0 && issued_keys != NULL &&
        contains_a_key (fields[i].value, fields[i].length < 0 ? strlen (fields[i].value) : (gsize) fields[i].length))
      {
        g_printerr ("A key leaked into a log message\n");
        abort ();
      }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
assert_no_key_in_tree (const char *dir)
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
        assert_no_key_in_tree (path);
      else if (g_file_get_contents (path, &contents, &len, NULL) && contains_a_key (contents, len))
        g_error ("A key leaked into %s", path);
    }
}

/* Fixtures {{{1 */

static CircletAccountStore *
get_store (void)
{
  return _circlet_application_get_account_store (app);
}

static char *
read_accounts_file (void)
{
  char *contents = NULL;

  if (!g_file_get_contents (circlet_account_store_get_path (get_store ()), &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

static char *
new_server_key (void)
{
  char *key = g_strdup_printf ("ck-ui-keys-%04u-7f3a9c", ++key_counter);

  circlet_test_server_add_key (server, key);
  g_ptr_array_add (issued_keys, g_strdup (key));
  return key;
}

/* What the dialog does, without the dialog: for tests about what follows. */
static CircletAccount *
add_account (const char  *label,
             const char  *key,
             const GDate *expiry)
{
  const char *url = circlet_test_server_get_url (server);
  g_autoptr(CircletAccount) account = circlet_account_new (NULL, label);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (circlet_account_set_api_host (account, url, &error));
  g_assert_true (circlet_account_set_auth_host (account, url, &error));
  circlet_account_set_key_expiry (account, expiry);

  circlet_session_set_key_async (_circlet_application_get_session (app), account, key, TRUE, NULL,
                                 circlet_test_store_result_cb, &result);
  circlet_session_set_key_finish (_circlet_application_get_session (app),
                                  circlet_test_wait (&result), &error);
  g_assert_no_error (error);

  circlet_account_store_add (get_store (), account, &error);
  g_assert_no_error (error);
  circlet_account_store_save (get_store (), &error);
  g_assert_no_error (error);

  return account;   /* the store holds it */
}

static CircletSecret *
lookup_secret (CircletAccount    *account,
               CircletSecretKind  kind,
               GError           **error)
{
  CircletKeyStore *keys = _circlet_application_get_key_store (app);
  g_autoptr(GAsyncResult) result = NULL;

  circlet_key_store_lookup_async (keys, circlet_account_get_id (account), kind, NULL,
                                  circlet_test_store_result_cb, &result);
  return circlet_key_store_lookup_finish (keys, circlet_test_wait (&result), NULL, error);
}

static void
remove_all_accounts (void)
{
  CircletAccountStore *store = get_store ();
  g_autoptr(GError) error = NULL;

  while (g_list_model_get_n_items (G_LIST_MODEL (store)) > 0)
    {
      g_autoptr(CircletAccount) account = g_list_model_get_item (G_LIST_MODEL (store), 0);
      g_autoptr(GAsyncResult) result = NULL;

      circlet_session_forget (_circlet_application_get_session (app), account);
      circlet_key_store_clear_async (_circlet_application_get_key_store (app),
                                     circlet_account_get_id (account), CIRCLET_SECRET_ANY, NULL,
                                     circlet_test_store_result_cb, &result);
      circlet_key_store_clear_finish (_circlet_application_get_key_store (app),
                                      circlet_test_wait (&result), NULL);
      circlet_account_store_remove (store, account);
    }

  circlet_account_store_save (store, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture      *fixture,
               gconstpointer data)
{
  remove_all_accounts ();
  g_hash_table_remove_all (notifications);
}

static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer data)
{
  destroy_all_windows ();
  remove_all_accounts ();
}

static GtkWidget *
stale_data_list (void)
{
  static const char *profiles[][2] = {
    { "Acme Mobile — Beta", "Version 2.4.1 (318) · 14 testers" },
    { "Acme Mobile — Internal", "Version 2.5.0 (322) · 6 testers" },
    { "Acme Wallet — QA", "Version 1.9.3 (97) · 21 testers" },
  };
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new ("Testing Distribution");

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), profiles[i][0]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), profiles[i][1]);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), list);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_widget_set_vexpand (clamp, TRUE);
  gtk_widget_set_valign (clamp, GTK_ALIGN_START);

  return clamp;
}

static void
open_test_window (TestWindow *tw)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  tw->window = GTK_WINDOW (window);
  tw->switcher = CIRCLET_ORG_SWITCHER (circlet_org_switcher_new ());
  tw->banner = CIRCLET_KEY_BANNER (circlet_key_banner_new ());

  circlet_org_switcher_set_accounts (tw->switcher, G_LIST_MODEL (get_store ()));
  g_object_bind_property (tw->switcher, "selected-account", tw->banner, "account", G_BINDING_SYNC_CREATE);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (tw->switcher));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (tw->banner));
  gtk_box_append (GTK_BOX (box), stale_data_list ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (tw->window, 860, 480);
  gtk_window_set_title (tw->window, "Circlet");

  gtk_window_present (tw->window);
  circlet_test_wait_until_shown (tw->window);
}

static void
activate_action (const char *name,
                 GVariant   *parameter)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), name, parameter);
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
verify_and_wait (CircletAccount       *account,
                 CircletAccountStatus  status)
{
  StatusWait wait = { account, status };

  activate_action ("verify", g_variant_new_string (circlet_account_get_id (account)));
  g_assert_true (_circlet_application_is_verifying (app, account));
  circlet_test_spin_until (has_status, &wait, "the verification to end");
}

static gboolean
dialog_not_busy (gpointer data)
{
  return !circlet_add_organization_dialog_get_busy (data);
}

static void
fill_dialog (CircletAddOrganizationDialog *dialog,
             const char                   *label,
             const char                   *key)
{
  const char *url = circlet_test_server_get_url (server);
  GtkWidget *row;

  row = find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Name");
  gtk_editable_set_text (GTK_EDITABLE (row), label);
  row = find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Personal Access Key");
  gtk_editable_set_text (GTK_EDITABLE (row), key);

  row = find_row (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW, "Self-Hosted Server");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  row = find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "API Address, like https://api.example.com");
  gtk_editable_set_text (GTK_EDITABLE (row), url);
  row = find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Auth Address, like https://auth.example.com");
  gtk_editable_set_text (GTK_EDITABLE (row), url);
}

static CircletAddOrganizationDialog *
open_add_dialog (void)
{
  activate_action ("add-organization", NULL);
  return CIRCLET_ADD_ORGANIZATION_DIALOG (wait_for_toplevel (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG));
}

/* Tests {{{1 */

static gboolean
skip_unless_unlocked (void)
{
  if (circlet_keyring_kind_from_env () == CIRCLET_KEYRING_GNOME)
    return FALSE;

  g_test_skip ("runs with the unlocked keyring (CIRCLET_TEST_KEYRING=gnome)");
  return TRUE;
}

static void
test_add_organization (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *key = NULL;
  g_autoptr(CircletSecret) stored = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  CircletAddOrganizationDialog *dialog;
  CircletOrganizationsWindow *keys_window;
  CircletAccount *account;
  TestWindow tw;
  GtkWidget *row;
  GtkWidget *key_row;

  if (skip_unless_unlocked ())
    return;

  key = new_server_key ();
  open_test_window (&tw);
  g_assert_null (circlet_org_switcher_get_selected_account (tw.switcher));
  g_assert_false (circlet_key_banner_get_revealed (tw.banner));

  dialog = open_add_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == tw.window);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  fill_dialog (dialog, "Acme Mobile", key);
  key_row = find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Personal Access Key");
  gtk_widget_grab_focus (find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Name"));
  assert_renders (GTK_WIDGET (dialog), "add-organization.png");

  /* Save verifies with one exchange; the window keeps running meanwhile. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL);
  g_assert_true (circlet_add_organization_dialog_get_busy (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, key);
  circlet_test_spin_until (circlet_test_toplevel_gone, GSIZE_TO_POINTER (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG), "the dialog to close");

  account = circlet_account_store_find (get_store (), "Acme Mobile");
  g_assert_nonnull (account);
  g_assert_cmpint (circlet_account_get_status (account), ==, CIRCLET_ACCOUNT_STATUS_VALID);

  /* The key is in the keyring, and only there. */
  stored = lookup_secret (account, CIRCLET_SECRET_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, key);
  file = read_accounts_file ();
  g_assert_nonnull (strstr (file, "Acme Mobile"));
  g_assert_null (strstr (file, key));

  /* The switcher picked the first organization and the banner has nothing to say. */
  g_assert_true (circlet_org_switcher_get_selected_account (tw.switcher) == account);
  assert_switcher_icons (tw.switcher, account, "emblem-ok-symbolic", "Key valid");
  g_assert_false (circlet_key_banner_get_revealed (tw.banner));

  activate_action ("organizations", NULL);
  keys_window = CIRCLET_ORGANIZATIONS_WINDOW (wait_for_toplevel (CIRCLET_TYPE_ORGANIZATIONS_WINDOW));
  row = circlet_organizations_window_get_row (keys_window, account);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Acme Mobile");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Session valid, renews in "));

  /* Nothing on screen shows the key, and no file outside the keyring has it. */
  collect_text (GTK_WIDGET (keys_window), text);
  collect_text (GTK_WIDGET (tw.window), text);
  g_assert_null (strstr (text->str, key));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (keys_window)), ==, "Organizations and Keys");
  assert_no_key_in_tree (circlet_keyring_fixture_get_home ());
}

static void
test_wrong_key (Fixture      *fixture,
                gconstpointer data)
{
  CircletAddOrganizationDialog *dialog;
  GtkWidget *label_row;
  GtkWidget *key_row;
  g_autoptr(GString) text = g_string_new (NULL);
  TestWindow tw;

  if (skip_unless_unlocked ())
    return;

  open_test_window (&tw);
  dialog = open_add_dialog ();

  /* A malformed key is refused before any network. */
  fill_dialog (dialog, "Typo Org", "two words");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL);
  g_assert_false (circlet_add_organization_dialog_get_busy (dialog));
  collect_text (GTK_WIDGET (dialog), text);
  g_assert_nonnull (strstr (text->str, "spaces or line breaks"));

  /* A key the server refuses: the error says what to do, everything stays. */
  fill_dialog (dialog, "Typo Org", "ck-not-a-real-key-0000");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL);
  g_assert_true (circlet_add_organization_dialog_get_busy (dialog));
  circlet_test_spin_until (dialog_not_busy, dialog, "the refused save");

  g_string_truncate (text, 0);
  collect_text (GTK_WIDGET (dialog), text);
  g_assert_nonnull (strstr (text->str, "Appcircle refused this key"));
  g_assert_nonnull (strstr (text->str, "My Organization → Security → Personal Access Key"));

  label_row = find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Name");
  key_row = find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Personal Access Key");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (label_row)), ==, "Typo Org");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "ck-not-a-real-key-0000");
  g_assert_true (gtk_widget_has_css_class (key_row, "error"));
  g_assert_true (circlet_test_find_visible_toplevel (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG) == GTK_WINDOW (dialog));
  g_assert_null (circlet_account_store_find (get_store (), "Typo Org"));
  assert_renders (GTK_WIDGET (dialog), "add-organization-error.png");

  /* A bad sub-organization id and a duplicate name are caught locally. */
  add_account ("Acme Mobile", circlet_test_server_get_key (server), NULL);
  fill_dialog (dialog, "Acme Mobile", circlet_test_server_get_key (server));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL);
  g_assert_false (circlet_add_organization_dialog_get_busy (dialog));
  g_string_truncate (text, 0);
  collect_text (GTK_WIDGET (dialog), text);
  g_assert_nonnull (strstr (text->str, "already exists"));

  fill_dialog (dialog, "Other Org", circlet_test_server_get_key (server));
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                                 "Sub-Organization ID (optional)")), "not-a-uuid");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL);
  g_assert_false (circlet_add_organization_dialog_get_busy (dialog));
  g_string_truncate (text, 0);
  collect_text (GTK_WIDGET (dialog), text);
  g_assert_nonnull (strstr (text->str, "sub-organization ID looks like"));

  /* Cancel closes, and the typed key goes with the window. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.cancel", NULL);
  circlet_test_spin_until (circlet_test_toplevel_gone, GSIZE_TO_POINTER (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG), "the dialog to close");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_store ())), ==, 1);
}

static gboolean
window_is_inactive (gpointer data)
{
  return !gtk_window_is_active (data);
}

static gboolean
has_notification (gpointer data)
{
  return g_hash_table_contains (notifications, data);
}

static void
test_revoked (Fixture      *fixture,
              gconstpointer data)
{
  g_autofree char *key = NULL;
  g_autofree char *file = NULL;
  g_autofree char *notification_id = NULL;
  CircletOrganizationsWindow *keys_window;
  CircletAccount *account;
  GtkWidget *open_button;
  GtkWidget *replace_button;
  GtkWidget *other;
  const char *text;
  GtkWidget *row;
  GVariant *target;
  TestWindow tw;

  if (skip_unless_unlocked ())
    return;

  key = new_server_key ();
  account = add_account ("Acme Mobile", key, NULL);
  notification_id = g_strconcat ("key-revoked-", circlet_account_get_id (account), NULL);
  open_test_window (&tw);
  g_assert_true (circlet_org_switcher_get_selected_account (tw.switcher) == account);
  g_assert_false (circlet_key_banner_get_revealed (tw.banner));

  /* The user is in another application… */
  other = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (other), "Another application");
  gtk_window_present (GTK_WINDOW (other));
  circlet_test_wait_until_shown (GTK_WINDOW (other));
  circlet_test_spin_until (window_is_inactive, tw.window, "the other window to take the focus");

  /* …when the key is deleted in the dashboard; the next verify finds out. */
  circlet_test_server_revoke_key (server, key);
  verify_and_wait (account, CIRCLET_ACCOUNT_STATUS_REVOKED);

  g_assert_true (circlet_key_banner_get_revealed (tw.banner));
  g_assert_cmpstr (circlet_key_banner_get_message (tw.banner), ==,
                   "The key for Acme Mobile was deleted or is invalid");
  open_button = find_actionable (GTK_WIDGET (tw.banner), "app.open-dashboard");
  replace_button = find_actionable (GTK_WIDGET (tw.banner), "app.replace-key");
  g_assert_nonnull (open_button);
  g_assert_nonnull (replace_button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (open_button)), ==, "_Open Appcircle");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (open_button));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, circlet_account_get_id (account));
  assert_switcher_icons (tw.switcher, account, "dialog-error-symbolic", "Key deleted or invalid");

  /* The CLI and the next run see it too. */
  file = read_accounts_file ();
  g_assert_nonnull (strstr (file, "revoked=true"));

  /* A desktop notification, since the window was not focused, without any secret. */
  circlet_test_spin_until (has_notification, notification_id, "the notification");
  text = g_hash_table_lookup (notifications, notification_id);
  g_assert_nonnull (strstr (text, "The key for Acme Mobile was deleted or is invalid"));
  g_assert_null (strstr (text, key));
  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_present (tw.window);

  assert_renders (GTK_WIDGET (tw.window), "revoked-banner.png");

  /* The organizations window says the same, with Replace Key at hand. */
  activate_action ("organizations", NULL);
  keys_window = CIRCLET_ORGANIZATIONS_WINDOW (wait_for_toplevel (CIRCLET_TYPE_ORGANIZATIONS_WINDOW));
  row = circlet_organizations_window_get_row (keys_window, account);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Key was deleted or is invalid · 127.0.0.1");
  g_assert_nonnull (find_actionable (row, "app.replace-key"));
  gtk_window_destroy (GTK_WINDOW (keys_window));

  /* A new key through Replace Key brings it back, everywhere. */
  activate_action ("replace-key", g_variant_new_string (circlet_account_get_id (account)));
  {
    CircletAddOrganizationDialog *dialog =
      CIRCLET_ADD_ORGANIZATION_DIALOG (wait_for_toplevel (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG));
    g_autofree char *new_key = new_server_key ();
    g_autoptr(CircletSecret) stored = NULL;
    g_autoptr(GError) error = NULL;
    GtkWidget *key_row = find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Personal Access Key");

    g_assert_true (circlet_add_organization_dialog_get_account (dialog) == account);
    g_assert_false (gtk_widget_get_visible (find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Name")));
    assert_renders (GTK_WIDGET (dialog), "replace-key.png");
    gtk_editable_set_text (GTK_EDITABLE (key_row), new_key);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL);
    circlet_test_spin_until (circlet_test_toplevel_gone, GSIZE_TO_POINTER (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG), "the dialog to close");

    g_assert_cmpint (circlet_account_get_status (account), ==, CIRCLET_ACCOUNT_STATUS_VALID);
    stored = lookup_secret (account, CIRCLET_SECRET_KEY, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (stored, ==, new_key);
  }

  g_assert_false (circlet_key_banner_get_revealed (tw.banner));
  assert_switcher_icons (tw.switcher, account, "emblem-ok-symbolic", "Key valid");
  g_assert_false (g_hash_table_contains (notifications, notification_id));
  g_free (file);
  file = read_accounts_file ();
  g_assert_null (strstr (file, "revoked=true"));
}

static void
test_expiring (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) in_3_days = g_date_time_add_days (now, 3);
  g_autofree char *valid_key = NULL;
  g_autofree char *expiring_key = NULL;
  g_autofree char *revoked_key = NULL;
  CircletOrganizationsWindow *keys_window;
  CircletAccount *valid, *expiring, *revoked;
  GtkWidget *popover;
  GDate *expiry;
  int year, month, day;
  TestWindow tw;

  if (skip_unless_unlocked ())
    return;

  g_date_time_get_ymd (in_3_days, &year, &month, &day);
  expiry = g_date_new_dmy (day, month, year);

  valid_key = new_server_key ();
  expiring_key = new_server_key ();
  revoked_key = new_server_key ();
  valid = add_account ("Acme Mobile", valid_key, NULL);
  expiring = add_account ("Beta Labs", expiring_key, expiry);
  revoked = add_account ("Contoso Apps", revoked_key, NULL);
  g_date_free (expiry);

  g_assert_cmpint (circlet_account_get_status (expiring), ==, CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING);
  circlet_test_server_revoke_key (server, revoked_key);
  verify_and_wait (revoked, CIRCLET_ACCOUNT_STATUS_REVOKED);

  open_test_window (&tw);
  circlet_org_switcher_set_selected_account (tw.switcher, expiring);
  g_assert_true (circlet_key_banner_get_revealed (tw.banner));
  g_assert_cmpstr (circlet_key_banner_get_message (tw.banner), ==, "The key for Beta Labs expires in 3 days");
  g_assert_nonnull (find_actionable (GTK_WIDGET (tw.banner), "app.replace-key"));
  g_assert_null (find_actionable (GTK_WIDGET (tw.banner), "app.open-dashboard"));
  assert_switcher_icons (tw.switcher, expiring, "dialog-warning-symbolic", "Key expires soon");
  assert_switcher_icons (tw.switcher, revoked, "dialog-error-symbolic", "Key deleted or invalid");
  assert_switcher_icons (tw.switcher, valid, "emblem-ok-symbolic", "Key valid");
  assert_renders (GTK_WIDGET (tw.window), "expiring-banner.png");

  /* The switcher's list, open: a popover is a surface of its own. */
  circlet_org_switcher_popup (tw.switcher);
  popover = find_widget (GTK_WIDGET (tw.switcher), GTK_TYPE_POPOVER);
  circlet_test_spin_until (circlet_test_widget_is_mapped, popover, "the switcher's list");
  circlet_test_wait_for_frames (popover, 3);
  assert_renders (popover, "switcher.png");
  gtk_popover_popdown (GTK_POPOVER (popover));

  activate_action ("organizations", NULL);
  keys_window = CIRCLET_ORGANIZATIONS_WINDOW (wait_for_toplevel (CIRCLET_TYPE_ORGANIZATIONS_WINDOW));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (circlet_organizations_window_get_row (keys_window, valid))),
                                   "Session valid, renews in "));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (circlet_organizations_window_get_row (keys_window, expiring))),
                                   "Key expires in 3 days"));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (circlet_organizations_window_get_row (keys_window, revoked))),
                                   "Key was deleted or is invalid"));
  assert_renders (GTK_WIDGET (keys_window), "keys.png");
}

static gboolean
is_verifying (gpointer data)
{
  return _circlet_application_is_verifying (app, data);
}

static void
test_verify_spinner (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *key = NULL;
  CircletOrganizationsWindow *keys_window;
  CircletAccount *account;
  GtkWidget *row;
  GtkWidget *verify;
  GtkWidget *spinner;
  StatusWait wait;
  TestWindow tw;

  if (skip_unless_unlocked ())
    return;

  key = new_server_key ();
  account = add_account ("Acme Mobile", key, NULL);
  open_test_window (&tw);
  activate_action ("organizations", NULL);
  keys_window = CIRCLET_ORGANIZATIONS_WINDOW (wait_for_toplevel (CIRCLET_TYPE_ORGANIZATIONS_WINDOW));
  row = circlet_organizations_window_get_row (keys_window, account);
  verify = find_actionable (row, "app.verify");
  spinner = find_widget (row, GTK_TYPE_SPINNER);
  g_assert_nonnull (verify);
  g_assert_nonnull (spinner);
  g_assert_true (gtk_widget_get_mapped (verify));
  g_assert_false (gtk_widget_get_mapped (spinner));

  /* A slow server: a spinner instead of the button, and the window keeps painting. */
  circlet_test_server_inject (server, "/auth", CIRCLET_FAULT_LATENCY, 1, "800");
  gtk_widget_activate (verify);
  circlet_test_spin_until (is_verifying, account, "the verification to start");
  circlet_test_wait_for_frames (GTK_WIDGET (keys_window), 5);
  g_assert_true (gtk_widget_get_mapped (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_false (gtk_widget_get_mapped (verify));

  wait = (StatusWait) { account, CIRCLET_ACCOUNT_STATUS_VALID };
  circlet_test_spin_until (has_status, &wait, "the verification to end");
  circlet_test_server_clear_faults (server);
  circlet_test_wait_for_frames (GTK_WIDGET (keys_window), 2);
  g_assert_true (gtk_widget_get_mapped (verify));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
}

static gboolean
account_gone (gpointer data)
{
  return circlet_account_store_find (get_store (), data) == NULL;
}

/* What a click on one of its buttons does: respond, then close. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  circlet_test_spin_until (circlet_test_toplevel_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the dialog to close");
}

static void
test_remove (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char *key = NULL;
  g_autofree char *id = NULL;
  g_autofree char *file = NULL;
  g_autoptr(CircletSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletAccount) account = NULL;
  AdwMessageDialog *dialog;
  TestWindow tw;

  if (skip_unless_unlocked ())
    return;

  key = new_server_key ();
  account = g_object_ref (add_account ("Acme Mobile", key, NULL));
  id = g_strdup (circlet_account_get_id (account));
  open_test_window (&tw);

  /* Cancel keeps everything. */
  activate_action ("remove-organization", g_variant_new_string (id));
  dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Remove Acme Mobile?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "deleted from the keyring"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "remove"), ==, ADW_RESPONSE_DESTRUCTIVE);
  assert_renders (GTK_WIDGET (dialog), "remove-organization.png");
  respond (dialog, "cancel");
  g_assert_nonnull (circlet_account_store_find (get_store (), id));

  /* Remove deletes the keyring items and the organization. */
  activate_action ("remove-organization", g_variant_new_string (id));
  dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  respond (dialog, "remove");
  circlet_test_spin_until (account_gone, id, "the organization to go");

  secret = lookup_secret (account, CIRCLET_SECRET_KEY, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND);
  g_assert_null (secret);
  g_clear_error (&error);
  g_clear_pointer (&secret, circlet_secret_free);
  secret = lookup_secret (account, CIRCLET_SECRET_SESSION, &error);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND);

  file = read_accounts_file ();
  g_assert_null (strstr (file, id));
  g_assert_null (circlet_org_switcher_get_selected_account (tw.switcher));
}

static void
test_empty (Fixture      *fixture,
            gconstpointer data)
{
  GtkWindow *keys_window;
  g_autoptr(GString) text = g_string_new (NULL);
  TestWindow tw;

  if (skip_unless_unlocked ())
    return;

  open_test_window (&tw);
  activate_action ("organizations", NULL);
  keys_window = wait_for_toplevel (CIRCLET_TYPE_ORGANIZATIONS_WINDOW);
  collect_text (GTK_WIDGET (keys_window), text);
  g_assert_nonnull (strstr (text->str, "No Organizations"));
  g_assert_nonnull (find_actionable (GTK_WIDGET (keys_window), "app.add-organization"));
  assert_renders (GTK_WIDGET (keys_window), "keys-empty.png");

  /* Its Add Organization opens the dialog on top of it. */
  gtk_widget_activate (find_actionable (GTK_WIDGET (keys_window), "app.add-organization"));
  g_assert_true (gtk_window_get_transient_for (wait_for_toplevel (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG)) == keys_window);
}

static void
test_locked_keyring (Fixture      *fixture,
                     gconstpointer data)
{
  g_autofree char *key = NULL;
  g_autofree char *file = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  CircletAccount *account;
  AdwMessageDialog *dialog;
  GtkWidget *retry;
  GVariant *target;
  TestWindow tw;

  if (circlet_keyring_kind_from_env () != CIRCLET_KEYRING_GNOME_LOCKED)
    {
      g_test_skip ("runs with a lockable keyring (CIRCLET_TEST_KEYRING=gnome-locked)");
      return;
    }

  /* Added while unlocked… */
  circlet_keyring_fixture_set_locked (FALSE);
  key = new_server_key ();
  account = add_account ("Acme Mobile", key, NULL);
  id = g_strdup (circlet_account_get_id (account));
  open_test_window (&tw);

  /* …then the screen locks the keyring. */
  circlet_keyring_fixture_set_locked (TRUE);
  verify_and_wait (account, CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED);

  g_assert_true (circlet_key_banner_get_revealed (tw.banner));
  g_assert_nonnull (strstr (circlet_key_banner_get_message (tw.banner), "keyring is locked"));
  retry = find_actionable (GTK_WIDGET (tw.banner), "app.verify");
  g_assert_nonnull (retry);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (retry)), ==, "_Retry");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (retry));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, id);
  assert_switcher_icons (tw.switcher, account, "changes-prevent-symbolic", "Keyring locked");
  assert_renders (GTK_WIDGET (tw.window), "locked-banner.png");

  /* The organization stays, in memory and in the file. */
  g_assert_true (circlet_account_store_find (get_store (), id) == account);
  file = read_accounts_file ();
  g_assert_nonnull (strstr (file, id));
  g_assert_nonnull (strstr (file, "Acme Mobile"));

  /* Removing it needs the keyring: refused, and nothing is lost. */
  activate_action ("remove-organization", g_variant_new_string (id));
  dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  respond (dialog, "remove");
  dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Remove Acme Mobile");
  g_assert_true (circlet_account_store_find (get_store (), id) == account);
  g_free (file);
  file = read_accounts_file ();
  g_assert_nonnull (strstr (file, id));
  respond (dialog, "close");

  /* Unlocked again, Retry brings it back. */
  circlet_keyring_fixture_set_locked (FALSE);
  verify_and_wait (account, CIRCLET_ACCOUNT_STATUS_VALID);
  g_assert_false (circlet_key_banner_get_revealed (tw.banner));

  collect_text (GTK_WIDGET (tw.window), text);
  g_assert_null (strstr (text->str, key));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* First: the keyring fixture starts a private bus and keyring, then
   * restores DISPLAY for GTK. */
  circlet_keyring_fixture_setup (circlet_keyring_kind_from_env ());

  /* GTK's test accessibility backend records what assistive technologies
   * would be told, so the icons' accessible names can be checked; "none"
   * (the suite default) creates no accessibility objects at all. */
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

  issued_keys = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (key_checking_writer, NULL, NULL);
  start_notification_server ();
  server = circlet_test_server_new (12, &error);
  g_assert_no_error (error);

  app = circlet_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(name, func) \
  g_test_add ("/ui-keys/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("add-organization", test_add_organization);
  ADD ("wrong-key", test_wrong_key);
  ADD ("revoked", test_revoked);
  ADD ("expiring", test_expiring);
  ADD ("verify-spinner", test_verify_spinner);
  ADD ("remove", test_remove);
  ADD ("empty", test_empty);
  ADD ("locked-keyring", test_locked_keyring);

#undef ADD

  ret = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&server);
  g_clear_pointer (&notifications, g_hash_table_unref);
  g_clear_pointer (&issued_keys, g_ptr_array_unref);
  circlet_keyring_fixture_teardown ();

  return ret;
}
