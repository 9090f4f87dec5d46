#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifests, as TAP.

Usage: check-flatpak-manifests.py FLATPAK_BUILDER|'' BASE_APP_ID MANIFEST...

Each manifest must parse with `flatpak-builder --show-manifest` (the only
check that works without the GNOME SDK) and say what Circlet needs: its app id
(BASE_APP_ID, or BASE_APP_ID.Devel with -Ddevelopment=true), the command
`circlet`, exactly the sandbox holes below, and a meson module built from this
checkout without its tests. flatpak-builder runs in a throw-away directory
with a throw-away HOME, because it leaves a .flatpak-builder folder and a
flatpak repository behind. Without flatpak-builder the whole test is skipped.
"""

import json
import os
import subprocess
import sys
import tempfile

FINISH_ARGS = [
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
]


def show_manifest(flatpak_builder, path):
    with tempfile.TemporaryDirectory(prefix='circlet-flatpak-') as tmp:
        env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=os.path.join(tmp, 'data'),
                   XDG_CACHE_HOME=os.path.join(tmp, 'cache'))
        result = subprocess.run([flatpak_builder, '--show-manifest', os.path.abspath(path)],
                                cwd=tmp, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return result


def check(manifest, base_id):
    problems = []
    app_id = manifest.get('id') or manifest.get('app-id')
    module = (manifest.get('modules') or [{}])[-1]
    if not isinstance(module, dict):
        return ['the last module must be inline, not a file name']
    opts = module.get('config-opts', [])
    devel = '-Ddevelopment=true' in opts
    want_id = base_id + '.Devel' if devel else base_id

    if app_id != want_id:
        problems.append(f'id is {app_id!r}, expected {want_id!r}')
    if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
        problems.append('runtime/sdk must be org.gnome.Platform/org.gnome.Sdk')
    if not manifest.get('runtime-version'):
        problems.append('runtime-version is missing')
    if manifest.get('command') != 'circlet':
        problems.append(f'command is {manifest.get("command")!r}, expected "circlet"')
    if sorted(manifest.get('finish-args', [])) != sorted(FINISH_ARGS):
        problems.append(f'finish-args are {manifest.get("finish-args")}, expected exactly {FINISH_ARGS}')
    if module.get('name') != 'circlet' or module.get('buildsystem') != 'meson':
        problems.append('the last module must be "circlet", built with meson')
    if '-Dtests=false' not in opts:
        problems.append('config-opts must contain -Dtests=false')
    sources = module.get('sources', [])
    if not any(s.get('type') == 'dir' and s.get('path') == '..' for s in sources):
        problems.append('the circlet module must build this checkout: {"type": "dir", "path": ".."}')
    return problems


def main():
    if len(sys.argv) < 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    flatpak_builder, base_id, manifests = sys.argv[1], sys.argv[2], sys.argv[3:]

    if not flatpak_builder:
        print('1..0 # SKIP flatpak-builder not found; install it to check the manifests')
        return 0

    print(f'1..{len(manifests)}')
    failed = 0
    for number, path in enumerate(manifests, 1):
        name = os.path.basename(path)
        result = show_manifest(flatpak_builder, path)
        if result.returncode != 0:
            problems = [f'flatpak-builder --show-manifest failed (rc {result.returncode})']
            problems += result.stderr.splitlines()
        else:
            # Unknown properties are only warnings to flatpak-builder: fail on them here.
            problems = [line for line in result.stderr.splitlines() if 'Unknown property' in line]
            try:
                problems += check(json.loads(result.stdout), base_id)
            except json.JSONDecodeError as error:
                problems.append(f'flatpak-builder printed no JSON: {error}')
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
