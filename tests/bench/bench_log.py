"""Benchmark of ws-inspector's message path: ingest rate (ws:// and wss://), key-press latency, memory, big messages,
many clients.

    .venv/bin/python tests/bench/bench_log.py [--runs 3] [--only ingest,ingest-tls,responsive,memory,big,many]
                                              [--presses 100] [--no-wscat]

Needs tmux; about ten minutes. Each app run gets a private tmux server (`tmux -L wsbench-...`, 160x45) and XDG_*
dirs in a fresh temporary directory. The load generator, flood_server.py, runs in its own process and reports its
timings over a queue: hand-made WebSocket, pre-built frames, never the bottleneck (floods in 1 MiB writes, paced loads
as one write per 10 ms batch, the big message as one write); a paced run also says how long after the sender stopped
the app had read everything (its answer to the server's close). A failed run or an INVALID ceiling exits 1. The clients
(a raw ceiling client, the bare `websockets` client, the app, wscat) run one after the other. Key latency = `tmux
send-keys` Up/Down (hierarchy) until the new slot's panel ("Slot: name") is on screen; the tree cursor's own latency
is given apart.
Sections: ingest (1,000,000 x 100 B + marker as fast as read; rate = 1,000,001 / server seconds from the first write
until the client's close frame came; per run the ceiling (a raw client that reads and discards, i.e. what the server
can deliver at all), the bare client, the app and, when npm can install it, wscat in tmux; the figures are INVALID
when the ceiling's median is under 2x the fastest client; marker latency), ingest-tls (the same over wss://, a
trustme CA: the app gets --ca), responsive (key latency idle and at 20k msg/s), memory (RSS during 1,000,000 x 100 B
and after), big (a 4,000,000 B message then a marker; a key press meanwhile), many (--runs sessions of 20 clients
from a scene file at 1,000 msg/s each; the first press after start apart).
With BENCH_PRESSES=1 it also prints every timed press (wall time, latency), to line up with a trace of the app.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import math
import multiprocessing as mp
import os
import queue
import random
import re
import resource
import secrets
import shlex
import shutil
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from flood_server import blast_forever, ceiling_client
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / ".venv" / "bin" / "ws-inspector"
COLS, ROWS, LEFT = 160, 45, 36
INGEST_N, MEMORY_N, BIG_SIZE = 1_000_000, 1_000_000, 4_000_000
SECTIONS = ("ingest", "ingest-tls", "responsive", "memory", "big", "many")
ESC = r"\x1b\[[0-9;:?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
ANSI, TOKEN = re.compile(ESC), re.compile(ESC + "|.", re.S)
INDEX = re.compile(r"text 100 B  (?:c\d\d )?(\d{9}) x")
CLIENT_TAG = re.compile(r"text 100 B  (c\d\d) \d{9}")
SUMMARY: list[tuple[str, str, str]] = []
PROBLEMS: list[str] = []  # what makes a run fail (exit 1) though every section finished
PRESSES = 100  # key presses timed under load; --presses


# --- the load generators (and the bare client) --------------------------------------------------------------------
def bare_client(url: str, ca_path: str | None, out: mp.Queue) -> None:
    """websockets alone: count the messages until the server closes; wss:// trusts the CA in `ca_path`."""
    tls = {"ssl": ssl.create_default_context(cafile=ca_path)} if ca_path else {}

    async def run() -> int:
        n = 0
        async with connect(url, compression=None, max_size=None, **tls) as ws:
            async for _ in ws:
                n += 1
        return n

    out.put(asyncio.run(run()))


class Server:
    """A load generator in its own process, `target(port_q, results, commands, *args)`."""

    def __init__(self, target, *args) -> None:
        ctx = mp.get_context("spawn")
        self.results, self.commands, port_q = ctx.Queue(), ctx.Queue(), ctx.Queue()
        self.proc = ctx.Process(target=target, args=(port_q, self.results, self.commands, *args), daemon=True)
        self.proc.start()
        self.port = port_q.get(timeout=60)
        self._stash: list[dict] = []

    def url(self, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}"

    def get(self, ident: str, kind: str, timeout: float) -> dict | None:
        """The report `kind` for connection `ident`, waiting at most `timeout` seconds (None if none came)."""
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(queue.Empty):
                while True:
                    self._stash.append(self.results.get_nowait())
            for report in self._stash:
                if report["id"] == ident and report["kind"] == kind:
                    self._stash.remove(report)
                    return report
            if (remaining := deadline - time.monotonic()) <= 0:
                return None
            with contextlib.suppress(queue.Empty):
                self._stash.append(self.results.get(timeout=min(remaining, 0.05)))

    def close(self) -> None:
        self.proc.terminate()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()


