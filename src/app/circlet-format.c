/* circlet-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "circlet-format.h"

#define RELATIVE_DAYS 7

/* How long a looked-up local time zone is trusted. */
#define ZONE_CHECK_INTERVAL (60 * G_USEC_PER_SEC)

/* g_date_time_to_local() calls g_time_zone_new_local(), which in GLib 2.74
 * reads the /etc/localtime link again every time (readlink and stat): a row
 * formats several dates, and a scroll or a sort binds hundreds of rows
 * (perf: 12 of 16 samples of the main thread in a stall after sorting
 * 100,000 rows were under circlet_format_date → g_time_zone_new_identifier).
 * The zone is looked up again once a minute, for a machine that moves to
 * another time zone. Main thread only, like every formatter here. */
static GDateTime *
to_local (GDateTime *date)
{
  static GTimeZone *zone;
  static gint64 checked;
  gint64 now = g_get_monotonic_time ();

  if (zone == NULL || now - checked > ZONE_CHECK_INTERVAL)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      checked = now;
    }

  return g_date_time_to_timezone (date, zone);
}

/* Whole calendar days from @now's day to @date's day, in local time:
 * negative in the past. */
static int
calendar_days_between (GDateTime *now,
                       GDateTime *date)
{
  g_autoptr(GDateTime) now_local = to_local (now);
  g_autoptr(GDateTime) date_local = to_local (date);
  GDate a, b;
  int y, m, d;

  g_date_time_get_ymd (now_local, &y, &m, &d);
  g_date_set_dmy (&a, d, m, y);
  g_date_time_get_ymd (date_local, &y, &m, &d);
  g_date_set_dmy (&b, d, m, y);

  return g_date_days_between (&a, &b);
}

/**
 * circlet_format_date:
 * @date: (nullable): the date to show
 * @now: the present, so that a whole list row shares one clock
 *
 * Returns: (transfer full): "5 minutes ago", "Yesterday", "3 days ago",
 *   "In 12 days" near @now, else the locale's date; "—" for no date
 */
char *
circlet_format_date (GDateTime *date,
                     GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  GTimeSpan diff;
  int days;

  if (date == NULL)
    /* Translators: shown in a list cell for a date the server did not give. */
    return g_strdup (C_("date", "—"));

  g_return_val_if_fail (now != NULL, NULL);

  diff = g_date_time_difference (now, date);
  days = calendar_days_between (now, date);

  if (diff >= 0 && diff < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (diff >= 0 && diff < G_TIME_SPAN_HOUR)
    {
      int minutes = (int) (diff / G_TIME_SPAN_MINUTE);
      return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", minutes), minutes);
    }
  if (diff >= 0 && diff < 12 * G_TIME_SPAN_HOUR)
    {
      int hours = (int) (diff / G_TIME_SPAN_HOUR);
      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", hours), hours);
    }
  if (days == 0)
    return g_strdup (_("Today"));
  if (days == -1)
    return g_strdup (_("Yesterday"));
  if (days == 1)
    return g_strdup (_("Tomorrow"));
  if (days < 0 && days > -RELATIVE_DAYS)
    return g_strdup_printf (ngettext ("%d day ago", "%d days ago", -days), -days);
  /* Expiry dates: the count of days left is what matters up to a month out. */
  if (days > 0 && days <= 30)
    return g_strdup_printf (ngettext ("In %d day", "In %d days", days), days);

  local = to_local (date);
  return g_date_time_format (local, "%x");
}

/**
 * circlet_format_date_full:
 * @date: (nullable): a date
 *
 * Returns: (transfer full) (nullable): the date and time in the locale's
 *   format, for a tooltip; %NULL for no date
 */
char *
circlet_format_date_full (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;

  local = to_local (date);
  return g_date_time_format (local, "%x %X");
}

/**
 * circlet_format_count:
 * @count: a number of things
 *
 * Returns: (transfer full): @count with the locale's digit grouping
 */
char *
circlet_format_count (guint64 count)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
}

/**
 * circlet_format_age:
 * @then: when a list was loaded
 * @now: the present
 *
 * Returns: (transfer full): "Updated just now", "Updated 5 minutes ago", …
 */
char *
circlet_format_age (GDateTime *then,
                    GDateTime *now)
{
  GTimeSpan diff = g_date_time_difference (now, then);
  int minutes, hours;

  if (diff < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Updated just now"));

  minutes = (int) (diff / G_TIME_SPAN_MINUTE);
  if (minutes < 60)
    return g_strdup_printf (ngettext ("Updated %d minute ago", "Updated %d minutes ago", minutes), minutes);

  hours = minutes / 60;
  if (hours < 24)
    return g_strdup_printf (ngettext ("Updated %d hour ago", "Updated %d hours ago", hours), hours);

  {
    g_autoptr(GDateTime) local = to_local (then);
    g_autofree char *when = g_date_time_format (local, "%x %X");

    /* Translators: %s is a date and time. */
    return g_strdup_printf (_("Updated %s"), when);
  }
}

/**
 * circlet_format_age_next_change:
 * @then: when a list was loaded
 * @now: the present
 *
 * Returns: the microseconds from @now until circlet_format_age() says
 *   something else, or -1 if it never will (a day on, it shows the date)
 */
GTimeSpan
circlet_format_age_next_change (GDateTime *then,
                                GDateTime *now)
{
  GTimeSpan diff = MAX (g_date_time_difference (now, then), 0);

  if (diff < G_TIME_SPAN_HOUR)
    return (diff / G_TIME_SPAN_MINUTE + 1) * G_TIME_SPAN_MINUTE - diff;
  if (diff < G_TIME_SPAN_DAY)
    return (diff / G_TIME_SPAN_HOUR + 1) * G_TIME_SPAN_HOUR - diff;
  return -1;
}
