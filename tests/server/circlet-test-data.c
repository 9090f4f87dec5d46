/* circlet-test-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "circlet-test-data.h"

/* Every item is a pure function of its index, so a test can predict any
 * field and two runs serve byte-identical bodies.  The data is realistic on
 * purpose, including what a real server gets wrong now and then: nulls,
 * a number where a string belongs (every 97th item) and enum codes no
 * client knows yet. */

/* 2025-06-01T12:00:00Z: a fixed "now" for dates that need not move. */
#define BASE_TIME G_GINT64_CONSTANT (1748779200)
#define DAY       G_GINT64_CONSTANT (86400)
#define NO_DATE   G_MININT64

/* The last 8 hex digits of a GUID carry the index XOR this mask, so a
 * detail request can find its item without a lookup table. */
#define INDEX_MASK 0x5ca1ab1eu

/* The second group of a GUID names the kind of entity, so an id from one
 * list is never accepted by another. */
typedef enum
{
  KIND_DISTRIBUTION = 0xd157,
  KIND_APP_VERSION  = 0xa99e,
  KIND_GROUP        = 0x6e0b,
  KIND_BUILD        = 0xb1d0,
  KIND_BRANCH       = 0xb4a2,
  KIND_STORE        = 0x5707,
  KIND_STORE_VER    = 0x57a1,
  KIND_PUBLISH      = 0x9b15,
  KIND_ORG          = 0x0e60,
  KIND_USER         = 0x05e4,
  KIND_CERT         = 0xce47,
  KIND_KEYSTORE     = 0x4e15,
  KIND_PROVISIONING = 0x9f0f,
} Kind;

static const char * const companies[] = {
  "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne",
  "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Wonka",
};
static const char * const products[] = {
  "Banking", "Retail", "Fitness", "Travel", "Insurance",
  "Delivery", "Health", "Wallet", "Chat", "Maps",
};
static const char * const stages[] = {
  "QA", "Beta", "Staging", "Internal", "UAT", "Release",
};
static const char * const branches[] = {
  "main", "develop", "release/2.x", "feature/login", "feature/dark-mode",
  "hotfix/crash-on-start", "renovate/glib", "qa",
};
static const int build_statuses[] = { 0, 1, 2, 3, 90, 91, 100, 200, 202, 250 };

