"""Shared fixtures: a real SQLite file in a temp folder, the demo hall, a virtual clock."""
from __future__ import annotations

from datetime import datetime

import pytest

from db.clock import VirtualClock
from db.config import demo_text, load_demo
from db.engine import HallEngine

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
