#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists every file with translatable strings.

Usage: check-potfiles.py SOURCE_ROOT

Walks src/ (*.c, *.h, *.ui) and data/ (*.in, *.ui) and reports, as TAP:
  - files with translatable strings that POTFILES.in does not list,
  - POTFILES.in entries that do not exist,
  - POTFILES.in entries listed twice.
A file that only looks translatable can be listed in po/POTFILES.skip.
"""

import os
import re
import sys

# A gettext call in C, as a whole word: _("…"), N_ ("…"), g_dngettext (…) …
C_CALL = re.compile(r'(?<![A-Za-z0-9_])'
                    r'(?:_|N_|C_|NC_|Q_|ngettext|dngettext|g_dngettext|g_dpgettext2?)'
                    r'\s*\(')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*["\'](?:yes|true|1)["\']', re.I)
INTLTOOL_TAG = re.compile(r'<_[A-Za-z]')
DESKTOP_KEY = re.compile(r'^(?:Name|GenericName|Comment|Keywords|X-GNOME-FullName)\s*=', re.M)
SCHEMA_TEXT = re.compile(r'<(?:summary|description)\b')
METAINFO_TEXT = re.compile(r'<(?:name|summary|description|caption)\b')


def read_list(path):
    entries = []
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith('#'):
                    entries.append(line)
    except FileNotFoundError:
        pass
    return entries


def is_translatable(relpath, text):
    name = os.path.basename(relpath)
    if name.endswith(('.c', '.h')):
        return C_CALL.search(text) is not None
    if name.endswith(('.ui', '.ui.in')):
        return UI_TRANSLATABLE.search(text) is not None
    if '.desktop' in name:
        return '[Desktop Entry]' in text and DESKTOP_KEY.search(text) is not None
    if '.gschema.xml' in name:
        return SCHEMA_TEXT.search(text) is not None
    if '.metainfo.xml' in name or '.appdata.xml' in name:
        return METAINFO_TEXT.search(text) is not None
    return (UI_TRANSLATABLE.search(text) is not None or
            INTLTOOL_TAG.search(text) is not None)


def candidates(root):
    walks = [('src', ('.c', '.h', '.ui')), ('data', ('.in', '.ui'))]
    for top, suffixes in walks:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in sorted(filenames):
                if name.endswith(suffixes):
                    path = os.path.join(dirpath, name)
                    yield os.path.relpath(path, root).replace(os.sep, '/')


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root = sys.argv[1]
    listed = read_list(os.path.join(root, 'po', 'POTFILES.in'))
    skipped = set(read_list(os.path.join(root, 'po', 'POTFILES.skip')))

    missing = []
    for rel in candidates(root):
        if rel in listed or rel in skipped:
            continue
        with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
            if is_translatable(rel, f.read()):
                missing.append(rel)

    absent = [rel for rel in listed if not os.path.isfile(os.path.join(root, rel))]
    twice = sorted({rel for rel in listed if listed.count(rel) > 1})

    checks = [
        ('every file with translatable strings is in po/POTFILES.in', missing,
         'add to po/POTFILES.in (or po/POTFILES.skip if it has none)'),
        ('every po/POTFILES.in entry exists', absent, 'listed but not found'),
        ('no po/POTFILES.in entry is listed twice', twice, 'listed twice'),
    ]
    print(f'1..{len(checks)}')
    failed = 0
    for number, (title, bad, why) in enumerate(checks, 1):
        if bad:
            failed += 1
            print(f'not ok {number} - {title}')
            for rel in bad:
                print(f'# {why}: {rel}')
        else:
            print(f'ok {number} - {title}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
