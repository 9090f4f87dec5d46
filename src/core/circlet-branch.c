/* circlet-branch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-branch.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"

struct _CircletBranch
{
  CircletItem parent_instance;

  GDateTime  *last_build_date;
  int         build_status;
  const char *build_status_label;
  char       *build_status_label_owned;
};

G_DEFINE_FINAL_TYPE (CircletBranch, circlet_branch, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_LAST_BUILD_DATE,
  PROP_BUILD_STATUS,
  PROP_BUILD_STATUS_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
circlet_branch_finalize (GObject *object)
{
  CircletBranch *self = CIRCLET_BRANCH (object);

  g_clear_pointer (&self->last_build_date, g_date_time_unref);
  g_free (self->build_status_label_owned);

  G_OBJECT_CLASS (circlet_branch_parent_class)->finalize (object);
}

static void
circlet_branch_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CircletBranch *self = CIRCLET_BRANCH (object);

  switch (prop_id)
    {
    case PROP_LAST_BUILD_DATE:
      g_value_set_boxed (value, self->last_build_date);
      break;
    case PROP_BUILD_STATUS:
      g_value_set_int (value, self->build_status);
      break;
    case PROP_BUILD_STATUS_LABEL:
      g_value_set_string (value, self->build_status_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_branch_class_init (CircletBranchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_branch_finalize;
  object_class->get_property = circlet_branch_get_property;

  properties[PROP_LAST_BUILD_DATE] =
    g_param_spec_boxed ("last-build-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUILD_STATUS] =
    g_param_spec_int ("build-status", NULL, NULL, G_MININT, G_MAXINT, CIRCLET_CODE_MISSING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUILD_STATUS_LABEL] =
    g_param_spec_string ("build-status-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_branch_init (CircletBranch *self)
{
}

CircletBranch *
_circlet_branch_new_from_json (JsonObject *object)
{
  CircletBranch *self = g_object_new (CIRCLET_TYPE_BRANCH, NULL);

  self->last_build_date = _circlet_item_read_date (object, "lastBuildDate");
  _circlet_item_read_code (object, "buildStatus", CIRCLET_LABEL_BUILD_STATUS,
                           &self->build_status, &self->build_status_label, &self->build_status_label_owned);

  _circlet_item_fill (CIRCLET_ITEM (self),
                     circlet_json_get_string (object, "id"),
                     circlet_json_get_string (object, "name"),
                     self->build_status_label, NULL);

  return self;
}

/**
 * circlet_branch_get_last_build_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_branch_get_last_build_date (CircletBranch *self)
{
  g_return_val_if_fail (CIRCLET_IS_BRANCH (self), NULL);

  return self->last_build_date;
}

/* Returns: the code, %CIRCLET_CODE_MISSING when the server sent none */
int
circlet_branch_get_build_status (CircletBranch *self)
{
  g_return_val_if_fail (CIRCLET_IS_BRANCH (self), CIRCLET_CODE_MISSING);

  return self->build_status;
}

/* Returns: the translated label, "Unknown (N)" for a code Circlet does not
 * know, "" when the server sent none */
const char *
circlet_branch_get_build_status_label (CircletBranch *self)
{
  g_return_val_if_fail (CIRCLET_IS_BRANCH (self), NULL);

  return self->build_status_label;
}
