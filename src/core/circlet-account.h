/* circlet-account.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CIRCLET_DEFAULT_API_HOST  "https://api.appcircle.io"
#define CIRCLET_DEFAULT_AUTH_HOST "https://auth.appcircle.io"
#define CIRCLET_DEFAULT_DASHBOARD "https://my.appcircle.io"

/* Appcircle mails the key owner a week before the key expires. */
#define CIRCLET_KEY_EXPIRY_WARNING_DAYS 7

typedef enum
{
  CIRCLET_ACCOUNT_STATUS_UNVERIFIED,
  CIRCLET_ACCOUNT_STATUS_VALID,
  CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING,
  CIRCLET_ACCOUNT_STATUS_REVOKED,
  CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED,
  CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE,
  CIRCLET_ACCOUNT_STATUS_OFFLINE,
} CircletAccountStatus;

#define CIRCLET_TYPE_ACCOUNT (circlet_account_get_type ())

G_DECLARE_FINAL_TYPE (CircletAccount, circlet_account, CIRCLET, ACCOUNT, GObject)

CircletAccount       *circlet_account_new                 (const char            *id,
                                                           const char            *label);
const char           *circlet_account_get_id              (CircletAccount        *self);
const char           *circlet_account_get_label           (CircletAccount        *self);
void                  circlet_account_set_label           (CircletAccount        *self,
                                                           const char            *label);
const char           *circlet_account_get_api_host        (CircletAccount        *self);
gboolean              circlet_account_set_api_host        (CircletAccount        *self,
                                                           const char            *host,
                                                           GError               **error);
const char           *circlet_account_get_auth_host       (CircletAccount        *self);
gboolean              circlet_account_set_auth_host       (CircletAccount        *self,
                                                           const char            *host,
                                                           GError               **error);
const char           *circlet_account_get_sub_org_id      (CircletAccount        *self);
void                  circlet_account_set_sub_org_id      (CircletAccount        *self,
                                                           const char            *sub_org_id);
GDate                *circlet_account_get_key_expiry      (CircletAccount        *self);
void                  circlet_account_set_key_expiry      (CircletAccount        *self,
                                                           const GDate           *date);
int                   circlet_account_get_days_until_key_expiry (CircletAccount  *self,
                                                                 GDateTime       *now);
const char           *circlet_account_get_ca_file         (CircletAccount        *self);
void                  circlet_account_set_ca_file         (CircletAccount        *self,
                                                           const char            *ca_file);
gboolean              circlet_account_get_allow_http      (CircletAccount        *self);
void                  circlet_account_set_allow_http      (CircletAccount        *self,
                                                           gboolean               allow_http);
gboolean              circlet_account_check_uri_allowed   (CircletAccount        *self,
                                                           GUri                  *uri,
                                                           GError               **error);
char                 *circlet_account_dup_dashboard_url   (CircletAccount        *self);
char                 *circlet_account_describe_status     (CircletAccount        *self,
                                                           GDateTime             *now,
                                                           guint                  renew_margin);

CircletAccountStatus  circlet_account_get_status          (CircletAccount        *self);
const GError         *circlet_account_get_status_error    (CircletAccount        *self);
void                  circlet_account_set_status          (CircletAccount        *self,
                                                           CircletAccountStatus   status,
                                                           const GError          *error);
gint64                circlet_account_get_session_expires (CircletAccount        *self);
void                  circlet_account_set_session_expires (CircletAccount        *self,
                                                           gint64                 unix_time);
const char           *circlet_account_get_email           (CircletAccount        *self);
void                  circlet_account_set_email           (CircletAccount        *self,
                                                           const char            *email);
const char           *circlet_account_get_current_org_id  (CircletAccount        *self);
void                  circlet_account_set_current_org_id  (CircletAccount        *self,
                                                           const char            *org_id);

char                 *circlet_normalize_host              (const char            *input,
                                                           GError               **error);
gboolean              circlet_uri_is_loopback             (GUri                  *uri);

G_END_DECLS
