/* circlet-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "circlet-account.h"
#include "circlet-core-enums.h"
#include "circlet-error.h"

/**
 * CircletAccount:
 *
 * One Appcircle organization the user connected: where its servers are and
 * what we last learned about its key. It holds no secret: the key lives in
 * the keyring and session tokens only in the session manager's memory.
 */
struct _CircletAccount
{
  GObject parent_instance;

  /* Settings, persisted by CircletAccountStore */
  char *id;
  char *label;
  char *api_host;
  char *auth_host;
  char *sub_org_id;
  GDate *key_expiry;
  char *ca_file;
  gboolean allow_http;

  /* Live state, driven by the session manager */
  CircletAccountStatus status;
  GError *status_error;
  gint64 session_expires;
  char *email;
  char *current_org_id;
};

G_DEFINE_FINAL_TYPE (CircletAccount, circlet_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_API_HOST,
  PROP_AUTH_HOST,
  PROP_SUB_ORG_ID,
  PROP_KEY_EXPIRY,
  PROP_CA_FILE,
  PROP_ALLOW_HTTP,
  PROP_STATUS,
  PROP_STATUS_ERROR,
  PROP_SESSION_EXPIRES,
  PROP_EMAIL,
  PROP_CURRENT_ORG_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define CLOUD_API_HOSTNAME "api.appcircle.io"

/* Replaces *field by a copy of value; TRUE when that was a change. */
static gboolean
replace_str (char       **field,
             const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Optional settings typed into entries arrive as "" when left blank. */
static const char *
empty_to_null (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : NULL;
}

static void
set_optional_str (CircletAccount *self,
                  char          **field,
                  int             prop_id,
                  const char     *value)
{
  if (replace_str (field, empty_to_null (value)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
set_host (CircletAccount  *self,
          char           **field,
          int              prop_id,
          const char      *host,
          const char      *default_host,
          GError         **error)
{
  g_autofree char *normalized = NULL;

  if (host == NULL)
    normalized = g_strdup (default_host);
  else
    normalized = circlet_normalize_host (host, error);

  if (normalized == NULL)
    return FALSE;

  if (replace_str (field, normalized))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  return TRUE;
}

static gboolean
error_equal (const GError *a,
             const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->domain == b->domain &&
         a->code == b->code &&
         g_strcmp0 (a->message, b->message) == 0;
}

static gboolean
fail_host (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/* GUri accepts almost anything as a registered name (spaces included), so
 * check that the host could really be looked up in the DNS. */
static gboolean
host_is_plausible (const char *host)
{
  const char *p;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  for (p = host; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
        return FALSE;
    }

  return TRUE;
}

static void
circlet_account_finalize (GObject *object)
{
  CircletAccount *self = (CircletAccount *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->api_host, g_free);
  g_clear_pointer (&self->auth_host, g_free);
  g_clear_pointer (&self->sub_org_id, g_free);
  g_clear_pointer (&self->key_expiry, g_date_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_error (&self->status_error);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->current_org_id, g_free);

  G_OBJECT_CLASS (circlet_account_parent_class)->finalize (object);
}

static void
circlet_account_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CircletAccount *self = CIRCLET_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, circlet_account_get_id (self));
      break;

    case PROP_LABEL:
      g_value_set_string (value, circlet_account_get_label (self));
      break;

    case PROP_API_HOST:
      g_value_set_string (value, circlet_account_get_api_host (self));
      break;

    case PROP_AUTH_HOST:
      g_value_set_string (value, circlet_account_get_auth_host (self));
      break;

    case PROP_SUB_ORG_ID:
      g_value_set_string (value, circlet_account_get_sub_org_id (self));
      break;

    case PROP_KEY_EXPIRY:
      g_value_set_boxed (value, circlet_account_get_key_expiry (self));
      break;

    case PROP_CA_FILE:
      g_value_set_string (value, circlet_account_get_ca_file (self));
      break;

    case PROP_ALLOW_HTTP:
      g_value_set_boolean (value, circlet_account_get_allow_http (self));
      break;

    case PROP_STATUS:
      g_value_set_enum (value, circlet_account_get_status (self));
      break;

    case PROP_STATUS_ERROR:
      g_value_set_boxed (value, circlet_account_get_status_error (self));
      break;

    case PROP_SESSION_EXPIRES:
      g_value_set_int64 (value, circlet_account_get_session_expires (self));
      break;

    case PROP_EMAIL:
      g_value_set_string (value, circlet_account_get_email (self));
      break;

    case PROP_CURRENT_ORG_ID:
      g_value_set_string (value, circlet_account_get_current_org_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_account_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CircletAccount *self = CIRCLET_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      {
        const char *id = g_value_get_string (value);

        /* The id names a key file group and the keyring item, so it must
         * stay a plain UUID. */
        if (id != NULL && !g_uuid_string_is_valid (id))
          {
            g_critical ("“%s” is not a UUID; generating a new account id", id);
            id = NULL;
          }
        self->id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
      }
      break;

    case PROP_LABEL:
      circlet_account_set_label (self, g_value_get_string (value));
      break;

    case PROP_SUB_ORG_ID:
      circlet_account_set_sub_org_id (self, g_value_get_string (value));
      break;

    case PROP_KEY_EXPIRY:
      circlet_account_set_key_expiry (self, g_value_get_boxed (value));
      break;

    case PROP_CA_FILE:
      circlet_account_set_ca_file (self, g_value_get_string (value));
      break;

    case PROP_ALLOW_HTTP:
      circlet_account_set_allow_http (self, g_value_get_boolean (value));
      break;

    case PROP_SESSION_EXPIRES:
      circlet_account_set_session_expires (self, g_value_get_int64 (value));
      break;

    case PROP_EMAIL:
      circlet_account_set_email (self, g_value_get_string (value));
      break;

    case PROP_CURRENT_ORG_ID:
      circlet_account_set_current_org_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_account_class_init (CircletAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_account_finalize;
  object_class->get_property = circlet_account_get_property;
  object_class->set_property = circlet_account_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Read-only as properties: a host must be validated, and only the
   * setters can report why one is refused. */
  properties[PROP_API_HOST] =
    g_param_spec_string ("api-host", NULL, NULL,
                         CIRCLET_DEFAULT_API_HOST,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUTH_HOST] =
    g_param_spec_string ("auth-host", NULL, NULL,
                         CIRCLET_DEFAULT_AUTH_HOST,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SUB_ORG_ID] =
    g_param_spec_string ("sub-org-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KEY_EXPIRY] =
    g_param_spec_boxed ("key-expiry", NULL, NULL,
                        G_TYPE_DATE,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ALLOW_HTTP] =
    g_param_spec_boolean ("allow-http", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Set together with status-error through circlet_account_set_status(). */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       CIRCLET_TYPE_ACCOUNT_STATUS,
                       CIRCLET_ACCOUNT_STATUS_UNVERIFIED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS_ERROR] =
    g_param_spec_boxed ("status-error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SESSION_EXPIRES] =
    g_param_spec_int64 ("session-expires", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CURRENT_ORG_ID] =
    g_param_spec_string ("current-org-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_account_init (CircletAccount *self)
{
  self->label = g_strdup ("");
  self->api_host = g_strdup (CIRCLET_DEFAULT_API_HOST);
  self->auth_host = g_strdup (CIRCLET_DEFAULT_AUTH_HOST);
  self->status = CIRCLET_ACCOUNT_STATUS_UNVERIFIED;
}

/**
 * circlet_account_new:
 * @id: (nullable): a UUID string, or %NULL to generate a new one
 * @label: the name the user gave the organization
 *
 * Returns: (transfer full): a new account on the cloud hosts
 */
CircletAccount *
circlet_account_new (const char *id,
                     const char *label)
{
  g_return_val_if_fail (id == NULL || g_uuid_string_is_valid (id), NULL);
  g_return_val_if_fail (label != NULL, NULL);

  return g_object_new (CIRCLET_TYPE_ACCOUNT,
                       "id", id,
                       "label", label,
                       NULL);
}

const char *
circlet_account_get_id (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  return self->id;
}

const char *
circlet_account_get_label (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  return self->label;
}

/* The label is kept exactly as given; the store refuses a blank or
 * duplicate one when it is added or saved. */
void
circlet_account_set_label (CircletAccount *self,
                           const char     *label)
{
  g_return_if_fail (CIRCLET_IS_ACCOUNT (self));
  g_return_if_fail (label != NULL);
  g_return_if_fail (g_utf8_validate (label, -1, NULL));

  if (replace_str (&self->label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

const char *
circlet_account_get_api_host (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  return self->api_host;
}

/**
 * circlet_account_set_api_host:
 * @host: (nullable): the address as typed, or %NULL for the cloud host
 *
 * Stores the host normalised by circlet_normalize_host(); on error the
 * current host is kept.
 */
gboolean
circlet_account_set_api_host (CircletAccount  *self,
                              const char      *host,
                              GError         **error)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_host (self, &self->api_host, PROP_API_HOST, host, CIRCLET_DEFAULT_API_HOST, error);
}

const char *
circlet_account_get_auth_host (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  return self->auth_host;
}

/**
 * circlet_account_set_auth_host:
 * @host: (nullable): the address as typed, or %NULL for the cloud host
 *
 * Like circlet_account_set_api_host().
 */
gboolean
circlet_account_set_auth_host (CircletAccount  *self,
                               const char      *host,
                               GError         **error)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_host (self, &self->auth_host, PROP_AUTH_HOST, host, CIRCLET_DEFAULT_AUTH_HOST, error);
}

const char *
circlet_account_get_sub_org_id (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  return self->sub_org_id;
}

/* An empty string is stored as %NULL, like the other optional strings. */
void
circlet_account_set_sub_org_id (CircletAccount *self,
                                const char     *sub_org_id)
{
  g_return_if_fail (CIRCLET_IS_ACCOUNT (self));
  g_return_if_fail (sub_org_id == NULL || g_utf8_validate (sub_org_id, -1, NULL));

  set_optional_str (self, &self->sub_org_id, PROP_SUB_ORG_ID, sub_org_id);
}

/**
 * circlet_account_get_key_expiry:
 *
 * Returns: (transfer none) (nullable): the expiry date the user entered
 */
GDate *
circlet_account_get_key_expiry (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  return self->key_expiry;
}

void
circlet_account_set_key_expiry (CircletAccount *self,
                                const GDate    *date)
{
  g_return_if_fail (CIRCLET_IS_ACCOUNT (self));
  g_return_if_fail (date == NULL || g_date_valid (date));

  if (date == NULL && self->key_expiry == NULL)
    return;

  if (date != NULL && self->key_expiry != NULL && g_date_compare (date, self->key_expiry) == 0)
    return;

  g_clear_pointer (&self->key_expiry, g_date_free);
  if (date != NULL)
    self->key_expiry = g_date_copy (date);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_EXPIRY]);
}

/**
 * circlet_account_get_days_until_key_expiry:
 * @now: (nullable): the current time, or %NULL for the real one
 *
 * Counts in calendar days in the local time zone, because the user entered
 * a date, not an instant: 0 means the key expires today, 1 tomorrow, -1 it
 * expired yesterday.
 *
 * Returns: the days left, or %G_MININT when no expiry date is set
 */
int
circlet_account_get_days_until_key_expiry (CircletAccount *self,
                                           GDateTime      *now)
{
  g_autoptr(GDateTime) local = NULL;
  GDate today;
  int year, month, day;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), G_MININT);

  if (self->key_expiry == NULL)
    return G_MININT;

  local = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  g_return_val_if_fail (local != NULL, G_MININT);

  g_date_time_get_ymd (local, &year, &month, &day);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, day, month, year);

  return g_date_days_between (&today, self->key_expiry);
}

const char *
circlet_account_get_ca_file (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  return self->ca_file;
}

void
circlet_account_set_ca_file (CircletAccount *self,
                             const char     *ca_file)
{
  g_return_if_fail (CIRCLET_IS_ACCOUNT (self));
  g_return_if_fail (ca_file == NULL || g_utf8_validate (ca_file, -1, NULL));

  set_optional_str (self, &self->ca_file, PROP_CA_FILE, ca_file);
}

gboolean
circlet_account_get_allow_http (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), FALSE);

  return self->allow_http;
}

void
circlet_account_set_allow_http (CircletAccount *self,
                                gboolean        allow_http)
{
  g_return_if_fail (CIRCLET_IS_ACCOUNT (self));

  allow_http = !!allow_http;
  if (self->allow_http == allow_http)
    return;

  self->allow_http = allow_http;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_HTTP]);
}

/**
 * circlet_account_check_uri_allowed:
 * @uri: a URI about to be requested for this account
 *
 * Plain http would carry the key and the session token in clear, so it is
 * allowed only to this machine or when the user said the network is trusted.
 *
 * Returns: %TRUE if the request may go out; else %CIRCLET_ERROR_INSECURE
 */
gboolean
circlet_account_check_uri_allowed (CircletAccount  *self,
                                   GUri            *uri,
                                   GError         **error)
{
  const char *scheme;
  const char *host;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "";

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INSECURE,
                   _("%s is not an https address. Use an https address for this server."),
                   host);
      return FALSE;
    }

  if (self->allow_http || circlet_uri_is_loopback (uri))
    return TRUE;

  g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INSECURE,
               _("%s uses plain http. Use https, or allow plain http for this self-hosted "
                 "server if it is on a network you trust."),
               host);
  return FALSE;
}

