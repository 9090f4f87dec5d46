/* fuzz-user-input.c: what a person types or pastes: a key and a host
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-account.h"
#include "circlet-error.h"
#include "circlet-session.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_string (data, size);
  g_autoptr(GError) key_error = NULL;
  g_autoptr(GError) host_error = NULL;
  g_autofree char *key = circlet_normalize_key (text, &key_error);
  g_autofree char *host = circlet_normalize_host (text, &host_error);

  /* A key that passes is one line of printable text. */
  g_assert ((key == NULL) != (key_error == NULL));
  if (key != NULL)
    {
      g_assert (key[0] != '\0');
      g_assert (g_utf8_validate (key, -1, NULL));
      for (const char *p = key; *p != '\0'; p++)
        g_assert (!g_ascii_isspace (*p) && !g_ascii_iscntrl (*p));
    }

  /* A host that passes has no path, query, user or trailing slash, and
   * normalising it again changes nothing. */
  g_assert ((host == NULL) != (host_error == NULL));
  if (host != NULL)
    {
      g_autoptr(GError) again_error = NULL;
      g_autofree char *again = circlet_normalize_host (host, &again_error);

      g_assert_no_error (again_error);
      g_assert_cmpstr (again, ==, host);
      g_assert (!g_str_has_suffix (host, "/"));
      g_assert (strchr (host, '@') == NULL);
    }

  return 0;
}
