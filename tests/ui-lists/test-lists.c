/* test-lists.c
 *
 * The main window's lists, in a real CircletApplication on a virtual
 * display, against the test server (in this process, N items per list, and
 * a circlet-test-server process with 100,000) and a real gnome-keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "circlet-application-private.h"
#include "circlet-cell.h"
#include "circlet-format.h"
#include "circlet-keyring-fixture.h"
#include "circlet-org-switcher.h"
#include "circlet-sections.h"
#include "circlet-test-server.h"
#include "circlet-test-ui.h"
#include "circlet-test-util.h"
#include "circlet-window-private.h"

#define N_ITEMS          250
#define BIG_N_ITEMS      100000


/* The longest time the main loop went without running a 1 ms timeout: how
 * long the window could not react. */
typedef struct
{
  guint  id;
  gint64 start;
  gint64 last;
  gint64 longest;
} StallMeter;

static CircletApplication *app;
static CircletTestServer  *server;
static CircletAccount     *account;

/* {{{ Waiting */








static void
destroy_all_windows (void)
{
  GList *toplevels = gtk_window_list_toplevels ();

  g_list_foreach (toplevels, (GFunc) g_object_ref, NULL);
  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free_full (toplevels, g_object_unref);

  circlet_test_spin_until (circlet_test_no_toplevels, NULL, "every window to go");
}

static gboolean
stall_tick_cb (gpointer user_data)
{
  StallMeter *meter = user_data;
  gint64 now = g_get_monotonic_time ();

  meter->longest = MAX (meter->longest, now - meter->last);
  if (now - meter->last > 50000)
    g_test_message ("  a stall of %.0f ms, %.0f ms in", (now - meter->last) / 1000.0, (now - meter->start) / 1000.0);
  meter->last = now;
  return G_SOURCE_CONTINUE;
}

static void
stall_meter_start (StallMeter *meter)
{
  meter->start = meter->last = g_get_monotonic_time ();
  meter->longest = 0;
  meter->id = g_timeout_add (1, stall_tick_cb, meter);
}

/* Returns the longest stall in milliseconds. */
static double
stall_meter_stop (StallMeter *meter,
                  const char *what)
{
  double longest_ms;

  stall_tick_cb (meter);
  g_clear_handle_id (&meter->id, g_source_remove);
  longest_ms = meter->longest / 1000.0;
  g_test_message ("%s: %.0f ms in all, longest main-loop stall %.1f ms",
                  what, (meter->last - meter->start) / 1000.0, longest_ms);
  return longest_ms;
}

/* }}} */
/* {{{ Accounts */

static CircletAccount *
add_account (const char *label,
             const char *url,
             const char *key)
{
  CircletAccountStore *store = _circlet_application_get_account_store (app);
  CircletSession *session = _circlet_application_get_session (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CircletAccount *new_account = circlet_account_new (NULL, label);

  g_assert_true (circlet_account_set_api_host (new_account, url, &error));
  g_assert_no_error (error);
  g_assert_true (circlet_account_set_auth_host (new_account, url, &error));
  g_assert_no_error (error);

  /* The keyring step first, as the organizations dialog does. */
  circlet_session_set_key_async (session, new_account, key, TRUE, NULL,
                                 circlet_test_store_result_cb, &result);
  circlet_session_set_key_finish (session, circlet_test_wait (&result), &error);
  g_assert_no_error (error);

  g_assert_true (circlet_account_store_add (store, new_account, &error));
  g_assert_no_error (error);
  g_assert_true (circlet_account_store_save (store, &error));
  g_assert_no_error (error);

  return new_account;
}

/* }}} */
/* {{{ The window and its lists */

static CircletWindow *
open_window (int width,
             int height)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *window;

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_reset (settings, "window-maximized");

  window = GTK_WINDOW (circlet_window_new (app));
  gtk_window_present (window);
  circlet_test_spin_until (circlet_test_widget_is_mapped, window, "the window to map");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 3);

  return CIRCLET_WINDOW (window);
}

static gboolean
page_is_settled (gpointer data)
{
  CircletListPage *page = data;

  return !circlet_list_page_get_loading (page) &&
         g_strcmp0 (circlet_list_page_get_state (page), "loading") != 0;
}

static CircletListPage *
wait_for_list (CircletWindow *window)
{
  CircletListPage *page = _circlet_window_get_visible_list (window);

  g_assert_nonnull (page);
  circlet_test_spin_until (page_is_settled, page, "the list to load");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);

  return page;
}

static CircletListPage *
show_section (CircletWindow   *window,
              CircletResource  resource)
{
  CircletListPage *page;

  _circlet_window_select_section (window, resource);
  page = wait_for_list (window);
  g_assert_cmpint (circlet_list_page_get_resource (page), ==, resource);

  return page;
}

static guint
n_rows (CircletListPage *page)
{
  return g_list_model_get_n_items (G_LIST_MODEL (circlet_list_page_get_selection (page)));
}

