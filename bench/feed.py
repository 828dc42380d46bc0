"""Feed bench: how fast a call committed at a counter appears on the hall screen, and
what the hall screen costs when nothing happens.

Three real processes on one database file:
- a display: DisplayApp at 240×67 on a pseudo-terminal (the real terminal driver), which
  reports when the big number of a new call is first rendered;
- a bare follower (baseline): engine.follow() alone, reporting when each call event arrives;
- a counter: commits calls (call_next) at several windows, reporting each commit.

The bench hall's notice is longer than the screen, so the idle figure includes the
scrolling notice and the clock. Prints one JSON object: commit→render latency p50/p99 (goal p99 ≤ 100 ms) next to the
bare feed's commit→event latency, and the CPU the display uses over --idle-seconds of
nothing happening (goal ≤ 2 % of one core), next to the bare follower's.

    .venv/bin/python bench/feed.py [--calls 40] [--idle-seconds 60]
"""
from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOTICE = ("请留意叫号，过号请到服务台重新排队。办事可先在网上预约，到厅后在取号机签到。"
          "携带身份证原件及复印件，未成年人由监护人陪同办理。大厅内请勿吸烟，保持安静，谢谢合作。")
HALL = f"""
[hall]
name = "基准大厅"
notice = "{NOTICE}"
[[services]]
prefix = "K"
name = "综合受理"
[[windows]]
number = 1
services = ["K"]
[[windows]]
number = 2
services = ["K"]
[[windows]]
number = 3
services = ["K"]
[[windows]]
number = 4
services = ["K"]
"""
SIZE = (240, 67)


# ---------------------------------------------------------------------- children
async def _display(db: str, fd: int) -> None:
    from hallq.db.engine import HallEngine
    from hallq.display.app import DisplayApp
    from hallq.ui.big_text import BigText

    out = os.fdopen(fd, "w", buffering=1)
    shown = {"text": None}
    render_line = BigText.render_line

    def reporting_render_line(self, y):
        strip = render_line(self, y)
        if self.id == "latest-number" and self.text and self.text != shown["text"]:
            shown["text"] = self.text
            out.write(f"render {self.text.split('→')[0]} {time.monotonic()}\n")
        return strip

    BigText.render_line = reporting_render_line
    engine = await HallEngine.open(db)
    app = DisplayApp(engine)
    out.write(f"ready {os.getpid()}\n")
    await app.run_async()


async def _follower(db: str, fd: int) -> None:
    from hallq.db.engine import HallEngine

    out = os.fdopen(fd, "w", buffering=1)
    engine = await HallEngine.open(db)
    out.write(f"ready {os.getpid()}\n")
    async for event in engine.follow():
        if event.kind == "ticket.called":
            out.write(f"event {event.number} {time.monotonic()}\n")


async def _counter(db: str, calls: int, spacing: float) -> None:
    from hallq.db.engine import HallEngine

    engine = await HallEngine.open(db)
    busy: set[int] = set()
    for i in range(calls):
        window = i % 4 + 1
        if window in busy:
            await engine.start(window)
        ticket = await engine.call_next(window)
        print(f"commit {ticket.number} {time.monotonic()}", flush=True)
        busy.add(window)
        await asyncio.sleep(spacing)
    await engine.close()


