/* circlet-json-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "circlet-json-scan-private.h"

/* Validated once by the caller: valid UTF-8, so only the JSON grammar and
 * the bounds need checking here. Depth is tracked by recursion, bounded by
 * max_depth. */

static inline const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
}

static gboolean
scan_string (const char **pp,
             const char  *end)
{
  const char *p = *pp + 1;  /* past the opening quote */

  while (p < end)
    {
      guchar c = (guchar) *p;

      if (c == '"')
        {
          *pp = p + 1;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          if (++p >= end)
            return FALSE;
          switch (*p)
            {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
              p++;
              break;
            case 'u':
              if (end - p < 5 ||
                  !g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]) ||
                  !g_ascii_isxdigit (p[3]) || !g_ascii_isxdigit (p[4]))
                return FALSE;
              p += 5;
              break;
            default:
              return FALSE;
            }
          continue;
        }
      p++;
    }

  return FALSE;
}

static gboolean
scan_digits (const char **pp,
             const char  *end)
{
  const char *p = *pp;

  while (p < end && g_ascii_isdigit (*p))
    p++;
  if (p == *pp)
    return FALSE;
  *pp = p;
  return TRUE;
}

static gboolean
scan_number (const char **pp,
             const char  *end)
{
  const char *p = *pp;

  if (p < end && *p == '-')
    p++;
  if (p < end && *p == '0')
    p++;
  else if (!scan_digits (&p, end))
    return FALSE;
  if (p < end && *p == '.')
    {
      p++;
      if (!scan_digits (&p, end))
        return FALSE;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (!scan_digits (&p, end))
        return FALSE;
    }
  *pp = p;
  return TRUE;
}

static gboolean
scan_literal (const char **pp,
              const char  *end,
              const char  *word,
              gsize        len)
{
  if ((gsize) (end - *pp) < len || memcmp (*pp, word, len) != 0)
    return FALSE;
  *pp += len;
  return TRUE;
}

static gboolean scan_any (const char **pp, const char *end, guint depth_left, CircletScanValue *value);

static gboolean
scan_container (const char **pp,
                const char  *end,
                guint        depth_left,
                gboolean     is_object)
{
  const char *p = *pp + 1;
  char close = is_object ? '}' : ']';
  CircletScanValue ignored;

  if (depth_left == 0)
    return FALSE;

  p = skip_space (p, end);
  if (p < end && *p == close)
    {
      *pp = p + 1;
      return TRUE;
    }

  for (;;)
    {
      if (is_object)
        {
          if (p >= end || *p != '"' || !scan_string (&p, end))
            return FALSE;
          p = skip_space (p, end);
          if (p >= end || *p != ':')
            return FALSE;
          p++;
        }
      if (!scan_any (&p, end, depth_left - 1, &ignored))
        return FALSE;
      p = skip_space (p, end);
      if (p >= end)
        return FALSE;
      if (*p == close)
        {
          *pp = p + 1;
          return TRUE;
        }
      if (*p != ',')
        return FALSE;
      p = skip_space (p + 1, end);
    }
}

static gboolean
scan_any (const char       **pp,
          const char        *end,
          guint              depth_left,
          CircletScanValue  *value)
{
  const char *p = skip_space (*pp, end);
  gboolean ok;

  if (p >= end)
    return FALSE;

  value->start = p;
  switch (*p)
    {
    case '"':
      value->type = CIRCLET_SCAN_STRING;
      ok = scan_string (&p, end);
      break;
    case '{':
      value->type = CIRCLET_SCAN_OBJECT;
      ok = scan_container (&p, end, depth_left, TRUE);
      break;
    case '[':
      value->type = CIRCLET_SCAN_ARRAY;
      ok = scan_container (&p, end, depth_left, FALSE);
      break;
    case 't':
      value->type = CIRCLET_SCAN_TRUE;
      ok = scan_literal (&p, end, "true", 4);
      break;
    case 'f':
      value->type = CIRCLET_SCAN_FALSE;
      ok = scan_literal (&p, end, "false", 5);
      break;
    case 'n':
      value->type = CIRCLET_SCAN_NULL;
      ok = scan_literal (&p, end, "null", 4);
      break;
    default:
      value->type = CIRCLET_SCAN_NUMBER;
      ok = scan_number (&p, end);
      break;
    }

  value->end = p;
  *pp = p;
  return ok;
}

gboolean
_circlet_scan_value (const char       **p,
                     const char        *end,
                     guint              max_depth,
                     CircletScanValue  *value)
{
  return scan_any (p, end, max_depth, value);
}

/* Reads the members of the validated object whose opening brace is at @p.
 * Returns: the position just past its closing brace */
