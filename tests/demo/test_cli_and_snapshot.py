"""`hallq demo`: the embedded default (which file, which clock, which bookings) and an SVG
snapshot of the demo at 120×40 after a ticket was taken."""
from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from hallq.cli.main import build_parser
from hallq.db.clock import VirtualClock
from hallq.db.config import load_demo
from hallq.db.engine import HallEngine
from hallq.demo.app import DemoApp
from hallq.demo.cli import demo_db_path
from hallq.demo.hall import prepare, start_time
from hallq.kiosk.ticket_panel import TicketPanel
from hallq.printers import open_printer
from tests.conftest import MORNING
from tests.demo.conftest import until


@pytest.mark.parametrize("argv, env, expected", [
    (["demo"], None, "demo.db"),
    (["demo"], "/srv/hall/hallq.db", "demo.db"),       # the hall's own database is not the demo's
    (["demo", "--db", "mine.db"], None, "mine.db"),
    (["--db", "mine.db", "demo"], None, "mine.db"),
    (["demo", "--db", "hallq.db"], None, "hallq.db"),  # named on purpose
])
def test_which_database(monkeypatch, argv, env, expected):
    if env:
        monkeypatch.setenv("HALLQ_DB", env)
    else:
        monkeypatch.delenv("HALLQ_DB", raising=False)
    assert demo_db_path(build_parser().parse_args(argv)) == expected


def test_help_says_which_database(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["demo", "--help"])
    out = capsys.readouterr().out
    assert "demo.db" in out and "--simulate" in out and "--seed" in out


@pytest.mark.parametrize("now, last, expected", [
    (datetime(2026, 11, 25, 10, 15), None, datetime(2026, 11, 25, 10, 15)),    # open: the real time
    (datetime(2026, 11, 25, 21, 40), None, datetime(2026, 11, 25, 9, 30)),     # evening: 09:30 today
    (datetime(2026, 11, 25, 11, 50), None, datetime(2026, 11, 25, 9, 30)),     # closing in 10 minutes
    (datetime(2026, 11, 25, 21, 40), datetime(2026, 11, 25, 9, 52, 10), datetime(2026, 11, 25, 9, 52, 11)),
    (datetime(2026, 11, 25, 21, 40), datetime(2026, 11, 24, 9, 52), datetime(2026, 11, 25, 9, 30)),
    (datetime(2026, 11, 29, 10, 15), None, datetime(2026, 11, 30, 9, 30)),     # a Sunday: Monday 09:30
    (datetime(2026, 10, 2, 10, 15), None, datetime(2026, 10, 8, 9, 30)),       # National Day: its first working day
])
def test_where_the_hall_clock_starts(now, last, expected):
    assert start_time(load_demo(), now, last) == expected


async def test_prepare_a_fresh_file_once(db_path, clock):
    engine = await HallEngine.open(db_path, clock)
    try:
        config, start = await prepare(engine, MORNING)
        assert config.name == "杭锦旗政务服务中心" and start == MORNING
        codes = [a.code for a in await engine.appointments()]
        assert codes[:3] == ["DEMO251", "DEMO252", "DEMO253"] and len(codes) == 4
        assert (await engine.check_in("DEMO251")).outcome == "checked_in"
        assert (await engine.check_in("13912345678")).outcome == "checked_in"
        assert (await engine.check_in("DEMO254")).outcome == "too_early"
        events = await engine.last_event_id()
        await prepare(engine, MORNING)  # again: nothing changes
        assert await engine.last_event_id() == events
    finally:
        await engine.close()


@pytest.fixture
def hall(db_path, monkeypatch):
    monkeypatch.setattr("hallq.db.issuing.secrets.token_urlsafe", lambda n=16: "demo-token-0000000000")
    clock = VirtualClock(MORNING)

    async def build():
        engine = await HallEngine.open(db_path, clock)
        await prepare(engine, MORNING)
        return engine

    engine = asyncio.run(build())
    yield engine, clock
    asyncio.run(engine.close())


@pytest.mark.slow  # the whole demo app
def test_snapshot_after_a_ticket(hall, snap_compare, tmp_path):
    engine, clock = hall
    printer = open_printer(f"preview:?dir={tmp_path}", profile="58mm")
    app = DemoApp(engine, printer, clock=clock, ticket_seconds=600)

    async def run_before(pilot):
        await until(pilot, lambda: pilot.app.query_one("#counter-1").clerk is not None
                    and "DEMO251" in str(pilot.app.query_one("#demo-help").content))
        await pilot.press("1")
        await until(pilot, lambda: "A001" in str(pilot.app.query_one("#slip").content)
                    and pilot.app.query_one(TicketPanel).ticket is not None)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_clock_note():
    from hallq.demo import texts as T
    from hallq.demo.hall import clock_note
    from hallq.demo.live_simulation import RunningClock

    evening = datetime(2026, 11, 25, 21, 14)
    moved = T.HELP_CLOCK(hall="09:30", real="21:14")
    assert clock_note(RunningClock(evening), evening, "zh") == ""
    assert clock_note(RunningClock(MORNING), evening, "zh") == moved.text("zh")
    assert clock_note(RunningClock(MORNING, 10), evening, "en") == \
        moved.text("en") + "\n" + T.HELP_SPEED(rate=10).text("en")
