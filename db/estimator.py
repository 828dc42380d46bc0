"""Wait estimates: the hall played forward from now with the queue rule.

A slip's "预计等候约 N 分钟" comes from here, and so does every other place that shows a
wait (kiosk, status page, counter, `hallq status`, /api/queue): one figure for one
ticket at one moment.

How: from the hall's state (each window: open, paused since when, or logged out; its
services in order and its priority streak; what it is serving and for how long; every
waiting ticket in its lane; the bookings due to check in), the windows call, one after
the other as they come free, with the same rule call-next uses (db/queue.py), each call
keeping its window busy for the service's expected busy time (from the call to the
finish, or to the 过号, as the hall's own history has it). The time a ticket is called in
that play is its expected call time. Each call adds the spread of a busy time to its
window's clock, so each ticket also gets a range: the 10th to the 90th percentile of
its call time under a normal approximation (a range that should hold 8 calls in 10).

Busy times are learned from the event log (`BusyTimes.learn`): per service, the mean
and spread of call→finish over the last HISTORY_DAYS days and today, shrunk towards the
configured `handling_minutes` (a prior worth PRIOR_WEIGHT tickets), so one quick ticket
cannot swing the estimate; per window, a speed factor shrunk the same way. A paused
window is expected back after the hall's usual pause (learned the same way).

The play is one pass over the waiting tickets (each call costs a few microseconds), so
the estimates of all tickets are recomputed when the state changes, never on a timer.
"""
from __future__ import annotations

import heapq
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hallq.db import queue
from hallq.db.clock import iso, parse, parse_required
from hallq.db.rows import Db
from hallq.db.vocabulary import EventKind, Lane, TicketState, WindowState

HISTORY_DAYS = 14
PRIOR_WEIGHT = 8.0          # the configured handling minutes count as this many tickets
PRIOR_CV = 0.6              # spread of busy times (coefficient of variation) before any is seen
WINDOW_PRIOR_WEIGHT = 20.0  # a window's own speed needs this many tickets to count fully
PAUSE_PRIOR_S = 15 * 60.0   # a pause's expected length before any is seen
Z_90 = 1.2816               # the 90th percentile of a standard normal


@dataclass(frozen=True)
class Busy:
    """Expected busy time of a window per call, in seconds: mean and variance."""

    mean: float
    var: float


@dataclass
class BusyTimes:
    """What the hall's history says about busy times (see the module docstring).

    Attributes:
        services: per service prefix, the expected busy time of one call.
        window_factor: per window number, its speed (1.0 = the service's mean; 1.2 = slower).
        pause_s: a pause's expected length, seconds.
    """

    services: dict[str, Busy] = field(default_factory=dict)
    window_factor: dict[int, float] = field(default_factory=dict)
    pause_s: float = PAUSE_PRIOR_S

    def busy(self, service: str, window: int) -> Busy:
        base = self.services.get(service) or Busy(600.0, (600.0 * PRIOR_CV) ** 2)
        f = self.window_factor.get(window, 1.0)
        return Busy(base.mean * f, base.var * f * f)

    @classmethod
    def learn(cls, db: Db, today: str, prior_minutes: dict[str, float]) -> BusyTimes:
        """From the event log of the last HISTORY_DAYS days up to today.

        Args:
            db: a connection inside a transaction.
            today: the hall day, YYYY-MM-DD.
            prior_minutes: each service's configured handling minutes (the prior).
        """
        since = (datetime.fromisoformat(today) - timedelta(days=HISTORY_DAYS)).date().isoformat()
        called: dict[int, tuple[datetime, int, str]] = {}
        samples: dict[str, list[float]] = {}
        by_window: dict[int, list[tuple[str, float]]] = {}
        pauses: list[float] = []
        paused_at: dict[int, datetime] = {}
        rows = db.execute(
            "SELECT kind, at, ticket_id, service, window FROM events WHERE day>=? AND kind IN (?,?,?,?,?,?)"
            " ORDER BY id", (since, EventKind.TICKET_CALLED, EventKind.TICKET_FINISHED, EventKind.TICKET_NO_SHOW,
                             EventKind.TICKET_TRANSFERRED, EventKind.WINDOW_PAUSED, EventKind.WINDOW_RESUMED))
        for kind, at, ticket, service, window in rows:
            when = parse_required(at)
            if kind == EventKind.TICKET_CALLED:
                called[ticket] = (when, window, service)
            elif kind in (EventKind.TICKET_FINISHED, EventKind.TICKET_NO_SHOW, EventKind.TICKET_TRANSFERRED):
                start = called.pop(ticket, None)
                if start is not None and start[1] == window:
                    seconds = (when - start[0]).total_seconds()
                    samples.setdefault(start[2], []).append(seconds)
                    by_window.setdefault(window, []).append((start[2], seconds))
            elif kind == EventKind.WINDOW_PAUSED:
                paused_at[window] = when
            elif window in paused_at:
                pauses.append((when - paused_at.pop(window)).total_seconds())
        services = {}
        for prefix, minutes in prior_minutes.items():
            prior = minutes * 60
            seen = samples.get(prefix, [])
            n = len(seen)
            mean = (sum(seen) + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT)
            prior_var = (prior * PRIOR_CV) ** 2
            sq = sum((s - mean) ** 2 for s in seen)
            services[prefix] = Busy(mean, (sq + PRIOR_WEIGHT * prior_var) / (n + PRIOR_WEIGHT))
        factors = {}
        for window, done in by_window.items():
            ratios = [s / services[p].mean for p, s in done if p in services and services[p].mean > 0]
            if ratios:
                factors[window] = (sum(ratios) + WINDOW_PRIOR_WEIGHT) / (len(ratios) + WINDOW_PRIOR_WEIGHT)
        pause = (sum(pauses) + 4 * PAUSE_PRIOR_S) / (len(pauses) + 4)
        return cls(services, factors, pause)


