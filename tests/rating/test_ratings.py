"""db.ratings: one rating per ticket, reasons, follow-ups, the default after 7 days."""
from __future__ import annotations

import json
from datetime import date

import pytest

from hallq.db import ratings
from hallq.db.errors import NotFound, Refused
from hallq.db.ratings import Channel
from hallq.db.vocabulary import EventKind, Refusal
from tests.rating.helpers import serve_one


async def test_rate_by_token_once(engine, clock):
    ticket_id = await serve_one(engine, clock)
    token = (await engine.tickets())[0].token
    rating = await ratings.rate(engine, token, 4, channel=Channel.STATUS_PAGE)
    assert (rating.ticket_id, rating.level, rating.channel, rating.bad) == (ticket_id, 4, Channel.STATUS_PAGE, False)
    with pytest.raises(Refused) as err:
        await ratings.rate(engine, ticket_id, 5)
    assert err.value.code == Refusal.ALREADY_RATED
    kinds = [e.kind for e in await engine.events()]
    assert kinds.count(EventKind.RATING_GIVEN) == 1 and EventKind.FOLLOWUP_OPENED not in kinds


async def test_refusals(engine, clock):
    waiting = await engine.issue_ticket("A")
    with pytest.raises(Refused) as err:
        await ratings.rate(engine, waiting.id, 5)
    assert err.value.code == Refusal.NOT_FINISHED
    ticket_id = await serve_one(engine, clock)
    for level, reason, code in ((0, None, Refusal.BAD_LEVEL), (2, None, Refusal.REASON_NEEDED),
                                (1, "nope", Refusal.BAD_REASON)):
        with pytest.raises(Refused) as err:
            await ratings.rate(engine, ticket_id, level, reason=reason)
        assert err.value.code == code
    with pytest.raises(Refused) as err:
        await ratings.rate(engine, ticket_id, 5, channel="fax")
    assert err.value.code == Refusal.BAD_CHANNEL and err.value.message.value("channel") == "fax"
    with pytest.raises(NotFound) as err:
        await ratings.rate(engine, "no-such-token", 5)
    assert err.value.code == Refusal.UNKNOWN_TICKET


async def test_a_bad_rating_opens_a_followup_until_closed(engine, clock):
    ticket_id = await serve_one(engine, clock)
    rating = await ratings.rate(engine, ticket_id, 2, reason="slow", text="  办了很久  ")
    assert rating.text == "办了很久" and rating.followup_id
    [open_one] = await ratings.open_followups(engine)
    assert (open_one.number, open_one.clerk_name, open_one.window) == ("A001", "王芳", 3)
    assert open_one.due == date(2026, 12, 2)
    assert await ratings.open_followup_count(engine) == 1
    assert not open_one.overdue(date(2026, 12, 2)) and open_one.overdue(date(2026, 12, 3))
    with pytest.raises(Refused) as err:
        await ratings.close_followup(engine, open_one.id, "  ", "supervisor:s01")
    assert err.value.code == Refusal.NOTE_NEEDED
    closed = await ratings.close_followup(engine, open_one.id, "已回访，说明材料要求", "supervisor:s01")
    assert (closed.note, closed.closed_by, closed.is_open) == ("已回访，说明材料要求", "supervisor:s01", False)
    assert await ratings.open_followups(engine) == [] and len(await ratings.all_followups(engine)) == 1
    with pytest.raises(Refused) as err:
        await ratings.close_followup(engine, open_one.id, "again", "operator")
    assert err.value.code == Refusal.ALREADY_CLOSED and err.value.message.value("id") == open_one.id
    with pytest.raises(NotFound) as err:
        await ratings.close_followup(engine, 99, "x", "operator")
    assert err.value.code == Refusal.UNKNOWN_FOLLOWUP
    closing = [e for e in await engine.events() if e.kind == EventKind.FOLLOWUP_CLOSED]
    assert closing[0].actor == "supervisor:s01" and closing[0].number == "A001"


async def test_clerk_found_from_the_login_when_the_operator_finished(engine, clock):
    await engine.login(5, "c03", "3333")
    ticket = await engine.issue_ticket("A")
    await engine.call_next(5)
    await engine.finish(5)
    assert (await ratings.rate(engine, ticket.id, 5)).clerk_id == "c03"


async def test_default_rating_after_seven_days(engine, clock):
    first = await serve_one(engine, clock)
    clock.advance(days=1)
    second = await serve_one(engine, clock)
    rated = await serve_one(engine, clock)
    await ratings.rate(engine, rated, 5)
    clock.advance(days=6, minutes=-6)
    assert await ratings.apply_default_ratings(engine) == 1   # only the first is 7 days old
    assert (await ratings.rating_of(engine, first)).channel == Channel.DEFAULT
    assert (await ratings.rating_of(engine, first)).level == (await engine.policy()).rating_default_level
    assert await ratings.rating_of(engine, second) is None
    clock.advance(days=1)
    assert await ratings.apply_default_ratings(engine) == 1
    assert await ratings.apply_default_ratings(engine) == 0
    event = [e for e in await engine.events() if e.kind == EventKind.RATING_GIVEN][-1]
    assert event.data["channel"] == Channel.DEFAULT and event.actor == "operator"


async def test_pending_for_window(engine, clock):
    assert await ratings.pending_for_window(engine, 3) is None
    ticket_id = await serve_one(engine, clock)
    assert (await ratings.pending_for_window(engine, 3)).id == ticket_id
    assert await ratings.pending_for_window(engine, 4) is None
    clock.advance(seconds=61)
    assert await ratings.pending_for_window(engine, 3, within_s=60) is None
    await ratings.rate(engine, ticket_id, 5)
    assert await ratings.pending_for_window(engine, 3) is None


async def test_events_carry_the_rating(engine, clock):
    ticket_id = await serve_one(engine, clock)
    await ratings.rate(engine, ticket_id, 1, reason="attitude")
    given, opened = [e for e in await engine.events()
                     if e.kind in (EventKind.RATING_GIVEN, EventKind.FOLLOWUP_OPENED)]
    assert (given.data["level"], given.data["reason"], given.window, given.data["clerk"]) == (1, "attitude", 3, "c01")
    assert opened.data["due"] == "2026-12-02"
    json.dumps(given.to_json())


async def test_the_supervisor_board_counts_open_followups(engine, clock):
    from textual.app import App

    from hallq.counter import texts as T
    from hallq.counter.supervisor_board import SupervisorBoard
    from tests.rating.helpers import until

    class BoardApp(App):
        def compose(self):
            yield SupervisorBoard(engine, "supervisor:s01")

    ticket_id = await serve_one(engine, clock)
    app = BoardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        board = app.query_one(SupervisorBoard)
        await until(pilot, lambda: board.snap is not None)
        shown = str(app.query_one("#alerts").content)
        assert board.followups == 0 and not any(T.FOLLOWUPS_OPEN(n=n).text("zh") in shown for n in range(10))
        await ratings.rate(engine, ticket_id, 2, reason="slow")
        await until(pilot, lambda: T.FOLLOWUPS_OPEN(n=1).text("zh") in str(app.query_one("#alerts").content))
        assert board.followups == 1
