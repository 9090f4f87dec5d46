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
  return circlet_account_describe_status (account, now, CIRCLET_SESSION_DEFAULT_RENEW_MARGIN);
}