class BlastServer(Server):
    """flood_server.py's /flood, plain on `port` and TLS on `tls_port`; `ca` is the PEM of the CA its TLS clients
    trust. The frames of INGEST_N and MEMORY_N messages are built before it reports its ports."""

    def __init__(self) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="wsbench-ca-"))
        self.ca = self.workdir / "ca.pem"
        super().__init__(blast_forever, str(self.ca), (INGEST_N, MEMORY_N))
        self.port, self.tls_port = self.port

    def url(self, path: str, tls: bool = False) -> str:
        return f"wss://127.0.0.1:{self.tls_port}{path}" if tls else super().url(path)

    def close(self) -> None:
        super().close()
        shutil.rmtree(self.workdir, ignore_errors=True)


class Servers:
    """The load generator, started when a section first needs it."""

    @functools.cached_property
    def blast(self) -> BlastServer:
        return BlastServer()

    def close(self) -> None:
        if "blast" in self.__dict__:
            self.blast.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- the app in tmux ----------------------------------------------------------------------------------------------
def left_cells(line: str) -> str:
    """The first LEFT visible cells of a `capture-pane -e` line, with their escape codes (the cursor is a colour)."""
    out, n = [], 0
    for m in TOKEN.finditer(line):
        if m.group()[0] != "\x1b":
            if n == LEFT:
                break
            n += 1
        out.append(m.group())
    return "".join(out)


