"""The rating terminal: asked after a finish at its window, rated by key or touch."""
from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from hallq.db import ratings
from hallq.rating import texts as T
from hallq.rating.app import RatingApp
from hallq.rating.rating_view import ASK, IDLE, REASON, THANKS
from tests.rating.helpers import serve_one, until, view

pytestmark = pytest.mark.slow  # a whole app driven through Pilot


async def shown(pilot, panel: str) -> None:
    """Wait until `panel` is showing and laid out (so a click lands on it)."""
    await until(pilot, lambda: view(pilot.app).panel == panel)
    await pilot.pause()


def thanks_text(app) -> str:
    return str(app.query_one("#thanks-text", Static).content)


async def test_idle_until_a_ticket_is_finished_here(engine, clock):
    app = RatingApp(engine, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert view(app).panel == IDLE
        await engine.login(4, "c02", "2222")
        await serve_one(engine, clock, window=4)        # another window: not ours
        ticket_id = await serve_one(engine, clock)
        await until(pilot, lambda: view(app).panel == ASK)
        assert view(app).ticket.id == ticket_id
        assert "A002 · 综合窗口3" in str(app.query_one("#ask-ticket", Static).content)
        # the citizen sees who served them: name and 工号
        assert "王芳（工号 c01）" in str(app.query_one("#ask-ticket", Static).content)


async def test_a_good_rating_by_key(engine, clock):
    ticket_id = await serve_one(engine, clock)          # just finished: asked at once on start
    app = RatingApp(engine, 3, thanks_s=2.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: view(app).panel == ASK)
        await pilot.press("1")
        await until(pilot, lambda: view(app).panel == THANKS)
        assert thanks_text(app) == T.THANKS.text("zh")
        rating = await ratings.rating_of(engine, ticket_id)
        assert (rating.level, rating.channel, rating.clerk_id) == (5, "terminal", "c01")
        await until(pilot, lambda: view(app).panel == IDLE)


async def test_a_bad_rating_asks_a_reason_and_opens_a_followup(engine, clock):
    ticket_id = await serve_one(engine, clock)
    app = RatingApp(engine, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: view(app).panel == ASK)
        await pilot.press("5")                           # 非常不满意
        assert view(app).panel == REASON
        await pilot.click("#submit")                     # no reason yet: a hint, nothing saved
        await pilot.pause()
        hint = app.query_one("#reason-hint", Static)
        assert str(hint.content) == T.CHOOSE_REASON.text("zh") and hint.has_class("-error")
        assert view(app).panel == REASON and await ratings.rating_of(engine, ticket_id) is None
        await pilot.press("1")                           # 等候时间长, then the comment box
        assert app.focused is app.query_one("#comment", Input)
        await pilot.press(*"等了40分钟", "enter")
        await until(pilot, lambda: view(app).panel == THANKS)
        assert thanks_text(app) == T.THANKS_BAD.text("zh")
    rating = await ratings.rating_of(engine, ticket_id)
    assert (rating.level, rating.reason, rating.text) == (1, "long_wait", "等了40分钟")
    [followup] = await ratings.open_followups(engine)
    assert followup.rating_id == rating.id and followup.due.isoformat() == "2026-12-02"


async def test_touch_a_bad_level_a_reason_and_send(engine, clock):
    ticket_id = await serve_one(engine, clock)
    app = RatingApp(engine, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot, ASK)
        await pilot.click("#level-2")
        await shown(pilot, REASON)
        await pilot.press("escape")                      # back to the levels, and again
        await shown(pilot, ASK)
        await pilot.click("#level-2")
        await shown(pilot, REASON)
        await pilot.click("#reason-unclear")
        await until(pilot, lambda: view(app).reason == "unclear")
        await pilot.click("#submit")
        await until(pilot, lambda: view(app).panel == THANKS)
    rating = await ratings.rating_of(engine, ticket_id)
    assert (rating.level, rating.reason, rating.text) == (2, "unclear", None)


async def test_one_rating_per_ticket(engine, clock):
    ticket_id = await serve_one(engine, clock)
    app = RatingApp(engine, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: view(app).panel == ASK)
        await ratings.rate(engine, ticket_id, 4, channel="status_page")
        await view(app).rate_now(5)                      # the terminal's own try comes second
        assert view(app).panel == THANKS and view(app).refusal.code == "already_rated"
        assert thanks_text(app) == view(app).refusal.text("zh")
    assert (await ratings.rating_of(engine, ticket_id)).level == 4


async def test_rated_on_the_status_page_meanwhile(engine, clock):
    ticket_id = await serve_one(engine, clock)
    app = RatingApp(engine, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: view(app).panel == ASK)
        await ratings.rate(engine, ticket_id, 3, channel="status_page")
        await until(pilot, lambda: view(app).panel == THANKS)


async def test_back_to_idle_without_a_rating(engine, clock):
    await serve_one(engine, clock)
    app = RatingApp(engine, 3, timeout_s=0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: view(app).panel == ASK, timeout=1)
        await until(pilot, lambda: view(app).panel == IDLE)


async def test_an_old_finish_is_not_asked_about(engine, clock):
    await serve_one(engine, clock)
    clock.advance(minutes=2)
    app = RatingApp(engine, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: str(app.query_one("#idle-window", Static).content) == "综合窗口3")
        assert view(app).panel == IDLE


async def test_english(engine, clock):
    await serve_one(engine, clock)
    app = RatingApp(engine, 3, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: view(app).panel == ASK)
        assert str(app.query_one("#level-5").label) == f"1\n{ratings.level_label(5, 'en')}"
