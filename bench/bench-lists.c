/* bench-lists.c: one list of N distribution profiles in the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-lists --server PATH/circlet-test-server --items N
 *
 * A CircletApplication window on the display bench/run made, against a
 * circlet-test-server process with N items per list (another process, so
 * that its JSON writing is not on this main loop), and a real
 * gnome-keyring. One load per process, so that the memory figures start
 * from the same place: bench/bench.py runs it several times per N.
 *
 * Prints one JSON object per line: {"name": …, "value": …, "unit": …}.
 *
 * What it does, in order:
 *  1. the window on the Organizations section (a few rows): the "empty
 *     window" whose RSS is the baseline;
 *  2. Distribution Profiles, N rows: time until the first rows are painted
 *     and until every row is in the model, the longest main-loop stall
 *     meanwhile (a 1 ms timeout that records how late it runs), peak RSS
 *     (VmHWM, reset just before), RSS once settled, and beside it the live
 *     heap (mallinfo2) and the shared memory (RssShmem);
 *  3. scrolling from top to bottom in SCROLL_FRAMES frames (as when
 *     dragging the scroll bar: every frame shows new rows), frame times;
 *  4. search-as-you-type: "zürich" typed one character per frame, frame
 *     times until the filter has seen every row, and the time from the last
 *     key to the filtered rows on screen;
 *  5. sorting every row by name, a refresh that changes nothing, and a
 *     refresh with one more profile at the end: their longest stalls and
 *     durations.
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <adwaita.h>

#include "circlet-application-private.h"
#include "circlet-keyring-fixture.h"
#include "circlet-test-ui.h"
#include "circlet-test-util.h"
#include "circlet-window-private.h"

#define TIMEOUT_SECONDS 120
#define SCROLL_FRAMES   240
#define SEARCH_TEXT     "zürich"

/* The longest time the main loop went without running a 1 ms timeout; and,
 * since on a shared machine part of that may be other processes' turn on
 * the CPU, the most CPU time the main thread spent between two runs of it. */
typedef struct
{
  guint  id;
  gint64 last;
  gint64 longest;
  gint64 longest_end;
  gint64 last_cpu;
  gint64 longest_cpu;
} StallMeter;

/* Frame-clock intervals, from one painted frame to the next. */
typedef struct
{
  GdkFrameClock *clock;
  gulong         handler;
  gint64         last;
  GArray        *intervals;  /* double, ms */
  guint          painted;
} FrameMeter;

static CircletApplication *app;
static guint               n_items;
static char               *server_url;

/* {{{ Reporting */

static void
report (const char *name,
        double      value,
        const char *unit)
{
  g_print ("{\"name\": \"%s\", \"items\": %u, \"value\": %.3f, \"unit\": \"%s\"}\n", name, n_items, value, unit);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report_frames (const char *what,
               GArray     *intervals)
{
  g_autofree char *median_name = g_strdup_printf ("%s-frame-median", what);
  g_autofree char *p95_name = g_strdup_printf ("%s-frame-p95", what);
  g_autofree char *worst_name = g_strdup_printf ("%s-frame-worst", what);
  g_autofree char *count_name = g_strdup_printf ("%s-frames", what);
  double *v = (double *) intervals->data;
  guint n = intervals->len;

  if (n == 0)
    return;

  g_array_sort (intervals, compare_doubles);
  report (median_name, v[n / 2], "ms");
  report (p95_name, v[MIN (n - 1, n * 95 / 100)], "ms");
  report (worst_name, v[n - 1], "ms");
  report (count_name, n, "frames");
}

static long
proc_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return strtol (line + strlen (field) + 1, NULL, 10);
}

/* Memory at one moment: what the bench's targets are about (RSS), and
 * the two parts of it that say more than its total. */
typedef struct
{
  long   rss_kb;
  long   shmem_kb;  /* the cairo renderer's upload pool, shared with Xvfb */
  size_t heap;      /* bytes malloc() has handed out and not got back */
} MemorySample;

static MemorySample
memory_sample (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (MemorySample) {
    .rss_kb = proc_status_kb ("VmRSS:"),
    .shmem_kb = proc_status_kb ("RssShmem:"),
    .heap = info.uordblks + info.hblkhd,
  };
}

/* Resets VmHWM to the current RSS (Linux 4.0 and later). */
static void
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file == NULL || fputs ("5", file) < 0 || fclose (file) != 0)
    g_error ("bench-lists: could not reset VmHWM");
}

/* }}} */
/* {{{ Waiting */

