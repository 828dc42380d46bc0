"""The hall's clock: one time zone for every process, an order that survives clock steps,
a day that closes itself, views that follow opening times and midnight."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hallq.db.clock import VirtualClock
from hallq.db.config import parse_config
from hallq.db.engine import HallEngine
from hallq.db.errors import Refused
from hallq.db.reports import day_report
from hallq.db.vocabulary import EventKind, Refusal, TicketState

ALL_DAY = """
[hall]
name = "全天大厅"
[[services]]
prefix = "A"
name = "综合受理"
[[windows]]
number = 1
services = ["A"]
"""


@pytest.mark.slow
def test_processes_in_different_time_zones_share_one_hall_day(tmp_path):
    """`hallq take A` with TZ=UTC and with TZ=Asia/Shanghai (and New York) issue into the
    same queue, on the hall's day, by the hall's clock."""
    db = str(tmp_path / "hall.db")
    config = tmp_path / "hall.toml"
    config.write_text(ALL_DAY, encoding="utf-8")

    def hallq(*args: str, tz: str) -> str:
        env = {k: v for k, v in os.environ.items() if k != "HALLQ_NOW"} | {"TZ": tz}
        done = subprocess.run([sys.executable, "-m", "hallq", "--db", db, "--json", *args], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    hallq("init", "--config", str(config), tz="UTC")
    numbers = [hallq("take", "A", tz=tz) for tz in ("UTC", "Asia/Shanghai", "America/New_York")]
    hall_day = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    import json
    tickets = [json.loads(n) for n in numbers]
    assert [t["number"] for t in tickets] == ["A001", "A002", "A003"]
    assert {t["taken_at"][:10] for t in tickets} == {hall_day}


async def test_a_clock_stepped_back_keeps_the_order_and_people_ahead(tmp_path):
    clock = VirtualClock(datetime(2026, 11, 25, 9, 30))
    engine = await HallEngine.open(tmp_path / "hall.db", clock)
    await engine.load_config(parse_config(ALL_DAY), ALL_DAY)
    a1 = await engine.issue_ticket("A")
    clock.set(datetime(2026, 11, 25, 9, 34))
    a2 = await engine.issue_ticket("A")
    clock.set(datetime(2026, 11, 25, 9, 31))  # NTP corrects the host clock back
    a3 = await engine.issue_ticket("A")
    assert (a1.ahead, a2.ahead, a3.ahead) == (0, 1, 2)
    assert a3.taken_at >= a2.taken_at  # no time shown is earlier than the last event's
    a4 = await engine.issue_ticket("A")  # still behind: logged only once
    assert a4.ahead == 3
    assert [(await engine.call_next(1, actor="operator")).number for _ in range(1)] == ["A001"]
    order = []
    for _ in range(3):
        await engine.start(1)
        order.append((await engine.call_next(1)).number)
    assert order == ["A002", "A003", "A004"]
    steps = [e for e in await engine.events() if e.kind == EventKind.CLOCK_STEPPED_BACK]
    assert len(steps) == 1 and steps[0].data["clock"].startswith("2026-11-25T09:31")
    await engine.close()


async def test_a_day_never_closed_is_closed_by_the_next_days_first_action(tmp_path):
    clock = VirtualClock(datetime(2026, 11, 25, 16, 50))
    engine = await HallEngine.open(tmp_path / "hall.db", clock)
    await engine.load_config(parse_config(ALL_DAY), ALL_DAY)
    await engine.add_clerk("c01", "王芳", "1111")
    await engine.login(1, "c01", "1111")
    await engine.issue_ticket("A")
    await engine.issue_ticket("A")
    await engine.call_next(1, actor="clerk:c01")
    await engine.start(1, actor="clerk:c01")  # A001 being served when everyone goes home
    clock.set(datetime(2026, 11, 26, 9, 0))  # nobody ran close-day
    with pytest.raises(Refused) as err:
        await engine.call_next(1, actor="clerk:c01")
    assert err.value.code == Refusal.LOGGED_OUT  # the window was logged out with the day
    window = await engine.window(1)
    assert window.current is None and not window.logged_in
    yesterday = await engine.tickets(day="2026-11-25")
    assert [t.state for t in yesterday] == [TicketState.EXPIRED, TicketState.EXPIRED]
    closed = [e for e in await engine.events() if e.kind == EventKind.DAY_CLOSED]
    assert closed[-1].data["automatic"] is True and closed[-1].day == "2026-11-25"
    report = await day_report(engine, "2026-11-25")
    assert report.total.mean_handling_min is None  # no 950-minute handling time
    first = await engine.issue_ticket("A")
    assert first.number == "A001" and first.day == "2026-11-26" and first.ahead == 0
    await engine.close()


async def test_the_engine_rolls_over_when_asked_at_midnight(tmp_path):
    clock = VirtualClock(datetime(2026, 11, 25, 17, 0))
    engine = await HallEngine.open(tmp_path / "hall.db", clock)
    await engine.load_config(parse_config(ALL_DAY), ALL_DAY)
    await engine.issue_ticket("A")
    assert await engine.roll_over() is None
    clock.set(datetime(2026, 11, 26, 0, 0))
    closed = await engine.roll_over()
    assert closed is not None and (closed.day, closed.expired) == ("2026-11-25", 1)
    assert await engine.roll_over() is None
    await engine.close()
