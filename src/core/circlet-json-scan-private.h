/* circlet-json-scan-private.h: a validating JSON scanner for big lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * json-glib 1.6 builds a DOM with a hash table per object and takes about
 * 1.6 s for 100,000 distribution profiles (33 MB). Lists are read with this
 * scanner instead: it validates the document (RFC 8259) and hands the
 * mappers each element as a flat table of members pointing into the body,
 * so nothing is allocated but the strings an item keeps.
 *
 * Every function here is bounded by the body's end and the nesting limit;
 * the body must be valid UTF-8 (checked once up front).
 */

typedef enum
{
  CIRCLET_SCAN_NONE,     /* absent */
  CIRCLET_SCAN_NULL,
  CIRCLET_SCAN_FALSE,
  CIRCLET_SCAN_TRUE,
  CIRCLET_SCAN_NUMBER,
  CIRCLET_SCAN_STRING,
  CIRCLET_SCAN_OBJECT,
  CIRCLET_SCAN_ARRAY,
} CircletScanType;

typedef struct
{
  CircletScanType  type;
  const char      *start;  /* the first byte of the value (a string's opening quote) */
  const char      *end;    /* just past its last byte */
} CircletScanValue;

/* More members than this are validated but not kept: no Appcircle object
 * comes close, and a hostile one cannot make us allocate. */
#define CIRCLET_SCAN_MAX_MEMBERS 48

typedef struct
{
  const char       *key;       /* raw, between the quotes; escaped keys never match */
  guint             key_len;
  CircletScanValue  value;
} CircletScanMember;

typedef struct
{
  CircletScanMember members[CIRCLET_SCAN_MAX_MEMBERS];
  guint             n_members;
} CircletScanObject;

/* Skips one value starting at *p (leading space allowed); returns FALSE on
 * invalid JSON or nesting deeper than @max_depth. */
gboolean    _circlet_scan_value        (const char        **p,
                                        const char         *end,
                                        guint               max_depth,
                                        CircletScanValue   *value);
/* Reads the members of an object value already validated by
 * _circlet_scan_value(). */
void        _circlet_scan_object       (const CircletScanValue *value,
                                        CircletScanObject      *object);

const CircletScanValue *_circlet_scan_get (const CircletScanObject *object,
                                           const char              *key);

char       *_circlet_scan_dup_string   (const CircletScanValue *value);
char       *_circlet_scan_get_string   (const CircletScanObject *object,
                                        const char              *key);
gint64      _circlet_scan_get_int      (const CircletScanObject *object,
                                        const char              *key,
                                        gint64                   fallback);
gboolean    _circlet_scan_get_bool     (const CircletScanObject *object,
                                        const char              *key,
                                        gboolean                 fallback);
GDateTime  *_circlet_scan_get_date     (const CircletScanObject *object,
                                        const char              *key);
/* Returns: the element count, or -1 when @key is not an array */
int         _circlet_scan_get_array_length (const CircletScanObject *object,
                                            const char              *key);
gboolean    _circlet_scan_get_object   (const CircletScanObject *object,
                                        const char              *key,
                                        CircletScanObject       *out);

/* Iterates the elements of a validated array value. */
typedef struct
{
  const char *p;
  const char *end;
} CircletScanIter;

void        _circlet_scan_iter_init    (CircletScanIter        *iter,
                                        const CircletScanValue *array);
gboolean    _circlet_scan_iter_next    (CircletScanIter        *iter,
                                        CircletScanValue       *element);
/* As _circlet_scan_iter_next(), and the members of an object element read
 * in the same pass, as _circlet_scan_object() would; @object is empty for
 * any other element. A list is one pass over its elements, not two. */
gboolean    _circlet_scan_iter_next_object (CircletScanIter   *iter,
                                            CircletScanValue  *element,
                                            CircletScanObject *object);

G_END_DECLS
