/* circlet-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-session.h"
#include "circlet-status.h"

/* Every icon ships with Adwaita on GTK 4.8 (adwaita-icon-theme 43). */
const char *
circlet_status_get_icon_name (CircletAccountStatus status)
{
  switch (status)
    {
    case CIRCLET_ACCOUNT_STATUS_VALID:
      return "emblem-ok-symbolic";
    case CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING:
      return "dialog-warning-symbolic";
    case CIRCLET_ACCOUNT_STATUS_REVOKED:
      return "dialog-error-symbolic";
    case CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED:
      return "changes-prevent-symbolic";
    case CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE:
      return "dialog-warning-symbolic";
    case CIRCLET_ACCOUNT_STATUS_OFFLINE:
      return "network-offline-symbolic";
    case CIRCLET_ACCOUNT_STATUS_UNVERIFIED:
    default:
      return "content-loading-symbolic";
    }
}

/* Adwaita's own classes, so the colours follow the theme and high contrast. */
const char *
circlet_status_get_css_class (CircletAccountStatus status)
{
  switch (status)
    {
    case CIRCLET_ACCOUNT_STATUS_VALID:
      return "success";
    case CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING:
    case CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED:
    case CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE:
      return "warning";
    case CIRCLET_ACCOUNT_STATUS_REVOKED:
      return "error";
    case CIRCLET_ACCOUNT_STATUS_OFFLINE:
    case CIRCLET_ACCOUNT_STATUS_UNVERIFIED:
    default:
      return "dim-label";
    }
}

/* What a screen reader says for the icon alone; the row or button around
 * it carries the organization's name. */
const char *
circlet_status_get_accessible_name (CircletAccountStatus status)
{
  switch (status)
    {
    case CIRCLET_ACCOUNT_STATUS_VALID:
      return _("Key valid");
    case CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING:
      return _("Key expires soon");
    case CIRCLET_ACCOUNT_STATUS_REVOKED:
      return _("Key deleted or invalid");
    case CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED:
      return _("Keyring locked");
    case CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE:
      return _("Keyring unavailable");
    case CIRCLET_ACCOUNT_STATUS_OFFLINE:
      return _("Offline");
    case CIRCLET_ACCOUNT_STATUS_UNVERIFIED:
    default:
      return _("Not verified yet");
    }
}

static char *
describe_valid (CircletAccount *account,
                GDateTime      *now)
{
  gint64 expires = circlet_account_get_session_expires (account);
  gint64 renew_in;
  gint64 minutes;

  if (expires <= 0)
    return g_strdup (_("Session valid"));

  /* The session renews itself this long before the token expires. */
  renew_in = expires - CIRCLET_SESSION_DEFAULT_RENEW_MARGIN - g_date_time_to_unix (now);
  if (renew_in <= 0)
    return g_strdup (_("Session valid, renews on next use"));

  minutes = (renew_in + 59) / 60;
  if (minutes < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Session valid, renews in %d min",
                                         "Session valid, renews in %d min",
                                         minutes),
                            (int) minutes);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Session valid, renews in %d hour",
                                       "Session valid, renews in %d hours",
                                       minutes / 60),
                          (int) (minutes / 60));
}

static char *
describe_expiring (CircletAccount *account,
                   GDateTime      *now)
{
  int days = circlet_account_get_days_until_key_expiry (account, now);

  if (days == G_MININT)
    return g_strdup (_("Key expires soon"));
  if (days < 0)
    return g_strdup (_("Key has expired"));
  if (days == 0)
    return g_strdup (_("Key expires today"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Key expires in %d day",
                                       "Key expires in %d days",
                                       days),
                          days);
}

/**
 * circlet_status_describe:
 * @now: (nullable): the current time, or %NULL for the real one
 *
 * Returns: (transfer full): the account's status as one translated line
 */
char *
circlet_status_describe (CircletAccount *account,
                         GDateTime      *now)
{
  g_autoptr(GDateTime) real_now = NULL;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (account), NULL);

  if (now == NULL)
    now = real_now = g_date_time_new_now_local ();

  switch (circlet_account_get_status (account))
    {
    case CIRCLET_ACCOUNT_STATUS_VALID:
      return describe_valid (account, now);
    case CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING:
      return describe_expiring (account, now);
    case CIRCLET_ACCOUNT_STATUS_REVOKED:
      return g_strdup (_("Key was deleted or is invalid"));
    case CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED:
      return g_strdup (_("Keyring is locked"));
    case CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE:
      return g_strdup (_("Keyring is unavailable"));
    case CIRCLET_ACCOUNT_STATUS_OFFLINE:
      return g_strdup (_("Offline — showing the last data"));
    case CIRCLET_ACCOUNT_STATUS_UNVERIFIED:
    default:
      return g_strdup (_("Not verified yet"));
    }
}
