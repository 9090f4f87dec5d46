/* bench-api-parse.c: how long parsing and mapping a big list takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-api-parse [N_ITEMS] [RESOURCE]: builds the test server's list of
 * N_ITEMS (default 100,000) in memory, then times circlet_api_parse_list()
 * and reports the heap it keeps per item (mallinfo2, glibc).
 */

#include "config.h"

#include <malloc.h>

#include "circlet-api.h"
#include "circlet-test-data.h"

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    CircletResource resource;
    CircletTestList list;
  } lists[] = {
    { CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, CIRCLET_TEST_LIST_DISTRIBUTION_PROFILES },
    { CIRCLET_RESOURCE_TESTING_GROUPS, CIRCLET_TEST_LIST_TESTING_GROUPS },
    { CIRCLET_RESOURCE_BUILD_PROFILES, CIRCLET_TEST_LIST_BUILD_PROFILES },
    { CIRCLET_RESOURCE_STORE_PROFILES, CIRCLET_TEST_LIST_STORE_PROFILES },
    { CIRCLET_RESOURCE_PUBLISH_PROFILES_IOS, CIRCLET_TEST_LIST_PUBLISH_IOS },
    { CIRCLET_RESOURCE_CERTIFICATES, CIRCLET_TEST_LIST_CERTIFICATES },
    { CIRCLET_RESOURCE_KEYSTORES, CIRCLET_TEST_LIST_KEYSTORES },
    { CIRCLET_RESOURCE_PROVISIONING_PROFILES, CIRCLET_TEST_LIST_PROVISIONING_PROFILES },
  };
  guint n_items = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  const char *only = argc > 2 ? argv[2] : NULL;

  /* Register the types first so their one-time cost is not counted. */
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    g_type_class_unref (g_type_class_ref (circlet_resource_get_item_type (lists[i].resource)));

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      const char *name = circlet_resource_get_name (lists[i].resource);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GListModel) model = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start, parsed;
      gsize before, after;

      if (only != NULL && !g_str_equal (only, name))
        continue;

      body = circlet_test_data_list (lists[i].list, n_items, g_get_real_time () / G_USEC_PER_SEC);
      malloc_trim (0);
      before = heap_in_use ();
      start = g_get_monotonic_time ();
      model = circlet_api_parse_list (lists[i].resource, body, "bench", &error);
      parsed = g_get_monotonic_time ();
      g_assert_no_error (error);
      malloc_trim (0);
      after = heap_in_use ();

      g_print ("%-24s %7u items  %6.1f MB JSON  parse+map %6.0f ms  kept %5.0f bytes/item\n",
               name, g_list_model_get_n_items (model),
               g_bytes_get_size (body) / 1e6,
               (parsed - start) / 1000.0,
               (double) (after - before) / MAX (n_items, 1));
    }

  return 0;
}
