"""Wait estimates (db/estimator.py): the hall played forward with the queue rule, busy
times learned from history, one figure everywhere."""
from __future__ import annotations

from datetime import datetime

import pytest

from hallq.db import texts as T
from hallq.db.clock import VirtualClock
from hallq.db.config import parse_config
from hallq.db.engine import HallEngine
from hallq.db.estimate import wait_text
from hallq.db.vocabulary import EventKind

HALL = """
[hall]
name = "估计大厅"
[[services]]
prefix = "A"
name = "综合受理"
handling_minutes = 10
[[services]]
prefix = "B"
name = "不动产"
handling_minutes = 10
[[windows]]
number = 1
services = ["A"]
[[windows]]
number = 2
services = ["B", "A"]
[[clerks]]
id = "c01"
name = "甲"
pin = "1111"
[[clerks]]
id = "c02"
name = "乙"
pin = "2222"
"""


@pytest.fixture
async def hall(tmp_path):
    clock = VirtualClock(datetime(2026, 11, 25, 9, 0))
    engine = await HallEngine.open(tmp_path / "hall.db", clock)
    await engine.load_config(parse_config(HALL), HALL)
    yield engine, clock
    await engine.close()


async def test_no_open_window_says_so_instead_of_minutes(hall):
    engine, _ = hall
    ticket = await engine.issue_ticket("A")
    assert ticket.no_window and ticket.estimate_min is None and ticket.ahead == 0
    assert wait_text(ticket) == T.WAIT_NO_WINDOW
    event = (await engine.events())[-1]
    assert event.kind == EventKind.TICKET_ISSUED and event.data["no_window"] is True


async def test_one_open_window_calls_in_turn(hall):
    engine, _ = hall
    await engine.login(1, "c01", "1111")
    tickets = [await engine.issue_ticket("A") for _ in range(4)]
    assert [t.estimate_min for t in tickets] == [0, 10, 20, 30]  # the configured 10 minutes each
    low, high = tickets[3].estimate_low_min, tickets[3].estimate_high_min
    assert low < 30 < high and high - low >= 10  # three services ahead: a real spread
    assert wait_text(tickets[3]).is_from(T.WAIT_RANGE)


async def test_one_quick_ticket_does_not_swing_the_estimate(hall):
    engine, clock = hall
    await engine.login(1, "c01", "1111")
    for _ in range(6):
        await engine.issue_ticket("A")
    await engine.call_next(1)
    await engine.start(1)
    clock.advance(seconds=20)
    await engine.finish(1)  # one 20-second service in today's history
    await engine.call_next(1)
    last = await engine.ticket("A006")
    assert last.ahead == 3 and last.estimate_min >= 30  # not 3 × 20 s: the prior holds until there is evidence


async def test_a_paused_window_counts_from_when_it_is_back(hall):
    engine, _ = hall
    await engine.login(1, "c01", "1111")
    await engine.pause(1, "午休", actor="clerk:c01")
    ticket = await engine.issue_ticket("A")
    assert not ticket.no_window and ticket.estimate_min >= 10  # the usual pause (15 min) must pass first


async def test_a_window_serving_another_service_first_helps_little(hall):
    engine, _ = hall
    await engine.login(1, "c01", "1111")
    await engine.login(2, "c02", "2222")
    for _ in range(3):
        await engine.issue_ticket("A")
    shared = (await engine.ticket("A003")).estimate_min
    for _ in range(5):
        await engine.issue_ticket("B")  # window 2 serves B first: A gets it only after those
    busy_b = (await engine.ticket("A003")).estimate_min
    assert shared == 10 and busy_b == 20


async def test_bookings_due_go_first_and_delay_walk_ins(hall):
    engine, _ = hall
    await engine.login(1, "c01", "1111")
    for _ in range(3):
        await engine.issue_ticket("A")
    before = (await engine.ticket("A003")).estimate_min
    await engine.import_appointments([dict(code=f"YY90{i}", name="丙", service="A", slot_start="2026-11-25 09:00",
                                           slot_end="2026-11-25 09:30") for i in range(10, 13)])
    after = (await engine.ticket("A003")).estimate_min
    # booked citizens come in the middle of their slot (until the hall's history says
    # otherwise) and are called first: A003, due at 09:20, waits for those of 09:15
    assert (before, after) == (20, 40)  # two of the three: nine in ten bookings come (the prior)


async def test_a_ticket_being_called_counts_its_remaining_time(hall):
    engine, clock = hall
    await engine.login(1, "c01", "1111")
    await engine.issue_ticket("A")
    await engine.issue_ticket("A")
    await engine.call_next(1)  # A001 called (a recall would change nothing: still busy)
    await engine.recall(1)
    first = (await engine.ticket("A002")).estimate_min
    clock.advance(minutes=6)
    later = (await engine.ticket("A002")).estimate_min
    assert first == 10 and later == 4


async def test_every_place_gives_one_figure(hall):
    engine, _ = hall
    await engine.login(1, "c01", "1111")
    await engine.issue_ticket("A")
    queues = {q.prefix: q for q in await engine.service_queues()}
    issued = await engine.issue_ticket("A")
    assert queues["A"].estimate_min == issued.estimate_min == 10
    by_number, by_token = await engine.ticket(issued.number), await engine.ticket_by_token(issued.token)
    assert (by_number.estimate_min, by_number.estimate_low_min, by_number.estimate_high_min) == (
        issued.estimate_min, issued.estimate_low_min, issued.estimate_high_min) == (
        by_token.estimate_min, by_token.estimate_low_min, by_token.estimate_high_min)
    event = [e for e in await engine.events() if e.ticket_id == issued.id][0]
    assert event.data["estimate_min"] == issued.estimate_min  # the promise is kept in the event log