class Term:
    """ws-inspector (or another `program`) in a private tmux server; closed with Ctrl+Q, then kill-server, then
    SIGKILL by pid."""

    def __init__(self, app_args: list[str], workdir: Path, program: Path = APP) -> None:
        self.sock, self.capture_times, self.hier_rows = f"wsbench-{os.getpid()}-{secrets.token_hex(3)}", [], 25
        conf = workdir / "tmux.conf"
        conf.write_text("set -g remain-on-exit on\nset -g status off\nset -g default-terminal tmux-256color\n")
        xdg = {k: str(workdir) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")}
        env_args = [a for k, v in xdg.items() for a in ("-e", f"{k}={v}")]
        command = "exec " + shlex.join([str(program), *app_args])
        size = ["-x", str(COLS), "-y", str(ROWS)]
        self.tmux("-f", str(conf), "new-session", "-d", "-s", "bench", *size, *env_args, command, env=xdg)
        info = self.tmux("display", "-p", "-t", "bench", "#{pane_pid} #{pid} #{socket_path}").split()
        self.pid, self.server_pid, self.socket_path = int(info[0]), int(info[1]), info[2]

    def tmux(self, *args: str, env: dict | None = None) -> str:
        cmd, full_env = ["tmux", "-L", self.sock, *args], {**os.environ, **(env or {})}
        return subprocess.run(cmd, capture_output=True, text=True, check=True, env=full_env).stdout

    def text(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "bench")

    def snapshot(self) -> tuple[str, str]:
        """(the hierarchy pane's left columns with colours, the whole screen as plain text)."""
        t = time.perf_counter()
        raw = self.tmux("capture-pane", "-p", "-e", "-t", "bench")
        self.capture_times.append(time.perf_counter() - t)
        return "\n".join(left_cells(line) for line in raw.split("\n")[: self.hier_rows]), ANSI.sub("", raw)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "bench", *keys)

    def alive(self) -> bool:
        try:
            return "\nState:\tZ" not in Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return False

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024

    def wait_ui(self, timeout: float = 20.0) -> None:
        """Wait until the hierarchy is drawn; note how many rows it spans."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = self.text().split("\n")
            if "Hierarchy" in lines[0]:
                self.hier_rows = 1 + next((i for i, line in enumerate(lines[1:], 1) if line.startswith("╰")), 24)
                time.sleep(0.5)
                return
            time.sleep(0.1)
        raise RuntimeError("the UI did not appear within 20 s:\n" + self.text())

    def close(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.keys("C-q")
        deadline = time.monotonic() + 5
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.tmux("kill-server")
        if self.alive():
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        Path(self.socket_path).unlink(missing_ok=True)


@contextlib.contextmanager
def app_session(srv: Server, ident: str | None, app_args: list[str], settings: str = "", scene: str = ""):
    """Start the app in tmux; with `ident`, wait (30 s) for that connection and yield (term, its "open" report)."""
    workdir, term = Path(tempfile.mkdtemp(prefix="wsbench-")), None
    try:
        if settings:
            (workdir / "ws-inspector").mkdir()
            (workdir / "ws-inspector" / "settings.toml").write_text(settings)
        if scene:
            (workdir / "scene.toml").write_text(scene)
            app_args = ["--scene", str(workdir / "scene.toml"), *app_args]
        term = Term(app_args, workdir)
        opened = srv.get(ident, "open", 30) if ident else None
        if ident and opened is None:
            raise RuntimeError("the app did not connect within 30 s; its screen:\n" + term.text())
        yield term, opened
    finally:
        if term is not None:
            term.close()
        shutil.rmtree(workdir, ignore_errors=True)


PANEL_TITLE = re.compile(r"Slot: (.+?)\s*│")


def panel_title(plain: str) -> str | None:
    """The inspector's "Slot: name" header: which slot's panel is on screen."""
    found = PANEL_TITLE.search(plain)
    return found.group(1) if found else None


def key_series(term: Term, count: int, on_screen=None) -> tuple[list[tuple[float, float]], int, list[float]]:
    """Press Up and Down in turn `count` times, 0.1-0.3 s after the previous press's panel showed. Each press is
    timed to what the user waits for: the new slot's panel ("Slot: name" changes), and, apart, to the tree cursor
    (the hierarchy's left columns change). A press that changes nothing within 5 s is a miss, and the next press
    goes the other way. Returns [(wall time of press, panel latency s)], misses, [cursor latency s]."""
    results, cursors, misses, key = [], [], 0, "Up"  # the app opens on the command-line client: the last slot
    for _ in range(count):
        time.sleep(random.uniform(0.1, 0.3))
        before, plain = term.snapshot()
        title = panel_title(plain)
        wall, t0 = time.time(), time.perf_counter()
        term.keys(key)
        key = "Up" if key == "Down" else "Down"
        cursor = None
        while time.perf_counter() - t0 < 5.0:
            left, plain = term.snapshot()
            if on_screen is not None:
                on_screen(plain)
            if cursor is None and left != before:
                cursor = time.perf_counter() - t0
                cursors.append(cursor)
            if cursor is not None and panel_title(plain) != title:
                results.append((wall, time.perf_counter() - t0))
                break
            time.sleep(0.002)  # the poller must not starve the app of the second core
        else:
            misses += 1
    return results, misses, cursors


def print_presses(presses: list[tuple[float, float]]) -> None:
    """With BENCH_PRESSES=1 in the environment: every press's wall time and latency, to line up
    with a trace of the app (the app's own clock is the same)."""
    if os.environ.get("BENCH_PRESSES"):
        print("  presses (wall, ms):", [(round(w, 3), round(x * 1000)) for w, x in presses])


@contextlib.contextmanager
def load_meter(term: Term, srv: Server, into: dict):
    """Over the block: capture-pane durations, and CPU (% of a core) of the app, the tmux server, the WebSocket
    server and our tmux clients (the polling)."""
    pids = (term.pid, term.server_pid, srv.proc.pid)
    cpu = lambda: (*(cpu_seconds(pid) for pid in pids), children_cpu())  # noqa: E731
    wall, before, first = time.monotonic(), cpu(), len(term.capture_times)
    yield
    wall, used = time.monotonic() - wall, [b - a for a, b in zip(before, cpu(), strict=True)]
    into.update(zip(("app", "tmux", "server", "polls"), (100 * u / wall for u in used), strict=True))
    into["captures"] = [t * 1000 for t in term.capture_times[first:]]


# --- figures ------------------------------------------------------------------------------------------------------
def pct(values: list[float], p: float) -> float | None:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else None


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1000:.0f} ms"


def latency_line(lats: list[float], misses: int) -> str:
    text = f"p50 {ms(pct(lats, 50))}, p99 {ms(pct(lats, 99))}, max {ms(max(lats, default=None))} (n={len(lats)})"
    return text + (f", {misses} presses showed no change within 5 s" if misses else "")


def resolution(load: dict) -> str:
    times = load["captures"]
    text = f"one capture-pane -e takes p50 {pct(times, 50):.1f} ms, p99 {pct(times, 99):.1f} ms"
    cpu = ", ".join(f"{k} {load[k]:.0f}%" for k in ("app", "tmux", "server", "polls"))
    return f"{text}; CPU (% of a core): {cpu}"


def short_of(rate: float, target: float, load: dict) -> str:
    """Say so when the load was not what the label claims, and whether the load generator is why."""
    notes = []
    if rate < 0.95 * target:
        notes.append(f"below the target: the figures above are for {rate:,.0f} msg/s")
    if load.get("server", 0) >= 90:
        notes.append(f"the load generator used {load['server']:.0f}% of a core: it may be the limit")
    return f" ({'; '.join(notes)})" if notes else ""


def record(section: str, metric: str, value: str) -> None:
    SUMMARY.append((section, metric, value))
    print(f"  {metric}: {value}")


# --- sections -----------------------------------------------------------------------------------------------------
def run_client(srv: BlastServer, target, tls: bool) -> tuple[dict | None, object]:
    """Run `target(url, ca, out)` in its own process on a new /flood of INGEST_N; return (the server's "done"
    report, what the client put on `out`). Stops waiting early when the client process dies."""
    ident, ctx = secrets.token_hex(4), mp.get_context("spawn")
    out, url = ctx.Queue(), srv.url(f"/flood?n={INGEST_N}&id={ident}", tls)
    proc = ctx.Process(target=target, args=(url, str(srv.ca) if tls else None, out), daemon=True)
    proc.start()
    try:
        deadline, done, received = time.monotonic() + 300, None, None
        while done is None and proc.is_alive() and time.monotonic() < deadline:
            done = srv.get(ident, "done", 0.5)
        done = done or srv.get(ident, "done", 2)  # the client may exit just before the report is read
        with contextlib.suppress(queue.Empty):
            received = out.get(timeout=30)
    finally:
        proc.join(10)
        if proc.is_alive():
            proc.kill()
    return done, received


def ingest_ceiling(srv: BlastServer, tls: bool) -> float | None:
    """The raw client: reads and discards everything; the fastest the server can deliver."""
    done, received = run_client(srv, ceiling_client, tls)
    if done is None or done["aborted"] or not isinstance(received, int):
        print(f"  ceiling client FAILED: server report {done}, client {received}")
        return None
    return (INGEST_N + 1) / done["seconds"]


def ingest_bare(srv: BlastServer, tls: bool) -> float | None:
    done, received = run_client(srv, bare_client, tls)
    if done is None or done["aborted"] or received != INGEST_N + 1:
        print(f"  bare client FAILED: server report {done}, received {received}")
        return None
    return (INGEST_N + 1) / done["seconds"]


def ingest_app(srv: BlastServer, tls: bool) -> tuple[float | None, float | None]:
    """The app's rate, and the marker's latency: seen on screen minus written by the server."""
    ident = secrets.token_hex(4)
    url = srv.url(f"/flood?n={INGEST_N}&id={ident}", tls)
    ca = ["--ca", str(srv.ca)] if tls else []
    with app_session(srv, ident, ["--retry-interval", "600", *ca, url]) as (term, opened):
        seen = done = None
        deadline = time.time() + 600
        while time.time() < deadline and term.alive():
            if seen is None and opened["marker"] in term.text():
                seen = time.time()
            done = done or srv.get(ident, "done", 0)
            if done and (seen or done["aborted"] or time.time() > done.get("marker_sent", 0) + 60):
                break
            time.sleep(0.02)
        if done is None or done["aborted"]:
            print(f"  app FAILED: server report {done}; app alive: {term.alive()}; its screen:\n" + term.text())
            return None, None
        if seen is None:  # the app did not show the end of the flood: its rate is not counted
            print("  app FAILED: the marker did not appear within 60 s of being sent")
            return None, None
        return (INGEST_N + 1) / done["seconds"], seen - done["marker_sent"]


def wscat_path() -> Path | None:
    """wscat (Node's `ws` client for the terminal), installed with npm into a directory of its own on first use;
    None when npm is missing or the install fails (then it is not measured, and the run says so)."""
    if shutil.which("npm") is None:
        return None
    prefix = Path(tempfile.gettempdir()) / "wsbench-wscat"
    program = prefix / "node_modules" / ".bin" / "wscat"
    if not program.exists():
        install = ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "wscat@6"]
        if subprocess.run(install, capture_output=True, timeout=300).returncode != 0:
            return None
    return program if program.exists() else None


