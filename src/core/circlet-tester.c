/* circlet-tester.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-tester.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"

struct _CircletTester
{
  CircletItem parent_instance;

  char       *email;
};

G_DEFINE_FINAL_TYPE (CircletTester, circlet_tester, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_EMAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_tester_finalize (GObject *object)
{
  CircletTester *self = CIRCLET_TESTER (object);

  g_free (self->email);

  G_OBJECT_CLASS (circlet_tester_parent_class)->finalize (object);
}

static void
circlet_tester_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CircletTester *self = CIRCLET_TESTER (object);

  switch (prop_id)
    {
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_tester_class_init (CircletTesterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_tester_finalize;
  object_class->get_property = circlet_tester_get_property;

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_tester_init (CircletTester *self)
{
}

/* The API lists testers as bare strings; an object with an "email" is
 * accepted too, should that ever change. */
CircletTester *
_circlet_tester_new_from_json (JsonNode *node)
{
  CircletTester *self;
  const char *email = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    email = json_node_get_string (node);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    email = circlet_json_get_string (json_node_get_object (node), "email");
  else
    return NULL;

  self = g_object_new (CIRCLET_TYPE_TESTER, NULL);
  self->email = g_strdup (email ? email : "");
  _circlet_item_fill (CIRCLET_ITEM (self), self->email, self->email, NULL);

  return self;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_tester_get_email (CircletTester *self)
{
  g_return_val_if_fail (CIRCLET_IS_TESTER (self), NULL);

  return self->email;
}
