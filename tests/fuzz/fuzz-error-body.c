/* fuzz-error-body.c: error bodies, as circlet_error_set_from_http() reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-error.h"
#include "fuzz-common.h"

/* What the maps can be asked about: the statuses with their own meaning,
 * and some without. */
static const guint statuses[] = { 400, 401, 403, 404, 418, 429, 500, 502, 503 };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autofree char *text = circlet_error_describe_body (body);
  g_autoptr(GError) error = NULL;
  guint status = statuses[(size > 0 ? data[0] : 0) % G_N_ELEMENTS (statuses)];

  /* Shown to a person: readable text, bounded, no control characters. */
  if (text != NULL)
    {
      g_assert (g_utf8_validate (text, -1, NULL));
      g_assert (g_utf8_strlen (text, -1) <= 300);
      g_assert (text[0] != '\0');
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        g_assert (!g_unichar_iscntrl (g_utf8_get_char (p)));
    }

  circlet_error_set_from_http (&error, status, "Reason", "api.example.com", body);
  g_assert (error != NULL && error->domain == CIRCLET_ERROR);
  g_assert (g_utf8_validate (error->message, -1, NULL));

  return 0;
}
