/* circlet-testing-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-testing-group.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"

struct _CircletTestingGroup
{
  CircletItem parent_instance;

  GDateTime  *create_date;
  GDateTime  *update_date;
};

G_DEFINE_FINAL_TYPE (CircletTestingGroup, circlet_testing_group, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_CREATE_DATE,
  PROP_UPDATE_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_testing_group_finalize (GObject *object)
{
  CircletTestingGroup *self = CIRCLET_TESTING_GROUP (object);

  g_clear_pointer (&self->create_date, g_date_time_unref);
  g_clear_pointer (&self->update_date, g_date_time_unref);

  G_OBJECT_CLASS (circlet_testing_group_parent_class)->finalize (object);
}

static void
circlet_testing_group_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CircletTestingGroup *self = CIRCLET_TESTING_GROUP (object);

  switch (prop_id)
    {
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
circlet_testing_group_class_init (CircletTestingGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_testing_group_finalize;
  object_class->get_property = circlet_testing_group_get_property;

  properties[PROP_CREATE_DATE] =
    g_param_spec_boxed ("create-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATE_DATE] =
    g_param_spec_boxed ("update-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_testing_group_init (CircletTestingGroup *self)
{
}

CircletTestingGroup *
_circlet_testing_group_new_from_json (JsonObject *object)
{
  CircletTestingGroup *self = g_object_new (CIRCLET_TYPE_TESTING_GROUP, NULL);

  self->create_date = _circlet_item_read_date (object, "createDate");
  self->update_date = _circlet_item_read_date (object, "updateDate");

  _circlet_item_fill (CIRCLET_ITEM (self),
                     circlet_json_get_string (object, "id"),
                     circlet_json_get_string (object, "name"),
                     NULL);

  return self;
}

/**
 * circlet_testing_group_get_create_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_testing_group_get_create_date (CircletTestingGroup *self)
{
  g_return_val_if_fail (CIRCLET_IS_TESTING_GROUP (self), NULL);

  return self->create_date;
}

/**
 * circlet_testing_group_get_update_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_testing_group_get_update_date (CircletTestingGroup *self)
{
  g_return_val_if_fail (CIRCLET_IS_TESTING_GROUP (self), NULL);

  return self->update_date;
}
