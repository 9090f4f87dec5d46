/* circlet-add-organization-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "circlet-add-organization-dialog.h"
#include "circlet-application-private.h"
#include "circlet-error.h"

/*
 * CircletAddOrganizationDialog: adds an organization, or (given an account)
 * replaces its key. Save checks what it can locally, then verifies the key
 * with one exchange before anything is stored; on failure everything typed
 * stays and the error says what to do, next to what it is about.
 *
 * The key lives in the password row only until it is saved: then the row
 * is wiped, and nothing shows it again.
 */

struct _CircletAddOrganizationDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkStack *save_stack;
  GtkSpinner *save_spinner;
  GtkWidget *form;
  GtkLabel *intro_label;
  AdwEntryRow *label_row;
  AdwEntryRow *key_row;
  GtkLabel *key_error_label;
  AdwPreferencesGroup *options_group;
  AdwActionRow *expiry_row;
  GtkButton *expiry_clear_button;
  GtkCalendar *expiry_calendar;
  AdwEntryRow *sub_org_row;
  AdwExpanderRow *server_row;
  AdwEntryRow *api_host_row;
  AdwEntryRow *auth_host_row;
  AdwActionRow *ca_row;
  GtkButton *ca_clear_button;
  AdwActionRow *http_row;
  GtkSwitch *http_switch;
  AdwActionRow *http_warning_row;
  GtkLabel *options_error_label;

  /* Owned references */
  CircletApplication *application;
  CircletAccount *account;          /* replace mode: the account whose key is replaced */
  CircletAccount *pending;          /* the account being saved */
  GCancellable *cancellable;
  GtkFileChooserNative *chooser;
  GDate *expiry;
  char *ca_file;

  guint busy : 1;
  guint closed : 1;
};

G_DEFINE_FINAL_TYPE (CircletAddOrganizationDialog, circlet_add_organization_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_APPLICATION_OBJECT,
  PROP_ACCOUNT,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Auxiliary functions {{{1 */

static gboolean
is_replacing (CircletAddOrganizationDialog *self)
{
  return self->account != NULL;
}

static char *
dup_trimmed_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
clear_errors (CircletAddOrganizationDialog *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->label_row), GTK_WIDGET (self->key_row), GTK_WIDGET (self->sub_org_row),
    GTK_WIDGET (self->api_host_row), GTK_WIDGET (self->auth_host_row), GTK_WIDGET (self->ca_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");

  gtk_widget_set_visible (GTK_WIDGET (self->key_error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->options_error_label), FALSE);
}

/* Shows @message under the group that holds @row, marks the row and puts
 * the keyboard focus there, so the user lands where the fix goes. */
static void
show_error (CircletAddOrganizationDialog *self,
            GtkWidget                    *row,
            const char                   *message)
{
  gboolean in_options = row != NULL &&
                        gtk_widget_is_ancestor (row, GTK_WIDGET (self->options_group));
  GtkLabel *label = in_options ? self->options_error_label : self->key_error_label;

  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);

  if (row == NULL)
    return;

  gtk_widget_add_css_class (row, "error");
  if (gtk_widget_is_ancestor (row, GTK_WIDGET (self->server_row)))
    adw_expander_row_set_expanded (self->server_row, TRUE);
  gtk_widget_grab_focus (row);
}

static void
set_busy (CircletAddOrganizationDialog *self,
          gboolean                      busy)
{
  self->busy = !!busy;

  /* Focus leaves the form before it turns insensitive, to the one button
   * that still works; GtkText warns when it loses focus to insensitivity. */
  if (busy)
    gtk_widget_grab_focus (self->cancel_button);

  gtk_stack_set_visible_child_name (self->save_stack, busy ? "spinner" : "label");
  gtk_spinner_set_spinning (self->save_spinner, busy);
  /* Insensitive, not cleared: a failure leaves everything as typed. */
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", !busy);
}

static void
update_expiry_row (CircletAddOrganizationDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->expiry_clear_button), self->expiry != NULL);

  if (self->expiry == NULL)
    {
      adw_action_row_set_subtitle (self->expiry_row,
                                   _("Not set — enter the date to be warned a week before"));
      return;
    }

  {
    char text[128];

    /* Translators: the key's expiry date, in strftime(3) format. */
    if (g_date_strftime (text, sizeof text, _("%B %-d, %Y"), self->expiry) == 0)
      g_date_strftime (text, sizeof text, "%Y-%m-%d", self->expiry);
    adw_action_row_set_subtitle (self->expiry_row, text);
  }
}

static void
update_ca_row (CircletAddOrganizationDialog *self)
{
  g_autofree char *basename = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->ca_clear_button), self->ca_file != NULL);
  if (self->ca_file == NULL)
    {
      adw_action_row_set_subtitle (self->ca_row, _("The system’s trusted certificates"));
      return;
    }

  basename = g_path_get_basename (self->ca_file);
  adw_action_row_set_subtitle (self->ca_row, basename);
}