/**
 * circlet_account_dup_dashboard_url:
 *
 * Self-hosted servers name their hosts after one pattern (my., api.,
 * auth. on the same domain), so the dashboard is found by swapping the
 * first label of the API host.
 *
 * Returns: (transfer full): the web dashboard's base URL, without a slash
 */
char *
circlet_account_dup_dashboard_url (CircletAccount *self)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *dashboard_host = NULL;
  const char *host;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  /* api_host is always normalised, so this cannot fail. */
  uri = g_uri_parse (self->api_host, G_URI_FLAGS_NONE, NULL);
  g_return_val_if_fail (uri != NULL, g_strdup (CIRCLET_DEFAULT_DASHBOARD));

  host = g_uri_get_host (uri);
  if (g_str_equal (host, CLOUD_API_HOSTNAME))
    return g_strdup (CIRCLET_DEFAULT_DASHBOARD);

  if (!g_str_has_prefix (host, "api.") || host[strlen ("api.")] == '\0')
    return g_strdup (self->api_host);

  dashboard_host = g_strconcat ("my.", host + strlen ("api."), NULL);
  return g_uri_join (G_URI_FLAGS_NONE,
                     g_uri_get_scheme (uri), NULL, dashboard_host, g_uri_get_port (uri),
                     "", NULL, NULL);
}