static CircletItem *
row_item (CircletListPage *page,
          guint            position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (circlet_list_page_get_selection (page)), position);

  g_assert_true (CIRCLET_IS_ITEM (item));
  /* The model keeps it alive. */
  return CIRCLET_ITEM (item);
}

static void
collect_cell_texts (GtkWidget *widget,
                    GString   *text)
{
  if (CIRCLET_IS_CELL (widget) && gtk_widget_get_mapped (widget))
    {
      g_string_append (text, circlet_cell_get_text (CIRCLET_CELL (widget)));
      g_string_append_c (text, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cell_texts (child, text);
}

static gboolean
filter_is_done (gpointer data)
{
  CircletListPage *page = data;

  return gtk_filter_list_model_get_pending (circlet_list_page_get_filter_model (page)) == 0;
}

static gboolean
sort_is_done (gpointer data)
{
  CircletListPage *page = data;

  return gtk_sort_list_model_get_pending (circlet_list_page_get_sort_model (page)) == 0;
}

typedef struct
{
  CircletListPage *page;
  guint            wanted;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;

  return filter_is_done (wait->page) && n_rows (wait->page) == wait->wanted;
}

/* The GTK 4.8 way to get a window's pixels: snapshot it and render the node
 * with the window's own renderer. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *basename)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, basename, NULL);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d×%d)", path, width, height);
}

/* }}} */
/* {{{ Tests */

static void
test_first_organization (void)
{
  CircletWindow *window;
  CircletListPage *page;
  g_autoptr(GString) text = g_string_new (NULL);

  /* No organization: the welcome page (test-window saves its picture). */
  window = open_window (1000, 700);
  g_assert_cmpstr (_circlet_window_get_visible_page_name (window), ==, "welcome");

  /* The first organization arrives (from the dialog or the CLI): the lists
   * replace the welcome page, and Testing Distribution → Profiles loads at
   * once. */
  account = add_account ("Acme", circlet_test_server_get_url (server), circlet_test_server_get_key (server));
  g_assert_cmpstr (_circlet_window_get_visible_page_name (window), ==, "main");
  g_assert_true (_circlet_window_get_account (window) == account);

  page = wait_for_list (window);
  g_assert_cmpint (circlet_list_page_get_resource (page), ==, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  g_assert_cmpstr (circlet_list_page_get_state (page), ==, "list");
  g_assert_cmpuint (n_rows (page), ==, N_ITEMS);

  collect_cell_texts (GTK_WIDGET (circlet_list_page_get_column_view (page)), text);
  g_assert_nonnull (strstr (text->str, circlet_item_get_name (row_item (page, 0))));
  g_assert_nonnull (strstr (text->str, circlet_item_get_name (row_item (page, 1))));

  destroy_all_windows ();
}

static void
test_every_section (void)
{
  const CircletSection *sections;
  CircletWindow *window;
  guint n_sections;

  window = open_window (1200, 760);
  sections = circlet_sections_list (&n_sections);

  for (guint i = 0; i < n_sections; i++)
    {
      CircletResource resource = sections[i].resource;
      g_autoptr(GString) text = g_string_new (NULL);
      CircletListPage *page = show_section (window, resource);
      guint expected;

      switch ((int) resource)
        {
        case CIRCLET_RESOURCE_ORGANIZATIONS:
          expected = 1 + CIRCLET_TEST_SERVER_N_SUB_ORGS;
          break;
        case CIRCLET_RESOURCE_USERS:
          /* The root organization's users (the token's organization). */
          expected = 12;
          break;
        default:
          expected = N_ITEMS;
          break;
        }

      g_test_message ("%s: %u rows", circlet_resource_get_name (resource), n_rows (page));
      g_assert_cmpstr (circlet_list_page_get_state (page), ==, "list");
      g_assert_cmpuint (n_rows (page), ==, expected);

      /* The first rows are on screen, as the cells' text. */
      collect_cell_texts (GTK_WIDGET (circlet_list_page_get_column_view (page)), text);
      g_assert_nonnull (strstr (text->str, circlet_item_get_name (row_item (page, 0))));
    }

  /* The section is remembered; the next window opens on it. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *section = g_settings_get_string (settings, "selected-section");
    g_autofree char *organization = g_settings_get_string (settings, "selected-organization");

    g_assert_cmpstr (section, ==, circlet_resource_get_name (sections[n_sections - 1].resource));
    g_assert_cmpstr (organization, ==, circlet_account_get_id (account));
  }

  destroy_all_windows ();

  window = open_window (1200, 760);
  g_assert_cmpint (circlet_list_page_get_resource (wait_for_list (window)), ==,
                   sections[n_sections - 1].resource);
  _circlet_window_select_section (window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);

  destroy_all_windows ();
}

static void
test_search (void)
{
  CircletWindow *window = open_window (1200, 760);
  CircletListPage *page = show_section (window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  GtkSearchEntry *entry = _circlet_window_get_search_entry (window);
  CountWait wait = { page, 0 };

  /* Every 50th name is "Zürich \"Quoted\" \ Tools…"; case and accents
   * fold the way the items fold theirs. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "ZÜRICH");
  wait.wanted = N_ITEMS / 50;
  circlet_test_spin_until (count_is, &wait, "the search to filter");
  for (guint i = 0; i < n_rows (page); i++)
    g_assert_nonnull (strstr (circlet_item_get_name (row_item (page, i)), "Zürich"));

  /* Nothing matches: the "no results" page, not an empty table. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "no such profile anywhere");
  wait.wanted = 0;
  circlet_test_spin_until (count_is, &wait, "the search to match nothing");
  g_assert_cmpstr (circlet_list_page_get_state (page), ==, "list");

  /* Clearing the search shows every row again. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait.wanted = N_ITEMS;
  circlet_test_spin_until (count_is, &wait, "the search to clear");

  destroy_all_windows ();
}

static void
assert_sorted_first (CircletListPage *page,
                     const char      *column_title,
                     GtkSortType      order)
{
  GtkColumnView *view = circlet_list_page_get_column_view (page);
  GListModel *model = G_LIST_MODEL (circlet_list_page_get_filter_model (page));
  g_autofree char *best_key = NULL;
  const char *best = NULL;
  const char *first;

  gtk_column_view_sort_by_column (view, circlet_test_find_column (view, column_title), order);
  circlet_test_spin_until (sort_is_done, page, "the sort");

  /* The expected first name, from the unsorted rows. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CircletItem) item = g_list_model_get_item (model, i);
      g_autofree char *key = g_utf8_collate_key (circlet_item_get_name (item), -1);
      int cmp = best_key ? strcmp (key, best_key) : 0;

      if (best_key == NULL || (order == GTK_SORT_ASCENDING ? cmp < 0 : cmp > 0))
        {
          g_free (best_key);
          best_key = g_steal_pointer (&key);
          best = circlet_item_get_name (item);
        }
    }

  first = circlet_item_get_name (row_item (page, 0));
  g_test_message ("Sorted by %s (%s): first %s", column_title,
                  order == GTK_SORT_ASCENDING ? "ascending" : "descending", first);
  g_assert_cmpstr (first, ==, best);
}

static void
test_sort (void)
{
  CircletWindow *window = open_window (1200, 760);
  CircletListPage *page = show_section (window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  GDateTime *latest = NULL;
  GDateTime *first_date;
  GListModel *model;

  assert_sorted_first (page, "Name", GTK_SORT_ASCENDING);
  assert_sorted_first (page, "Name", GTK_SORT_DESCENDING);

  /* Dates sort by time, newest first when descending. */
  gtk_column_view_sort_by_column (circlet_list_page_get_column_view (page),
                                  circlet_test_find_column (circlet_list_page_get_column_view (page), "Updated"),
                                  GTK_SORT_DESCENDING);
  circlet_test_spin_until (sort_is_done, page, "the sort by date");
  model = G_LIST_MODEL (circlet_list_page_get_filter_model (page));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CircletDistributionProfile) profile = g_list_model_get_item (model, i);
      GDateTime *date = circlet_distribution_profile_get_update_date (profile);

      if (date != NULL && (latest == NULL || g_date_time_compare (date, latest) > 0))
        latest = date;
    }
  first_date = circlet_distribution_profile_get_update_date (CIRCLET_DISTRIBUTION_PROFILE (row_item (page, 0)));
  g_assert_nonnull (first_date);
  g_assert_true (g_date_time_equal (first_date, latest));

  /* The sort survives a search. */
  gtk_editable_set_text (GTK_EDITABLE (_circlet_window_get_search_entry (window)), "zürich");
  {
    CountWait wait = { page, N_ITEMS / 50 };
    circlet_test_spin_until (count_is, &wait, "the search to filter");
  }
  circlet_test_spin_until (sort_is_done, page, "the sort of the matches");

  destroy_all_windows ();
}

typedef struct
{
  CircletListPage *details;
  const char      *parent_id;
} DetailsWait;

static gboolean
details_are_loaded (gpointer data)
{
  DetailsWait *wait = data;

  return g_strcmp0 (circlet_list_page_get_parent_id (wait->details), wait->parent_id) == 0 &&
         page_is_settled (wait->details);
}

/* Selects a row as a click would, and waits for its children beside it. */
static CircletListPage *
select_row (CircletListPage *page,
            guint            position)
{
  DetailsWait wait = { circlet_list_page_get_details (page), circlet_item_get_id (row_item (page, position)) };

  g_assert_nonnull (wait.details);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (circlet_list_page_get_selection (page)), position, TRUE);
  circlet_test_spin_until (details_are_loaded, &wait, "the selected item's children");

  return wait.details;
}

