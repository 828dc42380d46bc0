"""A simulated day of the demo hall, made once per test session, shared (read-only) by tests."""
from __future__ import annotations

import asyncio
import shutil
from datetime import date

import pytest

from hallq.db.config import demo_text
from hallq.db.simulate import simulate

DAY = date(2026, 11, 25)


@pytest.fixture(scope="session")
def sim_day(tmp_path_factory):
    """(path, result) of one simulated day of the demo hall, seed 7. Copy it before writing."""
    path = tmp_path_factory.mktemp("simday") / "sim.db"
    result = asyncio.run(simulate(demo_text(), path, DAY, seed=7, source="demo hall"))
    return path, result


SMALL = """
[simulation]
arrivals_per_hour = {9 = 40, 14 = 20}
"""


@pytest.fixture(scope="session")
def small_day(tmp_path_factory):
    """(path, result) of a quiet simulated day of the demo hall (about 60 citizens), for the screen."""
    path = tmp_path_factory.mktemp("smallday") / "small.db"
    result = asyncio.run(simulate(demo_text() + SMALL, path, DAY, seed=3, source="demo hall"))
    return path, result


@pytest.fixture
def sim_copy(sim_day, tmp_path):
    """A private copy of the simulated day (with its key file)."""
    path, result = sim_day
    target = tmp_path / "day.db"
    for suffix in ("", "-wal", "-shm", ".key"):
        if (src := path.with_name(path.name + suffix)).exists():
            shutil.copyfile(src, target.with_name(target.name + suffix))
    return target, result
