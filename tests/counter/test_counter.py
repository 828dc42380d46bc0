"""The clerk's window: login, every action and its refusals, the feed, the day's end."""
from __future__ import annotations

import pytest

from hallq.counter import texts as T
from hallq.counter.app import CounterApp
from hallq.counter.ticket_card import TicketCard
from hallq.db.config import demo_text, parse_config
from hallq.ui import font, live
from hallq.ui.big_text import BigText
from tests.counter.helpers import answer, card_number, login, refused, text, until, view

pytestmark = pytest.mark.slow  # a whole app driven through Pilot

SIZE = (80, 24)


@pytest.fixture
async def hall(engine):
    for service in "AAB":
        await engine.issue_ticket(service)
    return engine


def message(app) -> str:
    return text(app, "#message")


def said(app, copy: T.Text, **values) -> bool:
    """The message line says `copy` (filled with `values`), in the window's language."""
    return message(app) == copy(**values).text(view(app).lang)


async def refusal_shown(pilot, code: str) -> None:
    """Wait until the engine refuses with `code`; its one-line reason is in the message line, as an error."""
    app = pilot.app
    await until(pilot, lambda: refused(app) == code)
    assert message(app) == view(app).refusal.text(view(app).lang) and "\n" not in message(app)
    assert app.query_one("#message").has_class("-error")