static const char *
read_members (const char        *p,
              const char        *end,
              CircletScanObject *object)
{
  object->n_members = 0;
  p = skip_space (p + 1, end);
  while (p < end && *p == '"')
    {
      const char *key = p + 1;
      const char *key_end;
      CircletScanValue member;

      /* Already validated: these cannot fail. */
      scan_string (&p, end);
      key_end = p - 1;  /* its closing quote */
      p = skip_space (p, end) + 1;  /* the colon */
      scan_any (&p, end, G_MAXUINT, &member);

      if (object->n_members < CIRCLET_SCAN_MAX_MEMBERS)
        {
          CircletScanMember *m = &object->members[object->n_members++];

          m->key = key;
          m->key_len = key_end - key;
          m->value = member;
        }

      p = skip_space (p, end);
      if (p < end && *p == ',')
        p = skip_space (p + 1, end);
    }

  return p + 1;
}

void
_circlet_scan_object (const CircletScanValue *value,
                      CircletScanObject      *object)
{
  object->n_members = 0;
  if (value->type == CIRCLET_SCAN_OBJECT)
    read_members (value->start, value->end, object);
}

/* The last of duplicate members wins, as in json-glib. */
const CircletScanValue *
_circlet_scan_get (const CircletScanObject *object,
                   const char              *key)
{
  gsize len;

  if (object == NULL)
    return NULL;

  len = strlen (key);
  for (guint i = object->n_members; i > 0; i--)
    {
      const CircletScanMember *m = &object->members[i - 1];

      if (m->key_len == len && memcmp (m->key, key, len) == 0)
        return &m->value;
    }

  return NULL;
}

static guint
hex4 (const char *p)
{
  guint value = 0;

  for (guint i = 0; i < 4; i++)
    value = (value << 4) | (guint) g_ascii_xdigit_value (p[i]);
  return value;
}

