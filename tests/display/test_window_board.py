"""The small screen above one window."""
from hallq.display import texts as T
from hallq.display.announcer import Announcer
from hallq.display.app import DisplayApp
from hallq.display.window_board import WindowBoard
from hallq.ui.big_text import BigText
from tests.display.conftest import add_m_service, until
from tests.display.test_announcer import FakePlayer, FakeSpeaker


def number(app) -> str:
    return app.query_one("#window-number", BigText).text


def caption(app) -> str:
    return str(app.query_one("#window-caption").render())


async def test_shows_only_its_own_call(engine, clock):
    await add_m_service(engine)
    speaker = FakeSpeaker(seconds=0.001)
    for s in "AAM":
        await engine.issue_ticket(s)
    app = DisplayApp(engine, clock, window=16, announcer=Announcer(speaker, FakePlayer(seconds=0), repeat=1, pause=0))
    async with app.run_test(size=(40, 12)) as pilot:
        board = app.query_one(WindowBoard)
        await until(pilot, lambda: board.window is not None)
        assert board.window.state == "logged_out"
        assert number(app) == "16" and caption(app) == T.WINDOW_CLOSED.text("zh")
        await engine.call_next(3)
        await engine.call_next(16)
        await until(pilot, lambda: number(app) == "M001")
        assert caption(app) == "请 M001 号到本窗口办理" and board.has_class("-fresh")
        assert app.query_one("#window-number", BigText).scale is not None
        await engine.start(16)
        await until(pilot, lambda: caption(app) == T.WINDOW_SERVING(number="M001").text("zh"))
        assert not board.has_class("-fresh")
        await engine.finish(16)
        await until(pilot, lambda: caption(app) == T.WINDOW_IDLE.text("zh"))
        await engine.pause(16, "午休")
        await until(pilot, lambda: caption(app) == T.WINDOW_PAUSED(reason="午休").text("zh"))
        await app.announcer.wait_idle()
        assert speaker.texts == ["请M零零一号到十六号窗口办理"]


async def test_idle_window_says_welcome(engine, clock):
    await engine.login(3, "c01", "1111")
    app = DisplayApp(engine, clock, window=3)
    async with app.run_test(size=(40, 12)) as pilot:
        await until(pilot, lambda: caption(app) == T.WINDOW_IDLE.text("zh"))
        assert number(app) == "3" and app.query_one(WindowBoard).window.state == "idle"
        assert str(app.query_one("#hall-name").render()) == "综合窗口3"


async def test_an_unknown_window_says_so(engine, clock):
    app = DisplayApp(engine, clock, window=99)
    async with app.run_test(size=(40, 12)) as pilot:
        await until(pilot, lambda: caption(app) == T.NO_WINDOW(window=99).text("zh"))
        assert app.query_one(WindowBoard).window is None
