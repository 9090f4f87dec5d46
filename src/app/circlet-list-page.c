/* circlet-list-page.c
 *
 * One list of the API (a section of the sidebar, or the child list beside
 * it): loading, empty, error and list states, a GtkColumnView whose columns
 * come from columns/<resource>.ui (circlet-columns.c), search, sort, and for the lists that have
 * children a details pane with a second CircletListPage in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-bench-probe.h"
#include "circlet-columns.h"
#include "circlet-core-enums.h"
#include "circlet-format.h"
#include "circlet-list-page.h"
#include "circlet-live-list.h"
#include "circlet-sections.h"
#include "circlet-sorter.h"

/* Long enough that holding an arrow key through a list doesn't start a
 * request per row, short enough not to be noticed. */
#define SELECT_DELAY_MS 120

/* GTK 4.8's list views create widgets for up to 200 rows around the top,
 * whatever fits on screen; all at once, a few hundred cells take longer
 * than a frame. Revealed this many per frame, they don't. */
#define REVEAL_ROWS_PER_FRAME 24
#define REVEAL_ROWS_TOTAL     240

struct _CircletListPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  GtkPaned           *paned;
  GtkStack           *rows_stack;
  GtkScrolledWindow  *scroller;
  GtkWidget          *footer;
  GtkLabel           *count_label;
  GtkSpinner         *refresh_spinner;
  GtkImage           *stale_icon;
  GtkLabel           *updated_label;
  GtkStack           *details_stack;
  AdwStatusPage      *select_page;
  GtkBox             *details_box;
  GtkLabel           *details_title;
  GtkLabel           *details_subtitle;
  GtkSingleSelection *selection;
  GtkSortListModel   *sort_model;
  GtkFilterListModel *filter_model;
  GtkStringFilter    *filter;
  CircletLiveList    *live_list;

  /* Borrowed references */
  GtkColumnView      *column_view;
  CircletListPage    *details;

  /* Owned references */
  CircletSession     *session;
  CircletAccount     *account;
  char               *parent_id;
  GListModel         *items;
  GCancellable       *cancellable;
  GError             *error;
  GDateTime          *updated;

  const CircletSection *section;
  CircletResource     resource;
  guint               select_timeout_id;
  guint               reveal_tick_id;
  guint               requested : 1;
  guint               revealed_painted : 1;  /* the first slice was drawn */
  guint               loading : 1;
  guint               stale : 1;
  guint               searching : 1;
};

G_DEFINE_FINAL_TYPE (CircletListPage, circlet_list_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RESOURCE,
  PROP_SESSION,
  PROP_ACCOUNT,
  PROP_PARENT_ID,
  PROP_LOADING,
  PROP_STALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (CircletListPage *self,
             gboolean         loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading && self->items == NULL);
  gtk_spinner_set_spinning (self->refresh_spinner, loading && self->items != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), loading && self->items != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_stale (CircletListPage *self,
           gboolean         stale)
{
  stale = !!stale;
  if (self->stale == stale)
    return;

  self->stale = stale;
  gtk_widget_set_visible (GTK_WIDGET (self->stale_icon), stale);
  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->updated_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->updated_label), "warning");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
}

/* Why the data shown is old, in a few words for the footer. */
static char *
dup_stale_reason (CircletListPage *self)
{
  switch (self->account ? circlet_account_get_status (self->account) : CIRCLET_ACCOUNT_STATUS_UNVERIFIED)
    {
    case CIRCLET_ACCOUNT_STATUS_OFFLINE:
      return g_strdup (_("offline"));
    case CIRCLET_ACCOUNT_STATUS_REVOKED:
      return g_strdup (_("the key was deleted or is invalid"));
    case CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED:
      return g_strdup (_("the keyring is locked"));
    case CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE:
      return g_strdup (_("no keyring"));
    case CIRCLET_ACCOUNT_STATUS_UNVERIFIED:
    case CIRCLET_ACCOUNT_STATUS_VALID:
    case CIRCLET_ACCOUNT_STATUS_KEY_EXPIRING:
    default:
      return g_strdup (_("could not refresh"));
    }
}

