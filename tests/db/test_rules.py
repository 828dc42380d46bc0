"""The queue rules of the hall engine, one test (or a few) per rule."""
from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from hallq.db import texts as T
from hallq.db.engine import HallEngine
from hallq.db.errors import NotFound, Refused, ServiceUnavailable


async def serve(engine, window):
    """Call the next ticket at a window and finish it; returns its number."""
    ticket = await engine.call_next(window)
    await engine.start(window)
    await engine.finish(window)
    return ticket.number


# ---- rule 1: numbers
async def test_numbers_are_prefix_and_contiguous_daily_counter(engine):
    numbers = [(await engine.issue_ticket("A")).number for _ in range(12)]
    assert numbers == [f"A{i:03d}" for i in range(1, 13)]
    assert (await engine.issue_ticket("B")).number == "B001"


async def test_numbers_start_again_next_day(engine, clock):
    await engine.issue_ticket("A")
    await engine.issue_ticket("A")
    await engine.close_day()
    clock.set(datetime(2026, 11, 26, 9, 5))
    assert (await engine.issue_ticket("A")).number == "A001"


async def test_two_engines_issuing_at_once_never_duplicate_or_skip(db_path, engine, clock):
    other = await HallEngine.open(db_path, clock)
    try:
        results = await asyncio.gather(*[(engine if i % 2 else other).issue_ticket("A") for i in range(60)])
    finally:
        await other.close()
    assert sorted(t.number for t in results) == [f"A{i:03d}" for i in range(1, 61)]


async def test_daily_limit_refuses_with_reason(engine):
    for _ in range(400):  # the demo hall's daily limit for A
        await engine.issue_ticket("A")
    with pytest.raises(ServiceUnavailable) as err:
        await engine.issue_ticket("A")
    assert err.value.code == "limit" and err.value.message.is_from(T.DAILY_LIMIT)
    assert len(await engine.tickets(service="A")) == 400


async def test_outside_hours_says_when_it_opens(engine, clock):
    clock.set(datetime(2026, 11, 25, 12, 30))
    with pytest.raises(ServiceUnavailable) as err:
        await engine.issue_ticket("A")
    assert err.value.code == "hours" and err.value.detail["opens_at"] == "13:30"
    clock.set(datetime(2026, 11, 25, 18, 0))
    with pytest.raises(ServiceUnavailable) as err:
        await engine.issue_ticket("A")
    assert err.value.detail["opens_at"] is None and err.value.message.is_from(T.CLOSED_FOR_TODAY)


async def test_appointment_only_and_supervisor_closed_services_refuse_walk_ins(engine):
    with pytest.raises(ServiceUnavailable) as err:
        await engine.issue_ticket("F")
    assert err.value.code == "appointment_only"
    await engine.set_service_open("C", False)
    with pytest.raises(ServiceUnavailable) as err:
        await engine.issue_ticket("C")
    assert err.value.code == "closed"
    await engine.set_service_open("C", True)
    assert (await engine.issue_ticket("C")).number == "C001"


async def test_unknown_service_names_the_known_ones(engine):
    with pytest.raises(NotFound, match="A, B, C, D, E, F"):
        await engine.issue_ticket("Z")


# ---- rule 2: order
async def test_window_prefers_its_primary_service(engine, clock):
    await engine.issue_ticket("A")
    clock.advance(minutes=1)
    await engine.issue_ticket("B")
    await engine.set_window_services(1, ["B", "A"])
    assert (await engine.call_next(1)).number == "B001"


async def test_window_falls_back_to_second_service_and_never_calls_others(engine):
    await engine.issue_ticket("C")
    await engine.issue_ticket("A")
    assert (await engine.call_next(1)).number == "A001"  # window 1 serves A, B: never C
    await engine.start(1)
    await engine.finish(1)
    with pytest.raises(Refused) as err:
        await engine.call_next(1)
    assert err.value.code == "nothing_waiting"


async def test_appointments_then_priority_then_time_taken(engine, clock):
    await engine.import_appointments([dict(code="YY1001", name="甲", service="A",
                                           slot_start="2026-11-25 09:30", slot_end="2026-11-25 10:00")])
    await engine.issue_ticket("A")                       # A001 regular
    clock.advance(minutes=1)
    await engine.issue_ticket("A", priority="military")  # A002 priority
    clock.advance(minutes=1)
    await engine.issue_ticket("A")                       # A003 regular
    clock.advance(minutes=1)
    appointment = (await engine.check_in("YY1001")).ticket  # A004 appointment
    order = [await serve(engine, 3) for _ in range(4)]
    assert order == [appointment.number, "A002", "A001", "A003"]


async def test_at_most_two_priority_in_a_row(engine, clock):
    await engine.issue_ticket("A")  # A001 regular, first come
    for _ in range(5):
        clock.advance(seconds=10)
        await engine.issue_ticket("A", priority="elderly")  # A002..A006
    clock.advance(seconds=10)
    await engine.issue_ticket("A")  # A007 regular
    order = [await serve(engine, 3) for _ in range(7)]
    assert order == ["A002", "A003", "A001", "A004", "A005", "A007", "A006"]


# ---- rule 3: no double call
async def test_two_windows_calling_at_once_get_different_tickets(db_path, engine, clock):
    for _ in range(20):
        await engine.issue_ticket("A")
    other = await HallEngine.open(db_path, clock)
    try:
        calls = []
        for _ in range(10):
            a, b = await asyncio.gather(engine.call_next(3), other.call_next(4))
            calls += [a.number, b.number]
            await asyncio.gather(engine.start(3), other.start(4))
    finally:
        await other.close()
    assert len(set(calls)) == 20


