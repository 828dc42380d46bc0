"""Many real processes on one database file: no duplicate number, no double call, and
a writer killed mid-transaction loses nothing it had committed."""
from __future__ import annotations

import multiprocessing
import selectors
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from hallq.db.clock import VirtualClock
from hallq.db.config import parse_config
from hallq.db.engine import HallEngine
from tests.db import workers

pytestmark = pytest.mark.slow  # real processes

# An always-open hall (no hours, no limits) so the test may run at any time of day.
HALL = """
[hall]
name = "并发测试大厅"
[[services]]
prefix = "A"
name = "综合受理"
[[services]]
prefix = "B"
name = "一件事一次办"
[[windows]]
number = 1
services = ["A", "B"]
[[windows]]
number = 2
services = ["B", "A"]
[[windows]]
number = 3
services = ["A"]
"""


async def make_hall(path: Path) -> None:
    engine = await HallEngine.open(path, VirtualClock(datetime.now()))
    await engine.load_config(parse_config(HALL), HALL)
    await engine.close()


async def test_six_processes_issuing_and_calling_at_once(tmp_path):
    path = tmp_path / "hall.db"
    await make_hall(path)
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    start = ctx.Barrier(6)  # all processes begin together once imported and open
    procs = [ctx.Process(target=workers.issuer, args=(str(path), s, 3.0, start, out)) for s in ("A", "A", "B")]
    procs += [ctx.Process(target=workers.caller, args=(str(path), w, 3.0, start, out)) for w in (1, 2, 3)]
    for p in procs:
        p.start()
    results = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=10)
        assert p.exitcode == 0
    errors = [e for _, _, errs in results for e in errs]
    assert errors == []
    issued = [n for kind, numbers, _ in results if kind == "issued" for n in numbers]
    called = [n for kind, numbers, _ in results if kind == "called" for n in numbers]
    assert len(issued) > 50 and len(called) > 20
    assert len(issued) == len(set(issued))
    for prefix in "AB":
        mine = sorted(n for n in issued if n[0] == prefix)
        assert mine == [f"{prefix}{i:03d}" for i in range(1, len(mine) + 1)]
    assert [n for n, c in Counter(called).items() if c > 1] == []
    conn = sqlite3.connect(path)
    calls_per_ticket = conn.execute(
        "SELECT max(c) FROM (SELECT count(*) c FROM events WHERE kind='ticket.called' GROUP BY ticket_id)"
    ).fetchone()[0]
    assert calls_per_ticket == 1
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == len(issued)
    conn.close()


async def test_writer_killed_repeatedly_loses_no_committed_ticket(tmp_path):
    path = tmp_path / "hall.db"
    await make_hall(path)
    committed = []
    for round_ in range(6):
        proc = subprocess.Popen([sys.executable, "-m", "tests.db.workers", str(path)], stdout=subprocess.PIPE,
                                text=True, cwd=Path(__file__).parents[2])
        wanted = 15 + round_ * 7
        lines = selectors.DefaultSelector()
        lines.register(proc.stdout, selectors.EVENT_READ)
        for _ in range(wanted):
            assert lines.select(timeout=30), "the writer stopped writing"
            line = proc.stdout.readline()
            assert line, f"writer died early with {proc.wait()}"
            committed.append(line.strip())
        lines.close()
        proc.send_signal(signal.SIGKILL)  # mid-work: it is issuing the next ticket right now
        proc.wait()
        proc.stdout.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {n for (n,) in conn.execute("SELECT number FROM tickets")}
    assert set(committed) <= stored
    numbers = sorted(stored)
    assert numbers == [f"A{i:03d}" for i in range(1, len(numbers) + 1)]  # nothing half-written
    conn.close()