/* A list of 100,000 takes longer than a UI test's wait. */
static void
spin_until (CircletTestCondition  condition,
            gpointer              data,
            const char           *what)
{
  circlet_test_spin_until_within (condition, data, TIMEOUT_SECONDS, what);
}

static void
frame_painted_cb (GdkFrameClock *clock,
                  gpointer       user_data)
{
  FrameMeter *meter = user_data;
  gint64 now = g_get_monotonic_time ();

  if (meter->last != 0 && meter->intervals != NULL)
    {
      double ms = (now - meter->last) / 1000.0;

      g_array_append_val (meter->intervals, ms);
    }
  meter->last = now;
  meter->painted++;
}

static void
frame_meter_start (FrameMeter *meter,
                   GtkWidget  *widget,
                   gboolean    keep_intervals)
{
  meter->clock = gtk_widget_get_frame_clock (widget);
  meter->last = 0;
  meter->painted = 0;
  meter->intervals = keep_intervals ? g_array_new (FALSE, FALSE, sizeof (double)) : NULL;
  meter->handler = g_signal_connect (meter->clock, "after-paint", G_CALLBACK (frame_painted_cb), meter);
}

static void
frame_meter_stop (FrameMeter *meter)
{
  g_clear_signal_handler (&meter->handler, meter->clock);
  g_clear_pointer (&meter->intervals, g_array_unref);
}

static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_GINT64_CONSTANT (1000000) + ts.tv_nsec / 1000;
}

static gboolean
stall_tick_cb (gpointer user_data)
{
  StallMeter *meter = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();

  meter->longest_cpu = MAX (meter->longest_cpu, cpu - meter->last_cpu);
  meter->last_cpu = cpu;

  if (now - meter->last > meter->longest)
    {
      meter->longest = now - meter->last;
      meter->longest_end = now;
    }
  meter->last = now;
  return G_SOURCE_CONTINUE;
}

static void
stall_meter_start (StallMeter *meter)
{
  meter->last = g_get_monotonic_time ();
  meter->longest = 0;
  meter->last_cpu = thread_cpu_time ();
  meter->longest_cpu = 0;
  meter->id = g_timeout_add (1, stall_tick_cb, meter);
}

static double
stall_meter_stop (StallMeter *meter,
                  const char *name)
{
  g_autofree char *cpu_name = g_strconcat (name, "-cpu", NULL);

  stall_tick_cb (meter);
  g_clear_handle_id (&meter->id, g_source_remove);
  /* For a profile: perf record -k CLOCK_MONOTONIC, then perf script
   * --time START,END with these (in seconds). */
  if (g_getenv ("BENCH_LISTS_VERBOSE") != NULL)
    g_printerr ("longest stall: %.6f,%.6f\n", (meter->longest_end - meter->longest) / 1e6, meter->longest_end / 1e6);
  report (cpu_name, meter->longest_cpu / 1000.0, "ms");
  return meter->longest / 1000.0;
}

/* With BENCH_LISTS_PAUSE=PHASE (load, scroll, search, sort, refresh),
 * waits 2 s before that phase so that a profiler can attach:
 *   perf record -g -p PID (the PID is printed on standard error). */
static void
pause_before (const char *phase)
{
  if (g_strcmp0 (g_getenv ("BENCH_LISTS_PAUSE"), phase) != 0)
    return;

  g_printerr ("bench-lists: pid %d, %s in 2 s\n", (int) getpid (), phase);
  circlet_test_run_for (2000);
}

/* }}} */
/* {{{ The server, the organization, the window */

static GSubprocess *
start_server (const char  *binary,
              char       **url,
              char       **key)
{
  g_autofree char *items = g_strdup_printf ("%u", n_items);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  char *line;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              binary, "--items", items, NULL);
  if (process == NULL)
    g_error ("%s: %s", binary, error->message);

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
  if (*url == NULL || *key == NULL)
    g_error ("circlet-test-server printed no URL and KEY");

  return process;
}

