#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the app icons, as TAP.

Usage: check-icons.py [--xmllint PATH] ICON.svg...

Every icon must be well-formed XML (and pass `xmllint --noout` when given)
with an <svg> root and no raster images, text or scripts. A full-colour icon
(scalable/apps) is 128x128; a symbolic one (*-symbolic.svg) is 16x16 and made
of filled #2e3436 shapes only: GTK recolours fills, and a stroke would not
follow the theme or scale cleanly.
"""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG_NS = '{http://www.w3.org/2000/svg}'
XLINK_HREF = '{http://www.w3.org/1999/xlink}href'
FORBIDDEN = ('image', 'text', 'script', 'foreignObject', 'style')
SYMBOLIC_FILL = '#2e3436'


def local(tag):
    return tag.split('}', 1)[-1]


def style_props(element):
    props = {}
    for item in element.get('style', '').split(';'):
        if ':' in item:
            key, value = item.split(':', 1)
            props[key.strip()] = value.strip()
    return props


def check_size(root, size):
    problems = []
    for attr in ('width', 'height'):
        if root.get(attr) != str(size):
            problems.append(f'{attr} is {root.get(attr)!r}, expected "{size}"')
    view_box = (root.get('viewBox') or '').split()
    if view_box != ['0', '0', str(size), str(size)]:
        problems.append(f'viewBox is {root.get("viewBox")!r}, expected "0 0 {size} {size}"')
    return problems


def check_symbolic(root):
    problems = []
    parents = {child: parent for parent in root.iter() for child in parent}

    def own_fill(element):
        return element.get('fill', style_props(element).get('fill'))

    def inherited_fill(element):
        while element is not None:
            fill = own_fill(element)
            if fill is not None:
                return fill
            element = parents.get(element)
        return 'black (the SVG default)'

    for element in root.iter():
        name = local(element.tag)
        if name in ('linearGradient', 'radialGradient', 'pattern', 'filter', 'mask'):
            problems.append(f'<{name}> in a symbolic icon')
        stroke = element.get('stroke', style_props(element).get('stroke', 'none'))
        if stroke != 'none':
            problems.append(f'<{name}> has stroke {stroke!r}')
        if name in ('path', 'rect', 'circle', 'ellipse', 'polygon'):
            fill = inherited_fill(element)
            if fill not in (SYMBOLIC_FILL, 'none'):
                problems.append(f'<{name}> is filled {fill!r}, expected {SYMBOLIC_FILL}')
    return problems


def check_icon(path, xmllint):
    if xmllint:
        result = subprocess.run([xmllint, '--noout', path],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            return [f'xmllint: {line}' for line in result.stdout.splitlines()]
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return [f'not well-formed XML: {error}']
    if root.tag != SVG_NS + 'svg':
        return [f'root element is {root.tag!r}, expected an SVG <svg>']

    problems = []
    for element in root.iter():
        if local(element.tag) in FORBIDDEN:
            problems.append(f'<{local(element.tag)}> is not allowed in an icon')
        href = element.get(XLINK_HREF) or element.get('href') or ''
        if href and not href.startswith('#'):
            problems.append(f'external reference {href!r}')
        if re.search(r'url\((?!#)', ' '.join(element.attrib.values())):
            problems.append(f'<{local(element.tag)}> refers to an external resource')

    if path.endswith('-symbolic.svg'):
        problems += check_size(root, 16)
        problems += check_symbolic(root)
    else:
        problems += check_size(root, 128)
    return problems


def main():
    args = sys.argv[1:]
    xmllint = None
    if len(args) >= 2 and args[0] == '--xmllint':
        xmllint = args[1] or None
        args = args[2:]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2

    print(f'1..{len(args)}')
    failed = 0
    for number, path in enumerate(args, 1):
        problems = check_icon(path, xmllint)
        name = path.rsplit('/', 1)[-1]
        if problems:
            failed += 1
            print(f'not ok {number} - {name}')
            for problem in problems:
                print(f'# {problem}')
        else:
            print(f'ok {number} - {name}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
