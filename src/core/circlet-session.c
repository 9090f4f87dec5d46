/* circlet-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "circlet-error.h"
#include "circlet-http-log.h"
#include "circlet-http-private.h"
#include "circlet-json.h"
#include "circlet-session.h"
#include "circlet-session-private.h"
#include "circlet-token.h"

/*
 * CircletSession turns an organization's Personal Access Key into session
 * tokens and sends API requests with them. It owns the process's one
 * SoupSession.
 *
 * Per account it keeps an AccountState: the current token with its expiry
 * on both clocks, the callers waiting for a token, and a cancellable that
 * removing the account cancels. Getting a token is single-flight: the first
 * caller starts an acquisition (keyring cache, then the key and one
 * exchange) and everyone who asks meanwhile waits for that same result.
 *
 * Requests follow redirects themselves so that the Authorization header
 * never reaches another origin (libsoup 3.2 would forward it), retry GETs on
 * 429/5xx/transport failures with capped exponential backoff and full
 * jitter, and replay exactly once after a 401 with a fresh token.
 */

#define MAX_REDIRECTS         5
#define MAX_TOKEN_BODY_SIZE   (256 * 1024)
#define MAX_KEY_LENGTH        (8 * 1024)
#define MIN_RENEW_DELAY_S     30
/* A server that sends nothing for this long is treated as gone: the
 * request fails with G_IO_ERROR_TIMED_OUT and a GET is retried. */
#define DEFAULT_IO_TIMEOUT_S  60
#define MAX_TOKEN_LIFETIME_S  ((gint64) 100 * 366 * 24 * 3600)

typedef enum
{
  EXCHANGE_UNKNOWN,
  EXCHANGE_V3,          /* personalAccessKey=, the documented endpoint */
  EXCHANGE_V1,          /* pat=, servers older than 3.29.4 */
} ExchangeVariant;

typedef struct
{
  CircletSession   *session;          /* unowned: the session owns us */
  CircletAccount   *account;
  CircletToken     *token;
  gint64            mono_deadline;    /* monotonic µs at which token expires */
  GPtrArray        *waiters;          /* GTask */
  GCancellable     *cancellable;      /* cancelled when the account is forgotten */
  GTlsDatabase     *ca_database;
  char             *ca_database_file;
  guint             renew_source;
  ExchangeVariant   variant;
  guint             acquiring : 1;
  guint             skip_cache : 1;
} AccountState;

struct _CircletSession
{
  GObject             parent_instance;

  SoupSession        *soup;
  CircletKeyStore    *key_store;
  GHashTable         *states;         /* account id → AccountState */
  CircletRetryPolicy  retry;
  gsize               max_body_size;
  guint               renew_margin;
  guint               io_timeout_s;   /* libsoup's I/O timeout */
  guint               auto_renew : 1;
};

G_DEFINE_FINAL_TYPE (CircletSession, circlet_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEY_STORE,
  PROP_RENEW_MARGIN,
  PROP_MAX_BODY_SIZE,
  PROP_AUTO_RENEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CircletRetryPolicy default_retry_policy = {
  .max_attempts = 4,
  .base_delay_ms = 500,
  .max_delay_ms = 8000,
  .max_total_ms = 30000,
  .max_retry_after_s = 60,
};

static void acquire_token (AccountState *state);
static void schedule_renewal (AccountState *state);

/* Auxiliary functions {{{1 */

/* Zero except in tests: see circlet-session-private.h. */
static gint64 wall_offset_s;
static gint64 mono_offset_us;

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC + wall_offset_s;
}

static gint64
now_monotonic (void)
{
  return g_get_monotonic_time () + mono_offset_us;
}

void
_circlet_session_set_clock_offsets (gint64 wall_s,
                                    gint64 monotonic_s)
{
  wall_offset_s = wall_s;
  mono_offset_us = monotonic_s * G_USEC_PER_SEC;
}

void
_circlet_session_set_io_timeout (CircletSession *self,
                                 guint           seconds)
{
  g_return_if_fail (CIRCLET_IS_SESSION (self));
  g_return_if_fail (seconds > 0);
  /* libsoup gives each connection the timeout it is opened with, and
   * keeps connections alive: a later change would not reach them all. */
  g_return_if_fail (self->soup == NULL);

  self->io_timeout_s = seconds;
}

static void
account_state_clear (gpointer data)
{
  AccountState *state = data;

  g_clear_handle_id (&state->renew_source, g_source_remove);
  g_clear_pointer (&state->token, circlet_token_free);
  g_clear_pointer (&state->waiters, g_ptr_array_unref);
  g_clear_object (&state->cancellable);
  g_clear_object (&state->ca_database);
  g_clear_pointer (&state->ca_database_file, g_free);
  g_clear_object (&state->account);
}

static AccountState *
account_state_ref (AccountState *state)
{
  return g_rc_box_acquire (state);
}

static void
account_state_unref (AccountState *state)
{
  g_rc_box_release_full (state, account_state_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccountState, account_state_unref)

static AccountState *
get_state (CircletSession *self,
           CircletAccount *account)
{
  const char *id = circlet_account_get_id (account);
  AccountState *state = g_hash_table_lookup (self->states, id);

  if (state == NULL)
    {
      state = g_rc_box_new0 (AccountState);
      state->session = self;
      state->account = g_object_ref (account);
      state->waiters = g_ptr_array_new_with_free_func (g_object_unref);
      state->cancellable = g_cancellable_new ();
      g_hash_table_insert (self->states, g_strdup (id), state);
    }

  return state;
}

static gboolean
token_usable (AccountState *state)
{
  gint64 margin = state->session->renew_margin;

  return state->token != NULL &&
         now_unix () < state->token->expires_at - margin &&
         now_monotonic () < state->mono_deadline - margin * G_USEC_PER_SEC;
}

static char *
uri_origin (GUri *uri)
{
  return g_strdup_printf ("%s://%s:%d",
                          g_uri_get_scheme (uri),
                          g_uri_get_host (uri),
                          g_uri_get_port (uri) > 0 ? g_uri_get_port (uri)
                          : g_str_equal (g_uri_get_scheme (uri), "https") ? 443 : 80);
}

static GUri *
build_uri (CircletAccount  *account,
           const char      *base,
           const char      *path,
           GError         **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GUri) uri = NULL;

  while (*path == '/')
    path++;

  text = g_strconcat (base, "/", path, NULL);
  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid address."), base);
      return NULL;
    }

  if (!circlet_account_check_uri_allowed (account, uri, error))
    return NULL;

  return g_steal_pointer (&uri);
}

