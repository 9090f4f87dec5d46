/* circlet-app-version.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-app-version.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"

struct _CircletAppVersion
{
  CircletItem parent_instance;

  char       *version;
  char       *version_code;
  char       *summary;
  int         publish_type;
  const char *publish_type_label;
  char       *publish_type_label_owned;
  int         platform;
  const char *platform_label;
  char       *platform_label_owned;
  guint       download_count;
  GDateTime  *publish_date;
  GDateTime  *create_date;
  GDateTime  *update_date;
};

G_DEFINE_FINAL_TYPE (CircletAppVersion, circlet_app_version, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_VERSION,
  PROP_VERSION_CODE,
  PROP_SUMMARY,
  PROP_PUBLISH_TYPE,
  PROP_PUBLISH_TYPE_LABEL,
  PROP_PLATFORM,
  PROP_PLATFORM_LABEL,
  PROP_DOWNLOAD_COUNT,
  PROP_PUBLISH_DATE,
  PROP_CREATE_DATE,
  PROP_UPDATE_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_app_version_finalize (GObject *object)
{
  CircletAppVersion *self = CIRCLET_APP_VERSION (object);

  g_free (self->version);
  g_free (self->version_code);
  g_free (self->summary);
  g_free (self->publish_type_label_owned);
  g_free (self->platform_label_owned);
  g_clear_pointer (&self->publish_date, g_date_time_unref);
  g_clear_pointer (&self->create_date, g_date_time_unref);
  g_clear_pointer (&self->update_date, g_date_time_unref);

  G_OBJECT_CLASS (circlet_app_version_parent_class)->finalize (object);
}

static void
circlet_app_version_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CircletAppVersion *self = CIRCLET_APP_VERSION (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_VERSION_CODE:
      g_value_set_string (value, self->version_code);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_PUBLISH_TYPE:
      g_value_set_int (value, self->publish_type);
      break;
    case PROP_PUBLISH_TYPE_LABEL:
      g_value_set_string (value, self->publish_type_label);
      break;
    case PROP_PLATFORM:
      g_value_set_int (value, self->platform);
      break;
    case PROP_PLATFORM_LABEL:
      g_value_set_string (value, self->platform_label);
      break;
    case PROP_DOWNLOAD_COUNT:
      g_value_set_uint (value, self->download_count);
      break;
    case PROP_PUBLISH_DATE:
      g_value_set_boxed (value, self->publish_date);
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
circlet_app_version_class_init (CircletAppVersionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_app_version_finalize;
  object_class->get_property = circlet_app_version_get_property;

  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION_CODE] =
    g_param_spec_string ("version-code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUBLISH_TYPE] =
    g_param_spec_int ("publish-type", NULL, NULL, G_MININT, G_MAXINT, CIRCLET_CODE_MISSING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUBLISH_TYPE_LABEL] =
    g_param_spec_string ("publish-type-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLATFORM] =
    g_param_spec_int ("platform", NULL, NULL, G_MININT, G_MAXINT, CIRCLET_CODE_MISSING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLATFORM_LABEL] =
    g_param_spec_string ("platform-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOWNLOAD_COUNT] =
    g_param_spec_uint ("download-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUBLISH_DATE] =
    g_param_spec_boxed ("publish-date", NULL, NULL, G_TYPE_DATE_TIME,
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
circlet_app_version_init (CircletAppVersion *self)
{
}

CircletAppVersion *
_circlet_app_version_new_from_json (JsonObject *object)
{
  CircletAppVersion *self = g_object_new (CIRCLET_TYPE_APP_VERSION, NULL);

  self->version = _circlet_item_dup_string (object, "version");
  self->version_code = _circlet_item_dup_string (object, "versionCode");
  self->summary = _circlet_item_dup_string (object, "summary");
  _circlet_item_read_code (object, "publishType", CIRCLET_LABEL_PUBLISH_TYPE,
                           &self->publish_type, &self->publish_type_label, &self->publish_type_label_owned);
  _circlet_item_read_code (object, "platformType", CIRCLET_LABEL_PLATFORM,
                           &self->platform, &self->platform_label, &self->platform_label_owned);
  self->download_count = _circlet_item_read_count (object, "downloadCount");
  self->publish_date = _circlet_item_read_date (object, "publishDate");
  self->update_date = _circlet_item_read_date (object, "updateDate");

  /* Store versions say createDate; distribution versions say createdAt. */
  self->create_date = _circlet_item_read_date (object, "createDate");
  if (self->create_date == NULL)
    self->create_date = _circlet_item_read_date (object, "createdAt");

  _circlet_item_fill (CIRCLET_ITEM (self),
                     circlet_json_get_string (object, "id"),
                     circlet_json_get_string (object, "name"),
                     self->version, self->version_code, self->summary, NULL);

  return self;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_app_version_get_version (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), NULL);

  return self->version;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_app_version_get_version_code (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), NULL);

  return self->version_code;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_app_version_get_summary (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), NULL);

  return self->summary;
}

/* Returns: the code, %CIRCLET_CODE_MISSING when the server sent none */
int
circlet_app_version_get_publish_type (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), CIRCLET_CODE_MISSING);

  return self->publish_type;
}

/* Returns: the translated label, "Unknown (N)" for a code Circlet does not
 * know, "" when the server sent none */
const char *
circlet_app_version_get_publish_type_label (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), NULL);

  return self->publish_type_label;
}

/* Returns: the code, %CIRCLET_CODE_MISSING when the server sent none */
int
circlet_app_version_get_platform (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), CIRCLET_CODE_MISSING);

  return self->platform;
}

/* Returns: the translated label, "Unknown (N)" for a code Circlet does not
 * know, "" when the server sent none */
const char *
circlet_app_version_get_platform_label (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), NULL);

  return self->platform_label;
}

guint
circlet_app_version_get_download_count (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), 0);

  return self->download_count;
}

/**
 * circlet_app_version_get_publish_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_app_version_get_publish_date (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), NULL);

  return self->publish_date;
}

/**
 * circlet_app_version_get_create_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_app_version_get_create_date (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), NULL);

  return self->create_date;
}

/**
 * circlet_app_version_get_update_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_app_version_get_update_date (CircletAppVersion *self)
{
  g_return_val_if_fail (CIRCLET_IS_APP_VERSION (self), NULL);

  return self->update_date;
}
