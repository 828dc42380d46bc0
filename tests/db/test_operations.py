"""Window and clerk operations, day close, the event log and the change feed."""
from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime

import pytest

from hallq.db.errors import Refused
from hallq.db.models import Clerk, DayClosed
from hallq.db.vocabulary import Role


async def test_every_operation_appends_one_event(engine):
    before = await engine.last_event_id()
    await engine.issue_ticket("A")
    await engine.login(3, "c01", "1111")
    await engine.call_next(3, actor="clerk:c01")
    await engine.recall(3, actor="clerk:c01")
    await engine.start(3, actor="clerk:c01")
    await engine.finish(3, actor="clerk:c01")
    await engine.pause(3, "午休", actor="clerk:c01")
    await engine.resume(3, actor="clerk:c01")
    await engine.logout(3, actor="clerk:c01")
    kinds = [e.kind for e in await engine.events(before)]
    assert kinds == ["ticket.issued", "window.login", "ticket.called", "ticket.recalled", "ticket.started",
                     "ticket.finished", "window.paused", "window.resumed", "window.logout"]


async def test_refused_operation_changes_nothing(engine):
    before = await engine.last_event_id()
    with pytest.raises(Refused):
        await engine.call_next(3, actor="clerk:c01")  # not logged in
    assert await engine.events(before) == []


async def test_events_are_append_only(engine, db_path):
    await engine.issue_ticket("A")
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET kind='x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM events")
    conn.close()


async def test_calling_while_serving_finishes_the_current_ticket(engine):
    await engine.issue_ticket("A")
    await engine.issue_ticket("A")
    await engine.call_next(3)
    await engine.start(3)
    second = await engine.call_next(3)
    assert second.number == "A002" and (await engine.ticket("A001")).state == "done"


async def test_calling_while_still_calling_is_refused(engine):
    await engine.issue_ticket("A")
    await engine.issue_ticket("A")
    await engine.call_next(3)
    with pytest.raises(Refused) as err:
        await engine.call_next(3)
    assert err.value.code == "still_called" and err.value.message.value("number") == "A001"


async def test_paused_window_gets_no_calls(engine):
    await engine.issue_ticket("A")
    await engine.login(3, "c01", "1111")
    paused = await engine.pause(3, "暂离", actor="clerk:c01")
    assert paused.state == "paused" and paused.pause_reason == "暂离"
    with pytest.raises(Refused) as err:
        await engine.call_next(3, actor="clerk:c01")
    assert err.value.code == "paused"
    await engine.resume(3, actor="clerk:c01")
    assert (await engine.call_next(3, actor="clerk:c01")).number == "A001"


async def test_call_a_given_number_only_if_waiting_and_ours(engine):
    for _ in range(3):
        await engine.issue_ticket("A")
    await engine.issue_ticket("C")
    assert (await engine.call_number(3, "a003")).number == "A003"
    await engine.start(3)
    with pytest.raises(Refused) as err:
        await engine.call_number(4, "C001")
    assert err.value.code == "not_yours"
    with pytest.raises(Refused) as err:
        await engine.call_number(4, "A003")
    assert err.value.code == "not_waiting"


async def test_login_wrong_pin_then_lockout_after_five(engine, clock):
    for _ in range(4):
        with pytest.raises(Refused) as err:
            await engine.login(3, "c01", "0000")
        assert err.value.code == "bad_login"
    with pytest.raises(Refused) as err:
        await engine.login(3, "c01", "0000")
    assert err.value.code == "locked"
    with pytest.raises(Refused) as err:
        await engine.login(3, "c01", "1111")  # right PIN, still locked
    assert err.value.code == "locked" and err.value.detail["until"] == datetime(2026, 11, 25, 9, 35)
    clock.advance(minutes=5, seconds=1)
    assert (await engine.login(3, "c01", "1111")).clerk_id == "c01"


async def test_window_held_elsewhere_needs_a_supervisor_to_take_over(engine):
    await engine.login(3, "c01", "1111")
    with pytest.raises(Refused) as err:
        await engine.login(3, "c02", "2222")
    assert err.value.code == "window_taken" and err.value.detail["holder"] == "c01"
    with pytest.raises(Refused) as err:
        await engine.login(3, "c02", "2222", takeover_by="c03", takeover_pin="3333")  # not a supervisor
    assert err.value.code == "takeover_denied"
    window = await engine.login(3, "c02", "2222", takeover_by="s01", takeover_pin="9999")
    assert window.clerk_id == "c02"
    assert "window.taken_over" in [e.kind for e in await engine.events()]


