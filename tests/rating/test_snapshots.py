"""SVG snapshots of the rating terminal at 80×24.

snap_compare runs the app in its own event loop, so these tests are synchronous and
build the hall with the sync_hall fixture."""
from __future__ import annotations

import pytest
from textual.widgets import Input

from hallq.rating.app import RatingApp
from hallq.rating.rating_view import ASK
from tests.rating.helpers import serve_one, until, view


@pytest.fixture
def hall(sync_hall):
    """The demo hall with a ticket just finished at window 3: (engine, clock)."""
    return sync_hall(serve_one)


async def asked(pilot):
    await until(pilot, lambda: view(pilot.app).panel == ASK)
    await pilot.pause()


def test_ask_screen(snap_compare, hall):
    engine, _ = hall
    assert snap_compare(RatingApp(engine, 3), terminal_size=(80, 24), run_before=asked)


def test_reason_screen(snap_compare, hall):
    engine, _ = hall

    async def run_before(pilot):
        await asked(pilot)
        await pilot.press("4", "2")   # 不满意, then 服务态度差
        pilot.app.query_one("#comment", Input).cursor_blink = False  # the snapshot must not catch a blink
        await pilot.pause()

    assert snap_compare(RatingApp(engine, 3), terminal_size=(80, 24), run_before=run_before)