/* Long enough for GtkStack's crossfades before a screenshot. */
static void
wait_for_transitions (GtkWidget *widget)
{
  circlet_test_run_for (400);
  circlet_test_wait_for_frames (widget, 2);
}

static void
test_details (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  CircletWindow *window = open_window (1200, 760);
  CircletListPage *page = show_section (window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  CircletListPage *details = circlet_list_page_get_details (page);
  g_autoptr(GString) text = g_string_new (NULL);
  const guint row = 3;

  /* Nothing selected yet: nothing loaded beside the list. */
  g_assert_nonnull (details);
  g_assert_null (circlet_list_page_get_parent_id (details));

  /* Profile 3 has (7·3 + 2) mod 13 = 10 app versions on the test server. */
  details = select_row (page, row);
  g_assert_cmpstr (circlet_list_page_get_state (details), ==, "list");
  g_assert_cmpuint (n_rows (details), ==, 10);
  g_assert_true (CIRCLET_IS_APP_VERSION (row_item (details, 0)));
  wait_for_transitions (GTK_WIDGET (window));
  collect_cell_texts (GTK_WIDGET (circlet_list_page_get_column_view (details)), text);
  g_assert_nonnull (strstr (text->str, circlet_app_version_get_version (CIRCLET_APP_VERSION (row_item (details, 0)))));

  save_screenshot (GTK_WIDGET (window), "main-window.png");

  /* Another profile: its versions replace the first one's;
   * (7·4 + 2) mod 13 = 4. */
  details = select_row (page, 4);
  g_assert_cmpuint (n_rows (details), ==, 4);

  /* A testing group shows its testers; a build profile its branches. */
  page = show_section (window, CIRCLET_RESOURCE_TESTING_GROUPS);
  details = select_row (page, 1);
  g_assert_cmpstr (circlet_list_page_get_state (details), !=, "error");
  g_assert_true (n_rows (details) == 0 || CIRCLET_IS_TESTER (row_item (details, 0)));

  page = show_section (window, CIRCLET_RESOURCE_BUILD_PROFILES);
  details = select_row (page, 1);
  g_assert_cmpstr (circlet_list_page_get_state (details), !=, "error");
  g_assert_true (n_rows (details) == 0 || CIRCLET_IS_BRANCH (row_item (details, 0)));

  page = show_section (window, CIRCLET_RESOURCE_STORE_PROFILES);
  details = select_row (page, 2);
  g_assert_cmpstr (circlet_list_page_get_state (details), !=, "error");
  g_assert_true (n_rows (details) == 0 || CIRCLET_IS_APP_VERSION (row_item (details, 0)));

  g_settings_reset (settings, "selected-section");
  destroy_all_windows ();
}

static gboolean
is_shown_button_for (GtkWidget     *widget,
                     gconstpointer  action_name)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static void
collect_label_texts (GtkWidget *widget,
                     GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (text, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, text);
}

static gboolean
page_is_listed (gpointer data)
{
  CircletListPage *page = data;

  return page_is_settled (page) && g_strcmp0 (circlet_list_page_get_state (page), "list") == 0;
}

static void
test_error_and_retry (void)
{
  CircletWindow *window = open_window (1200, 760);
  g_autoptr(GString) text = g_string_new (NULL);
  CircletListPage *page;
  const GError *error;
  GtkWidget *retry;

  /* A server error on the first load: the error page, with the server's
   * message (never its stack trace) and Retry. */
  circlet_test_server_inject (server, "/signing-identity/v2/keystores", CIRCLET_FAULT_STATUS, -1, "403");
  page = show_section (window, CIRCLET_RESOURCE_KEYSTORES);
  g_assert_cmpstr (circlet_list_page_get_state (page), ==, "error");
  error = circlet_list_page_get_error (page);
  g_assert_nonnull (error);
  g_test_message ("Error page: %s", error->message);

  collect_label_texts (GTK_WIDGET (page), text);
  g_assert_nonnull (strstr (text->str, "Forbidden"));
  g_assert_null (strstr (text->str, "stackTrace"));
  g_assert_null (strstr (text->str, "TokenService"));
  wait_for_transitions (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "list-error.png");

  circlet_test_server_clear_faults (server);
  retry = circlet_test_find_widget (GTK_WIDGET (page), is_shown_button_for, "page.retry");
  g_assert_nonnull (retry);
  gtk_widget_activate (retry);
  circlet_test_spin_until (page_is_listed, page, "Retry to load the list");
  g_assert_cmpuint (n_rows (page), ==, N_ITEMS);
  g_assert_false (circlet_list_page_get_stale (page));

  /* A failed refresh keeps the rows, marked as old. */
  circlet_test_server_inject (server, "/signing-identity/v2/keystores", CIRCLET_FAULT_STATUS, -1, "403");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (circlet_list_page_get_loading (page));
  circlet_test_spin_until (page_is_settled, page, "the refresh to fail");
  g_assert_cmpstr (circlet_list_page_get_state (page), ==, "list");
  g_assert_cmpuint (n_rows (page), ==, N_ITEMS);
  g_assert_true (circlet_list_page_get_stale (page));
  g_string_truncate (text, 0);
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
  collect_label_texts (GTK_WIDGET (page), text);
  g_assert_nonnull (strstr (text->str, "Showing data from"));

  /* The next good refresh clears the mark. */
  circlet_test_server_clear_faults (server);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  circlet_test_spin_until (page_is_settled, page, "the refresh");
  g_assert_false (circlet_list_page_get_stale (page));

  _circlet_window_select_section (window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  destroy_all_windows ();
}


static void
assert_shortcut (GtkWindow  *overlay,
                 const char *title,
                 const char *accelerator)
{
  GtkShortcutsShortcut *row = circlet_test_find_shortcut (GTK_WIDGET (overlay), title);
  g_autofree char *listed = NULL;

  if (row == NULL)
    g_error ("The shortcuts window does not list %s", title);
  g_object_get (row, "accelerator", &listed, NULL);
  g_assert_cmpstr (listed, ==, accelerator);
}

static void
test_keyboard (void)
{
  CircletWindow *window = open_window (1200, 760);
  CircletListPage *page = show_section (window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  GtkShortcutsWindow *overlay;

  /* Every window action has a row in the shortcuts window (made after the
   * window's first frame). */
  circlet_test_spin_until (circlet_test_has_help_overlay, window, "the shortcuts window to be made");
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  assert_shortcut (GTK_WINDOW (overlay), "Refresh", "F5 <Control>r");
  assert_shortcut (GTK_WINDOW (overlay), "Search", "<Control>f");
  assert_shortcut (GTK_WINDOW (overlay), "Next Section", "<Alt>Down");
  assert_shortcut (GTK_WINDOW (overlay), "Previous Section", "<Alt>Up");
  assert_shortcut (GTK_WINDOW (overlay), "Organizations and Keys", "<Control>comma");

  /* Refresh reloads the list on screen. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (circlet_list_page_get_loading (page));
  circlet_test_spin_until (page_is_settled, page, "the refresh");

  /* Sections in sidebar order. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-section", NULL);
  page = wait_for_list (window);
  g_assert_cmpint (circlet_list_page_get_resource (page), ==, CIRCLET_RESOURCE_TESTING_GROUPS);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-section", NULL);
  page = wait_for_list (window);
  g_assert_cmpint (circlet_list_page_get_resource (page), ==, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);

  destroy_all_windows ();
}

/* A refresh that finds one more profile: the model the view shows
 * announces that row alone, every other row stays the same object, and the
 * selected row stays selected. */
static void
test_refresh_changes (void)
{
  CircletWindow *window = open_window (1200, 760);
  CircletListPage *page = show_section (window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  GtkSingleSelection *selection = circlet_list_page_get_selection (page);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  gpointer selected;
  gulong handler;

  select_row (page, 5);
  selected = gtk_single_selection_get_selected_item (selection);
  for (guint i = 0; i < n_rows (page); i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (selection), i));

  handler = g_signal_connect (selection, "items-changed", G_CALLBACK (circlet_test_record_change_cb), changes);
  circlet_test_server_set_items (server, N_ITEMS + 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  circlet_test_spin_until (page_is_settled, page, "the refresh with one more profile");
  g_signal_handler_disconnect (selection, handler);
  circlet_test_server_set_items (server, N_ITEMS);

  g_assert_cmpuint (n_rows (page), ==, N_ITEMS + 1);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, N_ITEMS);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 0);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 1);
  for (guint i = 0; i < N_ITEMS; i++)
    g_assert_true (row_item (page, i) == g_ptr_array_index (before, i));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 5);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == selected);

  destroy_all_windows ();
}