/* What the server's refusal means when the key was just typed in. */
static const char *
key_refused_message (void)
{
  return _("Appcircle refused this key. Check that you copied all of it, or generate a new one "
           "under My Organization → Security → Personal Access Key.");
}

/* Which row an error from the exchange is about, if any. */
static GtkWidget *
row_for_error (CircletAddOrganizationDialog *self,
               const GError                 *error,
               CircletAccount               *account)
{
  gboolean self_hosted = !g_str_equal (circlet_account_get_api_host (account), CIRCLET_DEFAULT_API_HOST) ||
                         !g_str_equal (circlet_account_get_auth_host (account), CIRCLET_DEFAULT_AUTH_HOST);

  if (error->domain != CIRCLET_ERROR)
    return NULL;

  switch ((CircletError) error->code)
    {
    case CIRCLET_ERROR_KEY_REVOKED:
    case CIRCLET_ERROR_UNAUTHORIZED:
    case CIRCLET_ERROR_INVALID_INPUT:
      return GTK_WIDGET (self->key_row);

    case CIRCLET_ERROR_TLS:
      return self_hosted ? GTK_WIDGET (self->ca_row) : NULL;

    case CIRCLET_ERROR_INSECURE:
    case CIRCLET_ERROR_NETWORK:
    case CIRCLET_ERROR_NOT_APPCIRCLE:
    case CIRCLET_ERROR_BAD_RESPONSE:
    case CIRCLET_ERROR_NOT_FOUND:
      return self_hosted ? GTK_WIDGET (self->auth_host_row) : NULL;

    case CIRCLET_ERROR_FAILED:
    case CIRCLET_ERROR_FORBIDDEN:
    case CIRCLET_ERROR_RATE_LIMITED:
    case CIRCLET_ERROR_SERVER:
    case CIRCLET_ERROR_TOO_LARGE:
    case CIRCLET_ERROR_KEYRING_LOCKED:
    case CIRCLET_ERROR_KEYRING_UNAVAILABLE:
    case CIRCLET_ERROR_KEYRING_TIMEOUT:
    case CIRCLET_ERROR_KEY_NOT_FOUND:
    case CIRCLET_ERROR_ACCOUNT_NOT_FOUND:
    case CIRCLET_ERROR_ACCOUNT_EXISTS:
    case CIRCLET_ERROR_CONFIG_DAMAGED:
    default:
      return NULL;
    }
}

/* Checks what can be checked without the network and builds the account
 * to add. Returns NULL after showing the error. */