static guint32
mix32 (guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

/* Hand-rolled number formatting: printf dominated the time to write
 * 100,000 items. */
static void
append_hex (GString *s,
            guint32  value,
            guint    digits)
{
  static const char hex[] = "0123456789abcdef";
  char buf[8];

  g_assert (digits <= sizeof buf);
  for (guint k = digits; k > 0; k--)
    {
      buf[k - 1] = hex[value & 0xf];
      value >>= 4;
    }
  g_string_append_len (s, buf, digits);
}

static void
append_int (GString *s,
            gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 u = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (s, p, buf + sizeof buf - p);
}

static void
append_guid_raw (GString *s,
                 Kind     kind,
                 guint    index)
{
  guint32 h1 = mix32 ((guint32) kind * 0x9e3779b9u ^ index);
  guint32 h2 = mix32 (h1 ^ 0x85ebca6bu);

  append_hex (s, h1, 8);
  g_string_append_c (s, '-');
  append_hex (s, (guint32) kind, 4);
  g_string_append (s, "-4");
  append_hex (s, h2 & 0xfff, 3);
  g_string_append_c (s, '-');
  append_hex (s, 8 | ((h2 >> 12) & 3), 1);
  append_hex (s, (h2 >> 16) & 0xfff, 3);
  g_string_append_c (s, '-');
  append_hex (s, h1 >> 16, 4);
  append_hex (s, index ^ INDEX_MASK, 8);
}

static char *
dup_guid (Kind  kind,
          guint index)
{
  GString *s = g_string_sized_new (37);

  append_guid_raw (s, kind, index);
  return g_string_free (s, FALSE);
}

/* Finds the index an id was made from, if it was made by append_guid_raw()
 * for this kind and the index is below limit. */
static gboolean
parse_guid (const char *id,
            Kind        kind,
            guint       limit,
            guint      *index)
{
  g_autofree char *again = NULL;
  guint64 tail;

  if (id == NULL || strlen (id) != 36)
    return FALSE;
  if (!g_ascii_string_to_unsigned (id + 28, 16, 0, G_MAXUINT32, &tail, NULL))
    return FALSE;
  tail ^= INDEX_MASK;
  if (tail >= limit)
    return FALSE;
  again = dup_guid (kind, (guint) tail);
  if (g_ascii_strcasecmp (again, id) != 0)
    return FALSE;
  *index = (guint) tail;
  return TRUE;
}

void
circlet_test_data_append_string (GString    *s,
                                 const char *str)
{
  const char *run = str;
  const char *p;

  g_string_append_c (s, '"');
  for (p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (s, run, p - run);
      switch (c)
        {
        case '"':
          g_string_append (s, "\\\"");
          break;
        case '\\':
          g_string_append (s, "\\\\");
          break;
        case '\n':
          g_string_append (s, "\\n");
          break;
        case '\t':
          g_string_append (s, "\\t");
          break;
        default:
          g_string_append_printf (s, "\\u%04x", c);
          break;
        }
      run = p + 1;
    }
  g_string_append_len (s, run, p - run);
  g_string_append_c (s, '"');
}

/* Field writers.  Every object starts with its "id", so every later field
 * can begin with a comma. */

static void
key (GString    *s,
     const char *name)
{
  g_string_append (s, ",\"");
  g_string_append (s, name);
  g_string_append (s, "\":");
}

static void
field_str (GString    *s,
           const char *name,
           const char *value)
{
  key (s, name);
  if (value == NULL)
    g_string_append (s, "null");
  else
    circlet_test_data_append_string (s, value);
}

static void
field_int (GString    *s,
           const char *name,
           gint64      value)
{
  key (s, name);
  append_int (s, value);
}

static void
field_bool (GString    *s,
            const char *name,
            gboolean    value)
{
  key (s, name);
  g_string_append (s, value ? "true" : "false");
}

static void
put2 (char *p,
      int   value)
{
  p[0] = (char) ('0' + value / 10);
  p[1] = (char) ('0' + value % 10);
}

/* Civil date from days since 1970 (Howard Hinnant's algorithm): gmtime_r
 * was the slowest part of writing a list. */
static void
field_date (GString    *s,
            const char *name,
            gint64      unix_time)
{
  char buf[] = "\"0000-00-00T00:00:00Z\"";
  gint64 days;
  gint64 secs;
  gint64 era;
  gint64 doe;
  gint64 yoe;
  gint64 doy;
  gint64 mp;
  gint64 year;
  int month;
  int day;

  key (s, name);
  if (unix_time == NO_DATE)
    {
      g_string_append (s, "null");
      return;
    }
  days = unix_time >= 0 ? unix_time / DAY : -((-unix_time + DAY - 1) / DAY);
  secs = unix_time - days * DAY;
  days += 719468;
  era = (days >= 0 ? days : days - 146096) / 146097;
  doe = days - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  day = (int) (doy - (153 * mp + 2) / 5 + 1);
  month = (int) (mp < 10 ? mp + 3 : mp - 9);
  year = yoe + era * 400 + (month <= 2);

  put2 (buf + 1, (int) (year / 100 % 100));
  put2 (buf + 3, (int) (year % 100));
  put2 (buf + 6, month);
  put2 (buf + 9, day);
  put2 (buf + 12, (int) (secs / 3600));
  put2 (buf + 15, (int) (secs / 60 % 60));
  put2 (buf + 18, (int) (secs % 60));
  g_string_append_len (s, buf, sizeof buf - 1);
}

static void
field_guid (GString    *s,
            const char *name,
            Kind        kind,
            guint       index)
{
  key (s, name);
  g_string_append_c (s, '"');
  append_guid_raw (s, kind, index);
  g_string_append_c (s, '"');
}

static void
begin_object (GString *s,
              Kind     kind,
              guint    index)
{
  g_string_append (s, "{\"id\":\"");
  append_guid_raw (s, kind, index);
  g_string_append_c (s, '"');
}

static void
field_name (GString    *s,
            const char *name,
            guint       i)
{
  char buf[128];

  key (s, name);
  /* Quotes, a backslash, a tab and non-ASCII text check the escaping of
   * both this writer and every client parser. */
  if (i % 50 == 49)
    {
      g_snprintf (buf, sizeof buf, "Zürich \"Quoted\" \\ Tools\t✓ %u", i);
      circlet_test_data_append_string (s, buf);
      return;
    }
  /* The word lists need no escaping. */
  g_string_append_c (s, '"');
  g_string_append (s, companies[i % G_N_ELEMENTS (companies)]);
  g_string_append_c (s, ' ');
  g_string_append (s, products[(i / 3) % G_N_ELEMENTS (products)]);
  g_string_append_c (s, ' ');
  g_string_append (s, stages[(i / 7) % G_N_ELEMENTS (stages)]);
  g_string_append_c (s, ' ');
  append_int (s, i);
  g_string_append_c (s, '"');
}

static void
field_version (GString    *s,
               const char *name,
               guint       i,
               gboolean    with_build)
{
  key (s, name);
  g_string_append_c (s, '"');
  append_int (s, 1 + i % 4);
  g_string_append_c (s, '.');
  append_int (s, i % 10);
  g_string_append_c (s, '.');
  append_int (s, i % 3);
  if (with_build)
    {
      g_string_append (s, " (");
      append_int (s, 100 + i);
      g_string_append_c (s, ')');
    }
  g_string_append_c (s, '"');
}

static gboolean
wrong_type (guint i)
{
  return i % 97 == 96;
}

static gint64
past (guint i,
      guint step)
{
  return BASE_TIME - (gint64) i * step;
}

static void
write_distribution (GString *s,
                    guint    i,
                    guint    n_items)
{
  begin_object (s, KIND_DISTRIBUTION, i);
  field_name (s, "name", i);
  field_bool (s, "pinned", i % 7 == 0);
  if (wrong_type (i))
    field_int (s, "iOSVersion", 240118);
  else if (i % 5 == 3)
    field_str (s, "iOSVersion", NULL);
  else
    field_version (s, "iOSVersion", i, TRUE);
  if (i % 4 == 1)
    field_str (s, "androidVersion", NULL);
  else
    field_version (s, "androidVersion", i + 1, TRUE);
  field_date (s, "updateDate", past (i, 3607));
  field_date (s, "lastAppVersionSharedDate", i % 6 == 5 ? NO_DATE : past (i, 3607) - 600);
  key (s, "settings");
  g_string_append (s, "{\"authenticationType\":");
  append_int (s, i % 89 == 88 ? 9 : 1 + i % 5);
  g_string_append_c (s, '}');
  key (s, "testingGroupIds");
  if (i % 3 == 2 || n_items == 0)
    g_string_append (s, "null");
  else
    {
      guint n = i % 4;

      g_string_append_c (s, '[');
      for (guint j = 0; j < n; j++)
        {
          if (j > 0)
            g_string_append_c (s, ',');
          g_string_append_c (s, '"');
          append_guid_raw (s, KIND_GROUP, (i + j) % n_items);
          g_string_append_c (s, '"');
        }
      g_string_append_c (s, ']');
    }
}

static void
write_testing_group (GString *s,
                     guint    i)
{
  char buf[64];

  begin_object (s, KIND_GROUP, i);
  g_snprintf (buf, sizeof buf, "%s Testers %u", stages[i % G_N_ELEMENTS (stages)], i);
  field_str (s, "name", buf);
  field_date (s, "createDate", past (i, 7211) - 90 * DAY);
  field_date (s, "updateDate", i % 8 == 7 ? NO_DATE : past (i, 7211));
}

static void
write_build (GString *s,
             guint    i)
{
  char buf[96];

  begin_object (s, KIND_BUILD, i);
  field_name (s, "name", i);
  field_bool (s, "pinned", i % 9 == 0);
  field_int (s, "os", i % 89 == 88 ? 7 : 1 + i % 2);
  field_int (s, "buildPlatformType", i % 83 == 82 ? 42 : 1 + i % 6);
  if (wrong_type (i))
    field_int (s, "repositoryName", 4242);
  else if (i % 10 == 4)
    field_str (s, "repositoryName", NULL);
  else
    {
      g_snprintf (buf, sizeof buf, "%s/%s-app-%u",
                  companies[i % G_N_ELEMENTS (companies)],
                  products[i % G_N_ELEMENTS (products)], i);
      field_str (s, "repositoryName", buf);
    }
  field_date (s, "lastBuildDate", i % 11 == 10 ? NO_DATE : past (i, 1811));
  field_int (s, "autoDistributeCount", i % 3);
  field_int (s, "autoBuildCount", i % 2);
}

static void
write_store (GString *s,
             guint    i)
{
  begin_object (s, KIND_STORE, i);
  field_name (s, "name", i);
  if (wrong_type (i))
    field_int (s, "version", 3);
  else
    field_version (s, "version", i, FALSE);
  field_int (s, "totalDownloadCount", (i * 37) % 1000);
  field_date (s, "latestPublishDate", i % 5 == 2 ? NO_DATE : past (i, 5003));
  field_date (s, "lastBinaryReceivedDate", i % 7 == 3 ? NO_DATE : past (i, 5003) - 1200);
}

static void
write_publish (GString *s,
               guint    i,
               gboolean ios)
{
  char buf[96];

  begin_object (s, KIND_PUBLISH, i * 2 + (ios ? 0 : 1));
  field_name (s, "name", i);
  field_version (s, "lastUploadVersion", i, FALSE);
  g_snprintf (buf, sizeof buf, "%u", 100 + i);
  field_str (s, "lastUploadVersionCode", buf);
  if (wrong_type (i))
    field_int (s, "version", 2);
  else
    field_version (s, "version", i, FALSE);
  g_snprintf (buf, sizeof buf, "com.%s.%s%u",
              companies[i % G_N_ELEMENTS (companies)],
              products[i % G_N_ELEMENTS (products)], i);
  field_str (s, "appUniqueId", buf);
  field_date (s, "latestPublishDate", i % 4 == 0 ? NO_DATE : past (i, 4001));
  field_int (s, "platformType", i % 89 == 88 ? 7 : (ios ? 1 : 2));
  field_date (s, "createDate", past (i, 4001) - 200 * DAY);
  field_date (s, "updateDate", past (i, 4001));
  key (s, "profileSettings");
  g_string_append_printf (s, "{\"whenNewVersionRecieved\":%s}", i % 2 ? "true" : "false");
}

static void
write_organization (GString *s,
                    guint    i)
{
  static const char * const names[] = { "Acme", "Acme Mobile Team", "Acme Web", "Acme Labs" };
  static const char * const given[] = { "acme", "acme-mobile", "acme-web", "acme-labs" };

  begin_object (s, KIND_ORG, i);
  field_str (s, "name", names[i % G_N_ELEMENTS (names)]);
  field_str (s, "givenId", given[i % G_N_ELEMENTS (given)]);
  field_bool (s, "ssoEnabled", i == 2);
  field_bool (s, "disabled", FALSE);
  field_date (s, "createdDate", BASE_TIME - (400 - (gint64) i * 50) * DAY);
  /* A root organization has no root fields at all, as MIG tests with
   * `'rootOrganizationId' in org`. */
  if (i > 0)
    {
      field_guid (s, "rootOrganizationId", KIND_ORG, 0);
      field_str (s, "rootOrganizationName", names[0]);
    }
}

static void
write_certificate (GString *s,
                   guint    i,
                   gint64   now)
{
  char buf[64];
  gint64 expire;

  if (i % 12 == 0)
    expire = now - (1 + i % 40) * DAY;
  else if (i % 12 == 1)
    expire = now + (1 + i % 28) * DAY;
  else
    expire = now + (60 + i % 300) * DAY;
  begin_object (s, KIND_CERT, i);
  g_snprintf (buf, sizeof buf, "Apple Distribution: %s Inc. (%u)",
              companies[i % G_N_ELEMENTS (companies)], i);
  field_str (s, "name", buf);
  field_int (s, "storeType", i % 89 == 88 ? 3 : i % 2);
  field_date (s, "expireDate", expire);
  g_snprintf (buf, sizeof buf, "distribution-%u.p12", i);
  field_str (s, "filename", buf);
  field_date (s, "createDate", past (i, 9001) - 300 * DAY);
  field_date (s, "updateDate", i % 3 == 0 ? NO_DATE : past (i, 9001));
}

static void
write_keystore (GString *s,
                guint    i)
{
  char buf[64];

  begin_object (s, KIND_KEYSTORE, i);
  g_snprintf (buf, sizeof buf, "release-key-%u", i);
  field_str (s, "name", buf);
  g_snprintf (buf, sizeof buf, "release-%u.jks", i);
  field_str (s, "fileName", buf);
  field_date (s, "expireDate", i % 10 == 9 ? NO_DATE : BASE_TIME + (8000 + (gint64) i % 500) * DAY);
  if (wrong_type (i))
    field_int (s, "alias", 1);
  else
    field_str (s, "alias", i % 2 ? "upload" : "release");
  field_date (s, "createDate", past (i, 6007) - 100 * DAY);
}

static void
write_provisioning (GString *s,
                    guint    i,
                    gint64   now)
{
  char buf[96];
  gint64 expire;

  /* Relative to now, so "expires soon" and "expired" badges always have
   * something to show: a tenth expired, a tenth within 30 days. */
  if (i % 10 == 0)
    expire = now - (1 + i % 40) * DAY;
  else if (i % 10 == 1)
    expire = now + (1 + i % 28) * DAY;
  else
    expire = now + (60 + i % 300) * DAY;
  begin_object (s, KIND_PROVISIONING, i);
  g_snprintf (buf, sizeof buf, "%s %s App Store %u",
              companies[i % G_N_ELEMENTS (companies)],
              products[i % G_N_ELEMENTS (products)], i);
  field_str (s, "name", buf);
  g_snprintf (buf, sizeof buf, "com.%s.%s%u",
              companies[i % G_N_ELEMENTS (companies)],
              products[i % G_N_ELEMENTS (products)], i);
  field_str (s, "appId", buf);
  field_int (s, "storeType", i % 2);
  field_bool (s, "hasCertificate", i % 4 != 3);
  field_date (s, "expireDate", expire);
  field_date (s, "createDate", past (i, 6007) - 200 * DAY);
}

static GBytes *
finish (GString *s)
{
  return g_string_free_to_bytes (s);
}

GBytes *
circlet_test_data_list (CircletTestList list,
                        guint           n_items,
                        gint64          now)
{
  guint n = list == CIRCLET_TEST_LIST_ORGANIZATIONS ? 1 + CIRCLET_TEST_DATA_N_SUB_ORGS : n_items;
  GString *s = g_string_sized_new (64 + (gsize) n * 420);

  g_string_append (s, list == CIRCLET_TEST_LIST_ORGANIZATIONS ? "{\"data\":[" : "[");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      switch (list)
        {
        case CIRCLET_TEST_LIST_DISTRIBUTION_PROFILES:
          write_distribution (s, i, n_items);
          break;
        case CIRCLET_TEST_LIST_TESTING_GROUPS:
          write_testing_group (s, i);
          break;
        case CIRCLET_TEST_LIST_BUILD_PROFILES:
          write_build (s, i);
          break;
        case CIRCLET_TEST_LIST_STORE_PROFILES:
          write_store (s, i);
          break;
        case CIRCLET_TEST_LIST_PUBLISH_IOS:
        case CIRCLET_TEST_LIST_PUBLISH_ANDROID:
          write_publish (s, i, list == CIRCLET_TEST_LIST_PUBLISH_IOS);
          break;
        case CIRCLET_TEST_LIST_ORGANIZATIONS:
          write_organization (s, i);
          break;
        case CIRCLET_TEST_LIST_CERTIFICATES:
          write_certificate (s, i, now);
          break;
        case CIRCLET_TEST_LIST_KEYSTORES:
          write_keystore (s, i);
          break;
        case CIRCLET_TEST_LIST_PROVISIONING_PROFILES:
          write_provisioning (s, i, now);
          break;
        case CIRCLET_TEST_N_LISTS:
        default:
          g_assert_not_reached ();
        }
      g_string_append_c (s, '}');
    }
  g_string_append (s, list == CIRCLET_TEST_LIST_ORGANIZATIONS ? "]}" : "]");
  return finish (s);
}