static CircletAccount *
add_account (const char *url,
             const char *key)
{
  CircletAccountStore *store = _circlet_application_get_account_store (app);
  CircletSession *session = _circlet_application_get_session (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CircletAccount *account = circlet_account_new (NULL, "Bench");

  circlet_account_set_api_host (account, url, NULL);
  circlet_account_set_auth_host (account, url, NULL);
  circlet_session_set_key_async (session, account, key, TRUE, NULL, circlet_test_store_result_cb, &result);
  if (!circlet_session_set_key_finish (session, circlet_test_wait (&result), &error) ||
      !circlet_account_store_add (store, account, &error) ||
      !circlet_account_store_save (store, &error))
    g_error ("Could not add the organization: %s", error->message);

  return account;
}

/* Runs curl and waits for it.
 *
 * Without a fork: with G_SPAWN_LEAVE_DESCRIPTORS_OPEN, GLib spawns with
 * posix_spawn(), which shares the address space until the exec. A fork
 * write-protects every page of this process (some 200 MB with 100,000
 * rows) for copy-on-write, and whatever ran next paid a page fault on its
 * first write to each: the first frame of the refresh after
 * set_server_items() took some 30 ms of main-thread CPU (perf: a third of
 * its samples in page faults, under AdwLeaflet's allocation and the
 * renderer), where the same frame of the refresh before it, with no curl in
 * between, took under 2 ms. */
static void
run_curl (char       **argv,
          const char  *what)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_LEAVE_DESCRIPTORS_OPEN,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("curl could not %s: %s", what, error->message);
}

/* Has the server build and cache its answer (in its own process, with
 * curl, so that nothing of it stays in this one). */
static void
warm_server (CircletAccount *account,
             const char     *url)
{
  CircletSession *session = _circlet_application_get_session (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CircletSecret) token = NULL;
  g_autofree char *header = NULL;
  g_autofree char *profiles = g_strconcat (url, "/distribution/v2/profiles", NULL);
  g_auto(GStrv) argv = NULL;

  circlet_session_get_token_async (session, account, CIRCLET_TOKEN_FLAGS_NONE, NULL,
                                   circlet_test_store_result_cb, &result);
  token = circlet_session_get_token_finish (session, circlet_test_wait (&result), NULL, &error);
  if (token == NULL)
    g_error ("No token: %s", error->message);

  header = g_strconcat ("Authorization: Bearer ", token, NULL);
  argv = g_strdupv ((char *[]) { (char *) "curl", (char *) "-sf", (char *) "-o", (char *) "/dev/null",
                                 (char *) "-H", header, profiles, NULL });
  run_curl (argv, "warm the server");
}

/* Has the server list @items profiles from now on, and build its answer
 * before the measurement (curl, another process). */
static void
set_server_items (guint items)
{
  g_autofree char *field = g_strdup_printf ("n=%u", items);
  g_autofree char *control = g_strconcat (server_url, "/_control/items", NULL);
  g_auto(GStrv) argv = g_strdupv ((char *[]) { (char *) "curl", (char *) "-sf", (char *) "-o", (char *) "/dev/null",
                                               (char *) "-d", field, control, NULL });

  run_curl (argv, "set the server's items");
}

static CircletWindow *
open_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *window;

  g_settings_set_int (settings, "window-width", 1200);
  g_settings_set_int (settings, "window-height", 760);
  g_settings_reset (settings, "window-maximized");
  g_settings_set_string (settings, "selected-section",
                         circlet_resource_get_name (CIRCLET_RESOURCE_ORGANIZATIONS));

  window = GTK_WINDOW (circlet_window_new (app));
  gtk_window_present (window);
  circlet_test_wait_until_shown (GTK_WINDOW (window));

  return CIRCLET_WINDOW (window);
}

static guint
n_rows (CircletListPage *page)
{
  return g_list_model_get_n_items (G_LIST_MODEL (circlet_list_page_get_selection (page)));
}

static gboolean
page_is_settled (gpointer data)
{
  CircletListPage *page = data;

  return !circlet_list_page_get_loading (page) &&
         g_strcmp0 (circlet_list_page_get_state (page), "loading") != 0 &&
         gtk_filter_list_model_get_pending (circlet_list_page_get_filter_model (page)) == 0 &&
         gtk_sort_list_model_get_pending (circlet_list_page_get_sort_model (page)) == 0;
}

typedef struct
{
  CircletWindow   *window;
  CircletResource  resource;
  CircletListPage *page;
  guint            wanted;
} ListWait;

static gboolean
list_has_rows (gpointer data)
{
  ListWait *wait = data;
  CircletListPage *page = _circlet_window_get_visible_list (wait->window);

  if (page == NULL || circlet_list_page_get_resource (page) != wait->resource)
    return FALSE;
  wait->page = page;
  return n_rows (page) > 0;
}

static gboolean
list_is_complete (gpointer data)
{
  ListWait *wait = data;

  return page_is_settled (wait->page) && n_rows (wait->page) == wait->wanted;
}

/* }}} */
/* {{{ The measurements */

static gboolean
first_frame_after (gpointer data)
{
  FrameMeter *meter = data;

  return meter->painted > 0;
}

