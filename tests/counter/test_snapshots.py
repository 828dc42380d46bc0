"""SVG snapshots of the clerk's window and the supervisor board at 80×24 and 160×45.

snap_compare runs the app in its own event loop, so these tests are synchronous and
build the hall with the sync_hall fixture."""
from __future__ import annotations

import asyncio

import pytest
from textual.widgets import DataTable, Input

from hallq.counter.app import CounterApp
from tests.counter.helpers import card_number, login, shown_alerts, text, until, view

pytestmark = pytest.mark.slow  # a whole app driven through Pilot


@pytest.fixture
def hall(sync_hall):
    """The demo hall with some history: (engine, clock)."""
    return sync_hall(busy_hall)


async def busy_hall(engine, clock):
    for service in "AAB":
        await engine.issue_ticket(service)
    await engine.issue_ticket("A", priority="elderly")
    clock.advance(minutes=12)
    await engine.login(3, "c02", "2222")
    await engine.call_next(3, actor="clerk:c02")
    await engine.transfer(3, to_service="A", note="材料需补正后再办", actor="clerk:c02")
    await engine.pause(3, "午休", actor="clerk:c02")
    await engine.report_device("kiosk:K2", True, "paper near end", warning=True)
    clock.advance(minutes=3)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_main_screen(hall, snap_compare, size):
    engine, clock = hall

    async def run_before(pilot):
        await login(pilot)
        await pilot.press("n")
        await until(pilot, lambda: card_number(pilot.app) == "A003")
        await pilot.press("s")
        await until(pilot, lambda: "A→A" in text(pilot.app, "#detail") and view(pilot.app).win.state == "serving")
        await until(pilot, lambda: "A001 A002" in text(pilot.app, "#queue"))
        await pilot.pause()

    assert snap_compare(CounterApp(engine, 1, clock), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_supervisor_board(hall, snap_compare, size):
    engine, clock = hall

    async def window_1_calls():
        await engine.login(1, "c01", "1111")
        await engine.call_next(1, actor="clerk:c01")
    asyncio.run(window_1_calls())

    async def run_before(pilot):
        await login(pilot, "s01", "9999")
        await pilot.press("v")
        await until(pilot, lambda: pilot.app.query("#services-table")
                    and pilot.app.query_one("#services-table", DataTable).row_count == 6
                    and ("printer_warning", "kiosk:K2") in shown_alerts(pilot.app, clock))
        await pilot.pause()

    assert snap_compare(CounterApp(engine, 2, clock), terminal_size=size, run_before=run_before)


def test_login_screen(hall, snap_compare):
    engine, clock = hall

    async def run_before(pilot):
        await until(pilot, lambda: "综合窗口1" in str(pilot.app.query_one("#title").content))
        for field in pilot.app.query(Input):
            field.cursor_blink = False  # the snapshot must not catch a blink
        await pilot.pause()

    assert snap_compare(CounterApp(engine, 1, clock), terminal_size=(80, 24), run_before=run_before)