async def test_login_and_call_next_shows_the_ticket(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        assert "王芳" in text(app, "#who") and "A001 A002" in text(app, "#queue")
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        assert said(app, T.CALLED, number="A001", window=1)
        await until(pilot, lambda: "A002" in text(app, "#queue") and "A001" not in text(app, "#queue"))
        assert (await hall.ticket("A001")).state == "called"


async def test_space_calls_next_too_and_refusal_says_why(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("space")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("n")
        await refusal_shown(pilot, "still_called")
        assert message(app).count("\n") == 0


async def test_nothing_waiting(engine, clock):
    app = CounterApp(engine, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("n")
        await refusal_shown(pilot, "nothing_waiting")


async def test_recall_start_finish_and_today(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("r")
        await until(pilot, lambda: said(app, T.RECALLED, number="A001", n=1))
        await pilot.press("s")
        await until(pilot, lambda: said(app, T.STARTED, number="A001"))
        ticket = app.query_one(TicketCard).ticket
        assert ticket.state == "serving" and ticket.state_label("zh") in text(app, "#detail")
        clock.advance(minutes=6)
        await pilot.press("f")
        await until(pilot, lambda: said(app, T.FINISHED, number="A001") and card_number(app) is None)
        today = T.TODAY(served=1, no_shows=0, mean=T.MINUTES(n=6.0))
        await until(pilot, lambda: text(app, "#today") == today.text("zh"))


async def test_no_show_needs_recalls_then_rejoin(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("x")
        await refusal_shown(pilot, "recall_first")
        assert (await hall.ticket("A001")).state == "called"
        await pilot.press("r", "r", "x")
        await until(pilot, lambda: said(app, T.NO_SHOWED, number="A001"))
        today = T.TODAY(served=0, no_shows=1, mean="—")
        await until(pilot, lambda: text(app, "#today") == today.text("zh"))
        await pilot.press("j")
        await answer(pilot, "a001")
        await until(pilot, lambda: message(app).startswith("A001"))
        rejoined = await hall.ticket("A001")
        assert rejoined.state == "waiting" and said(app, T.REJOINED, number="A001", ahead=rejoined.ahead)
        await pilot.press("j")
        await answer(pilot, "a002")
        await refusal_shown(pilot, "not_no_show")


async def test_call_a_given_number_and_refusals(hall, clock):
    app = CounterApp(hall, 3, clock)  # window 3 serves A only
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("c")
        await answer(pilot, "B001")
        await refusal_shown(pilot, "not_yours")
        await pilot.press("c")
        await answer(pilot, "A009")
        await refusal_shown(pilot, "unknown_ticket")
        await pilot.press("c")
        await answer(pilot, "A002")
        await until(pilot, lambda: card_number(app) == "A002")


async def test_transfer_to_service_with_note_then_history_shows(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("t")
        await answer(pilot, "b", "材料齐全")
        await until(pilot, lambda: said(app, T.TRANSFERRED_SERVICE, number="A001", to="B 一件事一次办"))
        assert (await hall.ticket("A001")).service == "B"
        await pilot.press("c")
        await answer(pilot, "A001")
        await until(pilot, lambda: "A→B：材料齐全" in text(app, "#detail"))


async def test_transfer_to_window_and_bad_target(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("t")
        await answer(pilot, "9", "")
        await refusal_shown(pilot, "no_current")
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("t")
        await answer(pilot, "Z", "")
        await until(pilot, lambda: said(app, T.BAD_TARGET, services="A,B,C,D,E,F"))
        assert app.query_one("#message").has_class("-error") and (await hall.ticket("A001")).state == "called"
        await pilot.press("t")
        await answer(pilot, "9", "")
        await until(pilot, lambda: said(app, T.TRANSFERRED_WINDOW, number="A001", to="9"))
        assert (await hall.ticket("A001")).target_window == 9


async def test_pause_with_reason_refuses_calls_then_resume(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("p")
        await answer(pilot, "午休")
        await until(pilot, lambda: said(app, T.PAUSED, reason="午休"))
        assert (await hall.window(1)).state == "paused"
        assert "午休" in text(app, "#who") and app.query_one(TicketCard).has_class("-paused")
        assert text(app, "#detail") == T.PAUSED_CARD(reason="午休").text("zh")
        await pilot.press("n")
        await refusal_shown(pilot, "paused")
        await pilot.press("p")
        await until(pilot, lambda: said(app, T.RESUMED))
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("p")
        await answer(pilot, "")
        await refusal_shown(pilot, "busy")


async def test_buttons_do_the_same_as_keys(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.click("#do-call_next")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.click("#do-start")
        await until(pilot, lambda: said(app, T.STARTED, number="A001"))
        await pilot.click("#do-finish")
        await until(pilot, lambda: card_number(app) is None)
        await pilot.click("#do-logout")
        await until(pilot, lambda: view(app).clerk is None)
        assert not (await hall.window(1)).logged_in


async def test_queue_updates_from_the_feed_when_a_kiosk_issues(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        def line(waiting: int) -> str:
            return T.QUEUE_LINE(prefix="A", name="综合受理", waiting=waiting, longest=0).text("zh")

        assert line(2) in text(app, "#queue")
        await hall.issue_ticket("A", kiosk="K1")
        await until(pilot, lambda: line(3) in text(app, "#queue"), timeout=0.5)


async def test_wrong_pin_then_lockout(engine, clock):
    app = CounterApp(engine, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        async def refused_login(pin: str, code: str, **options) -> None:
            before = view(app).refusal
            await login(pilot, pin=pin, expect=False, **options)
            await until(pilot, lambda: view(app).refusal not in (None, before))
            assert refused(app) == code and text(app, "#login-message") == view(app).refusal.text("zh")

        async def wrong_pins() -> int:
            return sum(e.kind == "clerk.pin_failed" for e in await engine.events())

        await refused_login("0000", "bad_login", typed=True)
        assert await wrong_pins() == 1
        for tries in (2, 3, 4):
            await refused_login("0000", "bad_login")
            assert await wrong_pins() == tries
        await refused_login("0000", "locked")       # the fifth wrong PIN locks the clerk out
        await refused_login("1111", "locked")       # the right PIN, too late
        assert view(app).clerk is None
        clock.advance(minutes=5, seconds=1)
        await login(pilot)


async def test_window_taken_then_supervisor_takes_over(engine, clock):
    await engine.login(1, "c02", "2222")
    app = CounterApp(engine, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, expect=False)
        await until(pilot, lambda: refused(app) == "window_taken")
        assert text(app, "#login-message") == view(app).refusal.text("zh") and app.query_one("#takeover").display
        await pilot.press(*"s01", "enter", *"0000", "enter")
        await until(pilot, lambda: refused(app) == "takeover_denied")
        assert text(app, "#login-message") == view(app).refusal.text("zh")
        await pilot.press(*"9999", "enter")
        await until(pilot, lambda: view(app).clerk is not None)
        assert (await engine.window(1)).clerk_id == "c01"


async def test_day_close_logs_out_with_a_message(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await hall.close_day()
        await until(pilot, lambda: view(app).clerk is None)
        assert text(app, "#login-message") == T.DAY_CLOSED.text("zh")


async def test_taken_over_elsewhere_returns_to_login(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await hall.login(1, "c02", "2222", takeover_by="s01", takeover_pin="9999")
        await until(pilot, lambda: view(app).clerk is None)
        assert text(app, "#login-message") == T.TAKEN_OVER(who="李强").text("zh")


async def test_database_trouble_is_said_calmly(hall, clock, monkeypatch):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)

        async def broken(*args, **kwargs):
            raise OSError("disk I/O error")
        monkeypatch.setattr(hall, "call_next", broken)
        await pilot.press("n")
        await until(pilot, lambda: said(app, T.UNAVAILABLE))
        assert app.query_one("#message").has_class("-error") and refused(app) is None


async def test_a_failed_re_read_is_said_and_retried_until_the_database_is_back(hall, clock, monkeypatch):
    monkeypatch.setattr(live, "RETRY_SECONDS", 0.05)
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        real_queues = hall.service_queues

        async def broken(*args, **kwargs):
            raise OSError("disk I/O error")
        monkeypatch.setattr(hall, "service_queues", broken)
        await hall.issue_ticket("A")  # the feed wakes the view, and its re-read fails
        await until(pilot, lambda: said(app, T.UNAVAILABLE))
        monkeypatch.setattr(hall, "service_queues", real_queues)
        await until(pilot, lambda: said(app, T.DATABASE_BACK))
        await until(pilot, lambda: "A001 A002 A003" in text(app, "#queue"))


async def test_english(hall, clock):
    app = CounterApp(hall, 1, clock, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("n")
        await until(pilot, lambda: message(app) == T.CALLED(number="A001", window=1).text("en"))
        await pilot.press("n")
        await refusal_shown(pilot, "still_called")
        assert message(app) == view(app).refusal.text("en")


# A service whose prefix Textual's Digits cannot draw (it stops at F), at window 16.
G_SERVICE = """
[[services]]
prefix = "G"
name = "公积金"
name_en = "Housing fund"

[[windows]]
number = 16
name = "公积金窗口16"
services = ["G"]
"""


async def test_the_card_draws_any_prefix_in_block_letters(engine, clock):
    hall_toml = demo_text() + G_SERVICE
    await engine.load_config(parse_config(hall_toml, "test hall"), hall_toml)
    await engine.issue_ticket("G")
    app = CounterApp(engine, 16, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "G001")
        await pilot.pause()
        big = app.query_one("#card #number", BigText)
        assert big.text == "G001" and big.scale is not None
        shown = [big.render_line(y).text.strip() for y in range(big.content_size.height)]
        drawn = [line.strip() for line in font.draw("G001", big.scale)]
        assert drawn == [line for line in shown if line]


async def test_the_queue_panel_lists_what_call_next_will_call(engine, clock):
    """With two priority calls in a row already made, the third priority ticket waits for
    a walk-in (max_priority_in_a_row = 2): the panel shows P3 after R1, as call-next does."""
    from hallq.counter.queue_panel import QueuePanel

    for _ in range(2):
        await engine.issue_ticket("A", priority="elderly")
    app = CounterApp(engine, 3, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        for _ in range(2):
            await pilot.press("n")
            await until(pilot, lambda: card_number(app) is not None)
            await pilot.press("s")
            await until(pilot, lambda: view(app).win.current.state == "serving")
        p3 = await engine.issue_ticket("A", priority="elderly")
        r1 = await engine.issue_ticket("A")
        panel = app.query_one(QueuePanel)
        await until(pilot, lambda: panel.order == [r1.number, p3.number])
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == r1.number)
        await until(pilot, lambda: panel.order == [p3.number])
