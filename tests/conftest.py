"""Shared fixtures: a real SQLite file in a temp folder, the demo hall, a virtual clock."""
from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from hallq.db.clock import VirtualClock
from hallq.db.config import demo_text, load_demo
from hallq.db.engine import HallEngine

# A Wednesday morning in the reference hall, inside every demo service's hours.
MORNING = datetime(2026, 11, 25, 9, 30)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(MORNING)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "hall.db"


@pytest.fixture
async def engine(db_path, clock):
    """The demo hall on a fresh database file."""
    hall = await HallEngine.open(db_path, clock)
    await hall.load_config(load_demo(), demo_text())
    yield hall
    await hall.close()


@pytest.fixture
def sync_hall(db_path):
    """For SVG snapshot tests, which are synchronous (snap_compare runs the app in its own
    event loop; aiosqlite connections are not tied to a loop): `sync_hall(prepare)` opens
    the demo hall, runs `await prepare(engine, clock)` and returns (engine, clock)."""
    opened = []

    def build(prepare=None):
        clock = VirtualClock(MORNING)

        async def open_hall():
            hall = await HallEngine.open(db_path, clock)
            await hall.load_config(load_demo(), demo_text())
            if prepare is not None:
                await prepare(hall, clock)
            return hall

        opened.append(asyncio.run(open_hall()))
        return opened[-1], clock

    yield build
    for hall in opened:
        asyncio.run(hall.close())
