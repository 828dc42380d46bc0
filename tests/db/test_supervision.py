"""Supervisor alerts: long waits, printer problems, long pauses."""
from __future__ import annotations

from datetime import timedelta

from hallq.db.supervision import LONG_PAUSE_MINUTES, AlertKind, alerts, snapshot

#: alerts about services nobody serves: the engine fixture's hall has no window open
STAFFING = (AlertKind.NO_WINDOW, AlertKind.UNSTAFFED)


async def staff_the_hall(engine) -> None:
    """A window open for every service that takes walk-ins (A–E; F takes bookings only)."""
    for window, clerk, pin in ((1, "c01", "1111"), (11, "c02", "2222"), (13, "c03", "3333"), (14, "s01", "9999")):
        await engine.login(window, clerk, pin)


def but_staffing(found):
    return [a for a in found if a.kind not in STAFFING]


async def test_a_quiet_hall_has_no_alerts(engine, clock):
    await engine.issue_ticket("A")
    snap = await snapshot(engine)
    assert {(a.kind, a.subject) for a in alerts(snap, clock.now())} == {
        ("no_window", "A"), *(("unstaffed", p) for p in "BCDE")}  # nobody has logged in yet
    await staff_the_hall(engine)
    snap = await snapshot(engine)
    assert alerts(snap, clock.now()) == []
    assert [q.waiting for q in snap.queues if q.prefix == "A"] == [1]


async def test_long_wait_appears_when_the_time_passes_without_reading_again(engine, clock):
    first = await engine.issue_ticket("A")
    clock.advance(minutes=10)
    await engine.issue_ticket("A")
    await staff_the_hall(engine)
    snap = await snapshot(engine)
    now = clock.now()
    assert alerts(snap, now + timedelta(minutes=19)) == []
    [alert] = alerts(snap, now + timedelta(minutes=21))
    assert alert.kind == "long_wait" and alert.subject == "A"
    assert first.number in alert.text() and "1人" in alert.text() and "31" in alert.text("en")
    [alert] = but_staffing(alerts(snap, now + timedelta(minutes=31)))
    assert "2人" in alert.text()


async def test_printer_problems(engine, clock):
    await engine.report_device("kiosk:K1", False, "paper end")
    await engine.report_device("kiosk:K2", True, "paper near end", warning=True)
    found = but_staffing(alerts(await snapshot(engine), clock.now()))
    assert [(a.kind, a.subject) for a in found] == [("printer_out", "kiosk:K1"), ("printer_warning", "kiosk:K2")]
    assert "缺纸" in found[0].text() and "纸将用完" in found[1].text()
    assert "paper end" in found[0].text("en")


async def test_long_pause(engine, clock):
    await engine.login(3, "c01", "1111")
    await engine.pause(3, "午休", actor="clerk:c01")
    snap = await snapshot(engine)
    assert but_staffing(alerts(snap, clock.now() + timedelta(minutes=LONG_PAUSE_MINUTES - 1))) == []
    [alert] = but_staffing(alerts(snap, clock.now() + timedelta(minutes=LONG_PAUSE_MINUTES + 1)))
    assert alert.kind == "long_pause" and alert.subject == "3" and "午休" in alert.text()


async def test_sent_to_window(engine):
    from hallq.db.supervision import sent_to_window
    await engine.issue_ticket("A")
    await engine.login(3, "c01", "1111")
    await engine.call_next(3, actor="clerk:c01")
    assert await sent_to_window(engine, 9) == []
    await engine.transfer(3, to_window=9, note="需一件事窗口", actor="clerk:c01")
    assert await sent_to_window(engine, 9) == ["A001"]
