/* circlet-signing-identity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-signing-identity.h"
#include "circlet-item-private.h"
#include "circlet-items-private.h"
#include "circlet-json.h"
#include "circlet-core-enums.h"

struct _CircletSigningIdentity
{
  CircletItem parent_instance;

  CircletSigningKind kind;
  char       *filename;
  char       *alias;
  char       *app_id;
  int         store_type;
  const char *store_type_label;
  char       *store_type_label_owned;
  gboolean    has_certificate;
  GDateTime  *expire_date;
  GDateTime  *create_date;
  GDateTime  *update_date;
  CircletExpiryState expiry_state;
};

G_DEFINE_FINAL_TYPE (CircletSigningIdentity, circlet_signing_identity, CIRCLET_TYPE_ITEM)

enum {
  PROP_0,
  PROP_KIND,
  PROP_FILENAME,
  PROP_ALIAS,
  PROP_APP_ID,
  PROP_STORE_TYPE,
  PROP_STORE_TYPE_LABEL,
  PROP_HAS_CERTIFICATE,
  PROP_EXPIRE_DATE,
  PROP_CREATE_DATE,
  PROP_UPDATE_DATE,
  PROP_EXPIRY_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static CircletExpiryState
expiry_state_at (GDateTime *expire_date,
                 gint64     now)
{
  gint64 expires;

  if (expire_date == NULL)
    return CIRCLET_EXPIRY_STATE_NONE;

  expires = g_date_time_to_unix (expire_date);
  if (expires <= now)
    return CIRCLET_EXPIRY_STATE_EXPIRED;
  if (expires - now <= (gint64) CIRCLET_EXPIRY_WARNING_DAYS * 86400)
    return CIRCLET_EXPIRY_STATE_EXPIRING;
  return CIRCLET_EXPIRY_STATE_VALID;
}

static void
circlet_signing_identity_finalize (GObject *object)
{
  CircletSigningIdentity *self = CIRCLET_SIGNING_IDENTITY (object);

  g_free (self->filename);
  g_free (self->alias);
  g_free (self->app_id);
  g_free (self->store_type_label_owned);
  g_clear_pointer (&self->expire_date, g_date_time_unref);
  g_clear_pointer (&self->create_date, g_date_time_unref);
  g_clear_pointer (&self->update_date, g_date_time_unref);

  G_OBJECT_CLASS (circlet_signing_identity_parent_class)->finalize (object);
}

static void
circlet_signing_identity_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CircletSigningIdentity *self = CIRCLET_SIGNING_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;
    case PROP_ALIAS:
      g_value_set_string (value, self->alias);
      break;
    case PROP_APP_ID:
      g_value_set_string (value, self->app_id);
      break;
    case PROP_STORE_TYPE:
      g_value_set_int (value, self->store_type);
      break;
    case PROP_STORE_TYPE_LABEL:
      g_value_set_string (value, self->store_type_label);
      break;
    case PROP_HAS_CERTIFICATE:
      g_value_set_boolean (value, self->has_certificate);
      break;
    case PROP_EXPIRE_DATE:
      g_value_set_boxed (value, self->expire_date);
      break;
    case PROP_CREATE_DATE:
      g_value_set_boxed (value, self->create_date);
      break;
    case PROP_UPDATE_DATE:
      g_value_set_boxed (value, self->update_date);
      break;
    case PROP_EXPIRY_STATE:
      g_value_set_enum (value, self->expiry_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_signing_identity_class_init (CircletSigningIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = circlet_signing_identity_finalize;
  object_class->get_property = circlet_signing_identity_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CIRCLET_TYPE_SIGNING_KIND, CIRCLET_SIGNING_KIND_CERTIFICATE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALIAS] =
    g_param_spec_string ("alias", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_APP_ID] =
    g_param_spec_string ("app-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_TYPE] =
    g_param_spec_int ("store-type", NULL, NULL, G_MININT, G_MAXINT, CIRCLET_CODE_MISSING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_TYPE_LABEL] =
    g_param_spec_string ("store-type-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CERTIFICATE] =
    g_param_spec_boolean ("has-certificate", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRE_DATE] =
    g_param_spec_boxed ("expire-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATE_DATE] =
    g_param_spec_boxed ("create-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATE_DATE] =
    g_param_spec_boxed ("update-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRY_STATE] =
    g_param_spec_enum ("expiry-state", NULL, NULL, CIRCLET_TYPE_EXPIRY_STATE, CIRCLET_EXPIRY_STATE_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
circlet_signing_identity_init (CircletSigningIdentity *self)
{
}

CircletSigningIdentity *
_circlet_signing_identity_new_from_json (JsonObject         *object,
                                         CircletSigningKind  kind,
                                         gint64              now)
{
  CircletSigningIdentity *self = g_object_new (CIRCLET_TYPE_SIGNING_IDENTITY, NULL);
  const char *filename;

  self->kind = kind;
  /* Certificates say "filename", keystores "fileName". */
  filename = circlet_json_get_string (object, "filename");
  self->filename = g_strdup (filename ? filename : circlet_json_get_string (object, "fileName"));
  self->alias = _circlet_item_dup_string (object, "alias");
  self->app_id = _circlet_item_dup_string (object, "appId");
  _circlet_item_read_code (object, "storeType", CIRCLET_LABEL_STORE_TYPE,
                           &self->store_type, &self->store_type_label, &self->store_type_label_owned);
  self->has_certificate = circlet_json_get_bool (object, "hasCertificate", FALSE);
  self->expire_date = _circlet_item_read_date (object, "expireDate");
  self->create_date = _circlet_item_read_date (object, "createDate");
  self->update_date = _circlet_item_read_date (object, "updateDate");
  self->expiry_state = expiry_state_at (self->expire_date, now);

  _circlet_item_fill (CIRCLET_ITEM (self),
                      circlet_json_get_string (object, "id"),
                      circlet_json_get_string (object, "name"),
                      self->filename, self->alias, self->app_id, NULL);

  return self;
}

