/* circlet-labels.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "circlet-labels.h"

/*
 * The API sends its enums as bare integers. Each table keeps the codes the
 * official clients know; the server adds codes from time to time, so an
 * unknown one reads "Unknown (N)" instead of being dropped or guessed.
 * Labels carry a context: "None" of an OS and "None" of a sign-in method may
 * well differ in other languages.
 */

typedef struct
{
  int         code;
  const char *context;
  const char *label;
  const char *translated;  /* on first use: see circlet_label_lookup() */
} Label;

static Label os_labels[] = {
  { 0, "operating system", NC_("operating system", "None") },
  { 1, "operating system", NC_("operating system", "iOS") },
  { 2, "operating system", NC_("operating system", "Android") },
};

static Label build_platform_labels[] = {
  { 0, "build platform", NC_("build platform", "None") },
  { 1, "build platform", NC_("build platform", "Swift/Objective-C") },
  { 2, "build platform", NC_("build platform", "Java/Kotlin") },
  { 3, "build platform", NC_("build platform", "Smartface") },
  { 4, "build platform", NC_("build platform", "React Native") },
  { 5, "build platform", NC_("build platform", "Xamarin") },
  { 6, "build platform", NC_("build platform", "Flutter") },
};

static Label build_status_labels[] = {
  { 0, "build status", NC_("build status", "Success") },
  { 1, "build status", NC_("build status", "Failed") },
  { 2, "build status", NC_("build status", "Canceled") },
  { 3, "build status", NC_("build status", "Timed out") },
  { 90, "build status", NC_("build status", "Waiting") },
  { 91, "build status", NC_("build status", "Running") },
  { 92, "build status", NC_("build status", "Completing") },
  { 99, "build status", NC_("build status", "Unknown") },
  { 100, "build status", NC_("build status", "Skipped") },
  { 200, "build status", NC_("build status", "Not started") },
  { 201, "build status", NC_("build status", "Stopped") },
  { 202, "build status", NC_("build status", "In progress") },
  { 203, "build status", NC_("build status", "Awaiting response") },
};

static Label publish_type_labels[] = {
  { 0, "publish type", NC_("publish type", "None") },
  { 1, "publish type", NC_("publish type", "Beta") },
  { 2, "publish type", NC_("publish type", "Live") },
};

static Label platform_labels[] = {
  { 1, "platform", NC_("platform", "iOS") },
  { 2, "platform", NC_("platform", "Android") },
};

static Label authentication_labels[] = {
  { 1, "authentication type", NC_("authentication type", "None") },
  { 2, "authentication type", NC_("authentication type", "Individual Enrollment") },
  { 3, "authentication type", NC_("authentication type", "Static Username and Password") },
  { 4, "authentication type", NC_("authentication type", "LDAP") },
  { 5, "authentication type", NC_("authentication type", "SSO") },
};

static Label store_type_labels[] = {
  { 0, "store type", NC_("store type", "Appcircle") },
  { 1, "store type", NC_("store type", "App Store") },
};

static Label *
find_label (CircletLabelKind kind,
            int              code)
{
  Label *table;
  gsize n;

  switch (kind)
    {
    case CIRCLET_LABEL_OS:
      table = os_labels, n = G_N_ELEMENTS (os_labels);
      break;
    case CIRCLET_LABEL_BUILD_PLATFORM:
      table = build_platform_labels, n = G_N_ELEMENTS (build_platform_labels);
      break;
    case CIRCLET_LABEL_BUILD_STATUS:
      table = build_status_labels, n = G_N_ELEMENTS (build_status_labels);
      break;
    case CIRCLET_LABEL_PUBLISH_TYPE:
      table = publish_type_labels, n = G_N_ELEMENTS (publish_type_labels);
      break;
    case CIRCLET_LABEL_PLATFORM:
      table = platform_labels, n = G_N_ELEMENTS (platform_labels);
      break;
    case CIRCLET_LABEL_AUTHENTICATION:
      table = authentication_labels, n = G_N_ELEMENTS (authentication_labels);
      break;
    case CIRCLET_LABEL_STORE_TYPE:
      table = store_type_labels, n = G_N_ELEMENTS (store_type_labels);
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  for (gsize i = 0; i < n; i++)
    if (table[i].code == code)
      return &table[i];

  return NULL;
}

/**
 * circlet_label_lookup:
 * @kind: which enum
 * @code: its value
 *
 * Returns: (nullable): the translated label, "" for %CIRCLET_CODE_MISSING,
 *   or %NULL for a code Circlet does not know
 */
const char *
circlet_label_lookup (CircletLabelKind kind,
                      int              code)
{
  Label *label;
  const char *translated;

  if (code == CIRCLET_CODE_MISSING)
    return "";

  label = find_label (kind, code);
  if (label == NULL)
    return NULL;

  /* gettext takes a lock and looks the text up in a hash table: a tenth of
   * mapping a list whose every row has a label. The answer does not change
   * once the locale is set, so it is asked once; two threads asking at the
   * same time store the same pointer. */
  translated = g_atomic_pointer_get (&label->translated);
  if (translated == NULL)
    {
      translated = g_dpgettext2 (GETTEXT_PACKAGE, label->context, label->label);
      g_atomic_pointer_set (&label->translated, translated);
    }

  return translated;
}

/**
 * circlet_label_dup:
 * @kind: which enum
 * @code: its value
 *
 * Returns: (transfer full): the translated label, or "Unknown (N)"
 */
char *
circlet_label_dup (CircletLabelKind kind,
                   int              code)
{
  const char *label = circlet_label_lookup (kind, code);

  if (label != NULL)
    return g_strdup (label);

  /* Translators: a code the server sent that this version does not know. */
  return g_strdup_printf (_("Unknown (%d)"), code);
}
