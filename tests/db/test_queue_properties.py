"""Property-based tests of the queue rules: a model of the hall beside the real engine.

The model keeps each lane as a list in calling order; every engine answer must agree
with it, and after every step the invariants must hold.
"""
from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from hallq.db import queue
from hallq.db.calendar import HallCalendar
from hallq.db.clock import VirtualClock
from hallq.db.config import CalendarConfig, parse_config
from hallq.db.engine import HallEngine
from hallq.db.errors import Refused

HALL = """
[hall]
name = "性质测试大厅"
[[services]]
prefix = "A"
name = "综合受理"
[[windows]]
number = 1
services = ["A"]
[[windows]]
number = 2
services = ["A"]
"""
MAX_IN_ROW = 2
CALENDAR = HallCalendar(CalendarConfig())
BEHIND_HEAD = 3


class HallMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.dir = tempfile.TemporaryDirectory()
        self.path = Path(self.dir.name) / "hall.db"
        self.clock = VirtualClock(datetime(2026, 11, 25, 9, 0))
        self.engine = self.run(HallEngine.open(self.path, self.clock))
        self.run(self.engine.load_config(parse_config(HALL), HALL))
        self.issued = 0
        self.lanes: dict[int, list[str]] = {1: [], 2: []}  # priority, regular: waiting in order
        self.current: dict[int, tuple[str, str, int] | None] = {1: None, 2: None}  # number, state, recalls
        self.streak = {1: 0, 2: 0}
        self.missed: set[str] = set()
        self.lane_of: dict[str, int] = {}
        self.opened: set[int] = set()  # windows the operator has called at (so they count as open)

    def run(self, coro):
        return self.loop.run_until_complete(coro)

    def teardown(self):
        self.run(self.engine.close())
        self.loop.close()
        self.dir.cleanup()

    def tick(self):
        self.clock.advance(seconds=7)

    # ---- rules
    @rule(priority=st.sampled_from([None, None, "elderly"]))
    def issue(self, priority):
        self.tick()
        ticket = self.run(self.engine.issue_ticket("A", priority=priority))
        self.issued += 1
        assert ticket.number == f"A{self.issued:03d}"
        lane = 1 if priority else 2
        self.lanes[lane].append(ticket.number)
        self.lane_of[ticket.number] = lane
        order = self.model_order(min((self.streak[w] for w in self.opened), default=0))
        assert ticket.ahead == order.index(ticket.number)

    @rule(window=st.sampled_from([1, 2]))
    def call_next(self, window):
        self.tick()
        current = self.current[window]
        expected = None
        if not (current and current[1] == "called"):
            expected = self.model_next(window)
        try:
            ticket = self.run(self.engine.call_next(window))
        except Refused as err:
            if current and current[1] == "called":
                assert err.code == "still_called"
            else:
                # refused: nothing changes, a ticket being served stays with the window
                assert err.code == "nothing_waiting" and expected is None
            return
        assert ticket.number == expected
        lane = self.lane_of[expected]
        self.lanes[lane].remove(expected)
        self.streak[window] = queue.next_streak(self.streak[window], lane)
        self.current[window] = (expected, "called", 0)
        self.opened.add(window)

    def model_next(self, window):
        order = self.model_order(self.streak[window])
        return order[0] if order else None

    def model_order(self, streak):
        """The model's call order for one window with `streak` priority calls in a row."""
        prio, reg, out = list(self.lanes[1]), list(self.lanes[2]), []
        while prio or reg:
            if prio and queue.take_priority(streak, MAX_IN_ROW, bool(reg)):
                out.append(prio.pop(0))
                streak += 1
            else:
                out.append(reg.pop(0))
                streak = 0
        return out

    @precondition(lambda self: any(c and c[1] == "called" for c in self.current.values()))
    @rule(data=st.data())
    def start_or_recall(self, data):
        window = data.draw(st.sampled_from([w for w, c in self.current.items() if c and c[1] == "called"]))
        number, _, recalls = self.current[window]
        if data.draw(st.booleans()):
            self.run(self.engine.start(window))
            self.current[window] = (number, "serving", recalls)
        else:
            assert self.run(self.engine.recall(window)).recalls == recalls + 1
            self.current[window] = (number, "called", recalls + 1)

    @precondition(lambda self: any(c and c[1] == "called" for c in self.current.values()))
    @rule(data=st.data())
    def no_show(self, data):
        window = data.draw(st.sampled_from([w for w, c in self.current.items() if c and c[1] == "called"]))
        number, _, recalls = self.current[window]
        try:
            self.run(self.engine.no_show(window))
        except Refused as err:
            assert err.code == "recall_first" and recalls < 2
            return
        assert recalls >= 2
        self.current[window] = None
        self.missed.add(number)

    @precondition(lambda self: bool(self.missed))
    @rule(data=st.data())
    def rejoin(self, data):
        number = data.draw(st.sampled_from(sorted(self.missed)))
        self.tick()
        self.run(self.engine.rejoin(number))
        self.missed.discard(number)
        lane = self.lanes[self.lane_of[number]]
        lane.insert(min(BEHIND_HEAD, len(lane)), number)

    @rule(seconds=st.integers(1, 600))
    def clock_steps_back(self, seconds):
        """An NTP correction or a drifting PC: the order and the counts must not notice."""
        self.clock.advance(seconds=-seconds)

    @rule(minutes=st.integers(1, 90))
    def clock_jumps_forward(self, minutes):
        self.clock.advance(minutes=minutes)

    @rule()
    def next_day(self):
        """Nobody closes the day: the next day's first action closes it (db/rollover.py)."""
        today = self.clock.now().date()
        day = CALENDAR.next_open_day(today) or today + timedelta(days=1)  # 2027: the calendar does not say
        self.clock.set(datetime.combine(day, time(9, 0)))
        self.run(self.engine.roll_over())
        self.issued = 0
        self.lanes = {1: [], 2: []}
        self.current = {1: None, 2: None}
        self.streak = {1: 0, 2: 0}
        self.missed.clear()
        self.opened.clear()

    @precondition(lambda self: any(c and c[1] == "serving" for c in self.current.values()))
    @rule(data=st.data())
    def finish(self, data):
        window = data.draw(st.sampled_from([w for w, c in self.current.items() if c and c[1] == "serving"]))
        self.tick()
        self.run(self.engine.finish(window))
        self.current[window] = None

    # ---- invariants
    @invariant()
    def numbers_unique_and_contiguous(self):
        numbers = [t.number for t in self.run(self.engine.tickets())]
        assert numbers == [f"A{i:03d}" for i in range(1, self.issued + 1)]

    @invariant()
    def nobody_called_twice_and_order_matches_model(self):
        windows = self.run(self.engine.windows())
        current = [w.current.number for w in windows if w.current]
        assert len(current) == len(set(current))
        assert {w.number: (w.current.number if w.current else None) for w in windows} == \
            {w: (c[0] if c else None) for w, c in self.current.items()}
        order = [t.number for t in self.run(self.engine.waiting_order("A"))]
        assert order == self.model_order(min((self.streak[w] for w in self.opened), default=0))

    @invariant()
    def each_window_panel_starts_with_what_call_next_gives(self):
        for window in (1, 2):
            panel = [t.number for t in self.run(self.engine.window_queue(window))]
            assert panel == self.model_order(self.streak[window])

    @invariant()
    def states_agree_with_the_event_log(self):
        conn = sqlite3.connect(self.path)
        try:
            replayed: dict[int, str] = {}
            transitions = {"ticket.issued": "waiting", "ticket.called": "called", "ticket.started": "serving",
                           "ticket.finished": "done", "ticket.no_show": "no_show", "ticket.rejoined": "waiting",
                           "ticket.expired": "expired"}
            for kind, ticket in conn.execute("SELECT kind, ticket_id FROM events WHERE ticket_id IS NOT NULL"
                                             " ORDER BY id"):
                if kind in transitions:
                    replayed[ticket] = transitions[kind]
            stored = dict(conn.execute("SELECT id, state FROM tickets"))
            stamps = [row[0] for row in conn.execute("SELECT at FROM events ORDER BY id")]
        finally:
            conn.close()
        assert replayed == stored
        assert stamps == sorted(stamps)  # no event is stamped before the one logged before it


TestHallRules = HallMachine.TestCase
TestHallRules.settings = settings(max_examples=40, stateful_step_count=30, deadline=None,
                                  suppress_health_check=[HealthCheck.too_slow])
