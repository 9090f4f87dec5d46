/* circlet-publish-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-publish-profile.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"

struct _CircletPublishProfile
{
  CircletItem parent_instance;

  char       *version;
  char       *last_upload_version;
  char       *last_upload_version_code;
  char       *app_unique_id;
  GDateTime  *latest_publish_date;
  int         platform;
  const char *platform_label;
  char       *platform_label_owned;
  GDateTime  *create_date;
  GDateTime  *update_date;
};

G_DEFINE_FINAL_TYPE (CircletPublishProfile, circlet_publish_profile, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_VERSION,
  PROP_LAST_UPLOAD_VERSION,
  PROP_LAST_UPLOAD_VERSION_CODE,
  PROP_APP_UNIQUE_ID,
  PROP_LATEST_PUBLISH_DATE,
  PROP_PLATFORM,
  PROP_PLATFORM_LABEL,
  PROP_CREATE_DATE,
  PROP_UPDATE_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_publish_profile_finalize (GObject *object)
{
  CircletPublishProfile *self = CIRCLET_PUBLISH_PROFILE (object);

  g_free (self->version);
  g_free (self->last_upload_version);
  g_free (self->last_upload_version_code);
  g_free (self->app_unique_id);
  g_clear_pointer (&self->latest_publish_date, g_date_time_unref);
  g_free (self->platform_label_owned);
  g_clear_pointer (&self->create_date, g_date_time_unref);
  g_clear_pointer (&self->update_date, g_date_time_unref);

  G_OBJECT_CLASS (circlet_publish_profile_parent_class)->finalize (object);
}

static void
circlet_publish_profile_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CircletPublishProfile *self = CIRCLET_PUBLISH_PROFILE (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_LAST_UPLOAD_VERSION:
      g_value_set_string (value, self->last_upload_version);
      break;
    case PROP_LAST_UPLOAD_VERSION_CODE:
      g_value_set_string (value, self->last_upload_version_code);
      break;
    case PROP_APP_UNIQUE_ID:
      g_value_set_string (value, self->app_unique_id);
      break;
    case PROP_LATEST_PUBLISH_DATE:
      g_value_set_boxed (value, self->latest_publish_date);
      break;
    case PROP_PLATFORM:
      g_value_set_int (value, self->platform);
      break;
    case PROP_PLATFORM_LABEL:
      g_value_set_string (value, self->platform_label);
      break;
    case PROP_CREATE_DATE:
      g_value_set_boxed (value, self->create_date);
      break;
    case PROP_UPDATE_DATE:
      g_value_set_boxed (value, self->update_date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_publish_profile_class_init (CircletPublishProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_publish_profile_finalize;
  object_class->get_property = circlet_publish_profile_get_property;

  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_UPLOAD_VERSION] =
    g_param_spec_string ("last-upload-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_UPLOAD_VERSION_CODE] =
    g_param_spec_string ("last-upload-version-code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_APP_UNIQUE_ID] =
    g_param_spec_string ("app-unique-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATEST_PUBLISH_DATE] =
    g_param_spec_boxed ("latest-publish-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLATFORM] =
    g_param_spec_int ("platform", NULL, NULL, G_MININT, G_MAXINT, CIRCLET_CODE_MISSING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLATFORM_LABEL] =
    g_param_spec_string ("platform-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATE_DATE] =
    g_param_spec_boxed ("create-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATE_DATE] =
    g_param_spec_boxed ("update-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_publish_profile_init (CircletPublishProfile *self)
{
}

CircletPublishProfile *
_circlet_publish_profile_new_from_json (JsonObject *object)
{
  CircletPublishProfile *self = g_object_new (CIRCLET_TYPE_PUBLISH_PROFILE, NULL);

  self->version = _circlet_item_dup_string (object, "version");
  self->last_upload_version = _circlet_item_dup_string (object, "lastUploadVersion");
  self->last_upload_version_code = _circlet_item_dup_string (object, "lastUploadVersionCode");
  self->app_unique_id = _circlet_item_dup_string (object, "appUniqueId");
  self->latest_publish_date = _circlet_item_read_date (object, "latestPublishDate");
  _circlet_item_read_code (object, "platformType", CIRCLET_LABEL_PLATFORM,
                           &self->platform, &self->platform_label, &self->platform_label_owned);
  self->create_date = _circlet_item_read_date (object, "createDate");
  self->update_date = _circlet_item_read_date (object, "updateDate");

  _circlet_item_fill (CIRCLET_ITEM (self),
                     circlet_json_get_string (object, "id"),
                     circlet_json_get_string (object, "name"),
                     self->app_unique_id, self->version, self->last_upload_version, NULL);

  return self;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_publish_profile_get_version (CircletPublishProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_PUBLISH_PROFILE (self), NULL);

  return self->version;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_publish_profile_get_last_upload_version (CircletPublishProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_PUBLISH_PROFILE (self), NULL);

  return self->last_upload_version;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_publish_profile_get_last_upload_version_code (CircletPublishProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_PUBLISH_PROFILE (self), NULL);

  return self->last_upload_version_code;
}

/* Returns: (nullable): the bundle id or package name */
const char *
circlet_publish_profile_get_app_unique_id (CircletPublishProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_PUBLISH_PROFILE (self), NULL);

  return self->app_unique_id;
}

/**
 * circlet_publish_profile_get_latest_publish_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_publish_profile_get_latest_publish_date (CircletPublishProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_PUBLISH_PROFILE (self), NULL);

  return self->latest_publish_date;
}

/* Returns: the code, %CIRCLET_CODE_MISSING when the server sent none */
int
circlet_publish_profile_get_platform (CircletPublishProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_PUBLISH_PROFILE (self), CIRCLET_CODE_MISSING);

  return self->platform;
}

/* Returns: the translated label, "Unknown (N)" for a code Circlet does not
 * know, "" when the server sent none */
const char *
circlet_publish_profile_get_platform_label (CircletPublishProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_PUBLISH_PROFILE (self), NULL);

  return self->platform_label;
}

/**
 * circlet_publish_profile_get_create_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_publish_profile_get_create_date (CircletPublishProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_PUBLISH_PROFILE (self), NULL);

  return self->create_date;
}

/**
 * circlet_publish_profile_get_update_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_publish_profile_get_update_date (CircletPublishProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_PUBLISH_PROFILE (self), NULL);

  return self->update_date;
}