@dataclass(frozen=True)
class Server:
    """A window as the play sees it: when it can next call, with what spread (var, s²)."""

    caller: queue.Caller
    free_at: float              # seconds after now
    var: float = 0.0


@dataclass(frozen=True)
class Due:
    """A booking not yet checked in: it joins the appointment lane when it arrives."""

    arrives: float              # seconds after now
    service: str
    seq: float


@dataclass(frozen=True)
class Snapshot:
    """The hall now, as the play needs it."""

    now: datetime
    waiting: tuple[queue.Waiting, ...]
    servers: tuple[Server, ...]
    due: tuple[Due, ...] = ()
    max_in_row: int = 2


@dataclass(frozen=True)
class Estimate:
    """A waiting ticket's expected call: seconds after the snapshot's time (mean, and the
    10th–90th percentile range); all None when no window will call it."""

    mean_s: float | None
    low_s: float | None
    high_s: float | None

    @property
    def no_window(self) -> bool:
        return self.mean_s is None


NO_WINDOW = Estimate(None, None, None)


def play(snapshot: Snapshot, times: BusyTimes,
         duration: Callable[[queue.Waiting, int], float] | None = None) -> dict[int, Estimate]:
    """Play the hall forward: every waiting ticket's expected call.

    Args:
        snapshot: the hall now.
        times: the busy times to expect.
        duration: a ticket's busy time in seconds at a window, instead of the expected one
            (bench/estimates.py gives the real ones, to measure what a perfect knowledge of
            service times could do).

    Returns:
        Per ticket id, its Estimate (NO_WINDOW for tickets no open window will call).
    """
    lanes = _Lanes(snapshot.waiting, snapshot.due)
    heap = [(s.free_at, s.caller.number, s.var, s.caller) for s in snapshot.servers]
    heapq.heapify(heap)
    out: dict[int, Estimate] = {}
    left = len(snapshot.waiting)
    while heap and left:
        t, number, var, caller = heapq.heappop(heap)
        ticket, key = lanes.next_for(caller, t, snapshot.max_in_row)
        if ticket is None:
            later = lanes.next_arrival_for(caller, t)
            if later is not None:
                heapq.heappush(heap, (later, number, var, caller))
            continue
        lanes.pop(key)
        caller = queue.Caller(caller.number, caller.services, queue.next_streak(caller.streak, ticket.lane))
        if ticket.id not in lanes.arrival:  # a ticket, not a booking still to come
            spread = Z_90 * math.sqrt(var)
            out[ticket.id] = Estimate(t, max(0.0, t - spread), t + spread)
            left -= 1
        busy = times.busy(ticket.service, number)
        seconds = duration(ticket, number) if duration is not None else busy.mean
        heapq.heappush(heap, (t + seconds, number, var + busy.var, caller))
    for w in snapshot.waiting:
        out.setdefault(w.id, NO_WINDOW)
    return out