static void
update_age_label (CircletListPage *self,
                  GDateTime       *now)
{
  g_autofree char *text = NULL;

  if (self->updated == NULL)
    {
      gtk_label_set_label (self->updated_label, NULL);
      return;
    }

  if (self->stale)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (self->updated);
      g_autofree char *time = g_date_time_format (local, "%H:%M");
      g_autofree char *reason = dup_stale_reason (self);

      /* Translators: the first %s is a time (14:32), the second why the
       * list could not be refreshed ("offline"). */
      text = g_strdup_printf (_("Showing data from %s — %s"), time, reason);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->updated_label),
                                   self->error ? self->error->message : NULL);
    }
  else
    {
      text = circlet_format_age (self->updated, now);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->updated_label), NULL);
    }

  gtk_label_set_label (self->updated_label, text);
}

static void
update_count (CircletListPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = self->items ? g_list_model_get_n_items (self->items) : 0;
  g_autofree char *shown_text = circlet_format_count (shown);
  g_autofree char *text = NULL;
  gboolean no_results;

  if (self->searching)
    {
      g_autofree char *total_text = circlet_format_count (total);

      /* Translators: "12 of 100,000 items", while a search is active. */
      text = g_strdup_printf (ngettext ("%s of %s item", "%s of %s items", total), shown_text, total_text);
    }
  else
    text = g_strdup_printf (ngettext ("%s item", "%s items", shown), shown_text);

  gtk_label_set_label (self->count_label, text);

  /* Only once the filter has seen every row: it works in steps. */
  no_results = shown == 0 && total > 0 && gtk_filter_list_model_get_pending (self->filter_model) == 0;
  gtk_stack_set_visible_child_name (self->rows_stack, no_results ? "no-results" : "rows");
}

static void
show_list (CircletListPage *self)
{
  if (self->items == NULL)
    return;

  if (g_list_model_get_n_items (self->items) == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    /* Not cross-faded: during a crossfade each frame draws the table twice,
     * into offscreen surfaces blended together; with the software renderers
     * (cairo, llvmpipe) the first frame of a full table then took 55–90 ms,
     * the longest stall of a load (perf: gsk_render_node_draw,
     * cairo_paint_with_alpha). The rows are what the user waits for. */
    gtk_stack_set_visible_child_full (self->stack, "list", GTK_STACK_TRANSITION_TYPE_NONE);
}

static void
release_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  /* Here, not in a destroy notify: the task itself is finalized back on
   * the main thread. */
  g_object_unref (task_data);
  g_task_return_boolean (task, TRUE);
}

/* Finalizing 100,000 items takes a good part of a second: let a worker
 * thread drop the last reference. Items are plain immutable objects, and
 * rows still on screen keep theirs until they are rebound. */
static void
release_items_in_thread (GListModel *items)
{
  g_autoptr(GTask) task = NULL;

  if (items == NULL)
    return;

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, release_items_in_thread);
  g_task_set_task_data (task, items, NULL);
  g_task_run_in_thread (task, release_thread);
}

static void
stop_reveal (CircletListPage *self)
{
  if (self->reveal_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick_id);
      self->reveal_tick_id = 0;
    }
  circlet_live_list_set_limit (self->live_list, G_MAXUINT);
}