static void
set_status_from_error (AccountState *state,
                       const GError *error)
{
  CircletAccountStatus status;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_KEYRING_LOCKED))
    status = CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED;
  else if (circlet_error_is_keyring (error))
    status = CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE;
  else if (g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED) ||
           g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND) ||
           g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_UNAUTHORIZED))
    status = CIRCLET_ACCOUNT_STATUS_REVOKED;
  else
    status = CIRCLET_ACCOUNT_STATUS_OFFLINE;

  circlet_account_set_status (state->account, status, error);
}

static void
set_status_valid (AccountState *state)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int days = circlet_account_get_days_until_key_expiry (state->account, now);
  CircletAccountStatus status = CIRCLET_ACCOUNT_STATUS_VALID;

  if (days != G_MININT && days <= CIRCLET_KEY_EXPIRY_WARNING_DAYS)
    status = CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING;

  circlet_account_set_status (state->account, status, NULL);
}

static void
adopt_token (AccountState *state,
             CircletToken *token)
{
  /* A server may claim any exp; a century is plenty, and keeps the
   * microseconds below from overflowing. */
  gint64 lifetime = CLAMP (token->expires_at - now_unix (), 0, MAX_TOKEN_LIFETIME_S);

  g_clear_pointer (&state->token, circlet_token_free);
  state->token = token;
  state->skip_cache = FALSE;
  state->mono_deadline = now_monotonic () + lifetime * G_USEC_PER_SEC;

  circlet_account_set_session_expires (state->account, token->expires_at);
  if (token->email != NULL)
    circlet_account_set_email (state->account, token->email);
  if (token->current_org_id != NULL)
    circlet_account_set_current_org_id (state->account, token->current_org_id);

  set_status_valid (state);
  schedule_renewal (state);
}

/* Completes every caller waiting for this account's token. */
static void
finish_acquire (AccountState *state,
                const GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&state->waiters);

  state->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  state->acquiring = FALSE;

  if (error != NULL)
    set_status_from_error (state, error);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task,
                               circlet_token_new_cached (g_strdup (state->token->access_token),
                                                         state->token->expires_at),
                               (GDestroyNotify) circlet_token_free);
    }
}

static char *
revoked_message (CircletAccount *account,
                 const char     *detail)
{
  g_autofree char *base = NULL;

  base = g_strdup_printf (_("The key for %s was deleted or is invalid. Generate a new key in the Appcircle dashboard under My Organization → Security → Personal Access Key, then use Replace Key in Circlet (or, on the command line, remove the organization and add it again)."),
                          circlet_account_get_label (account));
  if (detail == NULL)
    return g_steal_pointer (&base);

  /* Translators: the first %s is a sentence, the second the server's words. */
  return g_strdup_printf (_("%s The server said: “%s”"), base, detail);
}

/* Sending {{{1 */

/* The account's own CA file as a TLS database, loaded once per file. */
static GTlsDatabase *
get_ca_database (AccountState *state)
{
  const char *ca_file = circlet_account_get_ca_file (state->account);
  g_autoptr(GError) error = NULL;

  if (ca_file == NULL)
    return NULL;

  if (state->ca_database != NULL && g_strcmp0 (state->ca_database_file, ca_file) == 0)
    return state->ca_database;

  g_clear_object (&state->ca_database);
  g_free (state->ca_database_file);
  state->ca_database_file = g_strdup (ca_file);
  state->ca_database = g_tls_file_database_new (ca_file, &error);
  if (state->ca_database == NULL)
    g_warning ("Could not read the CA file of %s: %s",
               circlet_account_get_label (state->account), error->message);

  return state->ca_database;
}

/* Created on the first request: a `circlet-cli token` served from the
 * keyring cache never pays for libsoup's proxy and TLS set-up. */
static SoupSession *
get_soup_session (CircletSession *self)
{
  if (self->soup == NULL)
    {
      g_autofree char *user_agent = g_strdup_printf ("Circlet/%s", PACKAGE_VERSION);

      self->soup = soup_session_new_with_options ("user-agent", user_agent,
                                                  "timeout", self->io_timeout_s,
                                                  "max-conns-per-host", 6,
                                                  NULL);
      circlet_http_log_attach (self->soup);
    }

  return self->soup;
}

static void
send_async (AccountState        *state,
            SoupMessage         *msg,
            gsize                limit,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  circlet_http_send_async (get_soup_session (state->session), msg, limit,
                           circlet_account_get_ca_file (state->account) != NULL,
                           get_ca_database (state),
                           cancellable, callback, user_data);
}

#define send_finish circlet_http_send_finish

/* The token exchange {{{1 */

typedef struct
{
  AccountState    *state;
  CircletSecret   *key;
  ExchangeVariant  variant;
  SoupMessage     *msg;
  char            *host;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_clear_pointer (&exchange->state, account_state_unref);
  g_clear_pointer (&exchange->key, circlet_secret_free);
  g_clear_object (&exchange->msg);
  g_free (exchange->host);
  g_free (exchange);
}

static void exchange_send (GTask *task);

static void
exchange_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  CircletToken *token;
  guint status;

  body = send_finish (result, &error);
  if (body == NULL)
    {
      GError *mapped = NULL;

      circlet_error_set_from_transport (&mapped, error, exchange->host);
      g_task_return_error (task, mapped);
      return;
    }

  status = soup_message_get_status (exchange->msg);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      token = circlet_token_parse_response (body, exchange->host, now_unix (), &error);
      if (token == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (exchange->variant != EXCHANGE_UNKNOWN)
        exchange->state->variant = exchange->variant;
      g_task_return_pointer (task, token, (GDestroyNotify) circlet_token_free);
      return;
    }

  /* A server older than 3.29.4 has no v3 endpoint; the key is the same. */
  if (status == SOUP_STATUS_NOT_FOUND && exchange->variant == EXCHANGE_V3)
    {
      g_debug ("%s has no v3 token endpoint; trying v1", exchange->host);
      exchange->variant = EXCHANGE_V1;
      exchange_send (g_steal_pointer (&task));
      return;
    }

  if (status == SOUP_STATUS_BAD_REQUEST ||
      status == SOUP_STATUS_UNAUTHORIZED ||
      status == SOUP_STATUS_FORBIDDEN)
    {
      g_autofree char *detail = circlet_error_describe_body (body);
      g_autofree char *message = revoked_message (exchange->state->account, detail);

      g_task_return_new_error (task, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED, "%s", message);
      return;
    }

  if (circlet_json_looks_like_html (body))
    {
      g_task_return_new_error (task, CIRCLET_ERROR, CIRCLET_ERROR_NOT_APPCIRCLE,
                               _("%s does not look like an Appcircle auth server (HTTP %u with a web page). Check the auth host."),
                               exchange->host, status);
      return;
    }

  circlet_error_set_from_http (&error, status, soup_message_get_reason_phrase (exchange->msg),
                               exchange->host, body);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
