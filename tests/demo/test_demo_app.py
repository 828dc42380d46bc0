"""The demo app: a ticket taken on the kiosk tab is called from a counter tab and shown on
the hall screen; each view's keys work in its tab; hidden tabs never take focus."""
from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from hallq.counter import texts as counter_texts
from hallq.counter.confirm_dialog import ConfirmDialog
from hallq.counter.counter_view import CounterView
from hallq.counter.supervisor_board import SupervisorBoard
from hallq.demo import texts as T
from hallq.demo.app import SlipPreview
from hallq.display.hall_board import HallBoard
from hallq.display.latest_call import LatestCall
from hallq.kiosk.ticket_panel import TicketPanel
from hallq.kiosk.tile import Tile
from hallq.kiosk.view import KioskView
from tests.demo.conftest import until

pytestmark = pytest.mark.slow  # the whole demo app driven through Pilot


def counter(app, window: int) -> CounterView:
    return app.query_one(f"#counter-{window}", CounterView)


def shown(app, selector: str) -> str:
    return str(app.query_one(selector).content)


async def started(pilot) -> None:
    """The kiosk shows its tiles and both counters have logged their clerks in."""
    app = pilot.app
    await until(pilot, lambda: counter(app, 1).clerk is not None and counter(app, 9).clerk is not None
                and app.query_one(KioskView).shown_tiles())
    await until(pilot, lambda: isinstance(app.focused, Tile))


async def test_ticket_from_kiosk_to_counter_to_hall_screen(make_app):
    calls = []

    class Announcer:
        on_silent = None

        def announce(self, call):
            calls.append(call)

        def probe(self):
            pass

        def configure(self, announce):
            pass

        async def stop(self):
            pass

    app = await make_app(announcer=Announcer())
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        assert app.tabs.active == "kiosk"
        await pilot.press("1")  # 综合受理 on the kiosk tab
        await until(pilot, lambda: app.query_one(TicketPanel).ticket is not None)
        assert app.query_one(TicketPanel).ticket.number == "A001"
        await until(pilot, lambda: "A001" in shown(app, "#slip"))  # the preview printer's slip
        assert "综合受理" in shown(app, "#slip")

        await pilot.press("f2")
        assert app.tabs.active == "window-1"
        assert app.focused is counter(app, 1)
        await until(pilot, lambda: "A001" in shown(app, "#counter-1 #queue"))
        await pilot.press("n")  # the counter's own key, in its tab
        await until(pilot, lambda: counter(app, 1).win.current is not None)
        assert counter(app, 1).win.current.number == "A001"

        await pilot.press("f4")
        assert app.tabs.active == "hall"
        board = app.query_one(HallBoard)
        await until(pilot, lambda: board.query_one(LatestCall).call is not None)
        assert board.query_one(LatestCall).call.number == "A001"
        assert [c.number for c in calls] == ["A001"]


async def test_a_hidden_tab_does_not_take_focus(make_app):
    app = await make_app(ticket_seconds=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("3")
        await until(pilot, lambda: app.query_one(TicketPanel).ticket is not None)
        await pilot.press("f3")
        # meanwhile the kiosk goes back to its start and focuses a tile: not now
        await until(pilot, lambda: app.query_one(KioskView).panel == "start")
        await pilot.pause(0.05)
        assert app.tabs.active == "window-9"
        assert app.focused is counter(app, 9)
        await pilot.press("f1")  # back on the kiosk, focus is where it wanted to be
        assert app.tabs.active == "kiosk"
        await pilot.pause()
        assert isinstance(app.focused, Tile) and app.focused.digit == 1


async def test_view_keys_in_their_tabs(make_app, engine):
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        view = app.query_one(KioskView)
        await pilot.press("f6")  # the kiosk's language key (F2 is a tab here)
        assert view.lang == "en" and app.tabs.active == "kiosk"
        await pilot.press("escape")
        assert view.lang == "zh"

        await pilot.press("f5")
        assert app.tabs.active == "supervisor"
        assert isinstance(app.focused, DataTable)
        board = app.query_one(SupervisorBoard)
        await until(pilot, lambda: board.snap is not None)
        await pilot.press("o")  # the board's key: close the service under the cursor (A) …
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")  # … once confirmed
        closed = counter_texts.SERVICE_CLOSED(name="综合受理").text("zh")
        await until(pilot, lambda: shown(app, "#board-message") == closed)
        assert not next(q for q in await engine.service_queues() if q.prefix == "A").is_open

        await pilot.press("f2", "l")  # log the clerk out: the login form, its field focused
        await until(pilot, lambda: counter(app, 1).clerk is None)
        await until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "clerk")
        await pilot.press("f1", "f2")
        assert isinstance(app.focused, Input) and app.focused.id == "clerk"


async def test_check_in_with_a_demo_code(make_app, engine):
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await until(pilot, lambda: "DEMO251" in shown(app, "#demo-help"))
        await pilot.press(*"DEMO251", "enter")  # typed like a scanner
        await until(pilot, lambda: app.query_one(TicketPanel).ticket is not None)
        assert app.query_one(TicketPanel).ticket.appointment_code == "DEMO251"
        await until(pilot, lambda: f"DEMO251 A 09:30-10:00 {T.HELP_DONE.text('zh')}" in shown(app, "#demo-help"))


async def test_simulation_runs_in_the_app(make_app):
    ran = []

    class Simulation:
        async def run(self, sleep_until):
            ran.append(sleep_until)

    app = await make_app(simulation=Simulation(), sleep_until="sleeper")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ran == ["sleeper"])
        assert app.screen.has_class("-narrow")
        assert app.query_one(SlipPreview).size.width == 30