static CircletListPage *
measure_load (CircletWindow *window,
              MemorySample   empty)
{
  ListWait wait = { window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, NULL, n_items };
  StallMeter stall = { 0, };
  FrameMeter frames = { 0, };
  gint64 start;
  MemorySample loaded;
  long peak_kb;

  pause_before ("load");
  reset_peak_rss ();
  stall_meter_start (&stall);
  start = g_get_monotonic_time ();
  _circlet_window_select_section (window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES);

  /* The rows are in the model; they are on screen at the end of the next
   * frame. */
  spin_until (list_has_rows, &wait, "the first rows");
  frame_meter_start (&frames, GTK_WIDGET (window), FALSE);
  spin_until (first_frame_after, &frames, "the first rows to be painted");
  frame_meter_stop (&frames);
  report ("load-first-rows-painted", (g_get_monotonic_time () - start) / 1000.0, "ms");

  spin_until (list_is_complete, &wait, "every row");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
  report ("load-all-rows", (g_get_monotonic_time () - start) / 1000.0, "ms");
  report ("load-longest-stall", stall_meter_stop (&stall, "load-longest-stall"), "ms");

  peak_kb = proc_status_kb ("VmHWM:");
  /* Let the worker threads finish and the allocator settle. */
  circlet_test_run_for (1000);
  loaded = memory_sample ();
  report ("rss-empty-window", empty.rss_kb / 1024.0, "MB");
  report ("rss-loaded", loaded.rss_kb / 1024.0, "MB");
  report ("rss-peak-during-load", peak_kb / 1024.0, "MB");
  report ("memory-per-item", (loaded.rss_kb - empty.rss_kb) * 1024.0 / n_items, "bytes");
  /* RSS moves by megabytes from run to run with the renderer's shared
   * memory and the heap's free space; the live heap does not. */
  report ("rss-shmem-growth", (loaded.shmem_kb - empty.shmem_kb) / 1024.0, "MB");
  report ("heap-per-item", ((double) loaded.heap - (double) empty.heap) / n_items, "bytes");

  return wait.page;
}

typedef struct
{
  GtkAdjustment *adjustment;
  guint          frame;
  FrameMeter     meter;
} Scroll;

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Scroll *scroll = user_data;
  double lower = gtk_adjustment_get_lower (scroll->adjustment);
  double top = gtk_adjustment_get_upper (scroll->adjustment) - gtk_adjustment_get_page_size (scroll->adjustment);

  scroll->frame++;
  gtk_adjustment_set_value (scroll->adjustment, lower + (top - lower) * scroll->frame / SCROLL_FRAMES);
  return scroll->frame < SCROLL_FRAMES ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
scroll_is_done (gpointer data)
{
  Scroll *scroll = data;

  /* The frame that showed the last step was painted. */
  return scroll->frame >= SCROLL_FRAMES && scroll->meter.painted > SCROLL_FRAMES;
}

static void
measure_scroll (CircletWindow   *window,
                CircletListPage *page)
{
  GtkColumnView *view = circlet_list_page_get_column_view (page);
  Scroll scroll = { gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)), 0, { 0, } };
  gint64 start;

  gtk_adjustment_set_value (scroll.adjustment, 0);
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);

  pause_before ("scroll");
  frame_meter_start (&scroll.meter, GTK_WIDGET (window), TRUE);
  start = g_get_monotonic_time ();
  gtk_widget_add_tick_callback (GTK_WIDGET (view), scroll_tick_cb, &scroll, NULL);
  spin_until (scroll_is_done, &scroll, "the scroll to the bottom");
  report ("scroll-duration", (g_get_monotonic_time () - start) / 1000.0, "ms");
  report_frames ("scroll", scroll.meter.intervals);
  frame_meter_stop (&scroll.meter);
}

typedef struct
{
  CircletListPage *page;
  GtkEditable     *entry;
  guint            typed;
  guint            wanted;
  gint64           last_key;
  FrameMeter       meter;
} Search;

static gboolean
type_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  Search *search = user_data;
  glong length = g_utf8_strlen (SEARCH_TEXT, -1);
  g_autofree char *prefix = NULL;

  search->typed++;
  prefix = g_utf8_substring (SEARCH_TEXT, 0, search->typed);
  gtk_editable_set_text (search->entry, prefix);
  search->last_key = g_get_monotonic_time ();
  return search->typed < length ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
search_is_done (gpointer data)
{
  Search *search = data;

  return search->typed == (guint) g_utf8_strlen (SEARCH_TEXT, -1) &&
         page_is_settled (search->page) && n_rows (search->page) == search->wanted;
}

