"""The hall screen, driven by calls made through the engine."""

from hallq.db.engine import OPERATOR
from hallq.display import texts as T
from hallq.display.announcer import Announcer
from hallq.display.app import DisplayApp
from hallq.display.hall_board import HallBoard
from hallq.display.latest_call import LatestCall
from hallq.display.recent_calls import RecentCalls
from hallq.display.waiting_board import WaitingBoard
from hallq.ui import live
from hallq.ui.big_text import BigText
from tests.display.conftest import add_m_service, until
from tests.display.test_announcer import FakePlayer, FakeSpeaker


def latest(app) -> LatestCall:
    return app.query_one(LatestCall)


def big(app) -> str:
    return app.query_one("#latest-number", BigText).text


def caption(app) -> str:
    return str(app.query_one("#latest-caption").render())


async def test_a_call_appears_huge_and_highlighted(engine, clock):
    await engine.issue_ticket("A")
    app = DisplayApp(engine, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.query_one(WaitingBoard).queues)
        assert big(app) == "" and latest(app).call is None and caption(app) == T.NO_CALLS.text("zh")
        await engine.call_next(3)
        await until(pilot, lambda: big(app) == "A001→3")
        assert caption(app) == "请A001号到3号窗口办理"  # the line the voice says
        assert latest(app).fresh
        assert app.query_one("#latest-number", BigText).scale == (2, 2)
        await until(pilot, lambda: app.query_one(WaitingBoard).queues[0].waiting == 0)


async def test_recent_calls_list_earlier_numbers_once_and_a_recall_shows_again(engine, clock):
    for _ in range(3):
        await engine.issue_ticket("A")
    await engine.call_next(3)
    await engine.call_next(4)
    app = DisplayApp(engine, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: big(app) == "A002→4")
        assert not latest(app).fresh  # calls made before the screen started are not new
        assert [c.number for c in app.query_one(RecentCalls).calls] == ["A001"]
        await engine.recall(3)
        await until(pilot, lambda: big(app) == "A001→3")
        assert latest(app).fresh and latest(app).call.recall
        assert caption(app) == f"{T.RECALL.text('zh')}  请A001号到3号窗口办理"
        assert [c.number for c in app.query_one(RecentCalls).calls] == ["A002"]
        await engine.call_next(5)
        await until(pilot, lambda: big(app) == "A003→5")
        assert [c.number for c in app.query_one(RecentCalls).calls] == ["A001", "A002"]


async def test_every_call_is_announced_and_the_recall_again(engine, clock):
    speaker = FakeSpeaker(seconds=0.001)
    announcer = Announcer(speaker, FakePlayer(seconds=0), repeat=1, pause=0)
    await engine.issue_ticket("A")
    await engine.issue_ticket("B")
    app = DisplayApp(engine, clock, announcer=announcer)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.query_one(WaitingBoard).queues)
        await engine.call_next(3)
        await engine.call_next(9)
        await engine.recall(3)
        await until(pilot, lambda: len(speaker.said) == 3)
        assert speaker.texts == ["请A零零一号到三号窗口办理", "请B零零一号到九号窗口办理", "请A零零一号到三号窗口办理"]


async def test_no_sound_device_is_said_once_in_the_status_line(engine, clock):
    """A real aplay on a device that does not exist: the status line says so from the start,
    once, and nothing is drawn over the panels."""
    from hallq.display.announcer import CommandPlayer

    await engine.issue_ticket("A")
    await engine.issue_ticket("A")
    speaker = FakeSpeaker()
    announcer = Announcer(speaker, CommandPlayer("aplay", "hallq_no_such_device"), pause=0)
    app = DisplayApp(engine, clock, announcer=announcer)
    async with app.run_test(size=(80, 24)) as pilot:
        sound = app.query_one("#hall-sound")
        await until(pilot, lambda: sound.display)  # the probe at start, before any call
        said = T.SILENT(reason=T.NO_DEVICE(device="hallq_no_such_device")).text("zh")
        assert str(sound.render()) == said
        await engine.call_next(3)
        await engine.call_next(4)
        await until(pilot, lambda: len(speaker.texts) == 2)
        await app.announcer.wait_idle()
        await pilot.pause()
        assert str(sound.render()) == said and sound.display
        assert list(app._notifications) == []  # no toast over the waiting panel
        header, waiting = app.query_one("HallHeader").region, app.query_one(WaitingBoard).region
        assert sound.region.height == 1 and not sound.region.overlaps(waiting) and header.contains_region(sound.region)
        assert str(app.query_one("#hall-name").render()) == "杭锦旗政务服务中心"  # the line keeps the hall's name


async def test_the_call_line_follows_the_halls_template(engine, clock):
    from hallq.db.config import demo_text, parse_config

    text = demo_text().replace('template = "请{number}号到{window}号窗口办理"',
                               'template = "请{number}号到{window_name}办理"')
    await engine.load_config(parse_config(text, "test hall"), text)
    speaker = FakeSpeaker(seconds=0.001)
    await engine.issue_ticket("A")
    app = DisplayApp(engine, clock, announcer=Announcer(speaker, FakePlayer(seconds=0), repeat=1, pause=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.query_one(WaitingBoard).queues)
        await engine.call_next(3)
        await until(pilot, lambda: len(speaker.texts) == 1)
        assert caption(app) == "请A001号到综合窗口3办理"
        assert speaker.texts == ["请A零零一号到综合窗口三办理"]


async def test_a_board_per_area_shows_only_its_services(engine, clock):
    await add_m_service(engine)
    await engine.issue_ticket("A")
    await engine.issue_ticket("M")
    app = DisplayApp(engine, clock, services=["M"])
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.query_one(WaitingBoard).queues)
        assert [q.prefix for q in app.query_one(WaitingBoard).queues] == ["M"]
        await engine.call_next(3)
        await engine.call_next(16)
        await until(pilot, lambda: big(app) == "M001→16")
        assert app.query_one(RecentCalls).calls == []