/* The rows the search matches, counted in every row loaded. */
static guint
count_matches (CircletListPage *page,
               const char      *text)
{
  GListModel *all = gtk_filter_list_model_get_model (circlet_list_page_get_filter_model (page));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(CircletItem) item = g_list_model_get_item (all, i);

      n += strstr (circlet_item_get_search_text (item), text) != NULL;
    }

  return n;
}

/* The same while sorted by name and searching: the rows stay sorted and
 * filtered, the new one among them, and the selection stays. */
static void
test_refresh_sorted_and_searching (void)
{
  CircletWindow *window = open_window (1200, 760);
  CircletListPage *page = show_section (window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  GtkSingleSelection *selection = circlet_list_page_get_selection (page);
  CountWait wait = { page, 0 };
  g_autofree char *previous_key = NULL;
  gboolean new_row_shown = FALSE;
  gpointer selected;

  gtk_column_view_sort_by_column (circlet_list_page_get_column_view (page),
                                  circlet_test_find_column (circlet_list_page_get_column_view (page), "Name"),
                                  GTK_SORT_DESCENDING);
  gtk_editable_set_text (GTK_EDITABLE (_circlet_window_get_search_entry (window)), "2");
  wait.wanted = count_matches (page, "2");
  circlet_test_spin_until (count_is, &wait, "the search to filter");
  circlet_test_spin_until (sort_is_done, page, "the sort");
  select_row (page, 3);
  selected = gtk_single_selection_get_selected_item (selection);

  /* Profile 250 is "… 250": the search matches it. */
  circlet_test_server_set_items (server, N_ITEMS + 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  circlet_test_spin_until (page_is_settled, page, "the refresh with one more profile");
  circlet_test_server_set_items (server, N_ITEMS);
  wait.wanted = count_matches (page, "2");
  circlet_test_spin_until (count_is, &wait, "the search over the new rows");
  circlet_test_spin_until (sort_is_done, page, "the sort of the new rows");

  for (guint i = 0; i < n_rows (page); i++)
    {
      CircletItem *item = row_item (page, i);
      g_autofree char *key = g_utf8_collate_key (circlet_item_get_name (item), -1);

      g_assert_nonnull (strstr (circlet_item_get_search_text (item), "2"));
      if (previous_key != NULL)
        g_assert_cmpint (strcmp (previous_key, key), >=, 0);
      g_free (previous_key);
      previous_key = g_steal_pointer (&key);
      new_row_shown |= g_str_has_suffix (circlet_item_get_name (item), " 250");
    }
  g_assert_true (new_row_shown);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == selected);

  gtk_editable_set_text (GTK_EDITABLE (_circlet_window_get_search_entry (window)), "");
  destroy_all_windows ();
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* A cell bound again to what it shows (GTK 4.8's views rebind every row
 * after a change in the list, most of them to the item they show) changes
 * nothing and notifies nothing; anything else still shows. */
static void
test_cell_rebind (void)
{
  CircletCell *cell = CIRCLET_CELL (g_object_ref_sink (circlet_cell_new ()));
  g_autoptr(GDateTime) date = g_date_time_new_utc (2025, 6, 1, 12, 0, 0);
  g_autoptr(GDateTime) same_date = g_date_time_new_utc (2025, 6, 1, 12, 0, 0);
  g_autofree char *date_text = NULL;
  guint texts = 0, dates = 0, counts = 0;

  g_signal_connect (cell, "notify::text", G_CALLBACK (count_notify_cb), &texts);
  g_signal_connect (cell, "notify::date", G_CALLBACK (count_notify_cb), &dates);
  g_signal_connect (cell, "notify::count", G_CALLBACK (count_notify_cb), &counts);

  /* Nothing to show is a dim dash, even in a fresh cell. */
  circlet_cell_set_text (cell, NULL);
  g_assert_cmpstr (circlet_cell_get_text (cell), ==, "—");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cell), "dim-label"));
  g_assert_cmpuint (texts, ==, 1);
  circlet_cell_set_text (cell, "");
  g_assert_cmpuint (texts, ==, 1);

  /* A dash that is the text itself is not dim. */
  circlet_cell_set_text (cell, "—");
  g_assert_cmpuint (texts, ==, 2);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (cell), "dim-label"));

  circlet_cell_set_text (cell, "Acme");
  circlet_cell_set_text (cell, "Acme");
  g_assert_cmpstr (circlet_cell_get_text (cell), ==, "Acme");
  g_assert_cmpuint (texts, ==, 3);

  circlet_cell_set_date (cell, date);
  date_text = g_strdup (circlet_cell_get_text (cell));
  g_assert_cmpstr (date_text, !=, "Acme");
  circlet_cell_set_date (cell, same_date);
  g_assert_cmpstr (circlet_cell_get_text (cell), ==, date_text);
  g_assert_cmpuint (dates, ==, 1);
  circlet_cell_set_date (cell, NULL);
  g_assert_cmpstr (circlet_cell_get_text (cell), ==, "—");
  g_assert_null (circlet_cell_get_date (cell));
  g_assert_cmpuint (dates, ==, 2);

  circlet_cell_set_count (cell, 0);
  g_assert_cmpstr (circlet_cell_get_text (cell), ==, "0");
  circlet_cell_set_count (cell, 3);
  circlet_cell_set_count (cell, 3);
  g_assert_cmpstr (circlet_cell_get_text (cell), ==, "3");
  g_assert_cmpuint (counts, ==, 1);

  g_assert_finalize_object (cell);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  CircletListPage *page;
  CircletAccount  *account;
  guint            wanted;
} BigWait;