def ingest_wscat(srv: BlastServer, program: Path) -> float | None:
    """wscat in tmux at 160x45, printing every message: its rate, taken at the server like the others."""
    ident, workdir = secrets.token_hex(4), Path(tempfile.mkdtemp(prefix="wsbench-"))
    term = Term(["-c", srv.url(f"/flood?n={INGEST_N}&id={ident}")], workdir, program)
    try:
        done = srv.get(ident, "done", 600)
        return (INGEST_N + 1) / done["seconds"] if done and not done["aborted"] else None
    finally:
        term.close()
        shutil.rmtree(workdir, ignore_errors=True)


def rate(value: float | None, missing: str = "n/a") -> str:
    return missing if value is None else f"{value:,.0f} msg/s"


def ceiling_verdict(ceiling: float | None, fastest: float | None) -> str | None:
    """None when the ceiling is at least 2x the fastest client measured, else why the figures are INVALID."""
    if ceiling is None:
        return "INVALID: no ceiling was measured"
    if fastest is None:
        return "no client rate to compare with"
    if ceiling < 2 * fastest:
        return f"INVALID: the server's ceiling is only {ceiling / fastest:.1f}x the fastest client, under 2x"
    return None


def bench_ingest(srv: BlastServer, runs: int, tls: bool, wscat: Path | None = None) -> None:
    """With `wscat`, it is measured in each run too (ws:// only), for the comparison in the README."""
    section, ceilings, bares, apps, lats, wscats = "ingest-tls" if tls else "ingest", [], [], [], [], []
    for run in range(1, runs + 1):
        ceiling, bare = ingest_ceiling(srv, tls), ingest_bare(srv, tls)
        app, lat = ingest_app(srv, tls)
        tool = ingest_wscat(srv, wscat) if wscat is not None else None
        wscats += [tool] if tool else []
        print(
            f"  run {run}: ceiling {rate(ceiling, 'FAILED')}, bare {rate(bare, 'FAILED')}, app {rate(app, 'FAILED')},"
            f" app/bare {f'{app / bare:.3f}' if app and bare else 'n/a'}, marker latency {ms(lat)}"
            + (f", wscat {rate(tool, 'FAILED')}" if wscat is not None else "")
        )
        ceilings += [ceiling] if ceiling else []
        bares += [bare] if bare else []
        apps += [app] if app else []
        lats += [lat] if lat is not None else []
    ceiling_m, bare_m, app_m = median(ceilings), median(bares), median(apps)
    fastest = max(bares + apps, default=None)
    verdict = ceiling_verdict(ceiling_m, fastest)
    record(section, f"ceiling (raw client) rate, median of {len(ceilings)}", rate(ceiling_m))
    record(section, f"bare client rate, median of {len(bares)}", rate(bare_m))
    record(section, f"app rate, median of {len(apps)}", rate(app_m))
    ratio = f"{app_m / bare_m:.3f}" if app_m and bare_m else "n/a"
    record(section, "app/bare (medians)", ratio + (f" ({verdict})" if verdict else ""))
    headroom = f"{ceiling_m / fastest:.1f}x" if ceiling_m and fastest else "n/a"
    record(section, "ceiling / fastest client run (valid at 2x)", f"{headroom}: {verdict or 'valid'}")
    if verdict or len(apps) < runs or len(bares) < runs:
        PROBLEMS.append(f"{section}: {verdict or 'a client run failed'}")
    record(section, f"app marker latency, median of {len(lats)} (20 ms polls)", ms(median(lats)))
    if wscat is not None:
        wscat_m = median(wscats)
        tool_ratio = f" ({wscat_m / bare_m:.3f} of bare)" if wscat_m and bare_m else ""
        record(section, f"wscat in tmux, median of {len(wscats)}", rate(wscat_m) + tool_ratio)


