/* circlet-account-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "circlet-account.h"

static char *
describe_valid (CircletAccount *account,
                GDateTime      *now,
                guint           renew_margin)
{
  gint64 expires = circlet_account_get_session_expires (account);
  gint64 renew_in;
  gint64 minutes;

  if (expires <= 0)
    return g_strdup (_("Session valid"));
  if (expires <= g_date_time_to_unix (now))
    return g_strdup (_("Session expired, renews on next use"));

  /* The session renews itself this long before the token expires. */
  renew_in = expires - renew_margin - g_date_time_to_unix (now);
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
 * circlet_account_describe_status:
 * @self: a #CircletAccount
 * @now: (nullable): the current time, or %NULL for the real one
 * @renew_margin: how long before expiry the session renews, in seconds
 *
 * The one line the app and the command line show for an account's status,
 * e.g. "Session valid, renews in 42 min" or "Key expires in 3 days".
 *
 * Returns: (transfer full): the translated text
 */
char *
circlet_account_describe_status (CircletAccount *self,
                                 GDateTime      *now,
                                 guint           renew_margin)
{
  g_autoptr(GDateTime) real_now = NULL;

  g_return_val_if_fail (CIRCLET_IS_ACCOUNT (self), NULL);

  if (now == NULL)
    now = real_now = g_date_time_new_now_local ();

  switch (circlet_account_get_status (self))
    {
    case CIRCLET_ACCOUNT_STATUS_VALID:
      return describe_valid (self, now, renew_margin);
    case CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING:
      return describe_expiring (self, now);
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
