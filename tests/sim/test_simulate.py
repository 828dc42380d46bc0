"""The simulator: a whole day of the demo hall through the real engine."""
from __future__ import annotations

import json
from datetime import datetime, time

import pytest

from hallq.db import report_texts as R
from hallq.db.clock import VirtualClock
from hallq.db.config import ConfigError, ConfigProblem, demo_text, load_demo, parse_config
from hallq.db.engine import HallEngine
from hallq.db.simulate import (
    Break,
    Profile,
    WindowsSpecError,
    hall_from_text,
    parse_profile,
    parse_windows,
    simulate,
    strip_tables,
    window_changes,
    windows_text,
)
from hallq.db.vocabulary import EventKind, Lane, TicketState
from tests.sim.conftest import DAY


async def open_day(path) -> HallEngine:
    return await HallEngine.open(path, VirtualClock(datetime.combine(DAY, time(18))))


@pytest.mark.slow  # whole simulated days through the engine
async def test_a_day_adds_up_and_matches_the_engines_own_figures(sim_day):
    path, result = sim_day
    assert 300 <= result.citizens <= 1100
    engine = await open_day(path)
    try:
        tickets = await engine.tickets(day=DAY.isoformat())
        figures = {f.prefix: f for f in (await engine.figures(DAY.isoformat())).services}
    finally:
        await engine.close()
    assert len(tickets) == sum(s.issued for s in result.services)
    assert all(t.state in (TicketState.DONE, TicketState.EXPIRED) for t in tickets)  # the day was closed
    for s in result.services:
        assert s.issued == s.served + s.no_shows + s.unserved, s
        assert figures[s.prefix].issued == s.issued and figures[s.prefix].served == s.served
        assert figures[s.prefix].no_shows == s.no_shows
        if s.served:
            assert 0 <= s.mean_wait_min <= s.p95_wait_min
            assert abs(figures[s.prefix].mean_wait_min - s.mean_wait_min) <= 0.051
    for w in result.windows:
        assert 0 < w.utilisation <= 1, w
    assert sum(w.served for w in result.windows) == sum(s.served for s in result.services)


@pytest.mark.slow
async def test_walk_ins_only_while_a_service_is_open_and_peaks_in_the_morning_and_afternoon(sim_day):
    path, _ = sim_day
    engine = await open_day(path)
    try:
        config = await engine.config()
        tickets = await engine.tickets(day=DAY.isoformat())
    finally:
        await engine.close()
    for t in tickets:
        hours = config.service(t.original_service).hours
        assert any(a <= t.taken_at.time() < b for a, b in hours), t.number
    per_hour = {h: sum(t.taken_at.hour == h for t in tickets) for h in range(8, 18)}
    assert max(per_hour, key=per_hour.get) == 9
    assert per_hour[14] > per_hour[13] and per_hour[14] > per_hour[16]


@pytest.mark.slow
async def test_appointments_no_shows_and_breaks_go_through_the_engine(sim_day):
    path, result = sim_day
    engine = await open_day(path)
    try:
        tickets = await engine.tickets(day=DAY.isoformat())
        events = await engine.events(limit=100000, day=DAY.isoformat())
    finally:
        await engine.close()
    booked = [t for t in tickets if t.appointment_code]
    assert booked and all(t.lane == Lane.APPOINTMENT for t in booked)
    assert all(t.appointment_code for t in tickets if t.original_service == "F")  # appointment only
    kinds = [e.kind for e in events]
    missed = [e for e in events if e.kind == EventKind.TICKET_NO_SHOW]
    assert missed and len(missed) == sum(s.no_shows for s in result.services)
    for e in missed:  # recalled twice (the policy) before 过号
        assert sum(1 for x in events if x.kind == EventKind.TICKET_RECALLED and x.number == e.number) == 2
    pauses = [e for e in events if e.kind == EventKind.WINDOW_PAUSED]
    assert len(pauses) == 2 * 15 and kinds.count(EventKind.WINDOW_RESUMED) == 2 * 15  # two breaks, every window
    on_break, most = set(), 0
    for e in events:  # breaks in turns, a quarter of the windows each (a clerk finishes the citizen first)
        if e.kind == EventKind.WINDOW_PAUSED:
            on_break.add(e.window)
            most = max(most, len(on_break))
        elif e.kind == EventKind.WINDOW_RESUMED:
            on_break.discard(e.window)
    assert 4 <= most <= 8
    assert kinds[-1] == EventKind.DAY_CLOSED


@pytest.mark.slow
async def test_the_same_seed_brings_the_same_day(sim_day, tmp_path):
    again = await simulate(demo_text(), tmp_path / "again.db", DAY, seed=7, source="demo hall")
    assert again.services == sim_day[1].services and again.windows == sim_day[1].windows


@pytest.mark.slow
async def test_more_windows_for_the_same_citizens_shorten_the_wait(sim_day, tmp_path):
    base = sim_day[1]
    more = await simulate(demo_text(), tmp_path / "more.db", DAY, seed=7, windows={("B",): 4, ("E",): 2})
    assert more.citizens == base.citizens
    assert [s.issued for s in more.services] == [s.issued for s in base.services]
    b0, b1 = base.services[1], more.services[1]
    assert (b0.prefix, b0.windows, b1.windows) == ("B", 4, 6)  # 2 shared A,B windows + 2 → 4 of its own
    assert b1.mean_wait_min < b0.mean_wait_min
    assert more.services[4].mean_wait_min < base.services[4].mean_wait_min
    assert more.services[2] == base.services[2]  # C untouched: the very same waits