# ---------------------------------------------------------------------- the bench
def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class Reporter:
    """A child process writing 'kind key time' lines to a pipe; collected in a thread."""

    def __init__(self, role: str, db: str, pty_size: tuple[int, int] | None = None):
        read, write = os.pipe()
        cmd = [sys.executable, __file__, "--child", role, "--db", db, "--fd", str(write)]
        env = dict(os.environ, PYTHONPATH=str(ROOT), TERM="xterm-256color")
        self.master = None
        if pty_size:
            self.master, slave = pty.openpty()
            cols, rows = pty_size
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            self.proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, pass_fds=(write,),
                                         env=env, start_new_session=True)
            os.close(slave)
            threading.Thread(target=self._drain_terminal, daemon=True).start()
        else:
            self.proc = subprocess.Popen(cmd, pass_fds=(write,), env=env, stdout=subprocess.DEVNULL)
        os.close(write)
        self.lines: list[tuple[str, str, float]] = []
        self.ready = threading.Event()
        self.pid = self.proc.pid
        threading.Thread(target=self._collect, args=(read,), daemon=True).start()

    def _drain_terminal(self) -> None:
        try:
            while os.read(self.master, 65536):
                pass
        except OSError:
            pass

    def _collect(self, fd: int) -> None:
        with os.fdopen(fd) as pipe:
            for line in pipe:
                kind, key, *rest = line.split()
                if kind == "ready":
                    self.ready.set()
                else:
                    self.lines.append((kind, key, float(rest[0])))

    def times(self) -> dict[str, float]:
        return {key: t for _, key, t in self.lines}

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.master is not None:
            os.close(self.master)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def latencies(commits: dict[str, float], seen: dict[str, float]) -> dict:
    ms = [(seen[n] - t) * 1000 for n, t in commits.items() if n in seen]
    return {"n": len(ms), "missed": len(commits) - len(ms),
            "p50_ms": round(statistics.median(ms), 1) if ms else None,
            "p99_ms": round(percentile(ms, 99), 1) if ms else None,
            "max_ms": round(max(ms), 1) if ms else None}


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--spacing", type=float, default=0.15, help="seconds between calls")
    parser.add_argument("--idle-seconds", type=float, default=60.0)
    parser.add_argument("--child", choices=["display", "follower", "counter"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--fd", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "display":
        asyncio.run(_display(args.db, args.fd))
        return 0
    if args.child == "follower":
        asyncio.run(_follower(args.db, args.fd))
        return 0
    if args.child == "counter":
        asyncio.run(_counter(args.db, args.calls, args.spacing))
        return 0

    from hallq.db.config import parse_config
    from hallq.db.engine import HallEngine

    with tempfile.TemporaryDirectory(prefix="hallq-bench-") as tmp:
        db = str(Path(tmp) / "hall.db")

        async def setup():
            engine = await HallEngine.open(db)
            await engine.load_config(parse_config(HALL, "bench hall"), HALL)
            for _ in range(args.calls):
                await engine.issue_ticket("K")
            await engine.close()

        asyncio.run(setup())
        display = Reporter("display", db, pty_size=SIZE)
        follower = Reporter("follower", db)
        try:
            if not (display.ready.wait(20) and follower.ready.wait(20)):
                raise SystemExit("children did not start")
            time.sleep(1.5)  # let the display load and draw its first frame
            counter = subprocess.run([sys.executable, __file__, "--child", "counter", "--db", db,
                                      "--calls", str(args.calls), "--spacing", str(args.spacing)],
                                     capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                                     timeout=120)
            if counter.returncode:
                raise SystemExit(counter.stderr)
            commits = {n: float(t) for _, n, t in (line.split() for line in counter.stdout.splitlines())}
            last = max(commits, key=commits.get)
            wait_until(lambda: last in display.times(), 5)
            render = latencies(commits, display.times())
            feed = latencies(commits, follower.times())

            time.sleep(1.0)  # the last highlight and re-reads settle
            before = {p.pid: cpu_seconds(p.pid) for p in (display, follower)}
            start = time.monotonic()
            time.sleep(args.idle_seconds)
            wall = time.monotonic() - start
            if display.proc.poll() is not None or follower.proc.poll() is not None:
                raise SystemExit("a child process died during the bench")
            idle = {p.pid: round((cpu_seconds(p.pid) - before[p.pid]) / wall * 100, 2) for p in (display, follower)}
        finally:
            display.stop()
            follower.stop()

    result = {
        "bench": "feed",
        "calls": args.calls,
        "terminal": f"{SIZE[0]}x{SIZE[1]}",
        "commit_to_render": render,
        "baseline_commit_to_event": feed,
        "idle_seconds": round(wall, 1),
        "idle_cpu_percent": idle[display.pid],
        "baseline_idle_cpu_percent": idle[follower.pid],
        "goal": {"p99_ms": 100, "idle_cpu_percent": 2.0},
    }
    result["ok"] = (render["missed"] == 0 and render["p99_ms"] is not None and render["p99_ms"] <= 100
                    and idle[display.pid] <= 2.0)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