static void
measure_search (CircletWindow   *window,
                CircletListPage *page)
{
  Search search = { page, GTK_EDITABLE (_circlet_window_get_search_entry (window)), 0, n_items / 50, 0, { 0, } };
  ListWait cleared = { window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, page, n_items };
  gint64 painted;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  circlet_test_wait_for_frames (GTK_WIDGET (window), 3);

  pause_before ("search");
  frame_meter_start (&search.meter, GTK_WIDGET (window), TRUE);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), type_tick_cb, &search, NULL);
  spin_until (search_is_done, &search, "the search to filter every row");
  search.meter.painted = 0;
  spin_until (first_frame_after, &search.meter, "the filtered rows to be painted");
  painted = g_get_monotonic_time ();
  /* GtkSearchEntry waits 150 ms after the last key before it searches. */
  report ("search-last-key-to-rows-painted", (painted - search.last_key) / 1000.0, "ms");
  report_frames ("search", search.meter.intervals);
  frame_meter_stop (&search.meter);

  gtk_editable_set_text (search.entry, "");
  spin_until (list_is_complete, &cleared, "the search to clear");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
}

static gboolean
sort_is_done (gpointer data)
{
  return gtk_sort_list_model_get_pending (circlet_list_page_get_sort_model (data)) == 0;
}

static void
measure_sort_and_refresh (CircletWindow   *window,
                          CircletListPage *page)
{
  ListWait wait = { window, CIRCLET_RESOURCE_DISTRIBUTION_PROFILES, page, n_items };
  StallMeter stall = { 0, };
  gint64 start;

  pause_before ("sort");
  stall_meter_start (&stall);
  start = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (circlet_list_page_get_column_view (page),
                                  circlet_test_find_column (circlet_list_page_get_column_view (page), "Name"), GTK_SORT_DESCENDING);
  spin_until (sort_is_done, page, "the sort");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 1);
  report ("sort-by-name-duration", (g_get_monotonic_time () - start) / 1000.0, "ms");
  report ("sort-by-name-longest-stall", stall_meter_stop (&stall, "sort-by-name-longest-stall"), "ms");

  gtk_column_view_sort_by_column (circlet_list_page_get_column_view (page), NULL, GTK_SORT_ASCENDING);
  spin_until (sort_is_done, page, "the sort to clear");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);

  pause_before ("refresh");
  stall_meter_start (&stall);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  spin_until (list_is_complete, &wait, "the refresh");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
  report ("refresh-duration", (g_get_monotonic_time () - start) / 1000.0, "ms");
  report ("refresh-longest-stall", stall_meter_stop (&stall, "refresh-longest-stall"), "ms");

  /* The same with one more profile at the end: the rows already shown
   * stay the same objects. */
  set_server_items (n_items + 1);
  wait.wanted = n_items + 1;
  pause_before ("refresh-added");
  stall_meter_start (&stall);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  spin_until (list_is_complete, &wait, "the refresh with one more profile");
  circlet_test_wait_for_frames (GTK_WIDGET (window), 2);
  report ("refresh-added-duration", (g_get_monotonic_time () - start) / 1000.0, "ms");
  report ("refresh-added-longest-stall", stall_meter_stop (&stall, "refresh-added-longest-stall"), "ms");
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *server_binary = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(CircletAccount) account = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int items = 1000;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_binary, "circlet-test-server", "PATH" },
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "Profiles in the list (default: 1000)", "N" },
    { NULL }
  };
  CircletWindow *window;
  CircletListPage *page;
  MemorySample empty;

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || server_binary == NULL || items < 50)
    {
      g_printerr ("Usage: bench-lists --server PATH --items N (N ≥ 50)\n");
      return 2;
    }
  n_items = items;

  /* First: a private HOME, bus and keyring, which GLib and GTK read once. */
  circlet_keyring_fixture_setup (CIRCLET_KEYRING_GNOME);
  if (!gtk_init_check ())
    g_error ("no display: run through bench/run");
  adw_init ();

  server = start_server (server_binary, &url, &key);
  app = circlet_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  server_url = url;
  account = add_account (url, key);
  warm_server (account, url);

  window = open_window ();
  {
    ListWait orgs = { window, CIRCLET_RESOURCE_ORGANIZATIONS, NULL, 0 };

    spin_until (list_has_rows, &orgs, "the organizations");
    circlet_test_wait_for_frames (GTK_WIDGET (window), 3);
    circlet_test_run_for (1000);
  }
  report ("renderer", 0, G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  empty = memory_sample ();

  page = measure_load (window, empty);
  measure_scroll (window, page);
  measure_search (window, page);
  measure_sort_and_refresh (window, page);

  gtk_window_destroy (GTK_WINDOW (window));
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&app);
  circlet_keyring_fixture_teardown ();
  return 0;
}