exchange_send (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  CircletAccount *account = exchange->state->account;
  const char *sub_org = circlet_account_get_sub_org_id (account);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *uri_string = NULL;
  const char *path;

  if (sub_org != NULL)
    {
      /* Only v2 takes a sub-organization; both spellings are in use. */
      path = "auth/v2/token";
      g_hash_table_insert (form, (char *) "pat", exchange->key);
      g_hash_table_insert (form, (char *) "subOrganizationId", (char *) sub_org);
    }
  else if (exchange->variant == EXCHANGE_V1)
    {
      path = "auth/v1/token";
      g_hash_table_insert (form, (char *) "pat", exchange->key);
    }
  else
    {
      path = "auth/v3/token";
      g_hash_table_insert (form, (char *) "personalAccessKey", exchange->key);
    }

  uri = build_uri (account, circlet_account_get_auth_host (account), path, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_free (exchange->host);
  exchange->host = g_strdup (g_uri_get_host (uri));
  uri_string = g_uri_to_string (uri);
  g_clear_object (&exchange->msg);
  exchange->msg = soup_message_new_from_encoded_form ("POST", uri_string,
                                                      soup_form_encode_hash (form));

  g_debug ("Exchanging the key of %s at %s", circlet_account_get_label (account), path);
  send_async (exchange->state, exchange->msg, MAX_TOKEN_BODY_SIZE,
              g_task_get_cancellable (task), exchange_cb, task);
}

static void
exchange_async (AccountState        *state,
                const char          *key,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (state->session, cancellable, callback, user_data);
  Exchange *exchange = g_new0 (Exchange, 1);

  g_task_set_source_tag (task, exchange_async);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  exchange->state = account_state_ref (state);
  exchange->key = g_strdup (key);
  if (circlet_account_get_sub_org_id (state->account) != NULL)
    exchange->variant = EXCHANGE_UNKNOWN;
  else
    exchange->variant = state->variant == EXCHANGE_V1 ? EXCHANGE_V1 : EXCHANGE_V3;

  exchange_send (task);
}

static CircletToken *
exchange_finish (GAsyncResult  *result,
                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Acquiring a token: keyring cache, then key and exchange {{{1 */

static void
cleared_revoked_session_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(AccountState) state = user_data;
  g_autoptr(GError) error = NULL;
  GError *revoked = g_object_steal_data (G_OBJECT (state->account), "circlet-revoked-error");

  if (!circlet_key_store_clear_finish (CIRCLET_KEY_STORE (object), result, &error))
    g_warning ("Could not remove the revoked session of %s: %s",
               circlet_account_get_label (state->account), error->message);

  finish_acquire (state, revoked);
  g_clear_error (&revoked);
}

static void
stored_session_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AccountState) state = user_data;
  g_autoptr(GError) error = NULL;

  /* The token works without the cache; only the next run pays an exchange. */
  if (!circlet_key_store_store_finish (CIRCLET_KEY_STORE (object), result, &error))
    g_warning ("Could not cache the session of %s in the keyring: %s",
               circlet_account_get_label (state->account), error->message);

  finish_acquire (state, NULL);
}

static void
store_session (AccountState        *state,
               GAsyncReadyCallback  callback)
{
  circlet_key_store_store_async (state->session->key_store,
                                 circlet_account_get_id (state->account),
                                 circlet_account_get_label (state->account),
                                 CIRCLET_SECRET_SESSION,
                                 state->token->access_token,
                                 state->token->expires_at,
                                 state->cancellable,
                                 callback,
                                 account_state_ref (state));
}

static void
acquire_exchanged_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AccountState) state = user_data;
  g_autoptr(GError) error = NULL;
  CircletToken *token;

  token = exchange_finish (result, &error);
  if (token == NULL)
    {
      if (g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED))
        {
          /* Every later run, and the app, must see the revocation too. */
          g_clear_pointer (&state->token, circlet_token_free);
          g_object_set_data_full (G_OBJECT (state->account), "circlet-revoked-error",
                                  g_steal_pointer (&error), (GDestroyNotify) g_error_free);
          circlet_key_store_clear_async (state->session->key_store,
                                         circlet_account_get_id (state->account),
                                         CIRCLET_SECRET_SESSION,
                                         state->cancellable,
                                         cleared_revoked_session_cb,
                                         account_state_ref (state));
          return;
        }

      finish_acquire (state, error);
      return;
    }

  adopt_token (state, token);
  store_session (state, stored_session_cb);
}

static void
acquire_key_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AccountState) state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) key = NULL;

  key = circlet_key_store_lookup_finish (CIRCLET_KEY_STORE (object), result, NULL, &error);
  if (key == NULL)
    {
      if (g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND))
        {
          g_clear_error (&error);
          g_set_error (&error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND,
                       _("The key for %s is not in the keyring. Replace the key to use this organization again."),
                       circlet_account_get_label (state->account));
        }
      finish_acquire (state, error);
      return;
    }

  exchange_async (state, key, state->cancellable, acquire_exchanged_cb, account_state_ref (state));
}

static void
acquire_from_key (AccountState *state)
{
  circlet_key_store_lookup_async (state->session->key_store,
                                  circlet_account_get_id (state->account),
                                  CIRCLET_SECRET_KEY,
                                  state->cancellable,
                                  acquire_key_cb,
                                  account_state_ref (state));
}

static void
acquire_cached_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AccountState) state = user_data;
  g_autoptr(GError) error = NULL;
  CircletSecret *cached;
  gint64 expires_at = 0;

  cached = circlet_key_store_lookup_finish (CIRCLET_KEY_STORE (object), result, &expires_at, &error);
  if (cached == NULL && error != NULL &&
      !g_error_matches (error, CIRCLET_ERROR, CIRCLET_ERROR_KEY_NOT_FOUND))
    {
      finish_acquire (state, error);
      return;
    }

  /* Usable only beyond the margin, and only if nobody refused it meanwhile. */
  if (cached != NULL && !state->skip_cache &&
      now_unix () < expires_at - (gint64) state->session->renew_margin)
    {
      adopt_token (state, circlet_token_new_cached (cached, expires_at));
      finish_acquire (state, NULL);
      return;
    }

  g_clear_pointer (&cached, circlet_secret_free);
  acquire_from_key (state);
}