def bench_responsive(srv: Server) -> None:
    ident, idle_load, load = secrets.token_hex(4), {}, {}
    with app_session(srv, ident, [srv.url(f"/paced?rate=20000&secs=120&wait=1&id={ident}")]) as (term, _):
        term.wait_ui()
        with load_meter(term, srv, idle_load):
            idle, idle_misses, _idle_cursor = key_series(term, 10)
        srv.commands.put((ident, "go"))
        time.sleep(1.0)
        with load_meter(term, srv, load):
            busy, misses, busy_cursor = key_series(term, PRESSES)
        if misses:
            print(f"  {misses} presses showed no change; the screen then:\n{term.text()}")
        srv.commands.put((ident, "stop"))
        done = srv.get(ident, "done", 30)
        if done is None or done["aborted"]:
            raise RuntimeError(f"the paced sender did not finish cleanly: {done}\n{term.text()}")
        during = [lat for wall, lat in busy if wall < done["t_end"]]
        print_presses(busy)
        record("responsive", "key → new slot's panel, idle", latency_line([lat for _, lat in idle], idle_misses))
        record("responsive", "key → new slot's panel at 20k msg/s", latency_line(during, misses))
        record("responsive", "key → tree cursor at 20k msg/s", latency_line(busy_cursor, 0))
        if len(during) < len(busy):
            print(f"  ({len(busy) - len(during)} presses came after the sender had stopped (120 s); left out)")
        rate = f"{done['rate']:,.0f} msg/s for {done['seconds']:.0f} s" + short_of(done["rate"], 20_000, load)
        rate += f"; the app had read everything {ms(done['backlog_s'])} after the sender stopped"
        if misses:
            PROBLEMS.append(f"responsive: {misses} presses showed no change")
        record("responsive", "delivered rate (target 20,000)", rate)
        record("responsive", "polling, idle", resolution(idle_load))
        record("responsive", "polling, loaded", resolution(load))


