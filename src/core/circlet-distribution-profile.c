/* circlet-distribution-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-distribution-profile.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"

struct _CircletDistributionProfile
{
  CircletItem parent_instance;

  gboolean    pinned;
  char       *ios_version;
  char       *android_version;
  GDateTime  *update_date;
  GDateTime  *last_shared_date;
  int         authentication_type;
  const char *authentication_label;
  char       *authentication_label_owned;
  guint       testing_group_count;
  gboolean    auto_send;
};

G_DEFINE_FINAL_TYPE (CircletDistributionProfile, circlet_distribution_profile, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_PINNED,
  PROP_IOS_VERSION,
  PROP_ANDROID_VERSION,
  PROP_UPDATE_DATE,
  PROP_LAST_SHARED_DATE,
  PROP_AUTHENTICATION_TYPE,
  PROP_AUTHENTICATION_LABEL,
  PROP_TESTING_GROUP_COUNT,
  PROP_AUTO_SEND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_distribution_profile_finalize (GObject *object)
{
  CircletDistributionProfile *self = CIRCLET_DISTRIBUTION_PROFILE (object);

  g_free (self->ios_version);
  g_free (self->android_version);
  g_clear_pointer (&self->update_date, g_date_time_unref);
  g_clear_pointer (&self->last_shared_date, g_date_time_unref);
  g_free (self->authentication_label_owned);

  G_OBJECT_CLASS (circlet_distribution_profile_parent_class)->finalize (object);
}

static void
circlet_distribution_profile_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  CircletDistributionProfile *self = CIRCLET_DISTRIBUTION_PROFILE (object);

  switch (prop_id)
    {
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    case PROP_IOS_VERSION:
      g_value_set_string (value, self->ios_version);
      break;
    case PROP_ANDROID_VERSION:
      g_value_set_string (value, self->android_version);
      break;
    case PROP_UPDATE_DATE:
      g_value_set_boxed (value, self->update_date);
      break;
    case PROP_LAST_SHARED_DATE:
      g_value_set_boxed (value, self->last_shared_date);
      break;
    case PROP_AUTHENTICATION_TYPE:
      g_value_set_int (value, self->authentication_type);
      break;
    case PROP_AUTHENTICATION_LABEL:
      g_value_set_string (value, self->authentication_label);
      break;
    case PROP_TESTING_GROUP_COUNT:
      g_value_set_uint (value, self->testing_group_count);
      break;
    case PROP_AUTO_SEND:
      g_value_set_boolean (value, self->auto_send);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_distribution_profile_class_init (CircletDistributionProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_distribution_profile_finalize;
  object_class->get_property = circlet_distribution_profile_get_property;

  properties[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IOS_VERSION] =
    g_param_spec_string ("ios-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANDROID_VERSION] =
    g_param_spec_string ("android-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATE_DATE] =
    g_param_spec_boxed ("update-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SHARED_DATE] =
    g_param_spec_boxed ("last-shared-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHENTICATION_TYPE] =
    g_param_spec_int ("authentication-type", NULL, NULL, G_MININT, G_MAXINT, CIRCLET_CODE_MISSING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHENTICATION_LABEL] =
    g_param_spec_string ("authentication-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TESTING_GROUP_COUNT] =
    g_param_spec_uint ("testing-group-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_SEND] =
    g_param_spec_boolean ("auto-send", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_distribution_profile_init (CircletDistributionProfile *self)
{
}

CircletDistributionProfile *
_circlet_distribution_profile_new_from_json (JsonObject *object)
{
  CircletDistributionProfile *self = g_object_new (CIRCLET_TYPE_DISTRIBUTION_PROFILE, NULL);
  JsonArray *groups;

  self->pinned = circlet_json_get_bool (object, "pinned", FALSE);
  self->ios_version = _circlet_item_dup_string (object, "iOSVersion");
  self->android_version = _circlet_item_dup_string (object, "androidVersion");
  self->update_date = _circlet_item_read_date (object, "updateDate");
  self->last_shared_date = _circlet_item_read_date (object, "lastAppVersionSharedDate");
  _circlet_item_read_code (circlet_json_get_object (object, "settings"), "authenticationType", CIRCLET_LABEL_AUTHENTICATION,
                           &self->authentication_type, &self->authentication_label, &self->authentication_label_owned);

  /* Auto-send is on when the profile names testing groups to send to. */
  groups = circlet_json_get_array (object, "testingGroupIds");
  self->testing_group_count = groups ? json_array_get_length (groups) : 0;
  self->auto_send = self->testing_group_count > 0;

  _circlet_item_fill (CIRCLET_ITEM (self),
                     circlet_json_get_string (object, "id"),
                     circlet_json_get_string (object, "name"),
                     self->ios_version, self->android_version, NULL);

  return self;
}

gboolean
circlet_distribution_profile_get_pinned (CircletDistributionProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_DISTRIBUTION_PROFILE (self), FALSE);

  return self->pinned;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_distribution_profile_get_ios_version (CircletDistributionProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_DISTRIBUTION_PROFILE (self), NULL);

  return self->ios_version;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_distribution_profile_get_android_version (CircletDistributionProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_DISTRIBUTION_PROFILE (self), NULL);

  return self->android_version;
}

/**
 * circlet_distribution_profile_get_update_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_distribution_profile_get_update_date (CircletDistributionProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_DISTRIBUTION_PROFILE (self), NULL);

  return self->update_date;
}

/**
 * circlet_distribution_profile_get_last_shared_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_distribution_profile_get_last_shared_date (CircletDistributionProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_DISTRIBUTION_PROFILE (self), NULL);

  return self->last_shared_date;
}

/* Returns: the code, %CIRCLET_CODE_MISSING when the server sent none */
int
circlet_distribution_profile_get_authentication_type (CircletDistributionProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_DISTRIBUTION_PROFILE (self), CIRCLET_CODE_MISSING);

  return self->authentication_type;
}

/* Returns: the translated label, "Unknown (N)" for a code Circlet does not
 * know, "" when the server sent none */
const char *
circlet_distribution_profile_get_authentication_label (CircletDistributionProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_DISTRIBUTION_PROFILE (self), NULL);

  return self->authentication_label;
}

guint
circlet_distribution_profile_get_testing_group_count (CircletDistributionProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_DISTRIBUTION_PROFILE (self), 0);

  return self->testing_group_count;
}

gboolean
circlet_distribution_profile_get_auto_send (CircletDistributionProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_DISTRIBUTION_PROFILE (self), FALSE);

  return self->auto_send;
}
