/* circlet-user-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-items-private.h"
#include "circlet-json.h"
#include "circlet-user-info.h"

struct _CircletUserInfo
{
  GObject parent_instance;

  char *sub;
  char *email;
  char *name;
  char *current_organization_id;
};

G_DEFINE_FINAL_TYPE (CircletUserInfo, circlet_user_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SUB,
  PROP_EMAIL,
  PROP_NAME,
  PROP_CURRENT_ORGANIZATION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_user_info_finalize (GObject *object)
{
  CircletUserInfo *self = CIRCLET_USER_INFO (object);

  g_free (self->sub);
  g_free (self->email);
  g_free (self->name);
  g_free (self->current_organization_id);

  G_OBJECT_CLASS (circlet_user_info_parent_class)->finalize (object);
}

static void
circlet_user_info_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CircletUserInfo *self = CIRCLET_USER_INFO (object);

  switch (prop_id)
    {
    case PROP_SUB:
      g_value_set_string (value, self->sub);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CURRENT_ORGANIZATION_ID:
      g_value_set_string (value, self->current_organization_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_user_info_class_init (CircletUserInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_user_info_finalize;
  object_class->get_property = circlet_user_info_get_property;

  properties[PROP_SUB] =
    g_param_spec_string ("sub", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_ORGANIZATION_ID] =
    g_param_spec_string ("current-organization-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_user_info_init (CircletUserInfo *self)
{
}

CircletUserInfo *
_circlet_user_info_new_from_json (JsonObject *object)
{
  CircletUserInfo *self = g_object_new (CIRCLET_TYPE_USER_INFO, NULL);

  self->sub = g_strdup (circlet_json_get_string (object, "sub"));
  self->email = g_strdup (circlet_json_get_string (object, "email"));
  self->name = g_strdup (circlet_json_get_string (object, "name"));
  self->current_organization_id = g_strdup (circlet_json_get_string (object, "currentOrganizationId"));

  return self;
}

/* Returns: (nullable): the user's id at the identity server */
const char *
circlet_user_info_get_sub (CircletUserInfo *self)
{
  g_return_val_if_fail (CIRCLET_IS_USER_INFO (self), NULL);

  return self->sub;
}

/* Returns: (nullable) */
const char *
circlet_user_info_get_email (CircletUserInfo *self)
{
  g_return_val_if_fail (CIRCLET_IS_USER_INFO (self), NULL);

  return self->email;
}

/* Returns: (nullable) */
const char *
circlet_user_info_get_name (CircletUserInfo *self)
{
  g_return_val_if_fail (CIRCLET_IS_USER_INFO (self), NULL);

  return self->name;
}

/* Returns: (nullable): the organization the token acts in */
const char *
circlet_user_info_get_current_organization_id (CircletUserInfo *self)
{
  g_return_val_if_fail (CIRCLET_IS_USER_INFO (self), NULL);

  return self->current_organization_id;
}