CircletAccountStatus
circlet_account_get_status (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), CIRCLET_ACCOUNT_STATUS_UNVERIFIED);

  return self->status;
}

/**
 * circlet_account_get_status_error:
 *
 * Returns: (transfer none) (nullable): why the account is in its status
 */
const GError *
circlet_account_get_status_error (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  return self->status_error;
}

/**
 * circlet_account_set_status:
 * @error: (nullable): why; copied. %NULL clears the previous error.
 *
 * Both properties change before either is notified, so a handler of one
 * sees the other already up to date.
 */
void
circlet_account_set_status (CircletAccount       *self,
                            CircletAccountStatus  status,
                            const GError         *error)
{
  g_return_if_fail (CIRCLET_IS_ACCOUNT (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  if (!error_equal (self->status_error, error))
    {
      g_clear_error (&self->status_error);
      if (error != NULL)
        self->status_error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_ERROR]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

gint64
circlet_account_get_session_expires (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), 0);

  return self->session_expires;
}

/* Unix seconds; 0 when there is no session. */
void
circlet_account_set_session_expires (CircletAccount *self,
                                     gint64          unix_time)
{
  g_return_if_fail (CIRCLET_IS_ACCOUNT (self));
  g_return_if_fail (unix_time >= 0);

  if (self->session_expires == unix_time)
    return;

  self->session_expires = unix_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_EXPIRES]);
}