# ---- rule 4: recalls, no-show, rejoin
async def test_no_show_needs_two_recalls(engine):
    await engine.issue_ticket("A")
    await engine.call_next(3)
    with pytest.raises(Refused) as err:
        await engine.no_show(3)
    assert err.value.code == "recall_first"
    await engine.recall(3)
    await engine.recall(3)
    missed = await engine.no_show(3)
    assert missed.state == "no_show" and missed.recalls == 2
    assert (await engine.window(3)).current is None


async def test_rejoined_no_show_goes_three_places_behind_the_head(engine, clock):
    for _ in range(7):
        await engine.issue_ticket("A")
        clock.advance(seconds=30)
    await engine.call_next(3)  # A001
    for _ in range(2):
        await engine.recall(3)
    await engine.no_show(3)
    back = await engine.rejoin("A001")
    assert back.state == "waiting" and back.ahead == 3
    order = [t.number for t in await engine.waiting_order("A")]
    assert order == ["A002", "A003", "A004", "A001", "A005", "A006", "A007"]


async def test_rejoin_into_a_short_queue_goes_to_the_back(engine):
    await engine.issue_ticket("A")
    await engine.issue_ticket("A")
    await engine.call_next(3)
    await engine.recall(3)
    await engine.recall(3)
    await engine.no_show(3)
    assert (await engine.rejoin("A001")).ahead == 1


async def test_rejoin_only_the_same_day(engine, clock):
    await engine.issue_ticket("A")
    await engine.call_next(3)
    await engine.recall(3)
    await engine.recall(3)
    await engine.no_show(3)
    clock.set(datetime(2026, 11, 26, 9, 30))
    with pytest.raises(NotFound):
        await engine.rejoin("A001")


# ---- rule 5: transfer keeps time taken
async def test_transfer_keeps_original_time_taken(engine, clock):
    await engine.issue_ticket("A")          # A001 at 09:30
    clock.advance(minutes=5)
    for _ in range(3):
        await engine.issue_ticket("B")      # B001..B003 at 09:35
    clock.advance(minutes=5)
    await engine.call_next(3)
    moved = await engine.transfer(3, to_service="B", note="需要一件事套餐")
    assert moved.service == "B" and moved.number == "A001" and moved.taken_at == datetime(2026, 11, 25, 9, 30)
    assert moved.ahead == 0 and "需要一件事套餐" in moved.note
    assert (await engine.call_next(9)).number == "A001"


async def test_transfer_to_named_window_only_that_window_calls_it(engine):
    await engine.issue_ticket("A")
    await engine.issue_ticket("A")
    await engine.call_next(3)
    await engine.transfer(3, to_window=5, note="请王老师复核")
    assert (await engine.call_next(4)).number == "A002"
    assert (await engine.call_next(5)).number == "A001"


# ---- rule 6: people ahead and the estimate
async def test_people_ahead_counts_exactly_the_calls_before(engine, clock):
    kinds = [None, "elderly", None, "pregnant", "military", None, None, "disabled", None]
    issued = []
    for reason in kinds:
        clock.advance(seconds=20)
        issued.append(await engine.issue_ticket("A", priority=reason))
    predicted = {t.number: (await engine.ticket(t.number)).ahead for t in issued}
    actual = {}
    for position in range(len(kinds)):
        actual[await serve(engine, 3)] = position
    assert predicted == actual


# ---- rule 7: check-in outcomes
@pytest.fixture
async def booked(engine):
    await engine.import_appointments([
        dict(code="YY2001", name="乙", id_number="11010519491231002X", phone="13812345678", service="F",
             slot_start="2026-11-25 10:30", slot_end="2026-11-25 11:00"),
        dict(code="YY2002", name="丙", service="C", slot_start="2026-11-25 08:30", slot_end="2026-11-25 09:00"),
        dict(code="YY2003", name="丁", service="B", slot_start="2026-11-25 09:15", slot_end="2026-11-25 09:45"),
    ])
    return engine


async def test_check_in_too_early_says_when_to_come_back(booked):
    result = await booked.check_in("YY2001")
    assert result.outcome == "too_early" and result.come_back_at == datetime(2026, 11, 25, 10, 15)
    assert result.message.value("when") == "10:15"


async def test_check_in_too_late_offers_walk_in(booked, clock):
    clock.set(datetime(2026, 11, 25, 9, 16))
    result = await booked.check_in("yy2002")
    assert result.outcome == "too_late" and result.ticket is None


async def test_check_in_by_code_id_or_phone_and_already(booked, clock):
    ok = await booked.check_in("YY2003")
    assert ok.outcome == "checked_in" and ok.ticket.number == "B001" and ok.ticket.lane == 0
    again = await booked.check_in("YY2003")
    assert again.outcome == "already" and again.ticket.number == "B001"
    clock.set(datetime(2026, 11, 25, 10, 20))
    by_id = await booked.check_in("11010519491231002x")
    assert by_id.outcome == "checked_in" and by_id.ticket.service == "F"
    assert (await booked.check_in("13812345678")).outcome == "already"


async def test_check_in_unknown_and_invalid_id(booked):
    assert (await booked.check_in("NOPE99")).outcome == "unknown"
    assert (await booked.check_in("110105194912310021")).outcome == "invalid"
    assert (await booked.check_in("13900000000")).outcome == "unknown"


async def test_appointment_for_another_day_is_too_early_with_date(engine):
    await engine.import_appointments([dict(code="YY3001", name="戊", service="A",
                                           slot_start="2026-11-27 14:00", slot_end="2026-11-27 14:30")])
    result = await engine.check_in("YY3001")
    assert result.outcome == "too_early" and "11月27日" in result.text()
