/* circlet-test-util.h: small helpers shared by the test suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Iterates the default main context until an async call has answered. */
static inline GAsyncResult *
circlet_test_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static inline void
circlet_test_store_result_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/* An items-changed handler that appends position, removed and added to
 * @user_data, a GArray of guint. */
static inline void
circlet_test_record_change_cb (GListModel *model,
                               guint       position,
                               guint       removed,
                               guint       added,
                               gpointer    user_data)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (user_data, change, 3);
}

/* Whether @needle occurs anywhere in the first @len bytes of @haystack. */
static inline gboolean
circlet_test_contains (const char *haystack,
                       gsize       len,
                       const char *needle)
{
  return g_strstr_len (haystack, len, needle) != NULL;
}

/* Whether wall-clock bounds mean anything in this run. Not under valgrind
 * (the valgrind setup in tests/meson.build sets CIRCLET_TEST_VALGRIND),
 * which runs code 20 to 50 times slower: tests still check what happened
 * there, only not how fast. */
static inline gboolean
circlet_test_timing_is_meaningful (void)
{
  return g_getenv ("CIRCLET_TEST_VALGRIND") == NULL;
}

G_END_DECLS
