"""The simulator against queueing theory: Poisson arrivals, exponential service, c windows.

Three checks, from sharp to statistical:
1. over two simulated days, the engine-driven simulation gives every citizen exactly the
   wait a plain FIFO M/M/c queue (twenty lines below) gives the same citizens, and the
   mean wait it reports is those waits' mean after the warm-up: the engine, the virtual
   clock, the event loop, the day's close and the report add nothing and lose nothing;
2. that plain queue, over 400,000 citizens, agrees with Erlang C within 4 % (its standard
   error there is about 1 %);
3. the simulator's citizens of two runs of a working week (about 9,000: the arrival and
   service-time streams it draws, ordinary and antithetic) queued that way agree with
   Erlang C within 10 %. By 1., that is the engine-driven simulation's mean wait, without playing 9,000
   tickets through the engine again. At ρ = 0.7 the mean wait of 9,000 citizens is a
   noisy figure (standard error ≈ 6–7 % even with the antithetic pair used here, measured
   over 200 seeds of the plain queue): the seed is fixed, so the test is deterministic.
"""
from __future__ import annotations

import heapq
import random
from datetime import date, datetime, time, timedelta

import pytest

from hallq.db.clock import VirtualClock
from hallq.db.config import parse_config
from hallq.db.engine import HallEngine
from hallq.db.erlang import mean_wait, probability_of_waiting
from hallq.db.simulate import Antithetic, Profile, citizens_of_day, simulate

FIRST = date(2026, 1, 5)
WINDOWS, PER_HOUR, MINUTES = 2, 40.0, 2.1  # ρ = 40 / (2 × 60 / 2.1) = 0.70
WARMUP = 225  # minutes, about 150 citizens: each day starts with an empty hall


def hall(windows: int) -> str:
    return ('[hall]\nname = "M/M/c"\n[[services]]\nprefix = "A"\nname = "A"\nhours = ["00:00-23:00"]\n'
            + "".join(f'[[windows]]\nnumber = {n}\nservices = ["A"]\n' for n in range(1, windows + 1)))


PROFILE = Profile(arrivals_per_hour={h: PER_HOUR for h in range(24)}, service_minutes={"A": MINUTES}, service_cv=1.0,
                  appointment_share=0, priority_share=0, no_show_share=0, walk_seconds=0, recall_seconds=0,
                  overtime_minutes=60, breaks=())


def fifo_waits(arrivals: list[float], services: list[float], c: int) -> list[float]:
    """Waits in a first-come-first-served queue with c windows (any time unit)."""
    free = [arrivals[0] if arrivals else 0.0] * c
    waits = []
    for at, service in zip(arrivals, services, strict=True):
        begins = max(heapq.heappop(free), at)
        waits.append(begins - at)
        heapq.heappush(free, begins + service)
    return waits


def test_erlang_c_formula():
    assert abs(mean_wait(0.5, 1.0, 1) - 1.0) < 1e-12  # M/M/1: ρ / (μ − λ)
    assert abs(probability_of_waiting(2, 1.0) - 1 / 3) < 1e-12
    assert mean_wait(3, 1, 3) == float("inf")


def day_waits(day: date, arrivals: random.Random, traits: random.Random) -> tuple[list[float], list[bool]]:
    """The FIFO waits (seconds) of the simulator's citizens of `day`, drawn from these
    streams as the simulation draws them, and whether each came after the warm-up."""
    citizens = citizens_of_day(parse_config(hall(WINDOWS)), PROFILE, day, arrivals, traits)
    midnight = datetime.combine(day, time())
    waits = fifo_waits([(c.at - midnight).total_seconds() for c in citizens],
                       [round(c.minutes * 60, 3) for c in citizens], WINDOWS)  # the engine keeps milliseconds
    return waits, [c.at >= midnight + timedelta(minutes=WARMUP) for c in citizens]


@pytest.mark.slow  # two simulated days through the engine
async def test_the_engine_gives_every_citizen_the_wait_of_a_plain_fifo_queue(tmp_path):
    result = await simulate(hall(WINDOWS), tmp_path / "mmc.db", FIRST, seed=11, days=2, profile=PROFILE,
                            warmup_minutes=WARMUP)
    arrivals, traits = random.Random("11:arrivals"), random.Random("11:traits")
    after = VirtualClock(datetime.combine(FIRST, time()) + timedelta(days=3))
    engine = await HallEngine.open(tmp_path / "mmc.db", after)
    counted, citizens = [], 0
    try:
        for day in (FIRST, FIRST + timedelta(days=1)):
            expected, after_warmup = day_waits(day, arrivals, traits)
            tickets = await engine.tickets(day=day.isoformat())
            assert len(tickets) == len(expected) > 800
            citizens += len(expected)
            got = [(t.called_at - t.taken_at).total_seconds() for t in tickets]
            assert max(abs(g - e) for g, e in zip(got, expected, strict=True)) < 0.01
            assert sum(g > 0 for g in got) > 300  # and many did wait
            counted += [w for w, counts in zip(expected, after_warmup, strict=True) if counts]
    finally:
        await engine.close()
    assert result.citizens == citizens
    assert result.services[0].unserved == 0
    assert abs(result.services[0].mean_wait_min - sum(counted) / len(counted) / 60) < 0.005  # shown to 0.01 min


def test_the_plain_queue_agrees_with_erlang_c():
    rng = random.Random(3)
    lam, mu, c, n = 0.7 * 3, 1.0, 3, 400_000
    t, arrivals = 0.0, []
    for _ in range(n):
        t += rng.expovariate(lam)
        arrivals.append(t)
    waits = fifo_waits(arrivals, [rng.expovariate(mu) for _ in range(n)], c)[1000:]
    assert abs(sum(waits) / len(waits) / mean_wait(lam, mu, c) - 1) < 0.04


def test_the_simulated_week_agrees_with_erlang_c():
    """Two runs of the five working days from Monday 5 January 2026 (about 4,600 citizens a
    run, 3,900 after each day's first WARMUP minutes), one ordinary, one antithetic (every
    random u replaced by 1 − u), averaged."""
    means = []
    for stream in (random.Random, Antithetic):
        arrivals, traits = stream("1:arrivals"), stream("1:traits")
        counted = []
        for k in range(5):
            waits, after_warmup = day_waits(FIRST + timedelta(days=k), arrivals, traits)
            counted += [w for w, counts in zip(waits, after_warmup, strict=True) if counts]
        assert len(counted) > 3800
        means.append(sum(counted) / len(counted) / 60)
    theory = mean_wait(PER_HOUR / 60, 1 / MINUTES, WINDOWS)
    assert abs(sum(means) / 2 / theory - 1) < 0.10, (means, theory)
