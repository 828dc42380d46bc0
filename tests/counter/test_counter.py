"""The clerk's window: login, every action and its refusals, the feed, the day's end."""
from __future__ import annotations

import pytest

from hallq.counter.app import CounterApp
from hallq.db.config import demo_text, parse_config
from hallq.ui import font, live
from hallq.ui.big_text import BigText
from tests.counter.helpers import answer, card_number, login, text, until, view

SIZE = (80, 24)


@pytest.fixture
async def hall(engine):
    for service in "AAB":
        await engine.issue_ticket(service)
    return engine


def message(app) -> str:
    return text(app, "#message")


async def test_login_and_call_next_shows_the_ticket(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        assert "王芳" in text(app, "#who") and "A001 A002" in text(app, "#queue")
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        assert "已叫 A001" in message(app)
        await until(pilot, lambda: "A002" in text(app, "#queue") and "A001" not in text(app, "#queue"))
        assert (await hall.ticket("A001")).state == "called"


async def test_space_calls_next_too_and_refusal_says_why(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("space")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("n")
        await until(pilot, lambda: "还在呼叫中" in message(app))
        assert message(app).count("\n") == 0


async def test_nothing_waiting(engine, clock):
    app = CounterApp(engine, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("n")
        await until(pilot, lambda: "暂无人等候" in message(app))


async def test_recall_start_finish_and_today(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("r")
        await until(pilot, lambda: "已重呼 A001（第 1 次）" in message(app))
        await pilot.press("s")
        await until(pilot, lambda: "开始办理 A001" in message(app))
        assert "办理中" in text(app, "#detail")
        clock.advance(minutes=6)
        await pilot.press("f")
        await until(pilot, lambda: "A001 已办结" in message(app) and card_number(app) is None)
        await until(pilot, lambda: "办结 1" in text(app, "#today") and "6.0 分钟" in text(app, "#today"))


async def test_no_show_needs_recalls_then_rejoin(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("x")
        await until(pilot, lambda: "需先重呼 2 次" in message(app))
        await pilot.press("r", "r", "x")
        await until(pilot, lambda: "A001 已过号" in message(app))
        await until(pilot, lambda: "过号 1" in text(app, "#today"))
        await pilot.press("j")
        await answer(pilot, "a001")
        await until(pilot, lambda: "A001 已重新排队" in message(app))
        assert (await hall.ticket("A001")).state == "waiting"
        await pilot.press("j")
        await answer(pilot, "a002")
        await until(pilot, lambda: "不是过号状态" in message(app))


async def test_call_a_given_number_and_refusals(hall, clock):
    app = CounterApp(hall, 3, clock)  # window 3 serves A only
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("c")
        await answer(pilot, "B001")
        await until(pilot, lambda: "不属于3号窗口" in message(app))
        await pilot.press("c")
        await answer(pilot, "A009")
        await until(pilot, lambda: "今天没有 A009" in message(app))
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
        await until(pilot, lambda: "A001 已转往 B 一件事一次办" in message(app))
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
        await until(pilot, lambda: "当前没有号" in message(app))
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("t")
        await answer(pilot, "Z", "")
        await until(pilot, lambda: "请输入业务字母" in message(app))
        await pilot.press("t")
        await answer(pilot, "9", "")
        await until(pilot, lambda: "A001 已转往9号窗口" in message(app))
        assert (await hall.ticket("A001")).target_window == 9


async def test_pause_with_reason_refuses_calls_then_resume(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("p")
        await answer(pilot, "午休")
        await until(pilot, lambda: "窗口已暂停：午休" in message(app))
        assert "午休" in text(app, "#who") and "按 p 恢复" in text(app, "#detail")
        await pilot.press("n")
        await until(pilot, lambda: "已暂停" in message(app) and "先恢复" in message(app))
        await pilot.press("p")
        await until(pilot, lambda: "窗口已恢复" in message(app))
        await pilot.press("n")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.press("p")
        await answer(pilot, "")
        await until(pilot, lambda: "先办结或转出" in message(app))


async def test_buttons_do_the_same_as_keys(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.click("#do-call_next")
        await until(pilot, lambda: card_number(app) == "A001")
        await pilot.click("#do-start")
        await until(pilot, lambda: "开始办理" in message(app))
        await pilot.click("#do-finish")
        await until(pilot, lambda: card_number(app) is None)
        await pilot.click("#do-logout")
        await until(pilot, lambda: view(app).clerk is None)
        assert not (await hall.window(1)).logged_in


async def test_queue_updates_from_the_feed_when_a_kiosk_issues(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        assert "A 综合受理 2人" in text(app, "#queue")
        await hall.issue_ticket("A", kiosk="K1")
        await until(pilot, lambda: "A 综合受理 3人" in text(app, "#queue"), timeout=0.5)


async def test_wrong_pin_then_lockout(engine, clock):
    app = CounterApp(engine, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, pin="0000", expect=False, typed=True)
        await until(pilot, lambda: "还可尝试 4 次" in text(app, "#login-message"))
        for left in (3, 2, 1):
            await login(pilot, pin="0000", expect=False)
            await until(pilot, lambda: f"还可尝试 {left} 次" in text(app, "#login-message"))
        await login(pilot, pin="0000", expect=False)
        await until(pilot, lambda: "锁定至" in text(app, "#login-message"))
        await login(pilot, expect=False)
        await until(pilot, lambda: "已锁定" in text(app, "#login-message"))
        assert view(app).clerk is None
        clock.advance(minutes=5, seconds=1)
        await login(pilot)


async def test_window_taken_then_supervisor_takes_over(engine, clock):
    await engine.login(1, "c02", "2222")
    app = CounterApp(engine, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, expect=False)
        await until(pilot, lambda: "李强（c02）" in text(app, "#login-message"))
        await pilot.press(*"s01", "enter", *"0000", "enter")
        await until(pilot, lambda: "无法接管" in text(app, "#login-message"))
        await pilot.press(*"9999", "enter")
        await until(pilot, lambda: view(app).clerk is not None)
        assert (await engine.window(1)).clerk_id == "c01"


async def test_day_close_logs_out_with_a_message(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await hall.close_day()
        await until(pilot, lambda: view(app).clerk is None)
        assert "今日已结束" in text(app, "#login-message")


async def test_taken_over_elsewhere_returns_to_login(hall, clock):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await hall.login(1, "c02", "2222", takeover_by="s01", takeover_pin="9999")
        await until(pilot, lambda: view(app).clerk is None)
        assert "李强" in text(app, "#login-message")


async def test_database_trouble_is_said_calmly(hall, clock, monkeypatch):
    app = CounterApp(hall, 1, clock)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)

        async def broken(*args, **kwargs):
            raise OSError("disk I/O error")
        monkeypatch.setattr(hall, "call_next", broken)
        await pilot.press("n")
        await until(pilot, lambda: "数据库暂不可用" in message(app))


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
        await until(pilot, lambda: "数据库暂不可用" in message(app))
        monkeypatch.setattr(hall, "service_queues", real_queues)
        await until(pilot, lambda: "数据库已恢复" in message(app))
        await until(pilot, lambda: "A001 A002 A003" in text(app, "#queue"))


async def test_english(hall, clock):
    app = CounterApp(hall, 1, clock, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("n")
        await until(pilot, lambda: "Called A001" in message(app))
        await pilot.press("n")
        await until(pilot, lambda: "still being called" in message(app))


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
