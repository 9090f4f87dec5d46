/* circlet-store-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-store-profile.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"

struct _CircletStoreProfile
{
  CircletItem parent_instance;

  char       *version;
  guint       download_count;
  GDateTime  *latest_publish_date;
  GDateTime  *last_binary_date;
};

G_DEFINE_FINAL_TYPE (CircletStoreProfile, circlet_store_profile, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_VERSION,
  PROP_DOWNLOAD_COUNT,
  PROP_LATEST_PUBLISH_DATE,
  PROP_LAST_BINARY_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_store_profile_finalize (GObject *object)
{
  CircletStoreProfile *self = CIRCLET_STORE_PROFILE (object);

  g_free (self->version);
  g_clear_pointer (&self->latest_publish_date, g_date_time_unref);
  g_clear_pointer (&self->last_binary_date, g_date_time_unref);

  G_OBJECT_CLASS (circlet_store_profile_parent_class)->finalize (object);
}

static void
circlet_store_profile_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CircletStoreProfile *self = CIRCLET_STORE_PROFILE (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_DOWNLOAD_COUNT:
      g_value_set_uint (value, self->download_count);
      break;
    case PROP_LATEST_PUBLISH_DATE:
      g_value_set_boxed (value, self->latest_publish_date);
      break;
    case PROP_LAST_BINARY_DATE:
      g_value_set_boxed (value, self->last_binary_date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_store_profile_class_init (CircletStoreProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_store_profile_finalize;
  object_class->get_property = circlet_store_profile_get_property;

  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOWNLOAD_COUNT] =
    g_param_spec_uint ("download-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATEST_PUBLISH_DATE] =
    g_param_spec_boxed ("latest-publish-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_BINARY_DATE] =
    g_param_spec_boxed ("last-binary-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_store_profile_init (CircletStoreProfile *self)
{
}

CircletStoreProfile *
_circlet_store_profile_new_from_json (JsonObject *object)
{
  CircletStoreProfile *self = g_object_new (CIRCLET_TYPE_STORE_PROFILE, NULL);

  self->version = _circlet_item_dup_string (object, "version");
  self->download_count = _circlet_item_read_count (object, "totalDownloadCount");
  self->latest_publish_date = _circlet_item_read_date (object, "latestPublishDate");
  self->last_binary_date = _circlet_item_read_date (object, "lastBinaryReceivedDate");

  _circlet_item_fill (CIRCLET_ITEM (self),
                     circlet_json_get_string (object, "id"),
                     circlet_json_get_string (object, "name"),
                     self->version, NULL);

  return self;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_store_profile_get_version (CircletStoreProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_STORE_PROFILE (self), NULL);

  return self->version;
}

guint
circlet_store_profile_get_download_count (CircletStoreProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_STORE_PROFILE (self), 0);

  return self->download_count;
}

/**
 * circlet_store_profile_get_latest_publish_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_store_profile_get_latest_publish_date (CircletStoreProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_STORE_PROFILE (self), NULL);

  return self->latest_publish_date;
}

/**
 * circlet_store_profile_get_last_binary_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_store_profile_get_last_binary_date (CircletStoreProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_STORE_PROFILE (self), NULL);

  return self->last_binary_date;
}