static CircletAccount *
build_account (CircletAddOrganizationDialog *self)
{
  CircletAccountStore *store = _circlet_application_get_account_store (self->application);
  g_autofree char *label = dup_trimmed_text (self->label_row);
  g_autofree char *sub_org = dup_trimmed_text (self->sub_org_row);
  g_autofree char *api_host = dup_trimmed_text (self->api_host_row);
  g_autofree char *auth_host = dup_trimmed_text (self->auth_host_row);
  g_autoptr(CircletAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (label[0] == '\0')
    {
      show_error (self, GTK_WIDGET (self->label_row),
                  _("Enter a name for the organization, as you want to see it in Circlet."));
      return NULL;
    }

  if (circlet_account_store_find (store, label) != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("An organization named “%s” already exists. Choose another name."), label);

      show_error (self, GTK_WIDGET (self->label_row), message);
      return NULL;
    }

  account = circlet_account_new (NULL, label);

  if (sub_org[0] != '\0' && !g_uuid_string_is_valid (sub_org))
    {
      show_error (self, GTK_WIDGET (self->sub_org_row),
                  _("A sub-organization ID looks like 3f2b8c1e-5d4a-4b6f-9e7d-0a1b2c3d4e5f. "
                    "Copy it from the sub-organization’s page in the Appcircle dashboard, or leave it empty."));
      return NULL;
    }
  circlet_account_set_sub_org_id (account, sub_org);

  if (api_host[0] != '\0' || auth_host[0] != '\0')
    {
      circlet_account_set_allow_http (account, gtk_switch_get_active (self->http_switch));

      if (!circlet_account_set_api_host (account, api_host, &error))
        {
          show_error (self, GTK_WIDGET (self->api_host_row), error->message);
          return NULL;
        }
      if (!circlet_account_set_auth_host (account, auth_host, &error))
        {
          show_error (self, GTK_WIDGET (self->auth_host_row), error->message);
          return NULL;
        }

      /* Plain http is refused before any key goes out. */
      {
        g_autoptr(GUri) api_uri = g_uri_parse (circlet_account_get_api_host (account), G_URI_FLAGS_NONE, NULL);
        g_autoptr(GUri) auth_uri = g_uri_parse (circlet_account_get_auth_host (account), G_URI_FLAGS_NONE, NULL);

        if (!circlet_account_check_uri_allowed (account, api_uri, &error))
          {
            show_error (self, GTK_WIDGET (self->api_host_row), error->message);
            return NULL;
          }
        if (!circlet_account_check_uri_allowed (account, auth_uri, &error))
          {
            show_error (self, GTK_WIDGET (self->auth_host_row), error->message);
            return NULL;
          }
      }
    }

  if (self->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (self->ca_file, &error);

      if (database == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("This CA file can’t be used: %s. Choose a PEM file with the certificate that signed your server’s certificate."),
                             error->message);

          show_error (self, GTK_WIDGET (self->ca_row), message);
          return NULL;
        }
      circlet_account_set_ca_file (account, self->ca_file);
    }

  circlet_account_set_key_expiry (account, self->expiry);

  return g_steal_pointer (&account);
}

/* Nothing half-done stays in the keyring when an add is given up. */
static void
forget_pending (CircletAddOrganizationDialog *self)
{
  if (self->pending == NULL || is_replacing (self))
    return;

  circlet_session_forget (_circlet_application_get_session (self->application), self->pending);
  circlet_key_store_clear_async (_circlet_application_get_key_store (self->application),
                                 circlet_account_get_id (self->pending),
                                 CIRCLET_SECRET_ANY, NULL, NULL, NULL);
}

static gboolean
finish_add (CircletAddOrganizationDialog *self)
{
  CircletAccountStore *store = _circlet_application_get_account_store (self->application);
  g_autoptr(GError) error = NULL;

  if (!circlet_account_store_add (store, self->pending, &error) ||
      !circlet_account_store_save (store, &error))
    {
      if (circlet_account_store_find (store, circlet_account_get_id (self->pending)) == self->pending)
        circlet_account_store_remove (store, self->pending);
      forget_pending (self);
      show_error (self,
                  g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_ACCOUNT_EXISTS)
                    ? GTK_WIDGET (self->label_row) : NULL,
                  error->message);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, self->pending);
  return TRUE;
}

static gboolean
finish_replace (CircletAddOrganizationDialog *self)
{
  CircletAccountStore *store = _circlet_application_get_account_store (self->application);
  CircletAccountStatus status = circlet_account_get_status (self->account);
  g_autoptr(GError) error = NULL;

  /* The old date belonged to the old key. The session judged "expiring"
   * with it, so judge again with the new one. */
  circlet_account_set_key_expiry (self->account, self->expiry);
  if (status == CIRCLET_ACCOUNT_STATUS_VALID || status == CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING)
    {
      int days = circlet_account_get_days_until_key_expiry (self->account, NULL);

      circlet_account_set_status (self->account,
                                  days != G_MININT && days <= CIRCLET_KEY_EXPIRY_WARNING_DAYS
                                    ? CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING
                                    : CIRCLET_ACCOUNT_STATUS_VALID,
                                  NULL);
    }

  if (!circlet_account_store_save (store, &error))
    g_message ("Could not save the organizations: %s", error->message);

  g_signal_emit (self, signals[SAVED], 0, self->account);
  return TRUE;
}

/* Callbacks {{{1 */

