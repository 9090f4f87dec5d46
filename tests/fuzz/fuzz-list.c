/* fuzz-list.c: every list mapping (circlet_api_parse_list, and item by item
 * circlet_api_foreach_item) and the user info mapping, each fed the same body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-api.h"
#include "circlet-error.h"
#include "fuzz-common.h"

static void
count_item_cb (gpointer item,
               gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(CircletUserInfo) info = NULL;
  g_autoptr(GError) info_error = NULL;

  for (guint r = 0; r < CIRCLET_RESOURCE_N_RESOURCES; r++)
    {
      g_autoptr(GListModel) list = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) foreach_error = NULL;
      guint n_handed = 0;
      gboolean ok;

      list = circlet_api_parse_list (r, body, "api.example.com", &error);
      g_assert ((list == NULL) != (error == NULL));

      /* The one-at-a-time reading agrees with the list, items and errors. */
      ok = circlet_api_foreach_item (r, body, "api.example.com", count_item_cb, &n_handed, &foreach_error);
      g_assert (ok == (list != NULL));
      g_assert (ok || (n_handed == 0 && foreach_error->code == error->code));

      if (list == NULL)
        {
          g_assert (error->domain == CIRCLET_ERROR);
          continue;
        }
      g_assert (n_handed == g_list_model_get_n_items (list));

      /* Every item is of the resource's type, and every property reads. */
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (list, i);
          g_autofree GParamSpec **pspecs = NULL;
          guint n_pspecs = 0;

          g_assert (G_TYPE_CHECK_INSTANCE_TYPE (item, circlet_resource_get_item_type (r)));
          pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (item), &n_pspecs);
          for (guint p = 0; p < n_pspecs; p++)
            {
              g_auto(GValue) value = G_VALUE_INIT;

              if ((pspecs[p]->flags & G_PARAM_READABLE) == 0)
                continue;
              g_value_init (&value, pspecs[p]->value_type);
              g_object_get_property (item, pspecs[p]->name, &value);
            }
        }
    }

  info = circlet_api_parse_user_info (body, "api.example.com", &info_error);
  g_assert ((info == NULL) != (info_error == NULL));

  return 0;
}
