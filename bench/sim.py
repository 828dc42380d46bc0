"""Simulator speed: simulated tickets per second through the real engine, next to a raw
engine loop (issue, call, start, finish per ticket, nothing else) measured in the same run.

    .venv/bin/python bench/sim.py [--days 3]

Prints one JSON object. Goal: the simulator runs at least half as many tickets per second
as the raw loop (its own event logic costs less than the engine work it drives).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from hallq.db.clock import VirtualClock  # noqa: E402
from hallq.db.config import demo_text, load_demo  # noqa: E402
from hallq.db.engine import HallEngine  # noqa: E402
from hallq.db.simulate import simulate  # noqa: E402

FIRST = date(2026, 11, 23)  # a Monday


async def raw_loop(path: Path, tickets: int) -> float:
    """Tickets per second for issue → call_next → start → finish on the demo hall."""
    clock = VirtualClock(datetime.combine(FIRST, datetime.min.time()).replace(hour=9))
    engine = await HallEngine.open(path, clock)
    try:
        await engine.load_config(load_demo(), demo_text())
        began = time.perf_counter()
        for i in range(tickets):
            if i and i % 900 == 0:  # D has no daily limit, but numbers have three digits
                clock.advance(days=1)
            clock.advance(seconds=1)
            await engine.issue_ticket("D")
            await engine.call_next(13)
            await engine.start(13)
            await engine.finish(13)
        return tickets / (time.perf_counter() - began)
    finally:
        await engine.close()


async def main(days: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        result = await simulate(demo_text(), Path(folder) / "sim.db", FIRST, seed=1, days=days)
        sim_rate = result.citizens / result.seconds
        baseline = await raw_loop(Path(folder) / "raw.db", result.citizens)
    return {
        "bench": "sim",
        "simulated_days": days,
        "citizens": result.citizens,
        "engine_ops": result.engine_ops,
        "seconds": result.seconds,
        "sim_tickets_per_s": round(sim_rate, 1),
        "sim_days_per_minute": round(60 * days / result.seconds, 1),
        "baseline_raw_engine_tickets_per_s": round(baseline, 1),
        "ratio_to_baseline": round(sim_rate / baseline, 2),
        "goal": "sim_tickets_per_s >= 0.5 x baseline_raw_engine_tickets_per_s",
        "ok": sim_rate >= 0.5 * baseline,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3)
    print(json.dumps(asyncio.run(main(parser.parse_args().days))))