static void
key_set_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CircletAddOrganizationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = circlet_session_set_key_finish (CIRCLET_SESSION (object), result, &error);

  if (self->closed)
    {
      /* Cancelled by closing: the key may have been stored just before. */
      forget_pending (self);
      g_clear_object (&self->pending);
      return;
    }

  set_busy (self, FALSE);
  g_clear_object (&self->cancellable);

  if (!ok)
    {
      GtkWidget *row = row_for_error (self, error, self->pending);
      gboolean refused = g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED);

      show_error (self, row, refused ? key_refused_message () : error->message);
      g_clear_object (&self->pending);
      return;
    }

  ok = is_replacing (self) ? finish_replace (self) : finish_add (self);
  g_clear_object (&self->pending);
  if (!ok)
    return;

  /* Saved: the key is never shown again, not even to this dialog. */
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CircletAddOrganizationDialog *self = CIRCLET_ADD_ORGANIZATION_DIALOG (widget);
  CircletSession *session = _circlet_application_get_session (self->application);
  g_autoptr(GError) error = NULL;
  char *key;

  if (self->busy)
    return;

  clear_errors (self);

  key = circlet_normalize_key (gtk_editable_get_text (GTK_EDITABLE (self->key_row)), &error);
  if (key == NULL)
    {
      show_error (self, GTK_WIDGET (self->key_row), error->message);
      return;
    }

  g_clear_object (&self->pending);
  self->pending = is_replacing (self) ? g_object_ref (self->account) : build_account (self);
  if (self->pending == NULL)
    {
      memset (key, 0, strlen (key));
      g_free (key);
      return;
    }

  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  circlet_session_set_key_async (session, self->pending, key, TRUE, self->cancellable,
                                 key_set_cb, g_object_ref (self));
  memset (key, 0, strlen (key));
  g_free (key);
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
row_changed_cb (GtkWidget *row)
{
  /* The mark goes as soon as the user starts fixing; the text stays until Save. */
  gtk_widget_remove_css_class (row, "error");
}

static void
expiry_day_selected_cb (CircletAddOrganizationDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->expiry_calendar);
  int year, month, day;

  g_date_time_get_ymd (date, &year, &month, &day);
  g_clear_pointer (&self->expiry, g_date_free);
  self->expiry = g_date_new_dmy (day, month, year);
  /* The popover stays open: arrow keys select days too, and a keyboard
   * user closes it with Escape once the date is right. */
  update_expiry_row (self);
}

static void
expiry_clear_cb (CircletAddOrganizationDialog *self)
{
  g_clear_pointer (&self->expiry, g_date_free);
  update_expiry_row (self);
}

static void
ca_chooser_response_cb (CircletAddOrganizationDialog *self,
                        int                           response,
                        GtkNativeDialog              *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_free (self->ca_file);
          self->ca_file = g_steal_pointer (&path);
          gtk_widget_remove_css_class (GTK_WIDGET (self->ca_row), "error");
          update_ca_row (self);
        }
    }

  g_clear_object (&self->chooser);
}

/* Through the portal in the Flatpak, which has no access to the files. */
static void
ca_choose_cb (CircletAddOrganizationDialog *self)
{
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose a Certificate Authority"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (pem, _("PEM Certificates"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_filter_add_mime_type (pem, "application/x-x509-ca-cert");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), pem);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (ca_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ca_clear_cb (CircletAddOrganizationDialog *self)
{
  g_clear_pointer (&self->ca_file, g_free);
  update_ca_row (self);
}

static void
http_switch_cb (CircletAddOrganizationDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->http_warning_row), gtk_switch_get_active (self->http_switch));
}

/* Overrides {{{1 */

static gboolean
circlet_add_organization_dialog_close_request (GtkWindow *window)
{
  CircletAddOrganizationDialog *self = CIRCLET_ADD_ORGANIZATION_DIALOG (window);

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_window_set_focus (window, NULL);
  /* Nothing typed outlives the window, the key least of all. */
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");

  return GTK_WINDOW_CLASS (circlet_add_organization_dialog_parent_class)->close_request (window);
}

static void
circlet_add_organization_dialog_constructed (GObject *object)
{
  CircletAddOrganizationDialog *self = CIRCLET_ADD_ORGANIZATION_DIALOG (object);

  G_OBJECT_CLASS (circlet_add_organization_dialog_parent_class)->constructed (object);

  g_assert (CIRCLET_IS_APPLICATION (self->application));

  if (is_replacing (self))
    {
      const char *label = circlet_account_get_label (self->account);
      g_autofree char *intro = NULL;
      g_autofree char *escaped = g_markup_escape_text (label, -1);

      gtk_window_set_title (GTK_WINDOW (self), _("Replace Key"));
      adw_window_title_set_title (self->window_title, _("Replace Key"));
      adw_window_title_set_subtitle (self->window_title, label);

      /* Translators: %s is an organization's name. */
      intro = g_strdup_printf (_("Generate a new Personal Access Key for <b>%s</b> in the Appcircle dashboard "
                                 "under <b>My Organization → Security → Personal Access Key</b> and paste it here. "
                                 "The old key stays until the new one works."),
                               escaped);
      gtk_label_set_markup (self->intro_label, intro);

      gtk_widget_set_visible (GTK_WIDGET (self->label_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->sub_org_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->server_row), FALSE);
      adw_preferences_group_set_title (self->options_group, NULL);
      gtk_window_set_default_size (GTK_WINDOW (self), 560, 420);
      gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->label_row));
}