/* Returns: (transfer full) (nullable): the unescaped text of a string value */
char *
_circlet_scan_dup_string (const CircletScanValue *value)
{
  const char *p, *end;
  GString *out;

  if (value == NULL || value->type != CIRCLET_SCAN_STRING)
    return NULL;

  p = value->start + 1;
  end = value->end - 1;
  if (memchr (p, '\\', end - p) == NULL)
    return g_strndup (p, end - p);

  out = g_string_sized_new (end - p);
  while (p < end)
    {
      const char *run = p;
      gunichar c;

      while (p < end && *p != '\\')
        p++;
      g_string_append_len (out, run, p - run);
      if (p >= end)
        break;

      p++;
      switch (*p++)
        {
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          c = hex4 (p);
          p += 4;
          if (c >= 0xd800 && c < 0xdc00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u')
            {
              guint low = hex4 (p + 2);

              if (low >= 0xdc00 && low < 0xe000)
                {
                  c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
                  p += 6;
                }
            }
          /* A lone surrogate or U+0000 would make invalid or cut text. */
          if ((c >= 0xd800 && c < 0xe000) || c == 0)
            c = 0xfffd;
          g_string_append_unichar (out, c);
          break;
        default:  /* '"', '\\', '/' */
          g_string_append_c (out, p[-1]);
          break;
        }
    }

  return g_string_free (out, FALSE);
}

char *
_circlet_scan_get_string (const CircletScanObject *object,
                          const char              *key)
{
  return _circlet_scan_dup_string (_circlet_scan_get (object, key));
}

gint64
_circlet_scan_get_int (const CircletScanObject *object,
                       const char              *key,
                       gint64                   fallback)
{
  const CircletScanValue *value = _circlet_scan_get (object, key);
  char buf[64];
  gsize len;
  double d;

  if (value == NULL || value->type != CIRCLET_SCAN_NUMBER)
    return fallback;

  len = value->end - value->start;
  if (len >= sizeof buf)
    return fallback;
  memcpy (buf, value->start, len);
  buf[len] = '\0';

  if (strpbrk (buf, ".eE") == NULL)
    {
      gint64 result;

      if (!g_ascii_string_to_signed (buf, 10, G_MININT64, G_MAXINT64, &result, NULL))
        return fallback;
      return result;
    }

  /* 2.0 or 1e3 still name a whole number; an out-of-range one does not. */
  d = g_ascii_strtod (buf, NULL);
  if (!(d >= (double) G_MININT64 && d <= (double) G_MAXINT64))
    return fallback;
  return (gint64) d;
}

gboolean
_circlet_scan_get_bool (const CircletScanObject *object,
                        const char              *key,
                        gboolean                 fallback)
{
  const CircletScanValue *value = _circlet_scan_get (object, key);

  if (value == NULL)
    return fallback;
  if (value->type == CIRCLET_SCAN_TRUE)
    return TRUE;
  if (value->type == CIRCLET_SCAN_FALSE)
    return FALSE;
  return fallback;
}

static gboolean
read_2 (const char *p,
        int        *out)
{
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  *out = (p[0] - '0') * 10 + (p[1] - '0');
  return TRUE;
}

/* The common shape, "2025-06-01T12:00:00Z" (optionally with a fraction),
 * without g_date_time_new_from_iso8601()'s general parser. */
static GDateTime *
parse_utc_fast (const char *text,
                gsize       len)
{
  int century, year, month, day, hour, minute, second;
  double fraction = 0;
  gsize i = 19;

  if (len < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' ||
      !read_2 (text, &century) || !read_2 (text + 2, &year) || !read_2 (text + 5, &month) ||
      !read_2 (text + 8, &day) || !read_2 (text + 11, &hour) || !read_2 (text + 14, &minute) ||
      !read_2 (text + 17, &second))
    return NULL;

  if (text[i] == '.')
    {
      double scale = 0.1;

      for (i++; i < len && g_ascii_isdigit (text[i]); i++, scale /= 10)
        fraction += (text[i] - '0') * scale;
    }
  if (i + 1 != len || text[i] != 'Z' || second > 59)
    return NULL;

  /* Returns NULL itself for a day or hour out of range. */
  return g_date_time_new_utc (century * 100 + year, month, day, hour, minute, second + fraction);
}

/* Returns: (transfer full) (nullable) */
GDateTime *
_circlet_scan_get_date (const CircletScanObject *object,
                        const char              *key)
{
  const CircletScanValue *value = _circlet_scan_get (object, key);
  g_autoptr(GTimeZone) utc = NULL;
  g_autofree char *text = NULL;
  GDateTime *date;

  if (value == NULL || value->type != CIRCLET_SCAN_STRING || value->end - value->start <= 2)
    return NULL;

  date = parse_utc_fast (value->start + 1, value->end - value->start - 2);
  if (date != NULL)
    return date;

  /* Appcircle's .NET services sometimes omit the zone; those times are UTC. */
  text = _circlet_scan_dup_string (value);
  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

void
_circlet_scan_iter_init (CircletScanIter        *iter,
                         const CircletScanValue *array)
{
  if (array == NULL || array->type != CIRCLET_SCAN_ARRAY)
    {
      iter->p = iter->end = NULL;
      return;
    }
  iter->p = array->start + 1;
  iter->end = array->end - 1;  /* the closing bracket */
}

gboolean
_circlet_scan_iter_next (CircletScanIter  *iter,
                         CircletScanValue *element)
{
  const char *p = skip_space (iter->p, iter->end);

  if (p < iter->end && *p == ',')
    p = skip_space (p + 1, iter->end);
  if (p >= iter->end)
    return FALSE;

  scan_any (&p, iter->end, G_MAXUINT, element);
  iter->p = p;
  return TRUE;
}

gboolean
_circlet_scan_iter_next_object (CircletScanIter   *iter,
                                CircletScanValue  *element,
                                CircletScanObject *object)
{
  const char *p = skip_space (iter->p, iter->end);

  if (p < iter->end && *p == ',')
    p = skip_space (p + 1, iter->end);
  if (p >= iter->end)
    return FALSE;

  if (*p == '{')
    {
      element->type = CIRCLET_SCAN_OBJECT;
      element->start = p;
      p = read_members (p, iter->end, object);
      element->end = p;
    }
  else
    {
      object->n_members = 0;
      scan_any (&p, iter->end, G_MAXUINT, element);
    }

  iter->p = p;
  return TRUE;
}

int
_circlet_scan_get_array_length (const CircletScanObject *object,
                                const char              *key)
{
  const CircletScanValue *value = _circlet_scan_get (object, key);
  CircletScanIter iter;
  CircletScanValue element;
  int n = 0;

  if (value == NULL || value->type != CIRCLET_SCAN_ARRAY)
    return -1;

  _circlet_scan_iter_init (&iter, value);
  while (_circlet_scan_iter_next (&iter, &element) && n < G_MAXINT)
    n++;
  return n;
}

gboolean
_circlet_scan_get_object (const CircletScanObject *object,
                          const char              *key,
                          CircletScanObject       *out)
{
  const CircletScanValue *value = _circlet_scan_get (object, key);

  out->n_members = 0;
  if (value == NULL || value->type != CIRCLET_SCAN_OBJECT)
    return FALSE;

  _circlet_scan_object (value, out);
  return TRUE;
}
