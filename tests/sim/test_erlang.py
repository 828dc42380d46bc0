"""The simulator against queueing theory: Poisson arrivals, exponential service, c windows.

Three checks, from sharp to statistical:
1. the engine-driven simulation gives every citizen exactly the wait a plain FIFO M/M/c
   queue (twenty lines below) gives the same citizens: the engine, the virtual clock and
   the event loop add nothing and lose nothing;
2. that plain queue, over 400,000 citizens, agrees with Erlang C within 4 % (its standard
   error there is about 1 %);
3. the engine-driven simulation itself, over about 11,000 tickets, agrees with Erlang C
   within 10 %. At ρ = 0.7 the mean wait of 11,000 citizens is a noisy figure (standard
   error ≈ 6–7 % even with the antithetic pair used here, measured over 200 seeds of the
   plain queue): the seed is fixed, so the test is deterministic, and 1. is what makes
   it more than luck.
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
from hallq.db.simulate import Profile, citizens_of_day, simulate

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


async def test_the_engine_gives_every_citizen_the_wait_of_a_plain_fifo_queue(tmp_path):
    day = FIRST
    result = await simulate(hall(WINDOWS), tmp_path / "mmc.db", day, seed=11, profile=PROFILE)
    citizens = citizens_of_day(parse_config(hall(WINDOWS)), PROFILE, day, random.Random("11:arrivals"),
                               random.Random("11:traits"))
    midnight = datetime.combine(day, time())
    expected = fifo_waits([(c.at - midnight).total_seconds() for c in citizens],
                          [round(c.minutes * 60, 3) for c in citizens], WINDOWS)
    engine = await HallEngine.open(tmp_path / "mmc.db", VirtualClock(midnight + timedelta(days=1)))
    try:
        tickets = await engine.tickets(day=day.isoformat())
    finally:
        await engine.close()
    assert len(tickets) == len(citizens) == result.citizens > 800
    got = [(t.called_at - t.taken_at).total_seconds() for t in tickets]
    assert max(abs(g - e) for g, e in zip(got, expected, strict=True)) < 0.01  # the engine keeps milliseconds
    assert sum(g > 0 for g in got) > 300  # and many did wait


def test_the_plain_queue_agrees_with_erlang_c():
    rng = random.Random(3)
    lam, mu, c, n = 0.7 * 3, 1.0, 3, 400_000
    t, arrivals = 0.0, []
    for _ in range(n):
        t += rng.expovariate(lam)
        arrivals.append(t)
    waits = fifo_waits(arrivals, [rng.expovariate(mu) for _ in range(n)], c)[1000:]
    assert abs(sum(waits) / len(waits) / mean_wait(lam, mu, c) - 1) < 0.04


@pytest.mark.slow  # a long statistical run: a whole simulated week
async def test_simulated_mean_wait_agrees_with_erlang_c(tmp_path):
    """Two runs of 6 days each (about 5,500 tickets a run, at most 999 a day per prefix):
    one ordinary, one antithetic (every random u replaced by 1 − u), averaged."""
    means = []
    for antithetic in (False, True):
        result = await simulate(hall(WINDOWS), tmp_path / f"erlang-{antithetic}.db", FIRST, seed=1, days=6,
                                profile=PROFILE, warmup_minutes=WARMUP, antithetic=antithetic)
        assert result.services[0].unserved == 0 and result.citizens > 5000
        means.append(result.services[0].mean_wait_min)
    theory = mean_wait(PER_HOUR / 60, 1 / MINUTES, WINDOWS)
    assert abs(sum(means) / 2 / theory - 1) < 0.10, (means, theory)