static void
circlet_add_organization_dialog_dispose (GObject *object)
{
  CircletAddOrganizationDialog *self = CIRCLET_ADD_ORGANIZATION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  g_clear_object (&self->account);
  g_clear_object (&self->application);
  g_clear_pointer (&self->expiry, g_date_free);
  g_clear_pointer (&self->ca_file, g_free);

  G_OBJECT_CLASS (circlet_add_organization_dialog_parent_class)->dispose (object);
}

static void
circlet_add_organization_dialog_get_property (GObject    *object,
                                              guint       prop_id,
                                              GValue     *value,
                                              GParamSpec *pspec)
{
  CircletAddOrganizationDialog *self = CIRCLET_ADD_ORGANIZATION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_APPLICATION_OBJECT:
      g_value_set_object (value, self->application);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_add_organization_dialog_set_property (GObject      *object,
                                              guint         prop_id,
                                              const GValue *value,
                                              GParamSpec   *pspec)
{
  CircletAddOrganizationDialog *self = CIRCLET_ADD_ORGANIZATION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_APPLICATION_OBJECT:
      self->application = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_add_organization_dialog_class_init (CircletAddOrganizationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = circlet_add_organization_dialog_constructed;
  object_class->dispose = circlet_add_organization_dialog_dispose;
  object_class->get_property = circlet_add_organization_dialog_get_property;
  object_class->set_property = circlet_add_organization_dialog_set_property;

  window_class->close_request = circlet_add_organization_dialog_close_request;

  /* Not GtkWindow:application: the dialog must not count as one of the
   * application's windows (it would become the "active window"). */
  properties[PROP_APPLICATION_OBJECT] =
    g_param_spec_object ("circlet-application", NULL, NULL,
                         CIRCLET_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CircletAddOrganizationDialog:account: (nullable)
   *
   * The organization whose key is replaced, or %NULL to add one.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         CIRCLET_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CircletAddOrganizationDialog::saved:
   * @account: the organization added, or whose key was replaced
   *
   * Emitted once the key works and is in the keyring, and the organization
   * is in the saved list, just before the dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CIRCLET_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/circlet-add-organization-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, save_stack);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, form);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, key_error_label);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, options_group);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, expiry_clear_button);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, expiry_calendar);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, sub_org_row);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, api_host_row);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, auth_host_row);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, ca_row);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, http_row);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, http_switch);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, http_warning_row);
  gtk_widget_class_bind_template_child (widget_class, CircletAddOrganizationDialog, options_error_label);
  gtk_widget_class_bind_template_callback (widget_class, row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, expiry_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, expiry_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, http_switch_cb);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "dialog.cancel", NULL, cancel_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "dialog.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save", NULL);
}

static void
circlet_add_organization_dialog_init (CircletAddOrganizationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * circlet_add_organization_dialog_new:
 * @account: (nullable): an organization whose key to replace, or %NULL to add one
 */
GtkWidget *
circlet_add_organization_dialog_new (CircletApplication *application,
                                     CircletAccount     *account)
{
  g_return_val_if_fail (CIRCLET_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (account == NULL || CIRCLET_IS_ACCOUNT (account), NULL);

  return g_object_new (CIRCLET_TYPE_ADD_ORGANIZATION_DIALOG,
                       "circlet-application", application,
                       "account", account,
                       NULL);
}

/**
 * circlet_add_organization_dialog_get_account:
 *
 * Returns: (transfer none) (nullable): the organization whose key is replaced
 */
CircletAccount *
circlet_add_organization_dialog_get_account (CircletAddOrganizationDialog *self)
{
  g_return_val_if_fail (CIRCLET_IS_ADD_ORGANIZATION_DIALOG (self), NULL);

  return self->account;
}

/* Whether Save is running: the key is being checked and stored. */
gboolean
circlet_add_organization_dialog_get_busy (CircletAddOrganizationDialog *self)
{
  g_return_val_if_fail (CIRCLET_IS_ADD_ORGANIZATION_DIALOG (self), FALSE);

  return self->busy;
}
