/* circlet-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-add-organization-dialog.h"
#include "circlet-application-private.h"
#include "circlet-organizations-window.h"
#include "circlet-window.h"
#include "circlet-window-private.h"

struct _CircletApplication
{
  AdwApplication parent_instance;

  /* Owned references: the core objects every window shares */
  CircletAccountStore *account_store;
  CircletKeyStore     *key_store;
  CircletSession      *session;

  /* Every account in the store, with whether it was revoked when last seen:
   * CircletAccount (ref) → GINT_TO_POINTER (was_revoked). */
  GHashTable          *watched;
  /* Ids of the accounts whose key is being verified. */
  GHashTable          *verifying;
  GCancellable        *cancellable;

  /* Borrowed references: each clears itself when its window goes */
  GtkWindow           *organizations_window;
};

G_DEFINE_FINAL_TYPE (CircletApplication, circlet_application, ADW_TYPE_APPLICATION)

enum {
  VERIFYING_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const GOptionEntry option_entries[] = {
  { "version", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

static GtkWindow *
get_or_create_window (CircletApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* An app action can arrive over D-Bus before any window exists. */
  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
    }

  return window;
}

/* Where a dialog goes: on the organizations window while it is open (it is
 * modal), else on the main window. */
static GtkWindow *
get_dialog_parent (CircletApplication *self)
{
  if (self->organizations_window != NULL &&
      gtk_widget_get_visible (GTK_WIDGET (self->organizations_window)))
    return self->organizations_window;

  return get_or_create_window (self);
}

/* The one place that starts adding an organization: the welcome page, the
 * switcher, the organizations window and Ctrl+N all go through
 * app.add-organization. */
static void
circlet_application_add_organization (CircletApplication *self)
{
  GtkWindow *parent = get_dialog_parent (self);
  GtkWidget *dialog = circlet_add_organization_dialog_new (self, NULL);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* An action's account, by id. Another process may have removed it since the
 * button was made, so a missing one is not an error worth more than a note. */
static CircletAccount *
lookup_account (CircletApplication *self,
                GVariant           *parameter)
{
  const char *id = g_variant_get_string (parameter, NULL);
  CircletAccount *account = circlet_account_store_find (self->account_store, id);

  if (account == NULL || !g_str_equal (circlet_account_get_id (account), id))
    {
      g_debug ("No organization with the id %s", id);
      return NULL;
    }

  return account;
}

static void
organizations_action_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  CircletApplication *self = CIRCLET_APPLICATION (user_data);
  GtkWindow *parent;

  if (self->organizations_window != NULL)
    {
      gtk_window_present (self->organizations_window);
      return;
    }

  parent = get_or_create_window (self);
  self->organizations_window = GTK_WINDOW (circlet_organizations_window_new (self));
  g_object_add_weak_pointer (G_OBJECT (self->organizations_window),
                             (gpointer *) &self->organizations_window);
  gtk_window_set_transient_for (self->organizations_window, parent);
  gtk_window_present (self->organizations_window);
}

static void
replace_key_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  CircletApplication *self = CIRCLET_APPLICATION (user_data);
  CircletAccount *account = lookup_account (self, parameter);
  GtkWindow *parent;
  GtkWidget *dialog;

  if (account == NULL)
    return;

  parent = get_dialog_parent (self);
  dialog = circlet_add_organization_dialog_new (self, account);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
verify_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CircletApplication *self = CIRCLET_APPLICATION (user_data);
  CircletAccount *account = lookup_account (self, parameter);

  if (account != NULL)
    _circlet_application_verify (self, account);
}

static void
open_dashboard_action_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  CircletApplication *self = CIRCLET_APPLICATION (user_data);
  CircletAccount *account = lookup_account (self, parameter);
  g_autofree char *url = NULL;

  if (account == NULL)
    return;

  url = circlet_account_dup_dashboard_url (account);
  gtk_show_uri (get_dialog_parent (self), url, GDK_CURRENT_TIME);
}

/* Removing an organization {{{1 */

typedef struct
{
  CircletApplication *self;
  CircletAccount     *account;
  GtkWindow          *parent;
} Removal;