static void
acquire_token (AccountState *state)
{
  g_assert (!state->acquiring);

  state->acquiring = TRUE;

  if (state->skip_cache)
    {
      acquire_from_key (state);
      return;
    }

  circlet_key_store_lookup_async (state->session->key_store,
                                  circlet_account_get_id (state->account),
                                  CIRCLET_SECRET_SESSION,
                                  state->cancellable,
                                  acquire_cached_cb,
                                  account_state_ref (state));
}

static void
wait_for_token (AccountState *state,
                GTask        *task)
{
  g_ptr_array_add (state->waiters, task);
  if (!state->acquiring)
    acquire_token (state);
}

static gboolean
renew_cb (gpointer user_data)
{
  AccountState *state = user_data;

  state->renew_source = 0;
  if (circlet_account_get_status (state->account) != CIRCLET_ACCOUNT_STATUS_REVOKED &&
      !token_usable (state))
    {
      g_debug ("Renewing the session of %s", circlet_account_get_label (state->account));
      wait_for_token (state, g_task_new (state->session, NULL, NULL, NULL));
    }

  return G_SOURCE_REMOVE;
}

static void
schedule_renewal (AccountState *state)
{
  gint64 delay;

  g_clear_handle_id (&state->renew_source, g_source_remove);
  if (!state->session->auto_renew || state->token == NULL)
    return;

  /* At least a little later than now, or a short-lived token would renew in a loop. */
  delay = state->token->expires_at - state->session->renew_margin - now_unix () + 1;
  delay = CLAMP (delay, MIN_RENEW_DELAY_S, G_MAXINT32 / 1000);
  state->renew_source = g_timeout_add_seconds_full (G_PRIORITY_LOW, delay, renew_cb, state, NULL);
}

/* Drops @refused if it is still the current token, so that the next caller
 * exchanges the key instead of reading the same token back from the cache. */
static void
invalidate_token (AccountState *state,
                  const char   *refused)
{
  if (state->token == NULL || g_strcmp0 (state->token->access_token, refused) == 0)
    {
      g_clear_pointer (&state->token, circlet_token_free);
      state->skip_cache = TRUE;
    }
}

/* API requests {{{1 */

typedef struct
{
  AccountState  *state;
  char          *path;
  GUri          *uri;
  char          *api_origin;
  CircletSecret *token;        /* NULL on a hop to another origin */
  SoupMessage   *msg;
  GCancellable  *cancellable;  /* cancelled by the caller's or the account's */
  gulong         caller_handler;
  gulong         account_handler;
  GCancellable  *caller_cancellable;
  gint64         started;
  guint          attempt;
  guint          redirects;
  guint          replayed : 1;
} Request;

static void
request_free (Request *request)
{
  if (request->caller_handler != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  if (request->account_handler != 0)
    g_cancellable_disconnect (request->state->cancellable, request->account_handler);
  g_clear_object (&request->caller_cancellable);
  g_clear_pointer (&request->state, account_state_unref);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->uri, g_uri_unref);
  g_clear_pointer (&request->api_origin, g_free);
  g_clear_pointer (&request->token, circlet_secret_free);
  g_clear_object (&request->msg);
  g_clear_object (&request->cancellable);
  g_free (request);
}

static void
cancel_request_cb (GCancellable *parent,
                   GCancellable *child)
{
  g_cancellable_cancel (child);
}

static void request_send (GTask *task);
static void request_with_token (GTask *task);

static gboolean
next_retry_delay (Request    *request,
                  const char *retry_after,
                  guint      *delay_ms)
{
  const CircletRetryPolicy *policy = &request->state->session->retry;
  gint64 elapsed_ms = (g_get_monotonic_time () - request->started) / 1000;
  gint64 window, delay, server_delay;

  if (request->attempt + 1 >= policy->max_attempts)
    return FALSE;

  /* Full jitter: anywhere in [0, window], so clients don't retry in step. */
  window = MIN ((gint64) policy->max_delay_ms,
                (gint64) policy->base_delay_ms << MIN (request->attempt, 20));
  delay = g_random_int_range (0, (gint32) window + 1);

  server_delay = circlet_http_parse_retry_after (retry_after, now_unix ());
  if (server_delay >= 0)
    delay = MAX (delay, MIN (server_delay, (gint64) policy->max_retry_after_s) * 1000);

  if (elapsed_ms + delay > policy->max_total_ms)
    return FALSE;

  *delay_ms = delay;
  return TRUE;
}

static void
request_retry_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!circlet_http_sleep_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  request_send (g_steal_pointer (&task));
}

/* Retries when the policy allows it; returns FALSE to give up. */
static gboolean
request_maybe_retry (GTask      *task,
                     const char *retry_after)
{
  Request *request = g_task_get_task_data (task);
  guint delay_ms;

  if (!next_retry_delay (request, retry_after, &delay_ms))
    return FALSE;

  request->attempt++;
  g_debug ("Retrying %s in %u ms (attempt %u)", request->path, delay_ms, request->attempt + 1);
  circlet_http_sleep_async (delay_ms, request->cancellable, request_retry_cb, g_object_ref (task));
  return TRUE;
}

static void
request_fail (GTask  *task,
              GError *error)
{
  Request *request = g_task_get_task_data (task);

  if (circlet_error_is_transient (error) || error->code == CIRCLET_ERROR_NOT_APPCIRCLE)
    set_status_from_error (request->state, error);

  g_task_return_error (task, error);
}

