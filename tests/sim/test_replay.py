"""Replay: a simulated day played again into a fresh database and onto the hall screen."""
from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta

import pytest

from hallq.cli.sim import _replay_app_class
from hallq.db.clock import VirtualClock
from hallq.db.engine import HallEngine
from hallq.db.replay import Replay
from hallq.display.waiting_board import WaitingBoard
from hallq.ui.big_text import BigText
from tests.display.conftest import until
from tests.sim.conftest import DAY

pytestmark = pytest.mark.slow  # whole days replayed, one on the hall screen

FIELDS = ("number", "service", "original_service", "state", "lane", "priority", "window", "taken_at", "called_at",
          "started_at", "finished_at", "recalls", "appointment_code")


def row(ticket) -> tuple:
    return tuple(getattr(ticket, f) for f in FIELDS)


async def open_source(path) -> HallEngine:
    return await HallEngine.open(path, VirtualClock(datetime.combine(DAY + timedelta(days=1), time(8))))


async def test_replaying_a_day_rebuilds_every_ticket_as_it_was(sim_day, tmp_path):
    source = await open_source(sim_day[0])
    try:
        replay = await Replay.prepare(source, tmp_path / "replay.db", DAY.isoformat(), speed=0)
        try:
            assert await replay.run() == 0 and replay.finished
            replayed = await replay.target.tickets(day=DAY.isoformat())
            calls = [e for e in await replay.target.events(limit=100000) if e.kind == "ticket.called"]
        finally:
            await replay.close()
        original = await source.tickets(day=DAY.isoformat())
        original_calls = [e for e in replay.events if e.kind == "ticket.called"]
    finally:
        await source.close()
    assert len(replayed) == len(original) > 300
    assert [row(t) for t in replayed] == [row(t) for t in original]
    assert [(e.at, e.number, e.window) for e in calls] == [(e.at, e.number, e.window) for e in original_calls]


async def test_the_hall_screen_shows_the_replayed_day(small_day, tmp_path):
    slept = []

    async def sleep(seconds: float) -> None:  # no real waiting, but note how long it would be
        slept.append(seconds)
        await asyncio.sleep(0)

    source = await open_source(small_day[0])
    replay = await Replay.prepare(source, tmp_path / "replay.db", DAY.isoformat(), speed=600, sleep=sleep)
    last_call = [e for e in replay.events if e.kind in ("ticket.called", "ticket.recalled")][-1]
    app = _replay_app_class()(replay)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: replay.finished, timeout=30)
            await until(pilot, lambda: app.query_one("#latest-number", BigText).text
                        == f"{last_call.number}→{last_call.window}")
            await until(pilot, lambda: "回放结束" in str(app.query_one("#replay-status").render()))
            board = app.query_one(WaitingBoard)  # the day was closed: nobody waits
            await until(pilot, lambda: board.queues and all(q.waiting == 0 for q in board.queues))
            assert replay.clock.now() == replay.events[-1].at
    finally:
        await replay.close()
        await source.close()
    span = (replay.events[-1].at - replay.events[0].at).total_seconds()
    assert abs(sum(slept) - span / 600) < 1  # the day at 600 times real time
    assert max(slept) <= Replay.TICK


async def test_space_pauses_and_continues_the_replay(small_day, tmp_path):
    release = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await release.wait()

    source = await open_source(small_day[0])
    replay = await Replay.prepare(source, tmp_path / "replay.db", DAY.isoformat(), speed=1e6, sleep=sleep)
    app = _replay_app_class()(replay)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: replay.done > 0)  # the first events share one moment
            await pilot.press("space")
            status = str(app.query_one("#replay-status").render())
            assert "已暂停" in status and DAY.isoformat() in status
            release.set()
            done = replay.done
            for _ in range(20):
                await pilot.pause(0.01)
            assert replay.done == done and not replay.finished
            await pilot.press("space")
            await until(pilot, lambda: replay.finished, timeout=30)
    finally:
        await replay.close()
        await source.close()
