"""The supervisor board's alerts: each one shows when its cause arises, says what to do,
goes when the cause goes, and its beginning and end are in the event log."""
from __future__ import annotations

import pytest

from hallq.counter.app import CounterApp
from hallq.db import texts as DT
from hallq.db.supervision import SESSION_ENDED, TERMINAL_KIND, terminal_id
from tests.counter.helpers import shown_alerts, text, until
from tests.counter.test_supervisor import open_board

pytestmark = pytest.mark.slow  # a whole app driven through Pilot

SIZE = (160, 45)


async def board(engine, clock):
    """The board of supervisor s01, logged in at window 15 (F, appointments only: no alert of its own)."""
    return CounterApp(engine, 15, clock)


async def shows(pilot, clock, kind: str, subject: str, action=None, timeout: float = 3) -> None:
    await until(pilot, lambda: (kind, subject) in shown_alerts(pilot.app, clock), timeout=timeout)
    if action is not None:
        assert action.text("zh") in text(pilot.app, "#alerts")


async def gone(pilot, clock, kind: str, subject: str) -> None:
    await until(pilot, lambda: (kind, subject) not in shown_alerts(pilot.app, clock), timeout=3)


async def recorded(pilot) -> None:
    """Until the board has logged what it shows (it logs in a worker, after drawing)."""
    await until(pilot, lambda: all(w.is_finished for w in pilot.app.workers if w.group == "alerts"))


async def alert_events(engine) -> list[tuple[str, str]]:
    return [(e.kind, e.data["key"]) for e in await engine.events(0, limit=100000) if e.kind.startswith("alert.")]


async def test_people_waiting_and_no_open_window(engine, clock):
    await engine.import_appointments([dict(code="YY0001", name="张三", service="C",
                                           slot_start="2026-11-25 09:30", slot_end="2026-11-25 10:00")])
    for _ in range(3):
        await engine.issue_ticket("C")
    await engine.check_in("YY0001")
    await engine.issue_ticket("D")
    app = await board(engine, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await shows(pilot, clock, "no_window", "C", DT.DO_OPEN_A_WINDOW)
        await shows(pilot, clock, "no_window", "D")
        assert "含1个预约" in text(app, "#alerts")  # the booked citizen is named
        await engine.login(11, "c03", "3333")  # a clerk opens a C window
        await gone(pilot, clock, "no_window", "C")
        await shows(pilot, clock, "no_window", "D")
        await recorded(pilot)
    events = await alert_events(engine)
    assert ("alert.raised", "no_window:C") in events and ("alert.cleared", "no_window:C") in events
    assert ("alert.raised", "no_window:D") in events and ("alert.cleared", "no_window:D") not in events


async def test_a_clerk_moving_leaves_a_service_without_a_window(engine, clock):
    await engine.login(9, "c02", "2222")  # B's only window
    app = await board(engine, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await until(pilot, lambda: ("unstaffed", "B") not in shown_alerts(app, clock) and app.query_one(
            "#alerts").content)
        await engine.login(3, "c02", "2222")  # she logs in at window 3: window 9 is logged out ("moved")
        await shows(pilot, clock, "unstaffed", "B", DT.DO_OPEN_A_WINDOW)


async def test_longest_wait_over_the_service_target(engine, clock):
    await engine.login(13, "c01", "1111")  # D's window, busy with one citizen
    await engine.issue_ticket("D")
    await engine.issue_ticket("D")
    await engine.call_next(13, "clerk:c01")
    await engine.start(13, "clerk:c01")
    app = await board(engine, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        clock.advance(minutes=9)
        await pilot.pause()
        assert ("long_wait", "D") not in shown_alerts(app, clock)
        clock.advance(minutes=2)  # D aims at 10 minutes (hall.toml), not the hall's 30
        await shows(pilot, clock, "long_wait", "D", DT.DO_ADD_A_WINDOW)
        assert "超过10分钟" in text(app, "#alerts")


async def test_a_booking_checked_in_and_not_called(engine, clock):
    await engine.import_appointments([dict(code="YY0002", name="李四", service="A",
                                           slot_start="2026-11-25 09:30", slot_end="2026-11-25 10:00")])
    await engine.login(3, "c01", "1111")
    await engine.issue_ticket("A")
    await engine.call_next(3, "clerk:c01")
    await engine.start(3, "clerk:c01")  # busy: the booking waits
    number = (await engine.check_in("YY0002")).ticket.number
    app = await board(engine, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        clock.advance(minutes=10)
        await shows(pilot, clock, "appointment_wait", number, DT.DO_CALL_APPOINTMENT)
        await engine.finish(3, "clerk:c01")
        await engine.call_next(3, "clerk:c01")
        await gone(pilot, clock, "appointment_wait", number)


async def test_a_number_left_called(engine, clock):
    await engine.login(3, "c01", "1111")
    await engine.issue_ticket("A")
    await engine.call_next(3, "clerk:c01")
    app = await board(engine, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        clock.advance(minutes=9)
        await pilot.pause()
        assert ("left_called", "3") not in shown_alerts(app, clock)
        clock.advance(minutes=21)  # 叫号中 for 30 minutes
        await shows(pilot, clock, "left_called", "3", DT.DO_CHECK_CALLED)
        await engine.start(3, "clerk:c01")
        await gone(pilot, clock, "left_called", "3")


async def test_a_long_pause(engine, clock):
    await engine.login(3, "c01", "1111")
    await engine.pause(3, "开会")
    app = await board(engine, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        clock.advance(minutes=20)
        await shows(pilot, clock, "long_pause", "3", DT.DO_END_PAUSE)
        assert "开会" in text(app, "#alerts")
        await engine.resume(3)
        await gone(pilot, clock, "long_pause", "3")


async def test_a_printer_fault(engine, clock):
    app = await board(engine, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await engine.report_device("kiosk:K1", False, "paper end")
        await shows(pilot, clock, "printer_out", "kiosk:K1", DT.DO_FIX_PRINTER)
        assert "缺纸" in text(app, "#alerts")
        await engine.report_device("kiosk:K1", True)
        await gone(pilot, clock, "printer_out", "kiosk:K1")


async def test_a_counter_terminal_gone(engine, clock):
    await engine.login(3, "c01", "1111")
    app = await board(engine, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await engine.report_device(terminal_id("counter", 3), False, SESSION_ENDED, kind=TERMINAL_KIND)
        await shows(pilot, clock, "terminal_gone", "3", DT.DO_REOPEN_TERMINAL)
        await engine.logout(3, actor="serve", reason=SESSION_ENDED)  # what hallq serve does after the grace
        await gone(pilot, clock, "terminal_gone", "3")
