/* circlet-labels.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The integer enums of the Appcircle API (appcircle-api.md, section 3). */
typedef enum
{
  CIRCLET_LABEL_OS,              /* 0 None, 1 iOS, 2 Android */
  CIRCLET_LABEL_BUILD_PLATFORM,  /* buildPlatformType 0–6 */
  CIRCLET_LABEL_BUILD_STATUS,    /* 0–3, 90–92, 99, 100, 200–203 */
  CIRCLET_LABEL_PUBLISH_TYPE,    /* 0 None, 1 Beta, 2 Live */
  CIRCLET_LABEL_PLATFORM,        /* platformType 1 iOS, 2 Android */
  CIRCLET_LABEL_AUTHENTICATION,  /* settings.authenticationType 1–5 */
  CIRCLET_LABEL_STORE_TYPE,      /* 0 Appcircle, 1 App Store */
} CircletLabelKind;

/* A code the server did not send (absent, null or not a number). */
#define CIRCLET_CODE_MISSING (-1)

const char *circlet_label_lookup (CircletLabelKind  kind,
                                  int               code);
char       *circlet_label_dup    (CircletLabelKind  kind,
                                  int               code);

G_END_DECLS
