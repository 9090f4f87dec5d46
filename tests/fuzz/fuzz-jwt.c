/* fuzz-jwt.c: a session token's JWT payload, and the token's own checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-error.h"
#include "circlet-token.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_string (data, size);
  g_auto(CircletJwtClaims) claims = { 0, };
  g_autoptr(CircletToken) cached = NULL;
  g_autoptr(GError) error = NULL;
  gboolean wellformed;

  if (circlet_jwt_read_claims (text, &claims, &error))
    {
      g_assert_no_error (error);
      g_assert (claims.exp >= 0);
      g_assert (claims.email == NULL || g_utf8_validate (claims.email, -1, NULL));
    }
  else
    {
      g_assert (error != NULL && error->domain == CIRCLET_ERROR);
    }

  /* A token read back from the keyring goes through the same parser. */
  wellformed = circlet_token_is_wellformed (text);
  cached = circlet_token_new_cached (g_strdup (text), G_MAXINT64);
  g_assert (cached->expires_at == G_MAXINT64);
  if (wellformed)
    g_assert (strlen (text) <= CIRCLET_TOKEN_MAX_LENGTH);

  return 0;
}
