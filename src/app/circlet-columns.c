/* circlet-columns.c
 *
 * The column views of the lists, from columns/<resource>.ui, and the cell
 * factory handlers those files name.
 *
 * Why GtkSignalListItemFactory and not GtkBuilderListItemFactory with an
 * inline template: GTK 4.8's list views keep up to 200 rows alive, so a
 * list of seven columns creates some 1,400 cells the moment its data
 * arrives, in one go. Parsing a GtkBuilder template for each took about half
 * a second on the test machine; creating the cell in C takes a small
 * fraction of that.
 *
 * Each column names its property once, in its CircletSorter; bind_cell()
 * shows that same value, so a column always sorts by what it shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-cell.h"
#include "circlet-columns.h"
#include "circlet-expiry-cell.h"
#include "circlet-sorter.h"

static GtkWidget *
new_cell (guint    min_chars,
          guint    width_chars,
          gboolean numeric)
{
  return g_object_new (CIRCLET_TYPE_CELL,
                       "min-chars", min_chars,
                       "width-chars", width_chars,
                       "numeric", numeric,
                       NULL);
}

/* The column that expands: the name. It keeps room for a readable name
 * before the list scrolls sideways. */
static void
setup_title_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, new_cell (16, 28, FALSE));
}

/* The same in the narrow pane beside a list. */
static void
setup_compact_title_cell (GtkSignalListItemFactory *factory,
                          GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, new_cell (10, 20, FALSE));
}

/* Fixed-width columns: the column decides the width. */
static void
setup_text_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, new_cell (3, 8, FALSE));
}

static void
setup_secondary_cell (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item)
{
  GtkWidget *cell = new_cell (3, 8, FALSE);

  gtk_widget_add_css_class (cell, "secondary");
  gtk_list_item_set_child (list_item, cell);
}

static void
setup_date_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, new_cell (3, 8, FALSE));
}

static void
setup_number_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, new_cell (2, 4, TRUE));
}

static void
setup_expiry_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, g_object_new (CIRCLET_TYPE_EXPIRY_CELL, NULL));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           GtkColumnViewColumn      *column)
{
  CircletSorter *sorter = CIRCLET_SORTER (gtk_column_view_column_get_sorter (column));
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  g_auto(GValue) value = G_VALUE_INIT;
  GType type;

  if (!gtk_expression_evaluate (circlet_sorter_get_expression (sorter), gtk_list_item_get_item (list_item), &value))
    {
      if (CIRCLET_IS_CELL (cell))
        circlet_cell_set_text (CIRCLET_CELL (cell), NULL);
      return;
    }

  if (CIRCLET_IS_EXPIRY_CELL (cell))
    {
      circlet_expiry_cell_set_state (CIRCLET_EXPIRY_CELL (cell), g_value_get_enum (&value));
      return;
    }

  type = G_VALUE_TYPE (&value);
  if (type == G_TYPE_STRING)
    circlet_cell_set_text (CIRCLET_CELL (cell), g_value_get_string (&value));
  else if (type == G_TYPE_DATE_TIME)
    circlet_cell_set_date (CIRCLET_CELL (cell), g_value_get_boxed (&value));
  else if (type == G_TYPE_UINT)
    circlet_cell_set_count (CIRCLET_CELL (cell), g_value_get_uint (&value));
  else
    {
      g_auto(GValue) text = G_VALUE_INIT;

      g_value_init (&text, G_TYPE_STRING);
      if (g_value_transform (&value, &text))
        circlet_cell_set_text (CIRCLET_CELL (cell), g_value_get_string (&text));
      else
        g_critical ("Can't show a %s in a cell", g_type_name (type));
    }
}

/**
 * circlet_columns_new_view:
 * @resource: a list
 *
 * Returns: (transfer full): a new column view with the columns of @resource
 *   and no model
 */
GtkColumnView *
circlet_columns_new_view (CircletResource resource)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkColumnView *view;

  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "setup_title_cell", G_CALLBACK (setup_title_cell),
                                           "setup_compact_title_cell", G_CALLBACK (setup_compact_title_cell),
                                           "setup_text_cell", G_CALLBACK (setup_text_cell),
                                           "setup_secondary_cell", G_CALLBACK (setup_secondary_cell),
                                           "setup_date_cell", G_CALLBACK (setup_date_cell),
                                           "setup_number_cell", G_CALLBACK (setup_number_cell),
                                           "setup_expiry_cell", G_CALLBACK (setup_expiry_cell),
                                           "bind_cell", G_CALLBACK (bind_cell),
                                           NULL);
  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);

  path = g_strdup_printf (RESOURCE_PATH "/columns/%s.ui", circlet_resource_get_name (resource));
  if (!gtk_builder_add_from_resource (builder, path, &error))
    g_error ("%s: %s", path, error->message);

  view = GTK_COLUMN_VIEW (gtk_builder_get_object (builder, "column_view"));
  g_assert (GTK_IS_COLUMN_VIEW (view));

  return g_object_ref_sink (view);
}