static gboolean
request_follow_redirect (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  const char *location;
  g_autoptr(GUri) target = NULL;
  g_autofree char *origin = NULL;
  GError *error = NULL;

  location = soup_message_headers_get_one (soup_message_get_response_headers (request->msg), "Location");
  if (location == NULL || ++request->redirects > MAX_REDIRECTS)
    return FALSE;

  target = g_uri_parse_relative (request->uri, location, G_URI_FLAGS_ENCODED, NULL);
  if (target == NULL ||
      !circlet_account_check_uri_allowed (request->state->account, target, &error))
    {
      if (error == NULL)
        error = g_error_new (CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE,
                             _("%s redirected to an invalid address."),
                             g_uri_get_host (request->uri));
      request_fail (task, error);
      return TRUE;
    }

  /* The session token never leaves the API's origin (reliability #14). */
  origin = uri_origin (target);
  if (g_strcmp0 (origin, request->api_origin) != 0)
    g_clear_pointer (&request->token, circlet_secret_free);

  g_uri_unref (request->uri);
  request->uri = g_steal_pointer (&target);
  request_send (task);
  return TRUE;
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  const char *host = g_uri_get_host (request->uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *mapped = NULL;
  guint status;

  body = send_finish (result, &error);
  if (body == NULL)
    {
      if (circlet_http_is_retryable_error (error) && request_maybe_retry (task, NULL))
        return;

      circlet_error_set_from_transport (&mapped, error, host);
      request_fail (task, mapped);
      return;
    }

  status = soup_message_get_status (request->msg);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      CircletAccountStatus account_status = circlet_account_get_status (request->state->account);

      if (account_status == CIRCLET_ACCOUNT_STATUS_OFFLINE)
        set_status_valid (request->state);
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status) && request_follow_redirect (g_object_ref (task)))
    return;

  if (status == SOUP_STATUS_UNAUTHORIZED && request->token != NULL)
    {
      if (!request->replayed)
        {
          /* Expired in flight: one fresh exchange, one replay, never more. */
          request->replayed = TRUE;
          invalidate_token (request->state, request->token);
          request_with_token (g_steal_pointer (&task));
          return;
        }

      circlet_error_set_from_http (&mapped, status, NULL, host, body);
      set_status_from_error (request->state, mapped);
      g_task_return_error (task, mapped);
      return;
    }

  if ((status == 429 || status >= 500) &&
      request_maybe_retry (task, soup_message_headers_get_one (soup_message_get_response_headers (request->msg),
                                                               "Retry-After")))
    return;

  if (circlet_json_looks_like_html (body) && status != SOUP_STATUS_NOT_FOUND)
    mapped = g_error_new (CIRCLET_ERROR, CIRCLET_ERROR_NOT_APPCIRCLE,
                          _("%s does not look like an Appcircle API server (HTTP %u with a web page). Check the API host."),
                          host, status);
  else
    circlet_error_set_from_http (&mapped, status, soup_message_get_reason_phrase (request->msg), host, body);

  request_fail (task, mapped);
}

static void
request_send (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autofree char *uri_string = g_uri_to_string (request->uri);

  g_clear_object (&request->msg);
  request->msg = soup_message_new ("GET", uri_string);
  if (request->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", request->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (request->msg),
                                    "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

  send_async (request->state, request->msg, request->state->session->max_body_size,
              request->cancellable, request_sent_cb, task);
}

static void
request_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_pointer (&request->token, circlet_secret_free);
  request->token = circlet_session_get_token_finish (CIRCLET_SESSION (object), result, NULL, &error);
  if (request->token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  request_send (g_steal_pointer (&task));
}

static void
request_with_token (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  circlet_session_get_token_async (request->state->session,
                                   request->state->account,
                                   CIRCLET_TOKEN_FLAGS_NONE,
                                   request->cancellable,
                                   request_token_cb,
                                   task);
}

/* A head start, from a worker thread {{{1 */

/* Everything one GET with the cached session token needs, copied on the
 * session's thread so that a worker thread can send it. See
 * circlet-session-private.h. */
struct _CircletWarmGet
{
  CircletAccount  *account;      /* read on the session's thread only */
  CircletKeyStore *key_store;
  char            *account_id;
  SoupSession     *soup;
  GUri            *uri;
  GTlsDatabase    *ca_database;
  gboolean         has_own_ca;
  gsize            limit;
  guint            renew_margin;

  CircletSecret   *token;        /* once run, on success */
  gint64           expires_at;
};

CircletWarmGet *
_circlet_session_warm_get_new (CircletSession  *self,
                               CircletAccount  *account,
                               const char      *path,
                               GError         **error)
{
  AccountState *state = get_state (self, account);
  g_autoptr(GUri) uri = NULL;
  CircletWarmGet *get;

  g_return_val_if_fail (CIRCLET_IS_SESSION (self), NULL);

  uri = build_uri (account, circlet_account_get_api_host (account), path, error);
  if (uri == NULL)
    return NULL;

  get = g_new0 (CircletWarmGet, 1);
  get->account = g_object_ref (account);
  get->key_store = g_object_ref (self->key_store);
  get->account_id = g_strdup (circlet_account_get_id (account));
  /* libsoup ≥ 3.2 sends from any thread once the session is set up here. */
  get->soup = g_object_ref (get_soup_session (self));
  get->uri = g_steal_pointer (&uri);
  get->has_own_ca = circlet_account_get_ca_file (account) != NULL;
  g_set_object (&get->ca_database, get_ca_database (state));
  get->limit = self->max_body_size;
  get->renew_margin = self->renew_margin;

  return get;
}

void
_circlet_warm_get_free (CircletWarmGet *get)
{
  g_clear_object (&get->account);
  g_clear_object (&get->key_store);
  g_free (get->account_id);
  g_clear_object (&get->soup);
  g_clear_pointer (&get->uri, g_uri_unref);
  g_clear_object (&get->ca_database);
  g_clear_pointer (&get->token, circlet_secret_free);
  g_free (get);
}

static void
keep_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs @context until an operation put its result in *@result. */
static void
wait_for_result (GMainContext  *context,
                 GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (context, TRUE);
}

static GBytes *
warm_get_send (CircletWarmGet  *get,
               GMainContext    *context,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;

  circlet_key_store_lookup_unlocked_async (get->key_store, get->account_id, CIRCLET_SECRET_SESSION,
                                           cancellable, keep_result_cb, &result);
  wait_for_result (context, &result);
  get->token = circlet_key_store_lookup_finish (get->key_store, result, &get->expires_at, error);
  g_clear_object (&result);
  if (get->token == NULL)
    return NULL;

  if (now_unix () >= get->expires_at - (gint64) get->renew_margin)
    {
      g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_FAILED,
                           "The cached session is about to expire");
      return NULL;
    }

  msg = soup_message_new_from_uri ("GET", get->uri);
  headers = soup_message_get_request_headers (msg);
  authorization = g_strconcat ("Bearer ", get->token, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  memset (authorization, 0, strlen (authorization));
  /* A connection opened here would be bound to this thread's context,
   * which ends with it: the session's own requests open their own. */
  soup_message_headers_replace (headers, "Connection", "close");

  circlet_http_send_async (get->soup, msg, get->limit, get->has_own_ca, get->ca_database,
                           cancellable, keep_result_cb, &result);
  wait_for_result (context, &result);
  body = circlet_http_send_finish (result, error);
  if (body == NULL)
    return NULL;

  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_set_error (error, CIRCLET_ERROR, CIRCLET_ERROR_FAILED,
                   "HTTP %u", soup_message_get_status (msg));
      return NULL;
    }

  return g_steal_pointer (&body);
}

