/* fuzz-token-response.c: the key exchange's response body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-error.h"
#include "circlet-token.h"
#include "fuzz-common.h"

#define NOW 1700000000

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(CircletToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = circlet_token_parse_response (body, "auth.example.com", NOW, &error);

  /* Exactly one of a token or an error, and a token is always usable. */
  g_assert ((token == NULL) != (error == NULL));
  if (token != NULL)
    {
      g_assert (circlet_token_is_wellformed (token->access_token));
      g_assert (token->expires_at > 0);
      g_assert (token->email == NULL || g_utf8_validate (token->email, -1, NULL));
    }
  else
    {
      g_assert (error->domain == CIRCLET_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
    }

  return 0;
}