async def test_the_name_time_and_notice(engine, clock):
    app = DisplayApp(engine, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.query_one("#hall-name").render().plain)
        assert str(app.query_one("#hall-name").render()) == "杭锦旗政务服务中心"
        assert str(app.query_one("#hall-time").render()) == f"2026-11-25 {T.weekday(2)} 09:30:00"  # a Wednesday
        clock.advance(seconds=61)
        await until(pilot, lambda: str(app.query_one("#hall-time").render()).endswith("09:31:01"))
        assert "请留意叫号" in app.query_one("NoticeTicker").notice


async def test_a_long_notice_scrolls_with_the_clock(engine, clock):
    app = DisplayApp(engine, clock)
    async with app.run_test(size=(40, 24)) as pilot:
        ticker = app.query_one("NoticeTicker")
        await until(pilot, lambda: ticker.notice)
        assert ticker.scrolls
        first = ticker.render_line(0).text
        clock.advance(seconds=1)
        assert ticker.render_line(0).text != first


async def test_english_board(engine, clock):
    await engine.issue_ticket("A")
    app = DisplayApp(engine, clock, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.query_one(WaitingBoard).queues)
        await engine.call_next(3)
        await until(pilot, lambda: big(app) == "A001→3")
        assert caption(app) == "Number A001, please go to window 3"
        assert str(app.query_one("#hall-name").render()) == "Hangjin Banner Government Service Centre"


async def test_the_number_grows_with_the_screen(engine, clock):
    await add_m_service(engine)
    await engine.issue_ticket("M")
    await engine.call_next(16)
    scales = []
    for size in [(80, 24), (120, 40), (240, 67)]:
        app = DisplayApp(engine, clock)
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda app=app: big(app) == "M001→16")
            scales.append(app.query_one("#latest-number", BigText).scale)
            recent_scale = app.query_one(RecentCalls).scale
    assert scales[0] >= (1, 2) and scales == sorted(scales) and scales[-1] >= (5, 10)
    assert recent_scale is not None  # a TV shows earlier calls in block letters too


async def test_recovers_by_itself_when_the_database_is_briefly_unavailable(engine, clock, monkeypatch):
    import sqlite3

    monkeypatch.setattr(live, "RETRY_SECONDS", 0.05)
    await engine.issue_ticket("A")
    app = DisplayApp(engine, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.query_one(WaitingBoard).queues)
        status = app.query_one("#hall-status")
        real_events, real_queues = engine.events, engine.service_queues

        async def broken(*args, **kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(engine, "events", broken)
        monkeypatch.setattr(engine, "service_queues", broken)
        await engine.issue_ticket("A")  # the feed wakes and cannot read
        await until(pilot, lambda: status.display)
        assert str(status.render()) == T.UNAVAILABLE.text("zh")
        monkeypatch.setattr(engine, "events", real_events)
        monkeypatch.setattr(engine, "service_queues", real_queues)
        await until(pilot, lambda: not status.display)
        await engine.call_next(3)
        await until(pilot, lambda: big(app) == "A001→3")


async def test_a_new_day_clears_yesterdays_calls(engine, clock):
    await engine.issue_ticket("A")
    await engine.call_next(3)
    app = DisplayApp(engine, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: big(app) == "A001→3")
        clock.advance(days=1)
        await until(pilot, lambda: big(app) == "", timeout=3)


async def test_the_board_is_embeddable(engine, clock):
    from textual.app import App

    class Host(App):
        def compose(self):
            yield HallBoard(engine, clock)

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.query_one(WaitingBoard).queues)
        await engine.issue_ticket("A")
        await engine.call_next(3, actor=OPERATOR)
        await until(pilot, lambda: big(app) == "A001→3")


async def test_a_re_read_keeps_the_highlight_of_the_call_it_shows_again(engine, clock):
    await engine.issue_ticket("A")
    app = DisplayApp(engine, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(HallBoard)
        await until(pilot, lambda: app.query_one(WaitingBoard).queues)
        await engine.call_next(3)
        await until(pilot, lambda: big(app) == "A001→3")
        board.live.want("calls")
        await until(pilot, lambda: not board.live.loading)
        assert latest(app).fresh


async def test_a_service_stopped_by_the_supervisor_shows_closed_at_once(engine, clock):
    """service.closed is a queue event: the board re-reads with no other event after it."""
    app = DisplayApp(engine, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(WaitingBoard)
        await until(pilot, lambda: board.queues and all(q.is_open for q in board.queues))
        await engine.set_service_open("C", False, actor="supervisor:s01")
        await until(pilot, lambda: not next(q for q in board.queues if q.prefix == "C").is_open)
        await engine.set_service_open("C", True, actor="supervisor:s01")
        await until(pilot, lambda: next(q for q in board.queues if q.prefix == "C").is_open)
