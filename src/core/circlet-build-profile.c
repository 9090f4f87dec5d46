/* circlet-build-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-build-profile.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"

struct _CircletBuildProfile
{
  CircletItem parent_instance;

  gboolean    pinned;
  int         os;
  const char *os_label;
  char       *os_label_owned;
  int         platform;
  const char *platform_label;
  char       *platform_label_owned;
  char       *repository;
  GDateTime  *last_build_date;
  guint       auto_distribute_count;
  guint       auto_build_count;
};

G_DEFINE_FINAL_TYPE (CircletBuildProfile, circlet_build_profile, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_PINNED,
  PROP_OS,
  PROP_OS_LABEL,
  PROP_PLATFORM,
  PROP_PLATFORM_LABEL,
  PROP_REPOSITORY,
  PROP_LAST_BUILD_DATE,
  PROP_AUTO_DISTRIBUTE_COUNT,
  PROP_AUTO_BUILD_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_build_profile_finalize (GObject *object)
{
  CircletBuildProfile *self = CIRCLET_BUILD_PROFILE (object);

  g_free (self->os_label_owned);
  g_free (self->platform_label_owned);
  g_free (self->repository);
  g_clear_pointer (&self->last_build_date, g_date_time_unref);

  G_OBJECT_CLASS (circlet_build_profile_parent_class)->finalize (object);
}

static void
circlet_build_profile_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CircletBuildProfile *self = CIRCLET_BUILD_PROFILE (object);

  switch (prop_id)
    {
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    case PROP_OS:
      g_value_set_int (value, self->os);
      break;
    case PROP_OS_LABEL:
      g_value_set_string (value, self->os_label);
      break;
    case PROP_PLATFORM:
      g_value_set_int (value, self->platform);
      break;
    case PROP_PLATFORM_LABEL:
      g_value_set_string (value, self->platform_label);
      break;
    case PROP_REPOSITORY:
      g_value_set_string (value, self->repository);
      break;
    case PROP_LAST_BUILD_DATE:
      g_value_set_boxed (value, self->last_build_date);
      break;
    case PROP_AUTO_DISTRIBUTE_COUNT:
      g_value_set_uint (value, self->auto_distribute_count);
      break;
    case PROP_AUTO_BUILD_COUNT:
      g_value_set_uint (value, self->auto_build_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_build_profile_class_init (CircletBuildProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_build_profile_finalize;
  object_class->get_property = circlet_build_profile_get_property;

  properties[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OS] =
    g_param_spec_int ("os", NULL, NULL, G_MININT, G_MAXINT, CIRCLET_CODE_MISSING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OS_LABEL] =
    g_param_spec_string ("os-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLATFORM] =
    g_param_spec_int ("platform", NULL, NULL, G_MININT, G_MAXINT, CIRCLET_CODE_MISSING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLATFORM_LABEL] =
    g_param_spec_string ("platform-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPOSITORY] =
    g_param_spec_string ("repository", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_BUILD_DATE] =
    g_param_spec_boxed ("last-build-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_DISTRIBUTE_COUNT] =
    g_param_spec_uint ("auto-distribute-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_BUILD_COUNT] =
    g_param_spec_uint ("auto-build-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_build_profile_init (CircletBuildProfile *self)
{
}

CircletBuildProfile *
_circlet_build_profile_new_from_json (JsonObject *object)
{
  CircletBuildProfile *self = g_object_new (CIRCLET_TYPE_BUILD_PROFILE, NULL);

  self->pinned = circlet_json_get_bool (object, "pinned", FALSE);
  _circlet_item_read_code (object, "os", CIRCLET_LABEL_OS,
                           &self->os, &self->os_label, &self->os_label_owned);
  _circlet_item_read_code (object, "buildPlatformType", CIRCLET_LABEL_BUILD_PLATFORM,
                           &self->platform, &self->platform_label, &self->platform_label_owned);
  self->repository = _circlet_item_dup_string (object, "repositoryName");
  self->last_build_date = _circlet_item_read_date (object, "lastBuildDate");
  self->auto_distribute_count = _circlet_item_read_count (object, "autoDistributeCount");
  self->auto_build_count = _circlet_item_read_count (object, "autoBuildCount");

  _circlet_item_fill (CIRCLET_ITEM (self),
                     circlet_json_get_string (object, "id"),
                     circlet_json_get_string (object, "name"),
                     self->repository, self->os_label, self->platform_label, NULL);

  return self;
}

gboolean
circlet_build_profile_get_pinned (CircletBuildProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_BUILD_PROFILE (self), FALSE);

  return self->pinned;
}

/* Returns: the code, %CIRCLET_CODE_MISSING when the server sent none */
int
circlet_build_profile_get_os (CircletBuildProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_BUILD_PROFILE (self), CIRCLET_CODE_MISSING);

  return self->os;
}

/* Returns: the translated label, "Unknown (N)" for a code Circlet does not
 * know, "" when the server sent none */
const char *
circlet_build_profile_get_os_label (CircletBuildProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_BUILD_PROFILE (self), NULL);

  return self->os_label;
}

/* Returns: the code, %CIRCLET_CODE_MISSING when the server sent none */
int
circlet_build_profile_get_platform (CircletBuildProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_BUILD_PROFILE (self), CIRCLET_CODE_MISSING);

  return self->platform;
}

/* Returns: the translated label, "Unknown (N)" for a code Circlet does not
 * know, "" when the server sent none */
const char *
circlet_build_profile_get_platform_label (CircletBuildProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_BUILD_PROFILE (self), NULL);

  return self->platform_label;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_build_profile_get_repository (CircletBuildProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_BUILD_PROFILE (self), NULL);

  return self->repository;
}

/**
 * circlet_build_profile_get_last_build_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_build_profile_get_last_build_date (CircletBuildProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_BUILD_PROFILE (self), NULL);

  return self->last_build_date;
}

guint
circlet_build_profile_get_auto_distribute_count (CircletBuildProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_BUILD_PROFILE (self), 0);

  return self->auto_distribute_count;
}

guint
circlet_build_profile_get_auto_build_count (CircletBuildProfile *self)
{
  g_return_val_if_fail (CIRCLET_IS_BUILD_PROFILE (self), 0);

  return self->auto_build_count;
}
