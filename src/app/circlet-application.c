/* circlet-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-application-private.h"
#include "circlet-window.h"

struct _CircletApplication
{
  AdwApplication parent_instance;

  /* Owned references: the core objects every window shares */
  CircletAccountStore *account_store;
  CircletKeyStore     *key_store;
  CircletSession      *session;
};

G_DEFINE_FINAL_TYPE (CircletApplication, circlet_application, ADW_TYPE_APPLICATION)

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

/* The one place that starts adding an organization: the organizations
 * dialog replaces this body, every caller goes through app.add-organization. */
static void
circlet_application_add_organization (CircletApplication *self)
{
  GtkWindow *parent = get_or_create_window (self);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (/* Translators: %s is a command line, shown as is. */
                          _("A dialog to add organizations is on its way. Meanwhile, %s stores a key in your keyring. "
                            "It reads the key from standard input, so the key never shows up in your shell history."),
                          "<tt>circlet-cli add --label NAME</tt>");

  dialog = adw_message_dialog_new (parent, _("Add an Organization"), NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), TRUE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  gtk_window_present (GTK_WINDOW (dialog));
}

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

  /* GtkApplication gives every window the overlay from gtk/help-overlay.ui. */
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
}

static void
circlet_application_startup (GApplication *application)
{
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.add-organization", { "<Control>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (circlet_application_parent_class)->startup (application);

  load_core (CIRCLET_APPLICATION (application));

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   application);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                           accels[i].action, accels[i].accels);
}

static void
circlet_application_dispose (GObject *object)
{
  CircletApplication *self = CIRCLET_APPLICATION (object);

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
  app_class->handle_local_options = circlet_application_handle_local_options;
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
