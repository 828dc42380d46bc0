"""Supervisor mode: the hall at a glance, alerts, opening and closing services."""
from __future__ import annotations

import pytest
from textual.widgets import DataTable

from hallq.counter import texts as T
from hallq.counter.app import CounterApp
from hallq.counter.confirm_dialog import ConfirmDialog
from hallq.counter.supervisor_board import SupervisorBoard
from tests.counter.helpers import answer, login, shown_alerts, text, until, view

pytestmark = pytest.mark.slow  # a whole app driven through Pilot

SIZE = (80, 24)


def cell(app, table: str, row: str, column: int) -> str:
    grid = app.query_one(table, DataTable)
    return str(grid.get_row(row)[column])


async def confirm(pilot, yes: bool = True) -> ConfirmDialog:
    """Answer the open ConfirmDialog with y or n; returns it (its question and warning)."""
    await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
    dialog = pilot.app.screen
    await pilot.press("y" if yes else "n")
    await until(pilot, lambda: not isinstance(pilot.app.screen, ConfirmDialog))
    return dialog


async def open_board(pilot):
    await login(pilot, "s01", "9999")
    await pilot.press("v")
    await until(pilot, lambda: pilot.app.query(SupervisorBoard) and pilot.app.query_one(
        "#services-table", DataTable).row_count == 6)