/* Blocks: for a worker thread. Any answer but a cached session token that
 * is valid beyond the renewal margin and a 200 is an error, for the caller
 * to forget: the session's own request then meets it again, and handles
 * it (an exchange, a replay, a retry, a message for the user). The
 * keyring is never asked to unlock: the user sees one prompt, from that
 * request. */
GBytes *
_circlet_warm_get_run (CircletWarmGet  *get,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GBytes *body;

  g_main_context_push_thread_default (context);
  body = warm_get_send (get, context, cancellable, error);
  /* Let what libsoup and libsecret left queued finish here. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  return body;
}

/* On the session's thread, after a successful run: the token needs no
 * second keyring read. Unless the session found or replaced it meanwhile. */
void
_circlet_session_warm_get_adopt (CircletSession *self,
                                 CircletWarmGet *get)
{
  AccountState *state;

  g_return_if_fail (CIRCLET_IS_SESSION (self));
  g_return_if_fail (get->token != NULL);

  state = get_state (self, get->account);
  if (state->token != NULL || state->acquiring || state->skip_cache)
    return;

  adopt_token (state, circlet_token_new_cached (g_steal_pointer (&get->token), get->expires_at));
}

/* Public API {{{1 */

/**
 * circlet_session_get_async:
 * @self: a #CircletSession
 * @account: the organization
 * @path: the path below the API host, e.g. `distribution/v2/profiles`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the body
 * @user_data: data for @callback
 *
 * GETs @path with a valid session token. Replays once after a 401 with a
 * fresh token, retries 429, 5xx and dropped connections within the retry
 * policy, and refuses bodies larger than #CircletSession:max-body-size.
 */
void
circlet_session_get_async (CircletSession      *self,
                           CircletAccount      *account,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  circlet_session_get_full_async (self, account, CIRCLET_HOST_API, path,
                                  cancellable, callback, user_data);
}

/**
 * circlet_session_get_full_async:
 * @self: a #CircletSession
 * @account: the organization
 * @host: %CIRCLET_HOST_API, or %CIRCLET_HOST_AUTH for a path below the auth host
 * @path: the path below that host
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the body; finish with circlet_session_get_finish()
 * @user_data: data for @callback
 *
 * As circlet_session_get_async(), against either of the account's hosts.
 * The token stays within the origin of the host asked for.
 */
void
circlet_session_get_full_async (CircletSession      *self,
                                CircletAccount      *account,
                                CircletHost          host,
                                const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;

  g_return_if_fail (CIRCLET_IS_SESSION (self));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, circlet_session_get_async);

  request = g_new0 (Request, 1);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  request->state = account_state_ref (get_state (self, account));
  request->path = g_strdup (path);
  request->started = g_get_monotonic_time ();
  request->cancellable = g_cancellable_new ();
  request->account_handler = g_cancellable_connect (request->state->cancellable,
                                                    G_CALLBACK (cancel_request_cb),
                                                    request->cancellable, NULL);
  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (cancel_request_cb),
                                                       request->cancellable, NULL);
    }

  request->uri = build_uri (account,
                           host == CIRCLET_HOST_AUTH ? circlet_account_get_auth_host (account)
                                                     : circlet_account_get_api_host (account),
                           path, &error);
  if (request->uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  request->api_origin = uri_origin (request->uri);

  /* Connect (and shake hands) while the keyring looks for the token. */
  if (!token_usable (request->state))
    circlet_http_preconnect (get_soup_session (self), request->uri,
                             circlet_account_get_ca_file (account) != NULL,
                             get_ca_database (request->state),
                             request->cancellable);

  request_with_token (g_steal_pointer (&task));
}

/**
 * circlet_session_get_finish:
 *
 * Returns: (transfer full): the response body, or %NULL with a #CircletError
 */
GBytes *
circlet_session_get_finish (CircletSession  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * circlet_session_get_token_async:
 * @self: a #CircletSession
 * @account: the organization
 * @flags: %CIRCLET_TOKEN_FLAGS_FORCE_EXCHANGE to verify the key now
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the token
 * @user_data: data for @callback
 *
 * Gets a session token that stays valid beyond the renewal margin: the one
 * in memory, else the one cached in the keyring, else a new one from one
 * exchange of the key. Concurrent callers share one acquisition. A revoked
 * account fails at once, without network, unless the exchange is forced.
 */
void
circlet_session_get_token_async (CircletSession      *self,
                                 CircletAccount      *account,
                                 CircletTokenFlags    flags,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AccountState *state;

  g_return_if_fail (CIRCLET_IS_SESSION (self));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, circlet_session_get_token_async);
  state = get_state (self, account);

  if ((flags & CIRCLET_TOKEN_FLAGS_FORCE_EXCHANGE) != 0)
    {
      g_clear_pointer (&state->token, circlet_token_free);
      state->skip_cache = TRUE;
    }
  else if (circlet_account_get_status (account) == CIRCLET_ACCOUNT_STATUS_REVOKED)
    {
      const GError *status_error = circlet_account_get_status_error (account);

      g_autofree char *message = NULL;

      if (status_error != NULL)
        {
          g_task_return_error (task, g_error_copy (status_error));
          return;
        }

      message = revoked_message (account, NULL);
      g_task_return_new_error (task, CIRCLET_ERROR, CIRCLET_ERROR_KEY_REVOKED, "%s", message);
      return;
    }
  else if (token_usable (state))
    {
      g_task_return_pointer (task,
                             circlet_token_new_cached (g_strdup (state->token->access_token),
                                                       state->token->expires_at),
                             (GDestroyNotify) circlet_token_free);
      return;
    }

  wait_for_token (state, g_steal_pointer (&task));
}