/**
 * circlet_signing_identity_get_days_left:
 * @self: a #CircletSigningIdentity
 *
 * Returns: whole days from now until the expiry date, negative once it has
 *   passed, %G_MININT when there is no expiry date
 */
int
circlet_signing_identity_get_days_left (CircletSigningIdentity *self)
{
  gint64 seconds;

  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), G_MININT);

  if (self->expire_date == NULL)
    return G_MININT;

  seconds = g_date_time_to_unix (self->expire_date) - g_get_real_time () / G_USEC_PER_SEC;
  /* Round towards minus infinity: an hour past expiry is day -1, not 0. */
  return (int) CLAMP (seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400),
                      G_MININT + 1, G_MAXINT);
}

CircletSigningKind
circlet_signing_identity_get_kind (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), 0);

  return self->kind;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_signing_identity_get_filename (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), NULL);

  return self->filename;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_signing_identity_get_alias (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), NULL);

  return self->alias;
}

/* Returns: (nullable): %NULL when the server sent none */
const char *
circlet_signing_identity_get_app_id (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), NULL);

  return self->app_id;
}

/* Returns: the code, %CIRCLET_CODE_MISSING when the server sent none */
int
circlet_signing_identity_get_store_type (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), CIRCLET_CODE_MISSING);

  return self->store_type;
}

/* Returns: the translated label, "Unknown (N)" for a code Circlet does not
 * know, "" when the server sent none */
const char *
circlet_signing_identity_get_store_type_label (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), NULL);

  return self->store_type_label;
}

gboolean
circlet_signing_identity_get_has_certificate (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), FALSE);

  return self->has_certificate;
}

/**
 * circlet_signing_identity_get_expire_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_signing_identity_get_expire_date (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), NULL);

  return self->expire_date;
}

/**
 * circlet_signing_identity_get_create_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_signing_identity_get_create_date (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), NULL);

  return self->create_date;
}

/**
 * circlet_signing_identity_get_update_date:
 *
 * Returns: (transfer none) (nullable): the date, %NULL when the server sent none
 */
GDateTime *
circlet_signing_identity_get_update_date (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), NULL);

  return self->update_date;
}

CircletExpiryState
circlet_signing_identity_get_expiry_state (CircletSigningIdentity *self)
{
  g_return_val_if_fail (CIRCLET_IS_SIGNING_IDENTITY (self), 0);

  return self->expiry_state;
}
