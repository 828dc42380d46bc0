"""A morning in the demo hall, driven through the engine on a VirtualClock, for the
report and rating tests (until the staffing simulator can produce whole days).

Window 3 (A) is worked by c01 acting as herself; window 9 (B) by c02, whose actions go
through the operator, so the report must find her by replaying window.login.
"""
from __future__ import annotations

from datetime import datetime

from hallq.db.clock import VirtualClock
from hallq.db.engine import OPERATOR, HallEngine

DAY = "2026-11-25"
C01 = "clerk:c01"


def at(clock: VirtualClock, hhmm: str) -> None:
    hour, minute = map(int, hhmm.split(":"))
    clock.set(datetime(2026, 11, 25, hour, minute))


async def morning(engine: HallEngine, clock: VirtualClock) -> dict[str, int]:
    """Issue, call, start, finish, no-show, rejoin, transfer from 09:30 to 10:35.
    Returns the ticket ids by number. Expected figures are in test_reports.py."""
    at(clock, "09:30")
    await engine.login(3, "c01", "1111")
    await engine.login(9, "c02", "2222")
    for hhmm, service in (("09:30", "A"), ("09:31", "A"), ("09:32", "B"), ("09:33", "A")):
        at(clock, hhmm)
        await engine.issue_ticket(service, kiosk="K1")
    at(clock, "09:35")
    await engine.call_next(3, C01)                  # A001 waited 5 min
    await engine.start(3, C01)
    at(clock, "09:40")
    await engine.issue_ticket("A", kiosk="K1")
    at(clock, "09:43")
    await engine.finish(3, C01)                     # handled 8 min
    await engine.call_next(9, OPERATOR)             # B001 waited 11 min
    await engine.start(9, OPERATOR)
    at(clock, "09:44")
    await engine.transfer(9, to_service="A", note="需先综合受理", actor=OPERATOR)
    await engine.call_number(3, "A002", C01)        # A002 waited 13 min
    await engine.recall(3, C01)
    await engine.recall(3, C01)
    at(clock, "09:46")
    await engine.no_show(3, C01)
    await engine.call_number(3, "A003", C01)        # A003 waited 13 min
    await engine.start(3, C01)
    at(clock, "09:56")
    await engine.finish(3, C01)                     # handled 10 min
    await engine.call_number(3, "B001", C01)        # called again, now under A
    await engine.start(3, C01)
    at(clock, "10:01")
    await engine.finish(3, C01)                     # handled 5 min
    at(clock, "10:05")
    await engine.rejoin("A002", OPERATOR)
    at(clock, "10:06")
    await engine.call_number(3, "A002", C01)
    await engine.start(3, C01)
    at(clock, "10:20")
    await engine.finish(3, C01)                     # handled 14 min
    await engine.call_next(3, C01)                  # A004 waited 40 min: over 30
    await engine.start(3, C01)
    at(clock, "10:30")
    await engine.finish(3, C01)                     # handled 10 min
    at(clock, "10:35")
    await engine.logout(9, OPERATOR)
    return {t.number: t.id for t in await engine.tickets(day=DAY)}