/**
 * circlet_session_get_token_finish:
 * @expires_at: (out) (optional): the token's expiry, in Unix seconds
 *
 * Returns: (transfer full): the token; free it with circlet_secret_free()
 */
CircletSecret *
circlet_session_get_token_finish (CircletSession  *self,
                                  GAsyncResult    *result,
                                  gint64          *expires_at,
                                  GError         **error)
{
  g_autoptr(CircletToken) token = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  token = g_task_propagate_pointer (G_TASK (result), error);
  if (token == NULL)
    return NULL;

  if (expires_at != NULL)
    *expires_at = token->expires_at;

  return g_steal_pointer (&token->access_token);
}

/* Setting a key {{{1 */

typedef struct
{
  AccountState  *state;
  CircletSecret *key;
  CircletToken  *token;
  gboolean       verify;
} SetKey;

static void
set_key_free (SetKey *set_key)
{
  g_clear_pointer (&set_key->state, account_state_unref);
  g_clear_pointer (&set_key->key, circlet_secret_free);
  g_clear_pointer (&set_key->token, circlet_token_free);
  g_free (set_key);
}

static void
set_key_session_stored_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetKey *set_key = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The key is stored; a session that could not be cached costs one exchange later. */
  if (!circlet_key_store_store_finish (CIRCLET_KEY_STORE (object), result, &error))
    g_warning ("Could not cache the session of %s in the keyring: %s",
               circlet_account_get_label (set_key->state->account), error->message);

  adopt_token (set_key->state, g_steal_pointer (&set_key->token));
  g_task_return_boolean (task, TRUE);
}

static void
set_key_session_cleared_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetKey *set_key = g_task_get_task_data (task);
  GError *error = NULL;

  if (!circlet_key_store_clear_finish (CIRCLET_KEY_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  circlet_account_set_status (set_key->state->account, CIRCLET_ACCOUNT_STATUS_UNVERIFIED, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
set_key_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetKey *set_key = g_task_get_task_data (task);
  CircletAccount *account = set_key->state->account;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!circlet_key_store_store_finish (CIRCLET_KEY_STORE (object), result, &error))
    {
      set_status_from_error (set_key->state, error);
      g_task_return_error (task, error);
      return;
    }

  /* The old session belonged to the old key: replace or drop it. */
  g_clear_pointer (&set_key->state->token, circlet_token_free);
  if (set_key->verify)
    circlet_key_store_store_async (CIRCLET_KEY_STORE (object),
                                   circlet_account_get_id (account),
                                   circlet_account_get_label (account),
                                   CIRCLET_SECRET_SESSION,
                                   set_key->token->access_token,
                                   set_key->token->expires_at,
                                   cancellable,
                                   set_key_session_stored_cb,
                                   g_steal_pointer (&task));
  else
    circlet_key_store_clear_async (CIRCLET_KEY_STORE (object),
                                   circlet_account_get_id (account),
                                   CIRCLET_SECRET_SESSION,
                                   cancellable,
                                   set_key_session_cleared_cb,
                                   g_steal_pointer (&task));
}

static void
set_key_store (GTask *task)
{
  SetKey *set_key = g_task_get_task_data (task);
  CircletAccount *account = set_key->state->account;

  circlet_key_store_store_async (set_key->state->session->key_store,
                                 circlet_account_get_id (account),
                                 circlet_account_get_label (account),
                                 CIRCLET_SECRET_KEY,
                                 set_key->key,
                                 0,
                                 g_task_get_cancellable (task),
                                 set_key_stored_cb,
                                 task);
}

static void
set_key_exchanged_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetKey *set_key = g_task_get_task_data (task);
  GError *error = NULL;

  set_key->token = exchange_finish (result, &error);
  if (set_key->token == NULL)
    {
      /* Nothing is stored: the key that was there, if any, stays. */
      g_task_return_error (task, error);
      return;
    }

  set_key_store (g_steal_pointer (&task));
}

/**
 * circlet_normalize_key:
 * @input: a key as typed or pasted
 * @error: return location for a #GError
 *
 * Trims the white space that copying from a web page adds around a key and
 * refuses what cannot be a key: nothing at all, white space or control
 * characters inside it, or an absurd length.
 *
 * Returns: (transfer full): the key; free it with circlet_secret_free()
 */
char *
circlet_normalize_key (const char  *input,
                       GError     **error)
{
  const char *start, *end;

  g_return_val_if_fail (input != NULL, NULL);

  start = input;
  end = input + strlen (input);
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  if (start == end)
    {
      g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                           _("The key is empty. Paste the Personal Access Key you generated in the Appcircle dashboard."));
      return NULL;
    }

  if (end - start > MAX_KEY_LENGTH)
    {
      g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                           _("This is far too long for a Personal Access Key. Copy only the key itself."));
      return NULL;
    }

  for (const char *p = start; p < end; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      {
        g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                             _("The key contains spaces or line breaks. Copy the key again, as one piece."));
        return NULL;
      }

  if (!g_utf8_validate (start, end - start, NULL))
    {
      g_set_error_literal (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT,
                           _("The key contains characters that are not text. Copy the key again."));
      return NULL;
    }

  return g_strndup (start, end - start);
}

/**
 * circlet_session_set_key_async:
 * @self: a #CircletSession
 * @account: the organization
 * @key: the Personal Access Key, as typed or pasted
 * @verify: whether to exchange it once before storing it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Stores a new key for @account. With @verify, the key is exchanged first and
 * nothing is stored when the exchange fails; the session token it yields is
 * cached too, so that the next use costs no exchange.
 */
void
circlet_session_set_key_async (CircletSession      *self,
                               CircletAccount      *account,
                               const char          *key,
                               gboolean             verify,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SetKey *set_key;

  g_return_if_fail (CIRCLET_IS_SESSION (self));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));
  g_return_if_fail (key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, circlet_session_set_key_async);

  set_key = g_new0 (SetKey, 1);
  g_task_set_task_data (task, set_key, (GDestroyNotify) set_key_free);
  set_key->state = account_state_ref (get_state (self, account));
  set_key->verify = verify;
  set_key->key = circlet_normalize_key (key, &error);
  if (set_key->key == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (verify)
    exchange_async (set_key->state, set_key->key, cancellable,
                    set_key_exchanged_cb, g_steal_pointer (&task));
  else
    set_key_store (g_steal_pointer (&task));
}