const char *
circlet_account_get_email (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  return self->email;
}

void
circlet_account_set_email (CircletAccount *self,
                           const char     *email)
{
  g_return_if_fail (CIRCLET_IS_ACCOUNT (self));

  set_optional_str (self, &self->email, PROP_EMAIL, email);
}

const char *
circlet_account_get_current_org_id (CircletAccount *self)
{
  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  return self->current_org_id;
}

void
circlet_account_set_current_org_id (CircletAccount *self,
                                    const char     *org_id)
{
  g_return_if_fail (CIRCLET_IS_ACCOUNT (self));

  set_optional_str (self, &self->current_org_id, PROP_CURRENT_ORG_ID, org_id);
}

/**
 * circlet_normalize_host:
 * @input: a server address as the user typed it
 *
 * Brings an address to the one form every request is built from:
 * "scheme://host[:port]", lower case, without a trailing slash, so that
 * "${host}/auth/..." never gives "//auth" and two spellings of one server
 * compare equal.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL with
 *   %CIRCLET_ERROR_INVALID_INPUT. Messages never repeat the input, which
 *   may contain a password.
 */
char *
circlet_normalize_host (const char  *input,
                        GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *path;
  gsize path_len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = g_strstrip (g_strdup (input != NULL ? input : ""));
  if (text[0] == '\0')
    {
      fail_host (error, _("Enter the server address, like https://api.example.com."));
      return NULL;
    }

  if (strstr (text, "://") == NULL)
    {
      fail_host (error, _("Enter the full server address with https://, like https://api.example.com."));
      return NULL;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      fail_host (error, _("This is not a valid server address. Enter one like https://api.example.com."));
      return NULL;
    }

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  if (!g_str_equal (scheme, "https") && !g_str_equal (scheme, "http"))
    {
      fail_host (error, _("Only https and http server addresses work. Enter one like https://api.example.com."));
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      fail_host (error, _("Remove the user name and password: enter only the server address, like https://api.example.com. The key is entered separately."));
      return NULL;
    }

  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      !host_is_plausible (g_uri_get_host (uri)))
    {
      fail_host (error, _("The server name is missing or not valid. Enter an address like https://api.example.com."));
      return NULL;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      fail_host (error, _("Enter only the server address, like https://api.example.com — without “?” or “#” and what follows."));
      return NULL;
    }

  path = g_uri_get_path (uri);
  path_len = strlen (path);
  while (path_len > 0 && path[path_len - 1] == '/')
    path_len--;
  if (path_len > 0)
    {
      fail_host (error, _("Enter only the server address, like https://api.example.com — without a path"));
      return NULL;
    }

  host = g_ascii_strdown (g_uri_get_host (uri), -1);

  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, host, g_uri_get_port (uri), "", NULL, NULL);
}

/**
 * circlet_uri_is_loopback:
 *
 * Returns: whether @uri points at this machine: "localhost", 127.0.0.0/8
 *   or ::1. Names that merely resolve there do not count.
 */
gboolean
circlet_uri_is_loopback (GUri *uri)
{
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  g_return_val_if_fail (uri != NULL, FALSE);

  host = g_uri_get_host (uri);
  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}