static void
removal_free (Removal *removal)
{
  g_clear_object (&removal->self);
  g_clear_object (&removal->account);
  g_clear_object (&removal->parent);
  g_free (removal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removal, removal_free)

static void
show_error (GtkWindow  *parent,
            const char *heading,
            const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
keys_cleared_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Removal) removal = user_data;
  CircletApplication *self = removal->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;

  /* Translators: %s is an organization's name. */
  heading = g_strdup_printf (_("Could Not Remove %s"), circlet_account_get_label (removal->account));

  /* A locked keyring keeps the organization, so its key is never orphaned. */
  if (!circlet_key_store_clear_finish (CIRCLET_KEY_STORE (object), result, &error))
    {
      show_error (removal->parent, heading, error->message);
      return;
    }

  circlet_account_store_remove (self->account_store, removal->account);
  if (!circlet_account_store_save (self->account_store, &error))
    show_error (removal->parent, heading, error->message);
}

static Removal *
removal_new (CircletApplication *self,
             CircletAccount     *account,
             GtkWindow          *parent)
{
  Removal *removal = g_new0 (Removal, 1);

  removal->self = g_object_ref (self);
  removal->account = g_object_ref (account);
  removal->parent = g_object_ref (parent);

  return removal;
}

/* A dialog may answer more than once (a button, then its closing), so the
 * closure owns @removal and each removal that starts gets its own copy. */
static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  Removal *removal = user_data;
  CircletApplication *self = removal->self;

  if (!g_str_equal (response, "remove"))
    return;

  g_signal_handlers_disconnect_by_func (dialog, remove_response_cb, user_data);

  circlet_session_forget (self->session, removal->account);
  circlet_key_store_clear_async (self->key_store,
                                 circlet_account_get_id (removal->account),
                                 CIRCLET_SECRET_ANY,
                                 self->cancellable,
                                 keys_cleared_cb,
                                 removal_new (self, removal->account, removal->parent));
}