gboolean
circlet_session_set_key_finish (CircletSession  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * circlet_session_forget:
 * @self: a #CircletSession
 * @account: the organization
 *
 * Cancels the account's requests and drops its token from memory. Removing
 * the account's keyring items is the caller's part.
 */
void
circlet_session_forget (CircletSession *self,
                        CircletAccount *account)
{
  AccountState *state;

  g_return_if_fail (CIRCLET_IS_SESSION (self));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));

  state = g_hash_table_lookup (self->states, circlet_account_get_id (account));
  if (state == NULL)
    return;

  g_cancellable_cancel (state->cancellable);
  g_clear_handle_id (&state->renew_source, g_source_remove);
  g_clear_pointer (&state->token, circlet_token_free);
  g_hash_table_remove (self->states, circlet_account_get_id (account));
}

CircletKeyStore *
circlet_session_get_key_store (CircletSession *self)
{
  g_return_val_if_fail (CIRCLET_IS_SESSION (self), NULL);

  return self->key_store;
}

guint
circlet_session_get_renew_margin (CircletSession *self)
{
  g_return_val_if_fail (CIRCLET_IS_SESSION (self), 0);

  return self->renew_margin;
}

void
circlet_session_set_renew_margin (CircletSession *self,
                                  guint           seconds)
{
  g_return_if_fail (CIRCLET_IS_SESSION (self));

  if (self->renew_margin == seconds)
    return;

  self->renew_margin = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENEW_MARGIN]);
}

gsize
circlet_session_get_max_body_size (CircletSession *self)
{
  g_return_val_if_fail (CIRCLET_IS_SESSION (self), 0);

  return self->max_body_size;
}

void
circlet_session_set_max_body_size (CircletSession *self,
                                   gsize           max_body_size)
{
  g_return_if_fail (CIRCLET_IS_SESSION (self));
  g_return_if_fail (max_body_size > 0);

  if (self->max_body_size == max_body_size)
    return;

  self->max_body_size = max_body_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BODY_SIZE]);
}

gboolean
circlet_session_get_auto_renew (CircletSession *self)
{
  g_return_val_if_fail (CIRCLET_IS_SESSION (self), FALSE);

  return self->auto_renew;
}

/**
 * circlet_session_set_auto_renew:
 *
 * With auto-renew, a token is renewed by a timer shortly before it enters
 * the renewal margin, so that the app never waits for an exchange. The
 * command line, which lives for one request, leaves it off.
 */
void
circlet_session_set_auto_renew (CircletSession *self,
                                gboolean        auto_renew)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (CIRCLET_IS_SESSION (self));

  auto_renew = !!auto_renew;
  if (self->auto_renew == auto_renew)
    return;

  self->auto_renew = auto_renew;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    schedule_renewal (value);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RENEW]);
}

void
circlet_session_get_retry_policy (CircletSession     *self,
                                  CircletRetryPolicy *policy)
{
  g_return_if_fail (CIRCLET_IS_SESSION (self));
  g_return_if_fail (policy != NULL);

  *policy = self->retry;
}

void
circlet_session_set_retry_policy (CircletSession           *self,
                                  const CircletRetryPolicy *policy)
{
  g_return_if_fail (CIRCLET_IS_SESSION (self));
  g_return_if_fail (policy != NULL);
  g_return_if_fail (policy->max_attempts >= 1);

  self->retry = *policy;
}

/* GObject {{{1 */

static void
circlet_session_dispose (GObject *object)
{
  CircletSession *self = CIRCLET_SESSION (object);
  GHashTableIter iter;
  gpointer value;

  if (self->states != NULL)
    {
      g_hash_table_iter_init (&iter, self->states);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          AccountState *state = value;

          g_cancellable_cancel (state->cancellable);
          g_clear_handle_id (&state->renew_source, g_source_remove);
        }
      g_clear_pointer (&self->states, g_hash_table_unref);
    }

  if (self->soup != NULL)
    soup_session_abort (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->key_store);

  G_OBJECT_CLASS (circlet_session_parent_class)->dispose (object);
}

static void
circlet_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CircletSession *self = CIRCLET_SESSION (object);

  switch (prop_id)
    {
    case PROP_KEY_STORE:
      g_value_set_object (value, self->key_store);
      break;

    case PROP_RENEW_MARGIN:
      g_value_set_uint (value, self->renew_margin);
      break;

    case PROP_MAX_BODY_SIZE:
      g_value_set_uint64 (value, self->max_body_size);
      break;

    case PROP_AUTO_RENEW:
      g_value_set_boolean (value, self->auto_renew);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CircletSession *self = CIRCLET_SESSION (object);

  switch (prop_id)
    {
    case PROP_KEY_STORE:
      self->key_store = g_value_dup_object (value);
      break;

    case PROP_RENEW_MARGIN:
      circlet_session_set_renew_margin (self, g_value_get_uint (value));
      break;

    case PROP_MAX_BODY_SIZE:
      circlet_session_set_max_body_size (self, g_value_get_uint64 (value));
      break;

    case PROP_AUTO_RENEW:
      circlet_session_set_auto_renew (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_session_class_init (CircletSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = circlet_session_dispose;
  object_class->get_property = circlet_session_get_property;
  object_class->set_property = circlet_session_set_property;

  properties[PROP_KEY_STORE] =
    g_param_spec_object ("key-store", NULL, NULL,
                         CIRCLET_TYPE_KEY_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RENEW_MARGIN] =
    g_param_spec_uint ("renew-margin", NULL, NULL,
                       0, G_MAXINT32 / 2, CIRCLET_SESSION_DEFAULT_RENEW_MARGIN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_BODY_SIZE] =
    g_param_spec_uint64 ("max-body-size", NULL, NULL,
                         1, G_MAXSIZE, CIRCLET_SESSION_DEFAULT_MAX_BODY_SIZE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUTO_RENEW] =
    g_param_spec_boolean ("auto-renew", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_session_init (CircletSession *self)
{
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) account_state_unref);
  self->retry = default_retry_policy;
  self->renew_margin = CIRCLET_SESSION_DEFAULT_RENEW_MARGIN;
  self->max_body_size = CIRCLET_SESSION_DEFAULT_MAX_BODY_SIZE;
  self->io_timeout_s = DEFAULT_IO_TIMEOUT_S;
}

CircletSession *
circlet_session_new (CircletKeyStore *key_store)
{
  g_return_val_if_fail (CIRCLET_IS_KEY_STORE (key_store), NULL);

  return g_object_new (CIRCLET_TYPE_SESSION,
                       "key-store", key_store,
                       NULL);
}