static gboolean
big_list_is_shown (gpointer data)
{
  BigWait *wait = data;
  CircletWindow *window = CIRCLET_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  CircletListPage *page = _circlet_window_get_visible_list (window);

  if (page == NULL || circlet_list_page_get_account (page) != wait->account || !page_is_settled (page))
    return FALSE;

  wait->page = page;
  return n_rows (page) == wait->wanted;
}

static GSubprocess *
start_big_server (char **url,
                  char **key)
{
  const char *binary = g_getenv ("CIRCLET_TEST_SERVER");
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  char *line;

  g_assert_nonnull (binary);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              binary, "--items", G_STRINGIFY (BIG_N_ITEMS), NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((*url == NULL || *key == NULL) &&
         (line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "URL="))
        *url = g_strdup (line + 4);
      else if (g_str_has_prefix (line, "KEY="))
        *key = g_strdup (line + 4);
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_nonnull (*url);
  g_assert_nonnull (*key);

  return process;
}

/* Where a cell's text starts, as drawn: the bounds of its render node. */
static float
drawn_text_x (GtkWidget *cell)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (cell);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (cell), gtk_widget_get_height (cell));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  return bounds.origin.x;
}

static int
natural_height (GtkWidget *widget)
{
  int natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* Cells share their Pango contexts: a cell whose CSS font or whose
 * direction changes must measure and draw with its own, and go back. */
/* The "Updated …" line changes on the minute for an hour, on the hour for a
 * day, then never: the window wakes up for those changes and no others. */
static void
test_age_line (void)
{
  g_autoptr(GDateTime) then = g_date_time_new_utc (2026, 11, 28, 9, 0, 0);
  static const struct {
    int         seconds;    /* after then */
    const char *text;
    GTimeSpan   next;       /* seconds to the next change, -1 for never */
  } steps[] = {
    { 0, "Updated just now", 60 },
    { 59, "Updated just now", 1 },
    { 60, "Updated 1 minute ago", 60 },
    { 61 * 60 - 1, "Updated 1 hour ago", 2 * 3600 - (61 * 60 - 1) },
    { 23 * 3600 + 59 * 60, "Updated 23 hours ago", 60 },
    { 24 * 3600, NULL, -1 },
  };
  CircletWindow *window;
  CircletListPage *page;
  g_autoptr(GDateTime) now = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_seconds (then, steps[i].seconds);
      g_autofree char *text = circlet_format_age (then, at);
      GTimeSpan next = circlet_format_age_next_change (then, at);

      if (steps[i].text != NULL)
        g_assert_cmpstr (text, ==, steps[i].text);
      g_assert_cmpint (next, ==, steps[i].next < 0 ? -1 : steps[i].next * G_TIME_SPAN_SECOND);
    }

  /* A list just loaded says so, and changes within the minute. */
  window = open_window (1000, 700);
  page = show_section (window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);
  now = g_date_time_new_now_utc ();
  g_assert_cmpint (circlet_list_page_get_age_next_change (page, now), >, 0);
  g_assert_cmpint (circlet_list_page_get_age_next_change (page, now), <=, G_TIME_SPAN_MINUTE);

  destroy_all_windows ();
}