/* Sub-lists hold 0–12 entries, derived from the parent's index. */
static guint
sub_count (guint i,
           guint factor,
           guint offset)
{
  return (i * factor + offset) % 13;
}

GBytes *
circlet_test_data_distribution_profile (const char *id,
                                        guint       n_items)
{
  GString *s;
  guint i;
  guint n;

  if (!parse_guid (id, KIND_DISTRIBUTION, n_items, &i))
    return NULL;
  s = g_string_new (NULL);
  write_distribution (s, i, n_items);
  key (s, "appVersions");
  g_string_append_c (s, '[');
  n = sub_count (i, 7, 2);
  for (guint j = 0; j < n; j++)
    {
      char buf[64];
      guint v = n - j;

      if (j > 0)
        g_string_append_c (s, ',');
      begin_object (s, KIND_APP_VERSION, i * 16 + j);
      g_snprintf (buf, sizeof buf, "App-%u.%u.%s", 1 + i % 4, v, j % 2 ? "apk" : "ipa");
      field_str (s, "name", buf);
      field_version (s, "version", v, FALSE);
      g_snprintf (buf, sizeof buf, "%u", 100 + v);
      field_str (s, "versionCode", buf);
      field_str (s, "summary", j % 3 == 2 ? NULL : "Fixes and improvements");
      field_int (s, "platformType", j % 2 ? 2 : 1);
      /* Newest first, as the CLI expects. */
      field_date (s, "createdAt", past (i, 3607) - (gint64) j * DAY);
      g_string_append_c (s, '}');
    }
  g_string_append (s, "]}");
  return finish (s);
}