static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  CircletListPage *self = CIRCLET_LIST_PAGE (widget);
  guint size = circlet_live_list_get_limit (self->live_list) + REVEAL_ROWS_PER_FRAME;

  /* The first tick comes in the frame that draws the first slice: more rows
   * would only make that frame later. */
  if (!self->revealed_painted)
    {
      self->revealed_painted = TRUE;
      return G_SOURCE_CONTINUE;
    }

  if (size < REVEAL_ROWS_TOTAL && size < g_list_model_get_n_items (self->items))
    {
      circlet_live_list_set_limit (self->live_list, size);
      return G_SOURCE_CONTINUE;
    }

  /* The rest at once: the view creates no more rows for them. */
  self->reveal_tick_id = 0;
  circlet_live_list_set_limit (self->live_list, G_MAXUINT);
  set_loading (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* Whether most rows the view has widgets for are still there, the same
 * objects (a refresh keeps the items whose JSON did not change). */
static gboolean
keeps_most_rows (GListModel *old_items,
                 GListModel *new_items)
{
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  guint n_old = MIN (g_list_model_get_n_items (old_items), REVEAL_ROWS_TOTAL);
  guint n_new = MIN (g_list_model_get_n_items (new_items), REVEAL_ROWS_TOTAL);
  guint kept = 0;

  for (guint i = 0; i < n_old; i++)
    g_hash_table_add (shown, g_list_model_get_item (old_items, i));
  for (guint i = 0; i < n_new; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (new_items, i);

      kept += g_hash_table_contains (shown, item);
    }

  return n_new > 0 && kept * 10 >= n_new * 9;
}

/* Shows @items, a frame's worth of rows at a time at first.
 *
 * Unless most of the rows on screen stay: GtkListItemManager then keeps
 * their widgets, and makes new ones for the few new items only. Revealing
 * 24 rows would make it destroy the widgets of the other ~180 it keeps
 * around the top, and make them again over the next frames. The live list
 * announces only the rows that changed since the list shown (a refresh's
 * list knows them), so that the models above it work in proportion to the
 * change. */
static void
reveal_items (CircletListPage *self,
              GListModel      *items)
{
  gboolean at_once = self->items != NULL && keeps_most_rows (self->items, items);

  stop_reveal (self);

  if (at_once)
    {
      circlet_live_list_set_list (self->live_list, CIRCLET_ITEM_LIST (items));
      return;
    }

  circlet_live_list_set_limit (self->live_list, REVEAL_ROWS_PER_FRAME);
  circlet_live_list_set_list (self->live_list, CIRCLET_ITEM_LIST (items));

  if (g_list_model_get_n_items (items) > REVEAL_ROWS_PER_FRAME)
    {
      self->revealed_painted = FALSE;
      self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb, NULL, NULL);
    }
  else
    stop_reveal (self);
}

static void
clear_items (CircletListPage *self)
{
  circlet_live_list_set_list (self->live_list, NULL);
  stop_reveal (self);
  release_items_in_thread (g_steal_pointer (&self->items));
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_error (&self->error);
  set_stale (self, FALSE);
  update_count (self);
  update_age_label (self, NULL);
}

/* bench/run's start-up measurement: the first rows of the first list on
 * screen, once per process. Rows that came before the window was shown are
 * in its first frame. */
static void
probe_first_rows (CircletListPage *self)
{
  static gboolean reported;

  if (reported || !circlet_bench_probe_enabled () ||
      g_list_model_get_n_items (G_LIST_MODEL (self->live_list)) == 0)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      g_signal_connect (self, "map", G_CALLBACK (probe_first_rows), NULL);
      return;
    }

  reported = TRUE;
  g_signal_handlers_disconnect_by_func (self, probe_first_rows, NULL);
  circlet_bench_probe_mark_next_frame (GTK_WIDGET (self), "first-rows");
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) items = NULL;
  CircletListPage *self;

  items = circlet_api_list_finish (CIRCLET_SESSION (object), result, &error);
  circlet_bench_probe_mark ("list-loaded");

  /* Cancelled: the page may be gone; it cancels in dispose. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CIRCLET_LIST_PAGE (user_data);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  if (items == NULL)
    {
      self->error = g_steal_pointer (&error);
      g_debug ("Could not load %s: %s", circlet_resource_get_name (self->resource), self->error->message);

      if (self->items != NULL)
        {
          /* Keep what the user was looking at, marked as old. */
          set_stale (self, TRUE);
          update_age_label (self, NULL);
        }
      else
        {
          adw_status_page_set_description (self->error_page, self->error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }

      set_loading (self, FALSE);
      return;
    }

  g_clear_pointer (&self->updated, g_date_time_unref);
  self->updated = g_date_time_new_now_utc ();
  set_stale (self, FALSE);

  /* A refresh that changed nothing hands back the very items shown
   * (circlet_api_list_refresh_async()): nothing to redo, and replacing
   * them would make the view destroy and rebuild every row's widgets, a
   * 60–100 ms stall with 100,000 rows. */
  if (self->items != NULL && CIRCLET_IS_ITEM_LIST (self->items) && CIRCLET_IS_ITEM_LIST (items) &&
      circlet_item_list_equal (CIRCLET_ITEM_LIST (self->items), CIRCLET_ITEM_LIST (items)))
    {
      release_items_in_thread (g_steal_pointer (&items));
      update_age_label (self, self->updated);
      if (self->reveal_tick_id == 0)
        set_loading (self, FALSE);
      return;
    }

  /* The first rows a frame at a time, on a refresh too: the view makes new
   * widgets for new items. The page counts as loading until then. */
  reveal_items (self, items);
  release_items_in_thread (g_steal_pointer (&self->items));
  self->items = g_steal_pointer (&items);
  update_count (self);
  update_age_label (self, self->updated);
  if (self->reveal_tick_id == 0)
    set_loading (self, FALSE);
  show_list (self);
  probe_first_rows (self);
}

