#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measures Circlet against the local test server; run through bench/run.

Every row is measured several times in this run and reported as median, min
and max. Targets are ratios against a floor measured in the same run, or
absolute bounds with a wide margin: these shared 2-core machines are noisy.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request

ROWS = []


def row(name, samples, unit, target=None, ok=None, note=""):
    samples = [s for s in samples if s is not None]
    entry = {
        "name": name,
        "unit": unit,
        "median": statistics.median(samples) if samples else None,
        "min": min(samples) if samples else None,
        "max": max(samples) if samples else None,
        "samples": samples,
        "target": target,
        "ok": ok,
        "note": note,
    }
    ROWS.append(entry)
    return entry


def spawn_measured(argv, stdin=b"", env=None):
    """Runs argv; returns (seconds, the child's own peak RSS in MB, exit code, stdout)."""
    r, w = os.pipe()
    out_r, out_w = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(r, 0)
        os.dup2(out_w, 1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(w)
        os.close(out_r)
        os.execvpe(argv[0], argv, env or os.environ)
    os.close(r)
    os.close(out_w)
    os.write(w, stdin)
    os.close(w)
    chunks = []
    while True:
        chunk = os.read(out_r, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(out_r)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), b"".join(chunks)


class Server:
    def __init__(self, build, items):
        self.proc = subprocess.Popen([f"{build}/tests/server/circlet-test-server", "--items", str(items)],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self.proc.stdout.readline().strip().removeprefix("URL=")
        self.key = self.proc.stdout.readline().strip().removeprefix("KEY=")

    def stats(self):
        with urllib.request.urlopen(f"{self.url}/_control/stats") as reply:
            return json.load(reply)

    def control(self, route, **fields):
        data = "&".join(f"{k}={v}" for k, v in fields.items()).encode()
        urllib.request.urlopen(urllib.request.Request(f"{self.url}/_control/{route}", data=data)).read()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def start_keyring():
    """An unlocked gnome-keyring-daemon on the bus bench/run created."""
    proc = subprocess.Popen(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc.communicate(b"bench")


def reset_accounts():
    path = os.path.join(os.environ["XDG_CONFIG_HOME"], "circlet", "accounts.ini")
    if os.path.exists(path):
        os.unlink(path)


def bench_session(build):
    out = subprocess.run([f"{build}/bench/bench-session"], capture_output=True, text=True, check=True).stdout
    values = {json.loads(line)["name"]: json.loads(line)["value"] for line in out.splitlines() if line.startswith("{")}
    n = values["exchanges-for-100-concurrent-calls-on-expired-session"]
    row("100 concurrent API calls on an expired session", [n], "exchanges", "exactly 1", n == 1)
    n = values["connections-per-100-sequential-calls"]
    row("TCP connections per 100 sequential calls", [n], "connections", "reused (≤ 2)", n <= 2)
    n = values["connections-per-100-concurrent-calls"]
    row("TCP connections per 100 concurrent calls", [n], "connections", "≤ 6 (max-conns-per-host)", n <= 6)


def bench_cli(build, repeat):
    cli = f"{build}/src/cli/circlet-cli"
    server = Server(build, 10000)
    try:
        reset_accounts()
        # Ten runs within the token lifetime: the first exchanges, the rest share it.
        subprocess.run([cli, "add", "--label", "Bench", "--api-host", server.url, "--auth-host", server.url,
                        "--no-verify"], input=(server.key + "\n").encode(), check=True, capture_output=True)
        before = server.stats()["exchanges"]
        for _ in range(10):
            subprocess.run([cli, "token"], check=True, capture_output=True)
        n = server.stats()["exchanges"] - before
        row("Ten `circlet-cli token` runs within the token lifetime", [n], "exchanges", "exactly 1", n == 1)

        # A valid cached session: no network at all.
        requests_before = sum(server.stats()["requests"].values())
        times = []
        for _ in range(max(repeat, 20)):
            elapsed, _, status, _ = spawn_measured([cli, "token"])
            assert status == 0
            times.append(elapsed * 1000)
        requests = sum(server.stats()["requests"].values()) - requests_before

        # The floors under it, in the same run: starting the same binary, and
        # libsecret's own lookup of the same keyring item (a process that
        # only links libsecret, opening a Secret Service session, searching,
        # getting the secret: the D-Bus round trips any lookup pays).
        account = json.loads(subprocess.run([cli, "accounts", "--json"], check=True, capture_output=True,
                                            text=True).stdout)[0]["id"]
        lookup = ["secret-tool", "lookup", "xdg:schema", "io.github.circlet.Circlet", "account", account,
                  "kind", "session"]
        exec_t, lookup_t = [], []
        for _ in range(max(repeat, 20)):
            elapsed, _, status, _ = spawn_measured([cli, "--version"])
            assert status == 0
            exec_t.append(elapsed * 1000)
            elapsed, _, status, out = spawn_measured(lookup)
            assert status == 0 and out
            lookup_t.append(elapsed * 1000)
        row("Floor: `circlet-cli --version` (exec and dynamic linking)", exec_t, "ms")
        row("Floor: `secret-tool lookup` of the same session item", lookup_t, "ms")
        med = statistics.median(times)
        row("`circlet-cli token`, valid cached session", times, "ms", "< 50 ms, no network",
            med < 50 and requests == 0,
            f"{requests} requests reached the server; {med / statistics.median(lookup_t):.2f}× secret-tool lookup")

        token = subprocess.run([cli, "token"], check=True, capture_output=True, text=True).stdout.strip()
        has_list = subprocess.run([cli, "list", "--help"], capture_output=True).returncode == 0
        if not has_list:
            row("`circlet-cli list distribution-profiles --json`, 10,000 items", [], "ms", "≤ 3× curl, < 60 MB",
                None, "not measured: `circlet-cli list` is not built yet")
            return

        # Warm the server's cache so both clients see the same transfer.
        subprocess.run(["curl", "-s", "-o", "/dev/null", "-H", f"Authorization: Bearer {token}",
                        f"{server.url}/distribution/v2/profiles"], check=True)
        curl_t, curl_m, cli_t, cli_m = [], [], [], []
        for _ in range(repeat):
            t, m, status, _ = spawn_measured(["curl", "-s", "-H", f"Authorization: Bearer {token}",
                                              f"{server.url}/distribution/v2/profiles"])
            assert status == 0
            curl_t.append(t * 1000)
            curl_m.append(m)
            t, m, status, out = spawn_measured([cli, "list", "distribution-profiles", "--json"])
            assert status == 0 and out.startswith(b"[")
            cli_t.append(t * 1000)
            cli_m.append(m)
        row("curl, same URL and token (transfer floor)", curl_t, "ms")
        ratio = statistics.median(cli_t) / statistics.median(curl_t)
        row("`circlet-cli list distribution-profiles --json`, 10,000 items", cli_t, "ms",
            "≤ 3× curl; official CLI ≈ 550 ms", ratio <= 3 and statistics.median(cli_t) < 550,
            f"{ratio:.2f}× curl")
        row("… its peak RSS", cli_m, "MB", "< 60 MB; official CLI ≈ 96 MB", statistics.median(cli_m) < 60,
            f"curl: {statistics.median(curl_m):.1f} MB")
    finally:
        server.stop()


def read_probe(proc, wanted, timeout):
    """Reads "circlet-probe WHAT MICROSECONDS" lines until every wanted mark came."""
    import selectors
    marks = {}
    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    buf = b""
    while not wanted <= marks.keys() and time.monotonic() < deadline:
        if not sel.select(timeout=0.1):
            continue
        chunk = os.read(proc.stderr.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for line in lines:
            parts = line.decode(errors="replace").split()
            if len(parts) == 3 and parts[0] == "circlet-probe":
                marks.setdefault(parts[1], int(parts[2]))
    return marks


def proc_cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def proc_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def proc_wakeups(pid):
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/status") as f:
            for line in f:
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
    return total


def start_app(argv, wanted, env_extra=None, timeout=30):
    env = dict(os.environ, CIRCLET_BENCH_PROBE="1", **(env_extra or {}))
    start = time.monotonic_ns() // 1000
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    marks = read_probe(proc, wanted, timeout)
    return proc, {k: (v - start) / 1000 for k, v in marks.items()}


def stop(proc):
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def bench_startup(build, repeat, idle_seconds):
    cli = f"{build}/src/cli/circlet-cli"
    floor_argv = [f"{build}/bench/bench-floor-window"]
    app_argv = [f"{build}/src/app/circlet"]
    server = Server(build, 1000)
    try:
        reset_accounts()
        subprocess.run([cli, "add", "--label", "Bench", "--api-host", server.url, "--auth-host", server.url],
                       input=(server.key + "\n").encode(), check=True, capture_output=True)

        floor_t, app_t, rows_t, floor_m, app_m = [], [], [], [], []
        exchanges = server.stats()["exchanges"]
        for _ in range(repeat):
            proc, marks = start_app(floor_argv, {"first-frame"})
            floor_t.append(marks.get("first-frame"))
            time.sleep(2)
            floor_m.append(proc_rss_mb(proc.pid))
            stop(proc)

            proc, marks = start_app(app_argv, {"first-frame", "first-rows"})
            app_t.append(marks.get("first-frame"))
            rows_t.append(marks.get("first-rows"))
            time.sleep(2)
            app_m.append(proc_rss_mb(proc.pid))
            stop(proc)
        exchanges = server.stats()["exchanges"] - exchanges

        floor = statistics.median([t for t in floor_t if t is not None])
        row("Floor: minimal AdwApplicationWindow, exec → first frame", floor_t, "ms")
        app = statistics.median([t for t in app_t if t is not None]) if any(app_t) else None
        row("Circlet, exec → first frame (one org, cached session)", app_t, "ms", "≤ 1.3× floor",
            app is not None and app <= 1.3 * floor, f"{app / floor:.2f}× floor" if app else "")
        rows = [t for t in rows_t if t is not None]
        row("Circlet, exec → first rows of the last-used list", rows, "ms", "≤ floor + 200 ms",
            bool(rows) and statistics.median(rows) <= floor + 200,
            "" if rows else "the list page reported no rows")
        row("Token exchanges during those starts", [exchanges], "exchanges", "0", exchanges == 0)
        fm, am = statistics.median(floor_m), statistics.median(app_m)
        row("Floor: memory once idle (RSS)", floor_m, "MB")
        row("Circlet: memory once idle (RSS)", app_m, "MB", "≤ 1.5× floor", am <= 1.5 * fm, f"{am / fm:.2f}× floor")

        # Idle: no requests, no wake-ups but the renewal timer, little CPU.
        proc, marks = start_app(app_argv, {"first-frame", "first-rows"})
        time.sleep(3)
        requests = sum(server.stats()["requests"].values())
        cpu, wakeups = proc_cpu_ms(proc.pid), proc_wakeups(proc.pid)
        time.sleep(idle_seconds)
        cpu = proc_cpu_ms(proc.pid) - cpu
        wakeups = proc_wakeups(proc.pid) - wakeups
        requests = sum(server.stats()["requests"].values()) - requests
        stop(proc)
        row(f"Circlet idle for {idle_seconds} s: requests", [requests], "requests", "0", requests == 0)
        row(f"Circlet idle for {idle_seconds} s: CPU time", [cpu], "ms", "< 50 ms", cpu < 50)
        row(f"Circlet idle for {idle_seconds} s: context switches (all threads)", [wakeups], "switches", "",
            None, "wake-ups of the main loop and its helper threads")
    finally:
        server.stop()


def stall_rows(label, what, wall, cpu):
    """The stall as the user sees it, and the main thread's CPU time in it (without other processes' turns)."""
    row(f"{label}: {what}", wall, "ms", "< 50 ms", statistics.median(wall) < 50)
    row(f"{label}: … main-thread CPU time in it", cpu, "ms", "< 50 ms", statistics.median(cpu) < 50)


def bench_lists(build, repeat, renderer, sizes):
    """bench-lists once per process per run: every load starts from the same memory."""
    env = dict(os.environ, GSK_RENDERER=renderer) if renderer else None
    results = {}
    for n in sizes:
        for _ in range(repeat):
            out = subprocess.run([f"{build}/bench/bench-lists", "--server", f"{build}/tests/server/circlet-test-server",
                                  "--items", str(n)], capture_output=True, text=True, env=env, timeout=600)
            if out.returncode != 0:
                sys.stderr.write(out.stderr)
                raise RuntimeError(f"bench-lists --items {n} failed")
            for line in out.stdout.splitlines():
                if line.startswith("{"):
                    value = json.loads(line)
                    if value["name"] == "renderer":
                        results["renderer"] = value["unit"]
                    else:
                        results.setdefault((n, value["name"]), []).append(value["value"])

    def med(n, name):
        return statistics.median(results[(n, name)])

    note = f"renderer {results.get('renderer', '?')}"
    for n in sizes:
        label = f"{n:,} profiles"
        v = results[(n, "load-first-rows-painted")]
        row(f"{label}: request → first rows painted", v, "ms", "< 2 s", statistics.median(v) < 2000)
        row(f"{label}: request → every row in the model", results[(n, "load-all-rows")], "ms")
        stall_rows(label, "longest main-loop stall while loading", results[(n, "load-longest-stall")],
                   results[(n, "load-longest-stall-cpu")])
        row(f"{label}: RSS of the window before the list", results[(n, "rss-empty-window")], "MB")
        row(f"{label}: RSS once loaded", results[(n, "rss-loaded")], "MB")
        row(f"{label}: peak RSS during the load", results[(n, "rss-peak-during-load")], "MB", "",
            None, f"{med(n, 'rss-peak-during-load') - med(n, 'rss-empty-window'):.0f} MB above the window before")
        v = results[(n, "memory-per-item")]
        row(f"{label}: steady memory per item above the window before", v, "bytes", "< 1 KB",
            statistics.median(v) < 1024)
        row(f"{label}: … of the RSS growth, shared memory with the X server", results[(n, "rss-shmem-growth")],
            "MB", "", None, "the cairo renderer's upload pool: moves with what was drawn, not with the list")
        row(f"{label}: live heap per item above the window before (mallinfo2)", results[(n, "heap-per-item")],
            "bytes", "", None, "malloc'd and not freed: without the shared memory or the heap's free pages")
        for what, title in (("scroll", f"scrolling top to bottom in 240 frames"),
                            ("search", "search-as-you-type")):
            row(f"{label}: frame interval {title}, median", results[(n, f"{what}-frame-median")], "ms", "",
                None, "60 Hz = 16.7 ms; " + note)
            row(f"{label}: frame interval {title}, 95th percentile", results[(n, f"{what}-frame-p95")], "ms")
            row(f"{label}: frame interval {title}, worst", results[(n, f"{what}-frame-worst")], "ms")
        row(f"{label}: search, last key → filtered rows painted", results[(n, "search-last-key-to-rows-painted")],
            "ms", "", None, "includes GtkSearchEntry's 150 ms delay")
        row(f"{label}: sort by name, duration", results[(n, "sort-by-name-duration")], "ms")
        stall_rows(label, "sort by name, longest main-loop stall", results[(n, "sort-by-name-longest-stall")],
                   results[(n, "sort-by-name-longest-stall-cpu")])
        row(f"{label}: refresh, nothing changed, duration", results[(n, "refresh-duration")], "ms")
        stall_rows(label, "refresh, nothing changed, longest main-loop stall", results[(n, "refresh-longest-stall")],
                   results[(n, "refresh-longest-stall-cpu")])
        row(f"{label}: refresh, one profile added, duration", results[(n, "refresh-added-duration")], "ms", "",
            None, "includes the test server building its answer")
        stall_rows(label, "refresh, one profile added, longest main-loop stall",
                   results[(n, "refresh-added-longest-stall")], results[(n, "refresh-added-longest-stall-cpu")])
    if len(sizes) < 2:
        return
    small, big = sizes[-2], sizes[-1]
    slope = (med(big, "rss-loaded") - med(small, "rss-loaded")) * 2**20 / (big - small)
    row(f"Memory per item, {small:,} → {big:,} profiles (RSS slope)", [slope], "bytes", "< 1 KB", slope < 1024,
        "without the fixed cost of the rows' widgets")


def machine():
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} × {model}, {mem:.0f} GiB"


def fmt(v):
    if v is None:
        return "—"
    return f"{v:.1f}" if isinstance(v, float) and v != int(v) else f"{v:g}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--idle", type=int, default=60, help="seconds to watch the idle app")
    parser.add_argument("--only", default="", help="comma-separated: session,cli,startup,lists")
    parser.add_argument("--list-sizes", default="1000,10000,100000", help="comma-separated numbers of profiles")
    parser.add_argument("--lists-repeat", type=int, default=3, help="runs per list size (each is a process)")
    parser.add_argument("--renderer", default="cairo",
                        help="GSK_RENDERER for the lists (default cairo: Xvfb's GL is llvmpipe; '' for GTK's choice)")
    args = parser.parse_args()

    start_keyring()
    only = set(filter(None, args.only.split(",")))
    if not only or "session" in only:
        bench_session(args.build)
    if not only or "cli" in only:
        bench_cli(args.build, args.repeat)
    if not only or "startup" in only:
        bench_startup(args.build, args.repeat, args.idle)
    if not only or "lists" in only:
        bench_lists(args.build, args.lists_repeat, args.renderer,
                    sorted(int(n) for n in args.list_sizes.split(",")))

    width = max(len(r["name"]) for r in ROWS)
    print(f"Circlet benchmarks — {machine()}")
    print(f"{'measurement':<{width}}  {'median':>9}  {'min':>9}  {'max':>9}  unit         target / result")
    for r in ROWS:
        verdict = {True: "ok", False: "MISSED", None: ""}[r["ok"]]
        target = f"{r['target'] or ''} {verdict} {('(' + r['note'] + ')') if r['note'] else ''}".strip()
        print(f"{r['name']:<{width}}  {fmt(r['median']):>9}  {fmt(r['min']):>9}  {fmt(r['max']):>9}  {r['unit']:<11}  {target}")

    report = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"), "rows": ROWS}
    with open(os.path.join(args.build, "bench.json"), "w") as out:
        json.dump(report, out, indent=2)
    print(json.dumps(report))
    return 1 if any(r["ok"] is False for r in ROWS) else 0


if __name__ == "__main__":
    sys.exit(main())