class _Lanes:
    """The waiting tickets (and bookings due, as appointments with an arrival time) by
    service and lane, in call order, each lane with a cursor."""

    def __init__(self, waiting: Iterable[queue.Waiting], due: Sequence[Due]):
        self.lanes: dict[tuple[str, Lane], list[queue.Waiting]] = {}
        self.targeted: dict[int, list[queue.Waiting]] = {}
        self.arrival: dict[int, float] = {}
        waiting_list = list(waiting)
        for w in waiting_list:
            if w.target_window is not None:
                self.targeted.setdefault(w.target_window, []).append(w)
            else:
                self.lanes.setdefault((w.service, w.lane), []).append(w)
        low = min((w.id for w in waiting_list), default=0)
        for i, d in enumerate(sorted(due, key=lambda d: (d.arrives, d.seq))):
            booking = queue.Waiting(min(low, 0) - 1000 - i, "", d.service, Lane.APPOINTMENT, d.seq)
            self.arrival[booking.id] = d.arrives
            self.lanes.setdefault((d.service, Lane.APPOINTMENT), []).append(booking)
        for members in (*self.lanes.values(), *self.targeted.values()):
            members.sort(key=lambda w: (self.arrival.get(w.id, 0.0), w.order))
        self.cursor: dict[tuple[str, Lane] | int, int] = {}

    def head(self, key: tuple[str, Lane] | int, t: float) -> queue.Waiting | None:
        members = self.targeted.get(key, []) if isinstance(key, int) else self.lanes.get(key, [])
        i = self.cursor.get(key, 0)
        if i >= len(members) or self.arrival.get(members[i].id, 0.0) > t:
            return None
        return members[i]

    def pop(self, key: tuple[str, Lane] | int) -> None:
        self.cursor[key] = self.cursor.get(key, 0) + 1

    def next_for(self, caller: queue.Caller, t: float,
                 max_in_row: int) -> tuple[queue.Waiting | None, tuple[str, Lane] | int]:
        """queue.next_for_window's rule over the lane heads present at time t."""
        if (mine := self.head(caller.number, t)) is not None:
            return mine, caller.number
        for service in caller.services:
            for lane in Lane:
                head = self.head((service, lane), t)
                if head is None:
                    continue
                if lane == Lane.PRIORITY:
                    regular = self.head((service, Lane.REGULAR), t)
                    if not queue.take_priority(caller.streak, max_in_row, regular is not None):
                        return regular, (service, Lane.REGULAR)
                return head, (service, lane)
        return None, 0

    def next_arrival_for(self, caller: queue.Caller, t: float) -> float | None:
        """When the next booking this window could call arrives, if one does."""
        times = []
        for service in caller.services:
            members = self.lanes.get((service, Lane.APPOINTMENT), [])
            i = self.cursor.get((service, Lane.APPOINTMENT), 0)
            if i < len(members) and self.arrival.get(members[i].id, 0.0) > t:
                times.append(self.arrival[members[i].id])
        return min(times, default=None)


# ---------------------------------------------------------------- reading the hall
def snapshot_in(db: Db, now: datetime, max_in_row: int, times: BusyTimes, checkin_early_min: float = 15,
                checkin_late_min: float = 15) -> Snapshot:
    """The hall now, read inside a transaction.

    Args:
        db: the connection.
        now: hall time.
        max_in_row: the policy's max_priority_in_a_row.
        times: busy times (a serving window's remaining time, a paused window's return).
        checkin_early_min / checkin_late_min: the policy's check-in window: bookings due
            are those whose slot has not passed beyond it (they are expected at its start).
    """
    day = now.date().isoformat()
    waiting = [queue.Waiting(r["id"], r["number"], r["service"], Lane(r["lane"]), r["queue_key"], r["target_window"])
               for r in db.execute("SELECT id, number, service, lane, queue_key, target_window FROM tickets"
                                   " WHERE day=? AND state=?", (day, TicketState.WAITING))]
    servers = []
    for w in db.execute("SELECT * FROM windows").fetchall():
        if w["state"] == WindowState.LOGGED_OUT:
            continue
        caller = queue.Caller(w["number"], tuple(json.loads(w["services"])), w["priority_streak"])
        since = parse(w["since"]) or now
        if w["state"] == WindowState.PAUSED:
            back = max(60.0, times.pause_s - (now - since).total_seconds())
            servers.append(Server(caller, back, (times.pause_s * 0.5) ** 2))
            continue
        current = None
        if w["current_ticket"] is not None:
            current = db.execute("SELECT service, state, called_at FROM tickets WHERE id=?",
                                 (w["current_ticket"],)).fetchone()
        if current is None or current["state"] not in (TicketState.CALLED, TicketState.SERVING):
            servers.append(Server(caller, 0.0))
            continue
        busy = times.busy(current["service"], w["number"])
        elapsed = (now - parse_required(current["called_at"])).total_seconds()
        left = max(busy.mean - elapsed, 0.25 * busy.mean)
        servers.append(Server(caller, left, busy.var * min(1.0, left / busy.mean)))
    due: list[Due] = []
    latest_slot = iso(now - timedelta(minutes=checkin_late_min))
    for service, slot_start in db.execute(
            "SELECT service, slot_start FROM appointments WHERE ticket_id IS NULL AND substr(slot_start, 1, 10)=?"
            " AND slot_end>=?", (day, latest_slot)):
        arrives = max(0.0, (parse_required(slot_start) - now).total_seconds())
        due.append(Due(arrives, service, float(len(due))))
    return Snapshot(now, tuple(waiting), tuple(servers), tuple(due), max_in_row)


def prior_minutes_in(db: Db) -> dict[str, float]:
    """Each service's configured handling minutes."""
    return {p: float(m) for p, m in db.execute("SELECT prefix, handling_minutes FROM services")}
