#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the German translation reaches the user, as TAP.

Usage: check-translation.py GETTEXT LOCALEDIR DESKTOP_FILE METAINFO_FILE

LOCALEDIR is the build's po folder, which holds de/LC_MESSAGES/circlet.mo.
Only the C, C.UTF-8 and POSIX locales may exist on a build machine: gettext
honours LANGUAGE=de with LC_ALL=C.UTF-8, but ignores it under plain C (and a
missing de_DE.UTF-8 locale falls back to C), so the test sets C.UTF-8.
"""

import os
import subprocess
import sys

DOMAIN = 'circlet'
# A .ui string and a C format string, with the translations de.po gives them.
MESSAGES = [
    ('Welcome to Circlet', 'Willkommen bei Circlet'),
    ('%s has a problem (HTTP %u). Try again later.',
     '%s hat ein Problem (HTTP %u). Versuchen Sie es später erneut.'),
]


def translate(gettext, localedir, msgid):
    env = dict(os.environ, TEXTDOMAINDIR=localedir, LANGUAGE='de', LC_ALL='C.UTF-8')
    result = subprocess.run([gettext, '-d', DOMAIN, '--', msgid], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return result.stdout.decode('utf-8', 'replace')


def main():
    if len(sys.argv) != 5:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    gettext, localedir, desktop, metainfo = sys.argv[1:]

    results = []
    mo = os.path.join(localedir, 'de', 'LC_MESSAGES', DOMAIN + '.mo')
    results.append(('the German catalog is built', os.path.isfile(mo), f'{mo} is missing'))
    for msgid, expected in MESSAGES:
        got = translate(gettext, localedir, msgid)
        results.append((f'gettext translates "{msgid}"', got == expected,
                        f'got "{got}", expected "{expected}"'))

    with open(desktop, encoding='utf-8') as f:
        lines = f.read().splitlines()
    comment = [line for line in lines if line.startswith('Comment=')]
    comment_de = [line for line in lines if line.startswith('Comment[de]=')]
    results.append(('the desktop entry has a German comment',
                    bool(comment_de) and comment_de[0][len('Comment[de]='):] != comment[0][len('Comment='):],
                    'no translated Comment[de]= line'))

    with open(metainfo, encoding='utf-8') as f:
        text = f.read()
    results.append(('the metainfo has a German summary', '<summary xml:lang="de">' in text,
                    'no <summary xml:lang="de">'))

    print(f'1..{len(results)}')
    failed = 0
    for number, (title, ok, why) in enumerate(results, 1):
        if ok:
            print(f'ok {number} - {title}')
        else:
            failed += 1
            print(f'not ok {number} - {title}')
            print(f'# {why}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
