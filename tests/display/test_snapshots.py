"""SVG snapshots of the hall screen at 80×24 and on a 1080p TV (240×67), newest call with a
prefix beyond F (M, which Textual's Digits cannot draw)."""
import asyncio

import pytest

from hallq.db.config import demo_text, load_demo
from hallq.db.engine import HallEngine
from hallq.display.app import DisplayApp
from hallq.ui.big_text import BigText
from tests.display.conftest import add_m_service, until


@pytest.fixture
def hall(db_path, clock):
    async def setup():
        engine = await HallEngine.open(db_path, clock)
        await engine.load_config(load_demo(), demo_text())
        await add_m_service(engine)
        for service in "AAAAABBCM":
            await engine.issue_ticket(service)
        for window in (3, 4, 9, 11, 5):
            await engine.call_next(window)
            clock.advance(seconds=40)
        return engine

    engine = asyncio.run(setup())
    yield engine
    asyncio.run(engine.close())


def call_m001(engine, shown="#latest-number", text="M001→16"):
    async def run_before(pilot):
        await engine.call_next(16)
        board = pilot.app.query_one("HallBoard, WindowBoard")
        await until(pilot, lambda: pilot.app.query_one(shown, BigText).text == text and not board.live.loading)
    return run_before


def test_hall_screen_80x24(hall, clock, snap_compare):
    assert snap_compare(DisplayApp(hall, clock), terminal_size=(80, 24), run_before=call_m001(hall))


def test_hall_screen_tv_240x67(hall, clock, snap_compare):
    assert snap_compare(DisplayApp(hall, clock), terminal_size=(240, 67), run_before=call_m001(hall))


def test_window_screen(hall, clock, snap_compare):
    assert snap_compare(DisplayApp(hall, clock, window=16), terminal_size=(60, 16),
                        run_before=call_m001(hall, "#window-number", "M001"))