static void
account_status_cb (CircletListPage *self)
{
  CircletAccountStatus status = circlet_account_get_status (self->account);

  /* The data on screen is still what it was, but the user should know it
   * can't be refreshed right now. A successful load clears the mark. */
  if (self->items != NULL &&
      (status == CIRCLET_ACCOUNT_STATUS_REVOKED ||
       status == CIRCLET_ACCOUNT_STATUS_OFFLINE ||
       status == CIRCLET_ACCOUNT_STATUS_KEYRING_LOCKED ||
       status == CIRCLET_ACCOUNT_STATUS_KEYRING_UNAVAILABLE))
    {
      set_stale (self, TRUE);
      update_age_label (self, NULL);
    }
}

/* The child list beside this one, made when a row is first selected: a
 * list page with its column view and status pages is some 600 KB, and many
 * lists are looked at without ever selecting a row. */
static CircletListPage *
ensure_details (CircletListPage *self)
{
  GtkWidget *details;

  if (self->details != NULL || self->section->child == CIRCLET_RESOURCE_NONE)
    return self->details;

  details = circlet_list_page_new (self->section->child, self->session, self->account);
  gtk_widget_set_vexpand (details, TRUE);
  gtk_box_append (self->details_box, details);
  self->details = CIRCLET_LIST_PAGE (details);

  return self->details;
}

static gboolean
show_selected_cb (gpointer user_data)
{
  CircletListPage *self = user_data;
  CircletItem *item = gtk_single_selection_get_selected_item (self->selection);

  self->select_timeout_id = 0;

  if (item == NULL)
    {
      gtk_stack_set_visible_child_name (self->details_stack, "none");
      if (self->details != NULL)
        circlet_list_page_set_parent_id (self->details, NULL);
      return G_SOURCE_REMOVE;
    }

  gtk_label_set_label (self->details_title, circlet_item_get_name (item));
  gtk_label_set_label (self->details_subtitle, _(self->section->details_title));
  circlet_list_page_set_parent_id (ensure_details (self), circlet_item_get_id (item));
  gtk_stack_set_visible_child_name (self->details_stack, "item");

  return G_SOURCE_REMOVE;
}

static void
selected_item_cb (CircletListPage *self)
{
  if (self->section->child == CIRCLET_RESOURCE_NONE)
    return;

  g_clear_handle_id (&self->select_timeout_id, g_source_remove);
  self->select_timeout_id = g_timeout_add (SELECT_DELAY_MS, show_selected_cb, self);
}

static void
retry_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  circlet_list_page_reload (CIRCLET_LIST_PAGE (widget));
}

static void
setup_columns (CircletListPage *self)
{
  const char *title = circlet_section_title (self->section);

  self->column_view = circlet_columns_new_view (self->resource);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->column_view));
  /* The scrolled window holds it now. */
  g_object_unref (self->column_view);

  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
}

static void
setup_details (CircletListPage *self)
{
  if (self->section->child == CIRCLET_RESOURCE_NONE)
    return;

  adw_status_page_set_title (self->select_page, _(self->section->select_title));
  adw_status_page_set_description (self->select_page, _(self->section->select_description));
  gtk_widget_set_visible (GTK_WIDGET (self->details_stack), TRUE);
}

static void
circlet_list_page_constructed (GObject *object)
{
  CircletListPage *self = CIRCLET_LIST_PAGE (object);

  G_OBJECT_CLASS (circlet_list_page_parent_class)->constructed (object);

  self->section = circlet_section_get (self->resource);
  adw_status_page_set_title (self->empty_page, _(self->section->empty_title));
  adw_status_page_set_description (self->empty_page, _(self->section->empty_description));
  if (self->section->icon_name != NULL)
    adw_status_page_set_icon_name (self->empty_page, self->section->icon_name);

  setup_columns (self);
  setup_details (self);
  update_count (self);

  /* A child list sits in a narrow pane: its "updated" time is the parent's. */
  if (circlet_resource_needs_parent (self->resource))
    gtk_widget_set_visible (GTK_WIDGET (self->updated_label), FALSE);
}

