/* circlet-user.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-user.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"

struct _CircletUser
{
  CircletItem parent_instance;

  char       *username;
  char       *email;
  char       *full_name;
};

G_DEFINE_FINAL_TYPE (CircletUser, circlet_user, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_USERNAME,
  PROP_EMAIL,
  PROP_FULL_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_user_finalize (GObject *object)
{
  CircletUser *self = CIRCLET_USER (object);

  g_free (self->username);
  g_free (self->email);
  g_free (self->full_name);

  G_OBJECT_CLASS (circlet_user_parent_class)->finalize (object);
}

static void
circlet_user_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CircletUser *self = CIRCLET_USER (object);

  switch (prop_id)
    {
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_FULL_NAME:
      g_value_set_string (value, self->full_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_user_class_init (CircletUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_user_finalize;
  object_class->get_property = circlet_user_get_property;

  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FULL_NAME] =
    g_param_spec_string ("full-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_user_init (CircletUser *self)
{
}

CircletUser *
_circlet_user_new_from_json (JsonObject *object)
{
  CircletUser *self = g_object_new (CIRCLET_TYPE_USER, NULL);

  self->username = _circlet_item_dup_string (object, "username");
  self->email = _circlet_item_dup_string (object, "email");
  self->full_name = _circlet_item_dup_string (object, "fullName");

  _circlet_item_fill (CIRCLET_ITEM (self),
                     circlet_json_get_string (object, "id"),
                     self->full_name && self->full_name[0] ? self->full_name :
                     self->username && self->username[0] ? self->username : self->email,
                     self->username, self->email, NULL);

  return self;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_user_get_username (CircletUser *self)
{
  g_return_val_if_fail (CIRCLET_IS_USER (self), NULL);

  return self->username;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_user_get_email (CircletUser *self)
{
  g_return_val_if_fail (CIRCLET_IS_USER (self), NULL);

  return self->email;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_user_get_full_name (CircletUser *self)
{
  g_return_val_if_fail (CIRCLET_IS_USER (self), NULL);

  return self->full_name;
}
