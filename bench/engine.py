"""Engine speed: issue and call-next latency with 15 windows and 1,000 waiting tickets,
next to a raw one-row SQLite transaction run the way the engine's store runs one (a hop
to a one-thread executor owning the connection), measured in the same run, and the
cross-process change-feed latency.

    .venv/bin/python bench/engine.py [--calls 300] [--feed-events 200]

Prints one JSON object. Goals: call-next p99 ≤ 3 × the baseline's p99; feed p99 ≤ 100 ms.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from hallq.db.clock import VirtualClock  # noqa: E402
from hallq.db.config import parse_config  # noqa: E402
from hallq.db.engine import HallEngine  # noqa: E402
from hallq.db.store import configure  # noqa: E402

SERVICES = "ABCDEF"
HALL = "[hall]\nname = \"基准测试大厅\"\n" + "".join(
    f"[[services]]\nprefix = \"{p}\"\nname = \"业务{p}\"\n" for p in SERVICES) + "".join(
    f"[[windows]]\nnumber = {n}\nservices = [\"{SERVICES[(n - 1) % 6]}\", \"{SERVICES[n % 6]}\"]\n"
    for n in range(1, 16))


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50_ms": round(pick(0.50) * 1000, 3), "p99_ms": round(pick(0.99) * 1000, 3),
            "mean_ms": round(statistics.mean(ordered) * 1000, 3), "n": len(ordered)}


class Baseline:
    """A raw one-row transaction on a database set up like the engine's, in one hop to a
    one-thread executor that owns the connection (what the store does per operation).

    It is timed interleaved with the engine's operations (one baseline sample before
    each engine sample), so both see the same machine load and thread scheduling."""

    def __init__(self, thread: ThreadPoolExecutor, conn: sqlite3.Connection):
        self.thread, self.conn = thread, conn
        self.samples: list[float] = []

    @classmethod
    async def open(cls, path: Path) -> Baseline:
        thread = ThreadPoolExecutor(max_workers=1)

        def connect() -> sqlite3.Connection:
            conn = sqlite3.connect(str(path), isolation_level=None)
            configure(conn)
            conn.execute("CREATE TABLE IF NOT EXISTS baseline (id INTEGER PRIMARY KEY, at REAL)")
            return conn

        return cls(thread, await asyncio.get_running_loop().run_in_executor(thread, connect))

    def _transaction(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO baseline (at) VALUES (?)", (time.time(),))
        self.conn.execute("COMMIT")

    async def sample(self) -> None:
        t0 = time.perf_counter()
        await asyncio.get_running_loop().run_in_executor(self.thread, self._transaction)
        self.samples.append(time.perf_counter() - t0)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self.thread, self.conn.close)
        self.thread.shutdown()


async def engine_figures(path: Path, base: Baseline, calls: int) -> dict:
    clock = VirtualClock(datetime(2026, 11, 25, 9, 0))
    engine = await HallEngine.open(path, clock)
    await engine.load_config(parse_config(HALL), HALL)
    for i in range(1000 + calls):  # 1,000 still waiting after the last call
        clock.advance(seconds=1)
        await engine.issue_ticket(SERVICES[i % 6], priority="elderly" if i % 17 == 0 else None)
    issue = []
    for i in range(calls):
        clock.advance(seconds=1)
        await base.sample()
        t0 = time.perf_counter()
        await engine.issue_ticket(SERVICES[i % 6])
        issue.append(time.perf_counter() - t0)
    call = []
    busy = 0.0
    for i in range(calls):
        window = i % 15 + 1
        clock.advance(seconds=5)
        await base.sample()
        t0 = time.perf_counter()
        await engine.call_next(window)  # also finishes the ticket this window was serving
        call.append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        await engine.start(window)
        busy += call[-1] + time.perf_counter() - t1
    waiting = len(await engine.tickets(state="waiting"))
    await engine.close()
    return {"issue": percentiles(issue), "call_next": percentiles(call), "waiting_after": waiting,
            "call_and_start_ops_per_s": round(2 * calls / busy, 1)}


FOLLOWER = """
import asyncio, json, sys, time
sys.path.insert(0, sys.argv[2])
from hallq.db.engine import HallEngine
async def main():
    engine = await HallEngine.open(sys.argv[1])
    after = await engine.last_event_id()
    print("ready", flush=True)
    async for event in engine.follow(after_id=after):
        print(json.dumps([event.id, time.time()]), flush=True)
asyncio.run(main())
"""


async def feed_latency(path: Path, n: int) -> dict:
    engine = await HallEngine.open(path, VirtualClock(datetime(2026, 11, 25, 16, 0)))  # the same hall day
    follower = subprocess.Popen([sys.executable, "-c", FOLLOWER, str(path), str(ROOT)], stdout=subprocess.PIPE,
                                text=True)
    try:
        assert follower.stdout.readline().strip() == "ready"
        committed = {}
        for i in range(n):
            await engine.issue_ticket(SERVICES[i % 6])
            committed[await engine.last_event_id()] = time.time()
            await asyncio.sleep(0.02)  # spacing between commits, like a hall's calls (not synchronisation)
        received = {}
        while not set(committed) <= set(received):
            event_id, at = json.loads(follower.stdout.readline())
            received[event_id] = at
    finally:
        follower.kill()
        follower.wait()
        await engine.close()
    return percentiles([max(0.0, received[i] - committed[i]) for i in committed])


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--feed-events", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        baseline = await Baseline.open(Path(tmp) / "baseline.db")
        figures = await engine_figures(Path(tmp) / "hall.db", baseline, args.calls)
        await baseline.close()
        base = percentiles(baseline.samples)
        feed = await feed_latency(Path(tmp) / "hall.db", args.feed_events)
    ratio = figures["call_next"]["p99_ms"] / base["p99_ms"]
    print(json.dumps({
        "bench": "engine",
        "windows": 15,
        "baseline_raw_one_row_tx_one_hop": base,
        **figures,
        "call_next_p99_over_baseline_p99": round(ratio, 2),
        "feed_cross_process": feed,
        "goals": {"call_next_p99_within_3x_baseline": ratio <= 3.0, "feed_p99_le_100ms": feed["p99_ms"] <= 100},
        "ok": ratio <= 3.0 and feed["p99_ms"] <= 100,
    }, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