static void
circlet_list_page_dispose (GObject *object)
{
  CircletListPage *self = CIRCLET_LIST_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Tearing down the view may change the selection once more. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_handle_id (&self->select_timeout_id, g_source_remove);
  if (self->reveal_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick_id);
  self->reveal_tick_id = 0;

  /* The live list lets go first, so that the worker thread drops the
   * last reference. */
  if (self->live_list != NULL)
    circlet_live_list_set_list (self->live_list, NULL);
  release_items_in_thread (g_steal_pointer (&self->items));

  gtk_widget_dispose_template (GTK_WIDGET (self), CIRCLET_TYPE_LIST_PAGE);
  self->column_view = NULL;
  self->details = NULL;

  g_clear_object (&self->session);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (circlet_list_page_parent_class)->dispose (object);
}

static void
circlet_list_page_finalize (GObject *object)
{
  CircletListPage *self = CIRCLET_LIST_PAGE (object);

  g_clear_pointer (&self->parent_id, g_free);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (circlet_list_page_parent_class)->finalize (object);
}

static void
circlet_list_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CircletListPage *self = CIRCLET_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_RESOURCE:
      g_value_set_int (value, self->resource);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_PARENT_ID:
      g_value_set_string (value, self->parent_id);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_list_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CircletListPage *self = CIRCLET_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_RESOURCE:
      self->resource = g_value_get_int (value);
      break;

    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      if (self->account != NULL)
        g_signal_connect_object (self->account, "notify::status",
                                 G_CALLBACK (account_status_cb), self,
                                 G_CONNECT_SWAPPED);
      break;

    case PROP_PARENT_ID:
      circlet_list_page_set_parent_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
circlet_list_page_class_init (CircletListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = circlet_list_page_constructed;
  object_class->dispose = circlet_list_page_dispose;
  object_class->finalize = circlet_list_page_finalize;
  object_class->get_property = circlet_list_page_get_property;
  object_class->set_property = circlet_list_page_set_property;

  properties[PROP_RESOURCE] =
    g_param_spec_int ("resource", NULL, NULL,
                      0, CIRCLET_RESOURCE_N_RESOURCES - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CIRCLET_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CIRCLET_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARENT_ID] =
    g_param_spec_string ("parent-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STALE] =
    g_param_spec_boolean ("stale", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The types the column files and the template name. */
  g_type_ensure (CIRCLET_TYPE_SORTER);
  g_type_ensure (CIRCLET_TYPE_LIVE_LIST);
  for (guint i = 0; i < CIRCLET_RESOURCE_N_RESOURCES; i++)
    g_type_ensure (circlet_resource_get_item_type (i));

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/circlet-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, paned);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, rows_stack);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, footer);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, stale_icon);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, updated_label);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, select_page);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, details_title);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, details_subtitle);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, selection);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, sort_model);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, filter);
  gtk_widget_class_bind_template_child (widget_class, CircletListPage, live_list);

  gtk_widget_class_install_action (widget_class, "page.retry", NULL, retry_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "listpage");
}

static void
circlet_list_page_init (CircletListPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_count), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "notify::pending",
                           G_CALLBACK (update_count), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
circlet_list_page_new (CircletResource  resource,
                       CircletSession  *session,
                       CircletAccount  *account)
{
  g_return_val_if_fail (CIRCLET_IS_SESSION (session), NULL);
  g_return_val_if_fail (account == NULL || CIRCLET_IS_ACCOUNT (account), NULL);

  return g_object_new (CIRCLET_TYPE_LIST_PAGE,
                       "resource", resource,
                       "session", session,
                       "account", account,
                       NULL);
}

CircletResource
circlet_list_page_get_resource (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), 0);

  return self->resource;
}

CircletAccount *
circlet_list_page_get_account (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), NULL);

  return self->account;
}

const char *
circlet_list_page_get_parent_id (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), NULL);

  return self->parent_id;
}