static void
remove_organization_action_cb (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  CircletApplication *self = CIRCLET_APPLICATION (user_data);
  CircletAccount *account = lookup_account (self, parameter);
  g_autofree char *heading = NULL;
  Removal *removal;
  GtkWidget *dialog;

  if (account == NULL)
    return;

  removal = removal_new (self, account, get_dialog_parent (self));

  /* Translators: %s is an organization's name. */
  heading = g_strdup_printf (_("Remove %s?"), circlet_account_get_label (account));
  dialog = adw_message_dialog_new (removal->parent, heading,
                                   _("Its key and session are deleted from the keyring. "
                                     "To add it again you need its Personal Access Key."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (remove_response_cb),
                         removal, (GClosureNotify) G_CALLBACK (removal_free), 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions {{{1 */

static void
add_organization_action_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  circlet_application_add_organization (CIRCLET_APPLICATION (user_data));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CircletApplication *self = CIRCLET_APPLICATION (user_data);
  static const char *developers[] = { "The Circlet developers", NULL };

  adw_show_about_window (get_or_create_window (self),
                         "application-name", _("Circlet"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Circlet developers"),
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_BUGREPORT,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "copyright", "© 2026 The Circlet developers",
                         /* Translators: shown in the About window; put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         "release-notes-version", "0.1.0",
                         "release-notes", _("<p>The first release of Circlet.</p>"
                                            "<ul>"
                                            "<li>A welcome page that explains where Personal Access Keys come from</li>"
                                            "<li>Keys are kept in the desktop keyring, never in a file</li>"
                                            "</ul>"),
                         NULL);
}

static void
shortcuts_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkWindow *window = get_or_create_window (CIRCLET_APPLICATION (user_data));

  if (CIRCLET_IS_WINDOW (window))
    _circlet_window_ensure_help_overlay (CIRCLET_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "add-organization", add_organization_action_cb },
  { "organizations", organizations_action_cb },
  { "replace-key", replace_key_action_cb, "s" },
  { "verify", verify_action_cb, "s" },
  { "remove-organization", remove_organization_action_cb, "s" },
  { "open-dashboard", open_dashboard_action_cb, "s" },
  { "about", about_action_cb },
  { "shortcuts", shortcuts_action_cb },
  { "quit", quit_action_cb },
};

static int
circlet_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  /* Answered locally, before startup, so it needs neither a display nor a bus. */
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  return G_APPLICATION_CLASS (circlet_application_parent_class)->handle_local_options (application, options);
}

static void
circlet_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (circlet_window_new (CIRCLET_APPLICATION (application)));

  gtk_window_present (window);
}

/* Key health {{{1 */

typedef struct
{
  CircletApplication *self;
  CircletAccount     *account;
} Verification;

static void
verification_free (Verification *verification)
{
  g_clear_object (&verification->self);
  g_clear_object (&verification->account);
  g_free (verification);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Verification, verification_free)

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Verification) verification = user_data;
  CircletApplication *self = verification->self;
  g_autoptr(CircletSecret) token = NULL;
  g_autoptr(GError) error = NULL;

  /* The session has already set the account's status from the outcome. */
  token = circlet_session_get_token_finish (CIRCLET_SESSION (object), result, NULL, &error);
  if (error != NULL)
    g_debug ("Verifying %s: %s", circlet_account_get_label (verification->account), error->message);

  if (self->verifying == NULL)
    return;

  g_hash_table_remove (self->verifying, circlet_account_get_id (verification->account));
  g_signal_emit (self, signals[VERIFYING_CHANGED], 0, verification->account);
}

static void
send_revoked_notification (CircletApplication *self,
                           CircletAccount     *account)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *id = circlet_account_get_id (account);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *notification_id = g_strconcat ("key-revoked-", id, NULL);
  g_autofree char *title = NULL;

  /* The banner says it where the user is looking. */
  if (window != NULL && gtk_window_is_active (window))
    return;

  /* Translators: %s is an organization's name. */
  title = g_strdup_printf (_("The key for %s was deleted or is invalid"), circlet_account_get_label (account));
  notification = g_notification_new (title);
  g_notification_set_body (notification,
                           _("Generate a new key in the Appcircle dashboard and replace it in Circlet."));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.replace-key", "s", id);
  g_notification_add_button_with_target (notification, _("Replace Key"), "app.replace-key", "s", id);
  g_application_send_notification (G_APPLICATION (self), notification_id, notification);
}

/* The revoked flag is what other processes (the CLI, the next run) cannot
 * find out without an exchange, so it goes to the file at once. */
static void
account_status_cb (CircletAccount     *account,
                   GParamSpec         *pspec,
                   CircletApplication *self)
{
  gboolean was_revoked = GPOINTER_TO_INT (g_hash_table_lookup (self->watched, account));
  gboolean revoked = circlet_account_get_status (account) == CIRCLET_ACCOUNT_STATUS_REVOKED;
  g_autoptr(GError) error = NULL;

  if (revoked == was_revoked)
    return;

  g_hash_table_insert (self->watched, g_object_ref (account), GINT_TO_POINTER (revoked));

  if (!circlet_account_store_save (self->account_store, &error))
    g_message ("Could not save the organizations: %s", error->message);

  if (revoked)
    send_revoked_notification (self, account);
  else
    {
      g_autofree char *notification_id = g_strconcat ("key-revoked-", circlet_account_get_id (account), NULL);

      g_application_withdraw_notification (G_APPLICATION (self), notification_id);
    }
}

typedef struct
{
  CircletApplication *self;
  GHashTable         *present;
} Unwatch;

static gboolean
unwatch_if_gone (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  Unwatch *unwatch = user_data;

  if (g_hash_table_contains (unwatch->present, key))
    return FALSE;

  g_signal_handlers_disconnect_by_func (key, account_status_cb, unwatch->self);
  return TRUE;
}

static void
accounts_changed_cb (CircletApplication *self)
{
  GListModel *accounts = G_LIST_MODEL (self->account_store);
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  guint n = g_list_model_get_n_items (accounts);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CircletAccount) account = g_list_model_get_item (accounts, i);

      g_hash_table_add (present, account);
      if (g_hash_table_contains (self->watched, account))
        continue;

      g_hash_table_insert (self->watched, g_object_ref (account),
                           GINT_TO_POINTER (circlet_account_get_status (account) == CIRCLET_ACCOUNT_STATUS_REVOKED));
      g_signal_connect_object (account, "notify::status", G_CALLBACK (account_status_cb), self, 0);
    }

  {
    Unwatch unwatch = { self, present };

    g_hash_table_foreach_remove (self->watched, unwatch_if_gone, &unwatch);
  }
}

/* The core objects exist from startup on, in the primary instance only:
 * a remote instance that forwards its activation never touches the keyring. */
static void
load_core (CircletApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->account_store = circlet_account_store_new (NULL);
  if (!circlet_account_store_load (self->account_store, &error))
    g_warning ("%s", error->message);
  g_clear_error (&error);
  if (!circlet_account_store_watch (self->account_store, &error))
    g_debug ("Not watching the account list: %s", error->message);

  self->key_store = circlet_key_store_new ();
  self->session = circlet_session_new (self->key_store);
  circlet_session_set_auto_renew (self->session, TRUE);

  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->verifying = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->account_store, "items-changed",
                           G_CALLBACK (accounts_changed_cb), self, G_CONNECT_SWAPPED);
  accounts_changed_cb (self);
}