GBytes *
circlet_test_data_testing_group (const char *id,
                                 guint       n_items)
{
  GString *s;
  guint i;
  guint n;

  if (!parse_guid (id, KIND_GROUP, n_items, &i))
    return NULL;
  s = g_string_new (NULL);
  write_testing_group (s, i);
  key (s, "testers");
  g_string_append_c (s, '[');
  n = sub_count (i, 5, 1);
  for (guint j = 0; j < n; j++)
    {
      char buf[64];

      if (j > 0)
        g_string_append_c (s, ',');
      /* A "+" in an address checks that clients do not mangle it. */
      if (j == 3)
        g_snprintf (buf, sizeof buf, "qa+group%u@example.com", i);
      else
        g_snprintf (buf, sizeof buf, "tester%u.%u@example.com", i, j);
      circlet_test_data_append_string (s, buf);
    }
  g_string_append (s, "]}");
  return finish (s);
}

GBytes *
circlet_test_data_build_profile (const char *id,
                                 guint       n_items)
{
  GString *s;
  guint i;
  guint n;

  if (!parse_guid (id, KIND_BUILD, n_items, &i))
    return NULL;
  s = g_string_new (NULL);
  write_build (s, i);
  key (s, "branches");
  g_string_append_c (s, '[');
  n = sub_count (i, 3, 1);
  for (guint j = 0; j < n; j++)
    {
      if (j > 0)
        g_string_append_c (s, ',');
      begin_object (s, KIND_BRANCH, i * 16 + j);
      field_str (s, "name", branches[j % G_N_ELEMENTS (branches)]);
      field_date (s, "lastBuildDate", j % 4 == 3 ? NO_DATE : past (i, 1811) - (gint64) j * 3600);
      field_int (s, "buildStatus", build_statuses[(i + j) % G_N_ELEMENTS (build_statuses)]);
      g_string_append_c (s, '}');
    }
  g_string_append (s, "]}");
  return finish (s);
}