def bench_memory(srv: Server) -> None:
    ident = secrets.token_hex(4)
    url = srv.url(f"/flood?n={MEMORY_N}&id={ident}")
    with app_session(srv, ident, ["--retry-interval", "600", url]) as (term, opened):
        samples: list[tuple[float, int, float]] = []  # (s since open, highest index on screen, RSS MB)
        start, shown, marker_at, done = time.monotonic(), 0, None, None
        while term.alive():
            elapsed, rss, screen = time.monotonic() - start, term.rss_mb(), term.text()
            shown = max([shown, *(int(i) for i in INDEX.findall(screen))])
            if marker_at is None and opened["marker"] in screen:
                marker_at, shown = elapsed, MEMORY_N
            samples.append((elapsed, shown, rss))
            done = done or srv.get(ident, "done", 0)
            if (marker_at is not None and elapsed - marker_at >= 10) or elapsed > 900:
                break
            if done and marker_at is None and time.time() > done.get("marker_sent", 0) + 60:
                print("  the marker did not appear within 60 s of being sent")
                break
            time.sleep(max(0.0, start + len(samples) - time.monotonic()))
        print("  samples (seconds since connected, highest message index on screen, RSS):")
        for k in range(0, len(samples), 6):
            print("  " + "  ".join(f"{t:4.0f}s {n / 1000:5.0f}k {r:6.1f} MB" for t, n, r in samples[k : k + 6]))
        if done is not None and not done["aborted"]:
            record("memory", "server-measured rate", f"{(MEMORY_N + 1) / done['seconds']:,.0f} msg/s")
        half = next((r for _, n, r in samples if n >= MEMORY_N // 2), None)
        tail = [r for t, n, r in samples if n >= MEMORY_N * 0.8]  # through the 10 s after: a flood may take 3 s
        record("memory", "peak RSS", f"{max(r for *_, r in samples):.1f} MB")
        record("memory", "RSS when 500k shown", f"{half:.1f} MB" if half else "n/a (never reached)")
        record("memory", "RSS at the end (10 s after the marker)", f"{samples[-1][2]:.1f} MB")
        verdict = "kept growing" if len(tail) > 1 and tail[-1] - tail[0] > max(5.0, 0.02 * tail[0]) else "flat"
        trend = (
            f"{verdict}: {tail[0]:.1f} -> {tail[-1]:.1f} MB" if len(tail) > 1 else f"{len(tail)} samples, no verdict"
        )
        record("memory", "from 800k shown to 10 s after the marker", trend)


def bench_big(srv: Server, reps: int = 3) -> None:
    ident = secrets.token_hex(4)
    with app_session(srv, ident, ["--retry-interval", "600", srv.url(f"/big?id={ident}")]) as (term, _):
        term.wait_ui()
        home, _ = term.snapshot()
        marker_lats, key_lats, load = [], [], {}
        with load_meter(term, srv, load):
            for rep in range(1, reps + 1):
                time.sleep(1.0)
                before, plain_before = term.snapshot()
                title = panel_title(plain_before)
                marker = f"BIGMARK-{secrets.token_hex(6)}"
                srv.commands.put((ident, (BIG_SIZE, marker)))
                started = srv.get(ident, "big_start", 10)
                t0, key_lat, seen = time.perf_counter(), None, None
                term.keys("Up" if before == home else "Down")  # it opens on the tree's last slot
                while time.perf_counter() - t0 < 60 and (key_lat is None or seen is None):
                    left, plain = term.snapshot()
                    if key_lat is None and left != before and panel_title(plain) != title:
                        key_lat = time.perf_counter() - t0  # the new slot's panel, not only the cursor
                    if seen is None and marker in plain:
                        seen = time.time()
                    time.sleep(0.002)  # the poller must not starve the app of the second core
                finished = srv.get(ident, "big_done", 10)
                marker_lat = seen - started["t"] if seen and started else None
                after_sent = ms(seen - finished["marker_sent"]) if seen and finished else "n/a"
                print(
                    f"  rep {rep}: marker shown {ms(marker_lat)} after the big send began ({after_sent} after the"
                    f" marker was sent); a key press sent as the big send began showed its slot's panel after"
                    f" {ms(key_lat)}"
                )
                if seen is None:
                    print("  the marker did not appear within 60 s; screen:\n" + plain)
                marker_lats += [marker_lat] if marker_lat is not None else []
                key_lats += [key_lat] if key_lat is not None else []
        srv.commands.put((ident, None))
        problems = [line.strip("│ ") for line in plain.splitlines() if "✗ error" in line or "disconnected" in line]
        record("big", f"marker after a 4,000,000 B message, median of {len(marker_lats)}", ms(median(marker_lats)))
        record("big", f"key latency meanwhile, median of {len(key_lats)}", ms(median(key_lats)))
        record("big", "errors/disconnects on screen", "; ".join(problems) or "none")
        record("big", "polling", resolution(load))


def bench_many(srv: Server, runs: int, clients: int = 20) -> None:
    """`runs` sessions of 20 clients at 1,000 msg/s each; per run the panel latency and the first press."""
    p99s, firsts, all_presses = [], [], []
    for run in range(1, runs + 1):
        presses = many_run(srv, clients, run)
        timed = [x for _, x in presses]
        all_presses += timed
        p99s += [pct(timed, 99)] if timed else []
        firsts += [timed[0]] if timed else []
    record("many", "key → new slot's panel, every run", latency_line(all_presses, 0))
    record("many", f"key → new slot's panel, p99 of each of {len(p99s)} runs", ", ".join(ms(p) for p in p99s))
    record("many", "first press after start, each run", ", ".join(ms(f) for f in firsts))


def many_run(srv: Server, clients: int, run: int) -> list[tuple[float, float]]:
    token, load, tags = secrets.token_hex(4), {}, set()
    ids = [f"{token}-{k:02d}" for k in range(1, clients + 1)]
    scene = "format = 1\n" + "".join(
        f'\n[[component]]\nslot = "Root/C{k:02d}"\ntype = "WebsocketClient"\n'
        f'URL = "{srv.url(f"/paced?rate=1000&secs=120&tag=c{k:02d}&id={ident}")}"\nConnectRetryInterval = 5.0\n'
        for k, ident in enumerate(ids, 1)
    )
    settings = f'allowed_hosts = ["127.0.0.1:{srv.port}"]\n'
    with app_session(srv, None, [], settings=settings, scene=scene) as (term, _):
        deadline = time.monotonic() + 30
        connected = sum(srv.get(i, "open", max(0.0, deadline - time.monotonic())) is not None for i in ids)
        term.wait_ui()
        with load_meter(term, srv, load):
            presses, misses, cursor = key_series(
                term, PRESSES, on_screen=lambda plain: tags.update(CLIENT_TAG.findall(plain))
            )
        print_presses(presses)
        for ident in ids:
            srv.commands.put((ident, "stop"))
        deadline = time.monotonic() + 30
        dones = [srv.get(i, "done", max(0.0, deadline - time.monotonic())) for i in ids]
        finished = [d for d in dones if d is not None and not d["aborted"]]
        end = min((d["t_end"] for d in finished), default=math.inf)
        rate = sum(d["rate"] for d in finished)
        backlog = max((d["backlog_s"] for d in finished), default=None)
        if connected < clients or len(finished) < clients or misses:
            PROBLEMS.append(f"many, run {run}: {connected} connected, {len(finished)} clean, {misses} presses missed")
        during = [(w, x) for w, x in presses if w < end]
        print(f"  run {run}:")
        record("many", "clients connected (server side)", f"{connected}/{clients}")
        record("many", "clients whose rows were seen on screen", f"{len(tags)}/{clients}")
        record("many", "key → new slot's panel at 20 x 1,000 msg/s", latency_line([x for _, x in during], misses))
        record("many", "first press after start", ms(during[0][1]) if during else "n/a")
        record("many", "key → tree cursor at 20 x 1,000 msg/s", latency_line(cursor, 0))
        delivered = f"{rate:,.0f} msg/s ({len(finished)} senders)" + short_of(rate, 20_000, load)
        delivered += f"; the app had read everything {ms(backlog)} after the last sender stopped"
        record("many", "aggregate delivered rate (target 20,000)", delivered)
        record("many", "polling", resolution(load))
    return during


# --- main ---------------------------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions of ingest (bare, app alternating) and of many")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: " + ",".join(SECTIONS))
    parser.add_argument("--presses", type=int, default=100, help="key presses timed under load (responsive, many)")
    parser.add_argument("--no-wscat", action="store_true", help="do not measure wscat (installed with npm) in ingest")
    args = parser.parse_args()
    global PRESSES
    PRESSES = args.presses
    sys.stdout.reconfigure(line_buffering=True)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    if not chosen or set(chosen) - set(SECTIONS):
        parser.error(f"--only: choose from {', '.join(SECTIONS)}")
    if shutil.which("tmux") is None or not APP.exists():
        parser.error(f"needs tmux and {APP}")
    print(f"ws-inspector benchmark: {', '.join(chosen)}; terminal {COLS}x{ROWS}; {os.cpu_count()} CPUs")
    git = ["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], ["git", "-C", str(ROOT), "status", "--short", "app"]
    head, dirty = (subprocess.run(c, capture_output=True, text=True).stdout.strip() for c in git)
    print(f"app at {head or '?'}" + (f"; uncommitted changes in app/: {' '.join(dirty.split())}" if dirty else ""))
    wscat = None if args.no_wscat or "ingest" not in chosen else wscat_path()
    if "ingest" in chosen and not args.no_wscat and wscat is None:
        print("wscat is not measured: npm is missing or `npm install wscat` failed")
    sections = {
        "ingest": lambda s: bench_ingest(s.blast, args.runs, tls=False, wscat=wscat),
        "ingest-tls": lambda s: bench_ingest(s.blast, args.runs, tls=True),
        "responsive": lambda s: bench_responsive(s.blast),
        "memory": lambda s: bench_memory(s.blast),
        "big": lambda s: bench_big(s.blast),
        "many": lambda s: bench_many(s.blast, args.runs),
    }
    servers, failed = Servers(), []
    try:
        for name in chosen:
            print(f"\n== {name}")
            started = time.monotonic()
            try:
                sections[name](servers)
            except Exception:  # noqa: BLE001 - one failed section must not stop the others
                failed.append(name)
                print(f"  FAILED:\n{traceback.format_exc()}")
                SUMMARY.append((name, "FAILED", "see above"))
            print(f"  ({time.monotonic() - started:.0f} s)")
    finally:
        servers.close()
    print("\n== summary")
    width = max((len(metric) for _, metric, _ in SUMMARY), default=10)
    for section, metric, value in SUMMARY:
        print(f"{section:<11} {metric:<{width}}  {value}")
    for problem in PROBLEMS:
        print(f"PROBLEM: {problem}")
    return 1 if failed or PROBLEMS else 0


if __name__ == "__main__":
    sys.exit(main())