static void
test_cell_font (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *plain = circlet_cell_new ();
  GtkWidget *cell = circlet_cell_new ();
  int plain_height;
  float ltr_x;

  gtk_css_provider_load_from_data (provider, "cell-text.test-big { font-size: 3em; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  circlet_cell_set_text (CIRCLET_CELL (plain), "Plain");
  circlet_cell_set_text (CIRCLET_CELL (cell), "Text");
  gtk_widget_set_size_request (cell, 400, -1);
  gtk_box_append (GTK_BOX (box), plain);
  gtk_box_append (GTK_BOX (box), cell);
  gtk_window_set_child (window, box);
  gtk_window_present (window);
  circlet_test_wait_until_shown (window);

  plain_height = natural_height (plain);
  g_assert_cmpint (plain_height, >, 0);
  g_assert_cmpint (natural_height (cell), ==, plain_height);
  ltr_x = drawn_text_x (cell);

  gtk_widget_add_css_class (cell, "test-big");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpint (natural_height (cell), >=, 2 * plain_height);
  g_assert_cmpint (natural_height (plain), ==, plain_height);

  gtk_widget_remove_css_class (cell, "test-big");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpint (natural_height (cell), ==, plain_height);

  /* Right to left, Pango puts left-aligned text on the right. */
  gtk_widget_set_direction (cell, GTK_TEXT_DIR_RTL);
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpfloat (drawn_text_x (cell), >, ltr_x + 200);
  gtk_widget_set_direction (cell, GTK_TEXT_DIR_LTR);
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpfloat (drawn_text_x (cell), ==, ltr_x);

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
  gtk_window_destroy (window);
}

/* 100,000 profiles from a server in another process (so that its JSON
 * writing is not counted against the window): the list shows without
 * holding up the main loop, and searches and sorts too. */
static void
test_hundred_thousand (void)
{
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GSubprocess) big_server = start_big_server (&url, &key);
  g_autoptr(CircletAccount) big = NULL;
  CircletAccountStore *store = _circlet_application_get_account_store (app);
  CircletWindow *window;
  StallMeter meter = { 0, };
  BigWait wait = { NULL, NULL, BIG_N_ITEMS };
  CountWait count = { NULL, 0 };
  CircletOrgSwitcher *switcher;

  window = open_window (1200, 760);
  wait_for_list (window);
  big = add_account ("Big", url, key);

  /* Speed is for bench/run (bench-lists) to judge; this test logs the
   * stalls it sees and checks that 100,000 rows load, search and sort. */

  /* Switch to it as the user would, in the header bar. */
  switcher = CIRCLET_ORG_SWITCHER (find_widget (GTK_WIDGET (window), CIRCLET_TYPE_ORG_SWITCHER));
  g_assert_nonnull (switcher);

  wait.account = big;
  stall_meter_start (&meter);
  circlet_org_switcher_set_selected_account (switcher, big);
  circlet_test_spin_until (big_list_is_shown, &wait, "100,000 profiles");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 3);
  stall_meter_stop (&meter, "Loading and painting 100,000 profiles");
  g_assert_cmpstr (circlet_list_page_get_state (wait.page), ==, "list");

  wait_for_transitions (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "main-window-100k.png");

  /* A refresh that finds the same profiles. */
  stall_meter_start (&meter);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  circlet_test_spin_until (page_is_settled, wait.page, "the refresh of 100,000 profiles");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 3);
  stall_meter_stop (&meter, "Refreshing 100,000 profiles");
  g_assert_cmpuint (n_rows (wait.page), ==, BIG_N_ITEMS);

  /* Search-as-you-type over every row. */
  count.page = wait.page;
  count.wanted = BIG_N_ITEMS / 50;
  stall_meter_start (&meter);
  gtk_editable_set_text (GTK_EDITABLE (_circlet_window_get_search_entry (window)), "zürich");
  circlet_test_spin_until (count_is, &count, "the search over 100,000 profiles");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
  stall_meter_stop (&meter, "Searching 100,000 profiles");

  gtk_editable_set_text (GTK_EDITABLE (_circlet_window_get_search_entry (window)), "");
  count.wanted = BIG_N_ITEMS;
  circlet_test_spin_until (count_is, &count, "the search to clear");

  /* Sorting every row by name. */
  stall_meter_start (&meter);
  gtk_column_view_sort_by_column (circlet_list_page_get_column_view (wait.page),
                                  circlet_test_find_column (circlet_list_page_get_column_view (wait.page), "Name"),
                                  GTK_SORT_DESCENDING);
  circlet_test_spin_until (sort_is_done, wait.page, "the sort of 100,000 profiles");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
  stall_meter_stop (&meter, "Sorting 100,000 profiles by name");

  /* Back to the small organization for the other tests. */
  g_assert_true (circlet_account_store_remove (store, big));
  g_assert_true (circlet_account_store_save (store, NULL));
  g_assert_true (_circlet_window_get_account (window) == account);

  destroy_all_windows ();
  g_subprocess_send_signal (big_server, SIGTERM);
  g_assert_true (g_subprocess_wait (big_server, NULL, NULL));
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* First: the keyring fixture makes a private HOME, bus and keyring,
   * which GLib and GTK read once. */
  circlet_keyring_fixture_setup (CIRCLET_KEYRING_GNOME);

  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      g_printerr ("no display. Run: xvfb-run -a dbus-run-session -- meson test -C build\n");
      circlet_keyring_fixture_teardown ();
      return 1;
    }

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  server = circlet_test_server_new (N_ITEMS, &error);
  g_assert_no_error (error);

  app = circlet_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* In this order: the first test adds the organization the others use. */
  g_test_add_func ("/ui/lists/first-organization", test_first_organization);
  g_test_add_func ("/ui/lists/every-section", test_every_section);
  g_test_add_func ("/ui/lists/search", test_search);
  g_test_add_func ("/ui/lists/sort", test_sort);
  g_test_add_func ("/ui/lists/details", test_details);
  g_test_add_func ("/ui/lists/error-and-retry", test_error_and_retry);
  g_test_add_func ("/ui/lists/keyboard", test_keyboard);
  g_test_add_func ("/ui/lists/cell-font", test_cell_font);
  g_test_add_func ("/ui/lists/age-line", test_age_line);
  g_test_add_func ("/ui/lists/refresh-changes", test_refresh_changes);
  g_test_add_func ("/ui/lists/refresh-sorted-and-searching", test_refresh_sorted_and_searching);
  g_test_add_func ("/ui/lists/cell-rebind", test_cell_rebind);
  g_test_add_func ("/ui/lists/hundred-thousand", test_hundred_thousand);

  ret = g_test_run ();

  g_clear_object (&account);
  g_clear_object (&app);
  g_clear_object (&server);
  circlet_keyring_fixture_teardown ();

  return ret;
}