GBytes *
circlet_test_data_store_app_versions (const char *profile_id,
                                      guint       n_items,
                                      const char *publish_type)
{
  GString *s;
  gboolean first = TRUE;
  int wanted = -1;
  guint i;
  guint n;

  if (!parse_guid (profile_id, KIND_STORE, n_items, &i))
    return NULL;
  if (publish_type != NULL && g_ascii_strcasecmp (publish_type, "Beta") == 0)
    wanted = 1;
  else if (publish_type != NULL && g_ascii_strcasecmp (publish_type, "Live") == 0)
    wanted = 2;

  s = g_string_new ("[");
  n = sub_count (i, 5, 3);
  for (guint j = 0; j < n; j++)
    {
      char buf[64];
      guint v = n - j;
      int publish = (i + j) % 23 == 22 ? 5 : (int) (j % 3);

      if (wanted >= 0 && publish != wanted)
        continue;
      if (!first)
        g_string_append_c (s, ',');
      first = FALSE;
      begin_object (s, KIND_STORE_VER, i * 16 + j);
      g_snprintf (buf, sizeof buf, "%s.%s", products[i % G_N_ELEMENTS (products)], j % 2 ? "apk" : "ipa");
      field_str (s, "name", buf);
      g_snprintf (buf, sizeof buf, "Sprint %u", 40 + v);
      field_str (s, "summary", j % 4 == 3 ? NULL : buf);
      field_version (s, "version", v, FALSE);
      g_snprintf (buf, sizeof buf, "%u", 300 + v);
      field_str (s, "versionCode", buf);
      field_int (s, "publishType", publish);
      field_date (s, "publishDate", publish == 0 ? NO_DATE : past (i, 5003) - (gint64) j * DAY);
      field_int (s, "platformType", j % 2 ? 2 : 1);
      field_int (s, "downloadCount", (i + j * 13) % 100);
      field_date (s, "createDate", past (i, 5003) - (gint64) j * DAY - 1200);
      field_date (s, "updateDate", past (i, 5003) - (gint64) j * DAY);
      g_string_append_c (s, '}');
    }
  g_string_append_c (s, ']');
  return finish (s);
}

