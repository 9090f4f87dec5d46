/* circlet-organization.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-organization.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"

struct _CircletOrganization
{
  CircletItem parent_instance;

  char       *given_id;
  gboolean    sso_enabled;
  gboolean    disabled;
  GDateTime  *created_date;
  char       *root_organization_id;
  char       *root_organization_name;
  gboolean    is_sub_organization;
};

G_DEFINE_FINAL_TYPE (CircletOrganization, circlet_organization, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_GIVEN_ID,
  PROP_SSO_ENABLED,
  PROP_DISABLED,
  PROP_CREATED_DATE,
  PROP_ROOT_ORGANIZATION_ID,
  PROP_ROOT_ORGANIZATION_NAME,
  PROP_IS_SUB_ORGANIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_organization_finalize (GObject *object)
{
  CircletOrganization *self = CIRCLET_ORGANIZATION (object);

  g_free (self->given_id);
  g_clear_pointer (&self->created_date, g_date_time_unref);
  g_free (self->root_organization_id);
  g_free (self->root_organization_name);

  G_OBJECT_CLASS (circlet_organization_parent_class)->finalize (object);
}

static void
circlet_organization_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CircletOrganization *self = CIRCLET_ORGANIZATION (object);

  switch (prop_id)
    {
    case PROP_GIVEN_ID:
      g_value_set_string (value, self->given_id);
      break;
    case PROP_SSO_ENABLED:
      g_value_set_boolean (value, self->sso_enabled);
      break;
    case PROP_DISABLED:
      g_value_set_boolean (value, self->disabled);
      break;
    case PROP_CREATED_DATE:
      g_value_set_boxed (value, self->created_date);
      break;
    case PROP_ROOT_ORGANIZATION_ID:
      g_value_set_string (value, self->root_organization_id);
      break;
    case PROP_ROOT_ORGANIZATION_NAME:
      g_value_set_string (value, self->root_organization_name);
      break;
    case PROP_IS_SUB_ORGANIZATION:
      g_value_set_boolean (value, self->is_sub_organization);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_organization_class_init (CircletOrganizationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_organization_finalize;
  object_class->get_property = circlet_organization_get_property;

  properties[PROP_GIVEN_ID] =
    g_param_spec_string ("given-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SSO_ENABLED] =
    g_param_spec_boolean ("sso-enabled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISABLED] =
    g_param_spec_boolean ("disabled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_DATE] =
    g_param_spec_boxed ("created-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROOT_ORGANIZATION_ID] =
    g_param_spec_string ("root-organization-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROOT_ORGANIZATION_NAME] =
    g_param_spec_string ("root-organization-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_SUB_ORGANIZATION] =
    g_param_spec_boolean ("is-sub-organization", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_organization_init (CircletOrganization *self)
{
}

CircletOrganization *
_circlet_organization_new_from_json (JsonObject *object)
{
  CircletOrganization *self = g_object_new (CIRCLET_TYPE_ORGANIZATION, NULL);

  self->given_id = _circlet_item_dup_string (object, "givenId");
  self->sso_enabled = circlet_json_get_bool (object, "ssoEnabled", FALSE);
  self->disabled = circlet_json_get_bool (object, "disabled", FALSE);
  self->created_date = _circlet_item_read_date (object, "createdDate");
  self->root_organization_id = _circlet_item_dup_string (object, "rootOrganizationId");
  self->root_organization_name = _circlet_item_dup_string (object, "rootOrganizationName");

  /* A root organization has no root fields at all (MIG tests their presence). */
  self->is_sub_organization = self->root_organization_id != NULL && self->root_organization_id[0] != '\0';

  _circlet_item_fill (CIRCLET_ITEM (self),
                     circlet_json_get_string (object, "id"),
                     circlet_json_get_string (object, "name"),
                     self->given_id, self->root_organization_name, NULL);

  return self;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_organization_get_given_id (CircletOrganization *self)
{
  g_return_val_if_fail (CIRCLET_IS_ORGANIZATION (self), NULL);

  return self->given_id;
}

gboolean
circlet_organization_get_sso_enabled (CircletOrganization *self)
{
  g_return_val_if_fail (CIRCLET_IS_ORGANIZATION (self), FALSE);

  return self->sso_enabled;
}

gboolean
circlet_organization_get_disabled (CircletOrganization *self)
{
  g_return_val_if_fail (CIRCLET_IS_ORGANIZATION (self), FALSE);

  return self->disabled;
}

/**
 * circlet_organization_get_created_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_organization_get_created_date (CircletOrganization *self)
{
  g_return_val_if_fail (CIRCLET_IS_ORGANIZATION (self), NULL);

  return self->created_date;
}

/* Returns: (nullable): the root organization of a sub-organization, %NULL for a root */
const char *
circlet_organization_get_root_organization_id (CircletOrganization *self)
{
  g_return_val_if_fail (CIRCLET_IS_ORGANIZATION (self), NULL);

  return self->root_organization_id;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_organization_get_root_organization_name (CircletOrganization *self)
{
  g_return_val_if_fail (CIRCLET_IS_ORGANIZATION (self), NULL);

  return self->root_organization_name;
}

gboolean
circlet_organization_get_is_sub_organization (CircletOrganization *self)
{
  g_return_val_if_fail (CIRCLET_IS_ORGANIZATION (self), FALSE);

  return self->is_sub_organization;
}