/**
 * circlet_list_page_set_parent_id:
 * @self: a page of a child list
 * @parent_id: (nullable): whose children to show
 *
 * Drops what the page showed and loads the children of @parent_id.
 */
void
circlet_list_page_set_parent_id (CircletListPage *self,
                                 const char      *parent_id)
{
  g_return_if_fail (CIRCLET_IS_LIST_PAGE (self));

  if (g_strcmp0 (self->parent_id, parent_id) == 0)
    return;

  g_free (self->parent_id);
  self->parent_id = g_strdup (parent_id);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_items (self);
  set_loading (self, FALSE);
  self->requested = FALSE;

  if (parent_id != NULL)
    circlet_list_page_reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARENT_ID]);
}

/**
 * circlet_list_page_set_search:
 * @self: a page
 * @query: (nullable): what the user typed
 *
 * Shows only the rows whose search text contains @query, folded the way the
 * items fold theirs. The filter works in steps.
 */
void
circlet_list_page_set_search (CircletListPage *self,
                              const char      *query)
{
  g_autofree char *prepared = NULL;

  g_return_if_fail (CIRCLET_IS_LIST_PAGE (self));

  prepared = circlet_item_prepare_search (query ? query : "");
  self->searching = *prepared != '\0';
  gtk_string_filter_set_search (self->filter, self->searching ? prepared : NULL);
  update_count (self);
}

/**
 * circlet_list_page_reload:
 * @self: a page
 *
 * Loads the list again, and the child list beside it if one is shown.
 * While it loads, a list already shown stays on screen; if the load fails,
 * it stays and is marked as old.
 */
void
circlet_list_page_reload (CircletListPage *self)
{
  g_return_if_fail (CIRCLET_IS_LIST_PAGE (self));

  if (self->account == NULL)
    return;
  if (circlet_resource_needs_parent (self->resource) && self->parent_id == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->requested = TRUE;

  if (self->items == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
  circlet_bench_probe_mark ("list-request");

  if (self->items != NULL)
    circlet_api_list_refresh_async (self->session, self->account, self->resource, self->parent_id,
                                    self->items, self->cancellable, list_cb, self);
  else
    circlet_api_list_async (self->session, self->account, self->resource, self->parent_id,
                            self->cancellable, list_cb, self);

  if (self->details != NULL)
    circlet_list_page_reload (self->details);
}

/* Loads the list the first time the page is shown, not again. */
void
circlet_list_page_ensure_loaded (CircletListPage *self)
{
  g_return_if_fail (CIRCLET_IS_LIST_PAGE (self));

  if (!self->requested)
    circlet_list_page_reload (self);
}

/* Called once a minute while the window is visible. */
void
circlet_list_page_update_age (CircletListPage *self,
                              GDateTime       *now)
{
  g_return_if_fail (CIRCLET_IS_LIST_PAGE (self));

  update_age_label (self, now);
}

/* Microseconds until the "Updated …" line needs circlet_list_page_update_age()
 * again; -1 for never (nothing loaded, a date, or old data's time). */
GTimeSpan
circlet_list_page_get_age_next_change (CircletListPage *self,
                                       GDateTime       *now)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), -1);

  if (self->updated == NULL || self->stale)
    return -1;
  return circlet_format_age_next_change (self->updated, now);
}

gboolean
circlet_list_page_get_loading (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), FALSE);

  return self->loading;
}

gboolean
circlet_list_page_get_stale (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), FALSE);

  return self->stale;
}

/* "loading", "empty", "error" or "list" */
const char *
circlet_list_page_get_state (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkColumnView *
circlet_list_page_get_column_view (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), NULL);

  return self->column_view;
}

GtkSingleSelection *
circlet_list_page_get_selection (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), NULL);

  return self->selection;
}

GtkFilterListModel *
circlet_list_page_get_filter_model (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), NULL);

  return self->filter_model;
}

GtkSortListModel *
circlet_list_page_get_sort_model (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), NULL);

  return self->sort_model;
}

/* The child list beside this one (made now if no row was selected yet), or
 * %NULL when items have no children. */
CircletListPage *
circlet_list_page_get_details (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), NULL);

  return ensure_details (self);
}

const GError *
circlet_list_page_get_error (CircletListPage *self)
{
  g_return_val_if_fail (CIRCLET_IS_LIST_PAGE (self), NULL);

  return self->error;
}