def test_windows_spec_changes_only_the_windows_serving_exactly_what_it_names():
    config = load_demo()
    spec = parse_windows("A=5, B=4", config)
    assert spec == {("A",): 5, ("B",): 4}
    hall = parse_config(strip_tables(demo_text(), {"windows"}) + windows_text(config, spec))
    by_service = {}
    for w in hall.windows:
        by_service.setdefault(w.services, []).append(w.number)
    # A alone had 3–8: 5 keep 3–7; windows 1 and 2 serve A then B: not A alone, untouched
    assert by_service[("A",)] == [3, 4, 5, 6, 7]
    assert by_service[("A", "B")] == [1, 2]
    assert by_service[("B",)] == [8, 9, 10, 16]  # its own 9, 10, and the lowest free numbers
    assert hall.window(9).name == "一件事窗口9" and hall.window(8).name == "一件事窗口8"
    assert by_service[("C",)] == [11, 12]  # not named: as configured
    assert [(c.services, c.before, c.after) for c in window_changes(config, spec)] == [
        (("A",), (3, 4, 5, 6, 7, 8), (3, 4, 5, 6, 7)), (("B",), (9, 10), (8, 9, 10, 16))]
    # the hall: window 3 serves A then E; A=5,D=3 must leave it so
    text = demo_text().replace('number = 3\nname = "综合窗口3"\nservices = ["A"]',
                               'number = 3\nname = "综合窗口3"\nservices = ["A", "E"]')
    mixed = parse_config(text)
    assert mixed.window(3).services == ("A", "E")
    after = parse_config(strip_tables(text, {"windows"}) + windows_text(mixed, parse_windows("A=5,D=3", mixed)))
    assert after.window(3).services == ("A", "E")
    assert sum(w.services == ("A",) for w in after.windows) == 5
    assert sum(w.services == ("D",) for w in after.windows) == 3
    assert parse_windows("AB=2", config) == {("A", "B"): 2}
    for bad, problem in (("A", R.WINDOWS_NOT_LIKE), ("A=x", R.WINDOWS_NOT_LIKE), ("Z=2", R.WINDOWS_NO_SERVICE),
                         ("A=1,A=2", R.WINDOWS_TWICE), ("", R.WINDOWS_EMPTY)):
        with pytest.raises(ValueError) as err:
            parse_windows(bad, config)
        assert isinstance(err.value, WindowsSpecError) and err.value.message.is_from(problem), bad


def test_the_simulation_table_in_hall_toml():
    text = demo_text() + """
[simulation]
arrivals_per_hour = {9 = 50, 10 = 40}
service_share = {A = 1}
no_show_share = 0.1
breaks = [{at = "11:00", minutes = 20}]
"""
    config, plain, profile = hall_from_text(text, "hall.toml")
    assert "[simulation]" not in plain and len(config.windows) == 15
    assert profile.arrivals_per_hour == {9: 50, 10: 40}
    assert profile.shares(config) == {"A": 1.0, "B": 0, "C": 0, "D": 0, "E": 0, "F": 0}
    assert profile.no_show_share == 0.1 and profile.breaks == (Break(time(11), 20),)
    assert parse_profile(demo_text(), config) == Profile()  # no table: the defaults
    lines = len(demo_text().splitlines())
    for bad, key, problem in (('arrivals_per_hour = {25 = 3}', "arrivals_per_hour", R.SIM_NOT_A_KEY),
                              ('no_show_share = 2', "no_show_share", R.SIM_NUMBER),
                              ('service_share = {Q = 1}', "service_share", R.SIM_NOT_A_KEY),
                              ('service_share = {A = -1}', "service_share", R.SIM_ENTRY_NUMBER),
                              ('breaks = [{at = "noon"}]', "breaks", R.SIM_BREAK_LIKE),
                              ('breaks = 3', "breaks", R.SIM_BREAKS_LIST),
                              ('walkers = 3', "walkers", R.CONFIG_UNKNOWN_KEY)):
        with pytest.raises(ConfigProblem) as err:
            hall_from_text(demo_text() + f"\n[simulation]\n{bad}\n", "hall.toml")
        assert err.value.key == f"simulation.{key}" and err.value.line == lines + 3, bad
        assert err.value.reason.is_from(problem), bad


@pytest.mark.slow
async def test_a_daily_limit_turns_citizens_away(tmp_path):
    text = demo_text().replace("daily_limit = 400", "daily_limit = 50")
    result = await simulate(text, tmp_path / "s.db", DAY, seed=2)
    a = result.services[0]
    engine = await open_day(tmp_path / "s.db")
    try:
        walk_ins = [t for t in await engine.tickets(day=DAY.isoformat(), service="A") if not t.appointment_code]
    finally:
        await engine.close()
    # the limit counts numbers given out; bookings still check in once walk-ins are refused
    assert walk_ins[-1].number == "A050" and a.issued > 50 and a.turned_away > 100
    assert json.loads(json.dumps(result.as_dict()))["services"][0]["turned_away"] == a.turned_away


async def test_refuses_to_write_into_an_existing_hall(engine, db_path):
    with pytest.raises(ConfigError) as err:
        await simulate(demo_text(), db_path, DAY)
    assert err.value.key == "(file)" and isinstance(err.value, ConfigProblem)
    assert err.value.reason.is_from(R.SIM_EXISTING_HALL)
