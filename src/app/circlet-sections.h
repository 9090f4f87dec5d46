/* circlet-sections.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "circlet-api.h"

G_BEGIN_DECLS

#define CIRCLET_RESOURCE_NONE ((CircletResource) -1)

/* What the window and the list pages show for each list the API reads. */
typedef struct
{
  CircletResource  resource;
  const char      *group;               /* sidebar heading; NULL for a child list */
  const char      *title;               /* sidebar row and window subtitle */
  const char      *icon_name;
  const char      *empty_title;
  const char      *empty_description;
  CircletResource  child;               /* what selecting an item shows, or NONE */
  const char      *details_title;       /* the heading above the child list */
  const char      *select_title;        /* the details pane before a selection */
  const char      *select_description;
} CircletSection;

const CircletSection *circlet_section_get     (CircletResource resource);
/* The top-level lists in sidebar order; @n_sections is set to their count. */
const CircletSection *circlet_sections_list   (guint          *n_sections);
const char           *circlet_section_title   (const CircletSection *section);

G_END_DECLS
