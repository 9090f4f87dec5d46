#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs one libFuzzer target as a meson test.

run-fuzzer.py TARGET SEED_DIR ARTIFACT_DIR [libFuzzer options...]

The seed corpus in the source tree is only read: new inputs go to a
temporary directory that is thrown away. A finding (crash, leak, UBSan
report, timeout) is written to ARTIFACT_DIR and fails the test.

FUZZ_RUNS (default 20000) and FUZZ_SEED (default 1) in the environment
change the run count and the random seed; -max_total_time=S and the like
can be given after the fixed arguments.
"""
import os
import re
import subprocess
import sys
import tempfile

target, seeds, artifacts, *extra = sys.argv[1:]
name = os.path.basename(target)
runs = os.environ.get("FUZZ_RUNS", "20000")
seed = os.environ.get("FUZZ_SEED", "1")
os.makedirs(artifacts, exist_ok=True)

with tempfile.TemporaryDirectory(prefix=name + "-") as work:
    cmd = [target, f"-runs={runs}", f"-seed={seed}", "-max_len=65536",
           "-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1",
           f"-artifact_prefix={artifacts}/{name}-", *extra, work, seeds]
    print(" ".join(cmd), flush=True)
    proc = subprocess.run(cmd, stderr=subprocess.PIPE, text=True, errors="replace")
    sys.stderr.write(proc.stderr)

done = re.search(r"Done (\d+) runs in (\d+) second", proc.stderr)
execs = re.search(r"stat::number_of_executed_units:\s*(\d+)", proc.stderr)
n = execs.group(1) if execs else (done.group(1) if done else "?")
if proc.returncode == 0 and done:
    print(f"fuzz {name}: {n} executions, no finding")
    sys.exit(0)
print(f"fuzz {name}: FINDING after {n} executions (exit {proc.returncode}); "
      f"reproduce with {target} {artifacts}/{name}-*")
sys.exit(1)
