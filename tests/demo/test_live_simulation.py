"""The live simulation, stepped on a VirtualClock: no sleeping, a simulated hour in moments."""
from __future__ import annotations

from datetime import timedelta

import pytest

from hallq.db.clock import VirtualClock
from hallq.db.config import demo_text, load_demo
from hallq.db.engine import HallEngine
from hallq.demo.live_simulation import LiveSimulation, RunningClock
from tests.conftest import MORNING

OTHERS = [n for n in range(1, 16) if n not in (1, 9)]


async def simulate(engine, clock, minutes: float, seed: int = 7, windows=OTHERS) -> LiveSimulation:
    """Run the simulation for `minutes` of the hall's time (each simulated clerk costs
    two scrypt PIN hashes: tests that need not the whole hall use a few windows)."""
    sim = LiveSimulation(engine, await engine.config(), windows, seed=seed)
    await sim.prepare()
    end = clock.now() + timedelta(minutes=minutes)

    async def sleep_until(when):
        if when >= end:
            raise TimeoutError
        clock.set(max(when, clock.now()))

    try:
        await sim.run(sleep_until)
    except TimeoutError:
        pass
    return sim


@pytest.mark.slow  # simulated hours of the hall
async def test_an_hour_of_the_hall(engine, clock):
    sim = await simulate(engine, clock, 60)
    t = sim.tally
    # about 0.9 of what 13 windows serve in an hour, half again in the 9-10 peak
    assert 60 <= t.issued <= 160, t
    assert t.checked_in >= 2 and t.called >= 50 and t.finished >= 40
    assert t.by_service.keys() <= {"A", "B", "C", "D", "E"}
    windows = {w.number: w for w in await engine.windows()}
    assert windows[1].clerk_id is None and windows[9].clerk_id is None  # the demo's own counters are left alone
    assert all(windows[n].clerk_id == f"sim{n:02d}" for n in OTHERS)
    events = await engine.events(limit=100000)
    assert {e.window for e in events if e.kind == "ticket.called"} <= set(OTHERS)
    assert any(e.kind == "ticket.no_show" for e in events) or t.no_shows == 0
    waiting = sum(q.waiting for q in await engine.service_queues())
    assert waiting < 40  # the hall keeps up


@pytest.mark.slow
async def test_same_seed_same_day(tmp_path):
    async def day(path, seed):
        clock = VirtualClock(MORNING)
        engine = await HallEngine.open(path, clock)
        await engine.load_config(load_demo(), demo_text())
        await simulate(engine, clock, 20, seed=seed, windows=[2, 3, 13])
        events = [(e.at, e.kind, e.number, e.window) for e in await engine.events(limit=100000)]
        await engine.close()
        return events[1:]  # the config event

    first = await day(tmp_path / "a.db", 3)
    assert first == await day(tmp_path / "b.db", 3)
    assert first != await day(tmp_path / "c.db", 4)


async def test_a_window_held_by_a_person_is_left_alone(engine, clock):
    await engine.login(3, "c03", "3333")
    sim = await simulate(engine, clock, 10, windows=[3, 4])
    assert next(w for w in sim.windows if w.number == 3).broken
    assert (await engine.window(3)).clerk_id == "c03"


async def test_outside_hours_nobody_gets_a_ticket(engine, clock):
    clock.set(MORNING.replace(hour=12, minute=5))
    sim = await simulate(engine, clock, 10, windows=[3])
    assert sim.tally.issued == 0 and sim.tally.refused > 0


def test_running_clock_runs_at_its_rate():
    t = [100.0]
    clock = RunningClock(MORNING, rate=10, monotonic=lambda: t[0])
    t[0] += 6
    assert clock.now() == MORNING + timedelta(minutes=1)
    assert clock.real_seconds_until(MORNING + timedelta(minutes=2)) == 6
