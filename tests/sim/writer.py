"""A kiosk in another process: issues tickets as fast as it can until told to stop."""
from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime
from pathlib import Path

from hallq.db.clock import VirtualClock
from hallq.db.engine import HallEngine


def issue_until_stopped(db: str, stop: str, report: str) -> None:
    asyncio.run(_issue(db, Path(stop), Path(report)))


async def _issue(db: str, stop: Path, report: Path) -> None:
    clock = VirtualClock(datetime(2026, 11, 26, 10, 0))  # the day after the simulated one
    engine = await HallEngine.open(db, clock)
    issued, slowest = 0, 0.0
    try:
        while not stop.exists():
            began = time.perf_counter()
            ticket = await engine.issue_ticket("D", kiosk="K1")
            slowest = max(slowest, time.perf_counter() - began)
            issued += 1
            if ticket.number == "D900":  # numbers are per day: go on tomorrow
                clock.advance(days=1)
    finally:
        await engine.close()
        report.write_text(json.dumps({"issued": issued, "slowest_s": slowest}))