GBytes *
circlet_test_data_organization_users (const char *org_id)
{
  static const char * const first_names[] = { "Ada", "Grace", "Linus", "Ken", "Barbara", "Dennis" };
  GString *s;
  guint org;
  guint n;

  if (!parse_guid (org_id, KIND_ORG, 1 + CIRCLET_TEST_DATA_N_SUB_ORGS, &org))
    return NULL;
  s = g_string_new ("[");
  n = org == 0 ? 12 : 2 + org * 3;
  for (guint j = 0; j < n; j++)
    {
      char buf[96];
      const char *first = first_names[j % G_N_ELEMENTS (first_names)];

      if (j > 0)
        g_string_append_c (s, ',');
      /* User 0 of every organization is the token's own user. */
      begin_object (s, KIND_USER, j == 0 ? 0 : org * 16 + j);
      if (j == 0)
        {
          field_str (s, "username", "dev");
          field_str (s, "email", "dev@example.com");
          field_str (s, "fullName", "Dev Eloper");
        }
      else
        {
          g_snprintf (buf, sizeof buf, "%s%u", first, org * 16 + j);
          field_str (s, "username", buf);
          g_snprintf (buf, sizeof buf, "%s.%u@example.com", first, org * 16 + j);
          field_str (s, "email", buf);
          field_str (s, "fullName", j % 5 == 4 ? NULL : first);
        }
      g_string_append_c (s, '}');
    }
  g_string_append_c (s, ']');
  return finish (s);
}

GBytes *
circlet_test_data_huge_body (gsize min_bytes)
{
  static const char item[] =
    "{\"id\":\"00000000-0000-4000-8000-000000000000\",\"name\":\"Padding\","
    "\"payload\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}";
  GString *s = g_string_sized_new (min_bytes + sizeof item + 2);

  g_string_append_c (s, '[');
  g_string_append (s, item);
  while (s->len + 1 < min_bytes)
    {
      g_string_append_c (s, ',');
      g_string_append_len (s, item, sizeof item - 1);
    }
  g_string_append_c (s, ']');
  return finish (s);
}

char *
circlet_test_data_org_id (guint index)
{
  return dup_guid (KIND_ORG, index);
}

char *
circlet_test_data_user_id (void)
{
  return dup_guid (KIND_USER, 0);
}

gboolean
circlet_test_data_is_org_id (const char *id)
{
  guint index;

  return parse_guid (id, KIND_ORG, 1 + CIRCLET_TEST_DATA_N_SUB_ORGS, &index);
}
