/* fuzz-common.h: what every libFuzzer target of Circlet shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  /* A warning or a critical means a parser broke its contract: a finding. */
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    {
      g_log_writer_default (log_level, fields, n_fields, user_data);
      g_abort ();
    }

  return G_LOG_WRITER_HANDLED;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  return 0;
}

/* The input as a NUL-terminated string, as parsers of text see it. */
static inline char *
fuzz_dup_string (const uint8_t *data,
                 size_t         size)
{
  return g_strndup ((const char *) data, size);
}