async def test_logout_puts_a_called_ticket_back_at_the_head(engine, clock):
    await engine.issue_ticket("A")
    clock.advance(minutes=1)
    await engine.issue_ticket("A")
    await engine.login(3, "c01", "1111")
    await engine.call_next(3, actor="clerk:c01")
    await engine.logout(3, actor="clerk:c01")
    ticket = await engine.ticket("A001")
    assert ticket.state == "waiting" and ticket.ahead == 0


async def test_cancel_a_waiting_ticket(engine):
    await engine.issue_ticket("A")
    assert (await engine.cancel("A001")).state == "cancelled"
    with pytest.raises(Refused):
        await engine.cancel("A001")


async def test_close_day_expires_open_tickets_and_logs_windows_out(engine, clock):
    for _ in range(3):
        await engine.issue_ticket("A")
    await engine.login(3, "c01", "1111")
    await engine.call_next(3, actor="clerk:c01")
    summary = await engine.close_day()
    assert summary == DayClosed("2026-11-25", expired=3, windows_logged_out=1)
    assert {t.state for t in await engine.tickets()} == {"expired"}
    assert (await engine.window(3)).state == "logged_out"


async def test_figures_for_the_day(engine, clock):
    for _ in range(3):
        await engine.issue_ticket("A")
    await engine.call_next(3)
    await engine.start(3)
    clock.advance(minutes=6)
    await engine.call_next(3)  # finishes A001 after 6 minutes, calls A002
    await engine.recall(3)
    await engine.recall(3)
    await engine.no_show(3)
    day = await engine.figures()
    a = day.services[0]
    assert (a.issued, a.served, a.no_shows, a.waiting) == (3, 1, 1, 1)
    assert a.mean_handling_min == 6.0 and a.longest_wait_min == 6.0
    window = await engine.window_figures(3)
    assert (window.served, window.no_shows, window.mean_handling_min) == (1, 1, 6.0)


async def test_recent_calls_newest_first_with_recalls(engine):
    await engine.issue_ticket("A")
    await engine.issue_ticket("A")
    await engine.call_next(3)
    await engine.call_next(4)
    await engine.recall(3)
    calls = await engine.recent_calls(5)
    assert [(c.number, c.window, c.recall) for c in calls] == [("A001", 3, True), ("A002", 4, False),
                                                                ("A001", 3, False)]
    assert calls[0].window_name == "综合窗口3"


async def test_follow_delivers_new_events_in_order(engine):
    after = await engine.last_event_id()
    feed = engine.follow(after_id=after, poll_interval=0.005)
    for _ in range(3):
        await engine.issue_ticket("A")
    received = [await asyncio.wait_for(anext(feed), 5) for _ in range(3)]
    assert [(e.kind, e.number) for e in received] == [("ticket.issued", f"A00{i}") for i in (1, 2, 3)]
    waiting = asyncio.ensure_future(anext(feed))  # nothing new yet: it waits …
    await engine.call_next(3)                     # … until another commit
    assert (await asyncio.wait_for(waiting, 5)).kind == "ticket.called"
    await feed.aclose()


async def test_device_state_changes_are_recorded_once(engine):
    assert await engine.report_device("kiosk:K1", False, "paper end", url="tcp://127.0.0.1:9100")
    assert not await engine.report_device("kiosk:K1", False, "paper end", url="tcp://127.0.0.1:9100")
    [device] = await engine.devices()
    assert device.problem == "paper end" and not device.ok


async def test_verify_clerk_counts_wrong_pins_like_login(engine):
    assert await engine.verify_clerk("s01", "9999") == Clerk("s01", "赵主任", Role.SUPERVISOR)
    for _ in range(4):
        with pytest.raises(Refused) as err:
            await engine.verify_clerk("s01", "0000")
        assert err.value.code == "bad_login"
    with pytest.raises(Refused) as err:
        await engine.verify_clerk("s01", "0000")
    assert err.value.code == "locked"
    with pytest.raises(Refused) as err:
        await engine.login(3, "s01", "9999")
    assert err.value.code == "locked"


async def test_recent_calls_of_some_services_only(engine):
    await engine.issue_ticket("A")
    await engine.issue_ticket("C")
    await engine.call_next(3)
    await engine.call_next(11)
    assert [c.number for c in await engine.recent_calls(5, services=["C"])] == ["C001"]
    assert [c.number for c in await engine.recent_calls(5)] == ["C001", "A001"]


async def test_service_queues_say_why_walk_ins_are_closed(engine, clock):
    await engine.set_service_open("B", False)
    queues = {q.prefix: q for q in await engine.service_queues()}
    assert queues["A"].walk_in_open and queues["B"].closed_reason == "closed"
    assert queues["F"].closed_reason == "appointment_only"
    clock.set(datetime(2026, 11, 25, 12, 10))
    queues = {q.prefix: q for q in await engine.service_queues()}
    assert queues["A"].closed_reason == "hours" and queues["A"].opens_at == "13:30"
