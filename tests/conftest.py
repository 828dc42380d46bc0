"""Shared fixtures: a real SQLite file in a temp folder, the demo hall, a virtual clock."""
from __future__ import annotations

import asyncio
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from hallq.db.clock import VirtualClock
from hallq.db.config import demo_text, load_demo
from hallq.db.engine import HallEngine

# Hypothesis times its examples by the wall clock; on a shared CI host a slow draw or step is
# load, not a fault (the properties themselves are what the tests check).
settings.register_profile("hallq", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("hallq")

# A Wednesday morning in the reference hall, inside every demo service's hours.
MORNING = datetime(2026, 11, 25, 9, 30)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(MORNING)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "hall.db"


@pytest.fixture(scope="session")
def demo_hall_file(tmp_path_factory) -> Path:
    """The demo hall loaded once per test process into a database file (loading hashes
    every demo clerk's PIN with scrypt, a quarter of a second); each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "hall.db"

    async def load() -> None:
        hall = await HallEngine.open(path, VirtualClock(MORNING))
        await hall.load_config(load_demo(), demo_text())
        await hall.close()

    asyncio.run(load())
    return path


def copy_hall(template: Path, db_path: Path) -> None:
    """A fresh copy of a closed hall database, its key (and its WAL, if one was left)."""
    for suffix in ("", ".key", "-wal"):
        if Path(f"{template}{suffix}").exists():
            shutil.copyfile(f"{template}{suffix}", f"{db_path}{suffix}")


@pytest.fixture
async def engine(db_path, clock, demo_hall_file):
    """The demo hall on a fresh database file."""
    copy_hall(demo_hall_file, db_path)
    hall = await HallEngine.open(db_path, clock)
    yield hall
    await hall.close()


@pytest.fixture
def sync_hall(db_path, demo_hall_file):
    """For SVG snapshot tests, which are synchronous (snap_compare runs the app in its own
    event loop; the engine's connection is not tied to a loop): `sync_hall(prepare)` opens
    the demo hall, runs `await prepare(engine, clock)` and returns (engine, clock)."""
    opened = []

    def build(prepare=None):
        clock = VirtualClock(MORNING)

        async def open_hall():
            copy_hall(demo_hall_file, db_path)
            hall = await HallEngine.open(db_path, clock)
            if prepare is not None:
                await prepare(hall, clock)
            return hall

        opened.append(asyncio.run(open_hall()))
        return opened[-1], clock

    yield build
    for hall in opened:
        asyncio.run(hall.close())