async def test_a_clerk_has_no_supervisor_view(engine, clock):
    app = CounterApp(engine, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert not app.query(SupervisorBoard) and view(app).showing == "desk"


async def test_board_shows_windows_queues_and_alerts(engine, clock):
    await engine.issue_ticket("A")
    await engine.login(3, "c01", "1111")
    await engine.call_next(3, actor="clerk:c01")
    await engine.report_device("kiosk:K1", False, "paper end")
    app = CounterApp(engine, 2, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        assert cell(app, "#windows-table", "3", 2) == "王芳" and cell(app, "#windows-table", "3", 3) == "A001"
        assert ("printer_out", "kiosk:K1") in shown_alerts(app, clock)
        await engine.issue_ticket("B")
        await until(pilot, lambda: cell(app, "#services-table", "B", 1) == "1", timeout=2)
        clock.advance(minutes=31)
        await until(pilot, lambda: ("long_wait", "B") in shown_alerts(app, clock), timeout=1.5)
        await pilot.press("v")
        assert view(app).showing == "desk"


async def test_close_and_open_a_service(engine, clock):
    app = CounterApp(engine, 2, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        app.query_one("#services-table", DataTable).move_cursor(row=1)
        await pilot.press("o")
        await confirm(pilot)
        closed = T.SERVICE_CLOSED(name="一件事一次办").text("zh")
        await until(pilot, lambda: text(app, "#board-message") == closed)
        await until(pilot, lambda: cell(app, "#services-table", "B", 3) == T.SHUT.text("zh"))
        assert not [q for q in await engine.service_queues() if q.prefix == "B"][0].is_open
        await pilot.press("o")
        await confirm(pilot)
        await until(pilot, lambda: cell(app, "#services-table", "B", 3) == T.OPEN.text("zh"))
        assert [q for q in await engine.service_queues() if q.prefix == "B"][0].is_open


async def test_change_a_windows_services(engine, clock):
    app = CounterApp(engine, 2, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        app.query_one("#windows-table", DataTable).move_cursor(row=2)
        await pilot.press("w")
        await answer(pilot, "a, e")
        await confirm(pilot)
        await until(pilot, lambda: text(app, "#board-message") == T.SERVICES_SET(window=3, services="A,E").text("zh"))
        assert (await engine.window(3)).services == ("A", "E")
        await pilot.press("w")
        await answer(pilot, "Q")  # no such service: said at once, nothing to confirm
        await until(pilot, lambda: text(app, "#board-message") == T.UNKNOWN_SERVICES(services="Q").text("zh"))
        assert not isinstance(app.screen, ConfirmDialog)
        assert (await engine.window(3)).services == ("A", "E")


async def test_supervisor_without_a_window(engine, clock):
    from textual.widgets import Input

    from hallq.counter.supervisor_app import SupervisorApp

    async def submit(pilot, clerk, pin, expect):
        pilot.app.query_one("#clerk", Input).value = clerk
        pilot.app.query_one("#pin", Input).focus()
        pilot.app.query_one("#pin", Input).value = pin
        await pilot.press("enter")
        await until(pilot, expect)

    await engine.issue_ticket("A")
    app = SupervisorApp(engine, clock)
    async with app.run_test(size=SIZE) as pilot:
        not_supervisor = T.NOT_SUPERVISOR(name="王芳", clerk_id="c01").text("zh")
        await submit(pilot, "c01", "1111", lambda: text(app, "#login-message") == not_supervisor)
        assert not app.query(SupervisorBoard)
        await submit(pilot, "s01", "0000", lambda: app.refusal is not None and app.refusal.code == "bad_login")
        assert text(app, "#login-message") == app.refusal.text("zh")
        await submit(pilot, "s01", "9999", lambda: app.query(SupervisorBoard))
        await until(pilot, lambda: app.query_one("#services-table", DataTable).row_count == 6)
        assert cell(app, "#services-table", "A", 1) == "1"
    assert any(e.kind == "clerk.pin_failed" for e in await engine.events())


async def test_board_shows_text_reminders_that_failed(engine, clock):
    """A provider that cannot be reached (nothing listens on the port): with max_attempts
    = 1 the message fails at once, and the board says so."""
    from hallq.cli.notify import run_worker
    from hallq.db.config import demo_text, parse_config

    text = demo_text().replace('url = "http://127.0.0.1:8089/hallq/notify"', 'url = "http://127.0.0.1:9/x"') \
        .replace("[notify]\n", "[notify]\nmax_attempts = 1\n")
    await engine.load_config(parse_config(text), text)
    ticket = await engine.issue_ticket("A")
    await engine.subscribe(ticket.id, "13812345678")
    assert (await run_worker(engine, b"secret", once=True))["failed"] == 1
    app = CounterApp(engine, 2, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        alerts = str(app.query_one("#alerts").render())
        assert T.NOTIFY_FAILED(n=1).text("zh") in alerts
async def test_stopping_a_service_asks_first_and_no_changes_nothing(engine, clock):
    await engine.issue_ticket("B")
    app = CounterApp(engine, 2, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        app.query_one("#services-table", DataTable).move_cursor(row=1)
        await pilot.press("o")
        dialog = await confirm(pilot, yes=False)
        assert dialog.question == T.CONFIRM_CLOSE(name="一件事一次办").text("zh")
        assert dialog.detail == T.CONFIRM_CLOSE_DETAIL(n=1).text("zh")  # the one waiting is still called
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("escape")
        await pilot.pause()
        assert [q for q in await engine.service_queues() if q.prefix == "B"][0].is_open


async def test_a_change_that_leaves_a_service_without_a_window_is_warned(engine, clock):
    await engine.login(9, "c02", "2222")  # B's only open window
    app = CounterApp(engine, 15, clock)  # the supervisor at window 15 (F)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        app.query_one("#windows-table", DataTable).move_cursor(row=8)  # window 9
        await pilot.press("w")
        await answer(pilot, "C")
        dialog = await confirm(pilot, yes=False)
        assert dialog.warning == T.WARN_NO_OPEN_WINDOW(services="B").text("zh")
        assert (await engine.window(9)).services == ("B",)
        app.query_one("#windows-table", DataTable).move_cursor(row=14)  # window 15: F's only window
        await pilot.press("w")
        await answer(pilot, "A")
        dialog = await confirm(pilot, yes=True)
        assert dialog.warning == T.WARN_NO_WINDOW(services="F").text("zh")
        await until(pilot, lambda: text(app, "#board-message") == T.SERVICES_SET(window=15, services="A").text("zh"))
        app.query_one("#windows-table", DataTable).move_cursor(row=2)  # window 3: A is served by others too
        await pilot.press("w")
        await answer(pilot, "E")
        dialog = await confirm(pilot, yes=False)
        assert dialog.warning == ""


async def test_arrow_keys_move_in_both_tables_without_tab(engine, clock):
    app = CounterApp(engine, 2, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        windows = app.query_one("#windows-table", DataTable)
        services = app.query_one("#services-table", DataTable)
        await until(pilot, lambda: app.focused is windows)
        await pilot.press("down", "down")
        assert windows.cursor_row == 2
        await pilot.press("right")
        assert app.focused is services
        await pilot.press("down")
        assert services.cursor_row == 1
        await pilot.press("left")
        assert app.focused is windows and windows.cursor_row == 2