/* The list the window will show first is read in a worker thread while
 * GTK starts and the window is built: see circlet-api-prefetch.c. */
static void
prefetch_first_list (CircletApplication *self)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(CircletAccount) account = NULL;

  account = circlet_window_dup_restored_account (settings, G_LIST_MODEL (self->account_store));
  if (account != NULL)
    circlet_api_prefetch_list (self->session, account, circlet_window_get_restored_section (settings));
}

static void
circlet_application_startup (GApplication *application)
{
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.add-organization", { "<Control>n", NULL } },
    { "app.organizations", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    /* GtkApplication sets it only for a gtk/help-overlay.ui, which
     * Circlet does not have: it builds its shortcuts window later. */
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  /* Before GTK's own start-up, which takes a while: the keyring and the
   * server are asked meanwhile. */
  load_core (CIRCLET_APPLICATION (application));
  prefetch_first_list (CIRCLET_APPLICATION (application));

  G_APPLICATION_CLASS (circlet_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   application);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                           accels[i].action, accels[i].accels);
}

static void
circlet_application_shutdown (GApplication *application)
{
  CircletApplication *self = CIRCLET_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (circlet_application_parent_class)->shutdown (application);
}

static void
circlet_application_dispose (GObject *object)
{
  CircletApplication *self = CIRCLET_APPLICATION (object);

  if (self->watched != NULL)
    {
      GHashTableIter iter;
      gpointer account;

      g_hash_table_iter_init (&iter, self->watched);
      while (g_hash_table_iter_next (&iter, &account, NULL))
        g_signal_handlers_disconnect_by_func (account, account_status_cb, self);
    }
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_pointer (&self->verifying, g_hash_table_unref);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->key_store);
  g_clear_object (&self->account_store);

  G_OBJECT_CLASS (circlet_application_parent_class)->dispose (object);
}

static void
circlet_application_class_init (CircletApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = circlet_application_dispose;

  app_class->activate = circlet_application_activate;
  app_class->startup = circlet_application_startup;
  app_class->shutdown = circlet_application_shutdown;
  app_class->handle_local_options = circlet_application_handle_local_options;

  /**
   * CircletApplication::verifying-changed:
   * @account: the account whose verification started or ended
   */
  signals[VERIFYING_CHANGED] =
    g_signal_new ("verifying-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CIRCLET_TYPE_ACCOUNT);
}

static void
circlet_application_init (CircletApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Keep your Appcircle keys in the keyring and browse your organizations."));
}

CircletApplication *
circlet_application_new (void)
{
  return g_object_new (CIRCLET_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

CircletAccountStore *
_circlet_application_get_account_store (CircletApplication *self)
{
  g_return_val_if_fail (CIRCLET_IS_APPLICATION (self), NULL);

  return self->account_store;
}

CircletKeyStore *
_circlet_application_get_key_store (CircletApplication *self)
{
  g_return_val_if_fail (CIRCLET_IS_APPLICATION (self), NULL);

  return self->key_store;
}

CircletSession *
_circlet_application_get_session (CircletApplication *self)
{
  g_return_val_if_fail (CIRCLET_IS_APPLICATION (self), NULL);

  return self->session;
}

/**
 * _circlet_application_verify:
 *
 * Exchanges the account's key once, even when it was found revoked, and lets
 * the session set the account's status from the answer. A second call while
 * one runs does nothing.
 */
void
_circlet_application_verify (CircletApplication *self,
                             CircletAccount     *account)
{
  Verification *verification;
  const char *id;

  g_return_if_fail (CIRCLET_IS_APPLICATION (self));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));
  g_return_if_fail (self->session != NULL);

  id = circlet_account_get_id (account);
  if (g_hash_table_contains (self->verifying, id))
    return;

  g_hash_table_add (self->verifying, g_strdup (id));
  g_signal_emit (self, signals[VERIFYING_CHANGED], 0, account);

  verification = g_new0 (Verification, 1);
  verification->self = g_object_ref (self);
  verification->account = g_object_ref (account);
  circlet_session_get_token_async (self->session, account, CIRCLET_TOKEN_FLAGS_FORCE_EXCHANGE,
                                   self->cancellable, verify_cb, verification);
}

gboolean
_circlet_application_is_verifying (CircletApplication *self,
                                   CircletAccount     *account)
{
  g_return_val_if_fail (CIRCLET_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (account), FALSE);

  return self->verifying != NULL &&
         g_hash_table_contains (self->verifying, circlet_account_get_id (account));
}
