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
import statistics
from collections.abc import Callable, Sequence
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
BREAK_SLACK_S = 20 * 60.0   # pauses this close on different days are the same usual break
CHECKIN_PRIOR = 0.5         # a booked citizen comes, until seen otherwise, in the middle of the slot
SHOW_PRIOR = 0.9            # … and nine in ten come
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
    #: per window, the pauses it usually takes (breaks in turns): (start, length) in
    #: seconds after midnight and seconds, learned from the past days
    breaks: dict[int, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    #: where in its slot a booked citizen checks in (0 = at the start, 1 = at the end)
    checkin_at: float = CHECKIN_PRIOR
    #: the share of bookings that check in at all
    show_rate: float = SHOW_PRIOR


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
        return cls(services, factors, pause, _usual_breaks(db, since, today), *_bookings(db, since, today))


def _usual_breaks(db: Db, since: str, today: str) -> dict[int, tuple[tuple[float, float], ...]]:
    """Per window, the pauses it takes most days at about the same time: pauses of the past
    days that start within BREAK_SLACK_S of each other on at least half of those days, as
    (median start, median length)."""
    days = {d for (d,) in db.execute("SELECT DISTINCT day FROM events WHERE day>=? AND day<? AND kind=?",
                                     (since, today, EventKind.TICKET_CALLED))}
    if not days:
        return {}
    seen: dict[int, list[tuple[float, float]]] = {}
    paused: dict[tuple[str, int], datetime] = {}
    for kind, at, day, window in db.execute(
            "SELECT kind, at, day, window FROM events WHERE day>=? AND day<? AND kind IN (?,?) ORDER BY id",
            (since, today, EventKind.WINDOW_PAUSED, EventKind.WINDOW_RESUMED)):
        if kind == EventKind.WINDOW_PAUSED:
            paused[(day, window)] = parse_required(at)
        elif (start := paused.pop((day, window), None)) is not None:
            seen.setdefault(window, []).append((_of_day(start), (parse_required(at) - start).total_seconds()))
    out = {}
    for window, pauses in seen.items():
        pauses.sort()
        slots, group = [], [pauses[0]]
        for pause in pauses[1:]:
            if pause[0] - group[0][0] <= BREAK_SLACK_S:
                group.append(pause)
            else:
                slots.append(group)
                group = [pause]
        slots.append(group)
        usual = [(statistics.median(p[0] for p in g), statistics.median(p[1] for p in g)) for g in slots
                 if 2 * len(g) >= len(days)]
        if usual:
            out[window] = tuple(usual)
    return out


def _of_day(when: datetime) -> float:
    return when.hour * 3600 + when.minute * 60 + when.second + when.microsecond / 1e6


def _bookings(db: Db, since: str, today: str) -> tuple[float, float]:
    """Where in its slot a booked citizen checks in, and the share who come (past days)."""
    offsets = []
    for at, start, end in db.execute(
            "SELECT e.at, a.slot_start, a.slot_end FROM events e JOIN appointments a"
            " ON a.code = json_extract(e.data, '$.code') WHERE e.kind=? AND e.day>=?",
            (EventKind.TICKET_CHECKED_IN, since)):
        length = (parse_required(end) - parse_required(start)).total_seconds()
        if length > 0:
            offsets.append((parse_required(at) - parse_required(start)).total_seconds() / length)
    at = (sum(offsets) + PRIOR_WEIGHT * CHECKIN_PRIOR) / (len(offsets) + PRIOR_WEIGHT)
    booked, came = db.execute("SELECT count(*), count(ticket_id) FROM appointments WHERE substr(slot_start, 1, 10)>=?"
                              " AND substr(slot_start, 1, 10)<?", (since, today)).fetchone()
    show = (came + PRIOR_WEIGHT * SHOW_PRIOR) / (booked + PRIOR_WEIGHT)
    return min(1.0, max(0.0, at)), min(1.0, max(0.05, show))


@dataclass(frozen=True)
class Server:
    """A window as the play sees it: when it can next call, with what spread (var, s²)."""

    caller: queue.Caller
    free_at: float              # seconds after now
    var: float = 0.0
    breaks: tuple[tuple[float, float], ...] = ()  # usual pauses still to come: (start after now, length), s


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


@dataclass(frozen=True)
class Played:
    """What one play of the hall gives: each waiting ticket's estimate, and per service
    the estimate one more walk-in ticket taken now would get (the first moment a window
    serving it is free and has nothing of its own ahead of it: the ticket would be called
    then)."""

    tickets: dict[int, Estimate]
    walk_ins: dict[str, Estimate]


def play(snapshot: Snapshot, times: BusyTimes,
         duration: Callable[[queue.Waiting, int], float] | None = None) -> Played:
    """Play the hall forward once: every waiting ticket's expected call.

    The inner loop works on plain lists and numbers (each call costs a few microseconds):
    the rule it applies is queue.next_for_window's (a test holds the play's order to the
    rule's).

    Args:
        snapshot: the hall now.
        times: the busy times to expect.
        duration: a ticket's busy time in seconds at a window, instead of the expected one
            (bench/estimates.py gives the real ones, to measure what a perfect knowledge of
            service times could do).

    Returns:
        Played: per ticket id its Estimate (NO_WINDOW for tickets no open window will
        call), and per service the estimate of a walk-in taken now.
    """
    lanes: list[list[queue.Waiting]] = []
    arrival: dict[int, float] = {}
    index: dict[tuple[str, Lane], int] = {}
    targeted: dict[int, list[queue.Waiting]] = {}
    for w in snapshot.waiting:
        if w.target_window is not None:
            targeted.setdefault(w.target_window, []).append(w)
        else:
            lanes_of(index, lanes, w.service, w.lane).append(w)
    low = min((w.id for w in snapshot.waiting), default=0)
    for i, d in enumerate(sorted(snapshot.due, key=lambda d: (d.arrives, d.seq))):
        booking = queue.Waiting(min(low, 0) - 1000 - i, "", d.service, Lane.APPOINTMENT, d.seq)
        arrival[booking.id] = d.arrives
        lanes_of(index, lanes, d.service, Lane.APPOINTMENT).append(booking)
    for members in lanes:
        members.sort(key=lambda w: (arrival.get(w.id, 0.0), w.order))
    for members in targeted.values():
        members.sort(key=lambda w: w.order)
    # per window: its services' (appointment, priority, regular) lane indexes in call order
    orders = [[tuple(lane_index(index, lanes, svc, lane) for lane in Lane) for svc in s.caller.services]
              for s in snapshot.servers]
    cursor = [0] * len(lanes)
    tcursor = {n: 0 for n in targeted}
    busy: dict[tuple[str, int], Busy] = {}
    max_in_row = snapshot.max_in_row
    heap = [(s.free_at, i, s.var, s.caller.streak, s.breaks) for i, s in enumerate(snapshot.servers)]
    heapq.heapify(heap)
    tickets: dict[int, Estimate] = {}
    walk_ins: dict[str, Estimate] = {}
    wanted = {svc for s in snapshot.servers for svc in s.caller.services}
    left = len(snapshot.waiting)
    while heap and (left or len(walk_ins) < len(wanted)):
        t, i, var, streak, breaks = heapq.heappop(heap)
        if breaks and breaks[0][0] <= t:  # its usual break is due: taken once the call in hand is done
            heapq.heappush(heap, (t + breaks[0][1], i, var, streak, breaks[1:]))
            continue
        server = snapshot.servers[i]
        number = server.caller.number
        ticket, lane_at, chosen = None, -1, len(orders[i])
        mine = targeted.get(number)
        if mine is not None and tcursor[number] < len(mine):
            ticket = mine[tcursor[number]]
            tcursor[number] += 1
            chosen = -1
        else:
            for pos, (ka, kp, kr) in enumerate(orders[i]):
                a, ca = lanes[ka], cursor[ka]
                if ca < len(a) and arrival.get(a[ca].id, 0.0) <= t:
                    lane_at, chosen = ka, pos
                    break
                has_p = cursor[kp] < len(lanes[kp])
                has_r = cursor[kr] < len(lanes[kr])
                if has_p and queue.take_priority(streak, max_in_row, has_r):
                    lane_at, chosen = kp, pos
                    break
                if has_r:
                    lane_at, chosen = kr, pos
                    break
            if lane_at >= 0:
                ticket = lanes[lane_at][cursor[lane_at]]
                cursor[lane_at] += 1
        spread = Z_90 * math.sqrt(var)
        if chosen >= 0:  # one more walk-in of an earlier service would be called now
            for svc in server.caller.services[:chosen]:
                if svc not in walk_ins:
                    walk_ins[svc] = Estimate(t, max(0.0, t - spread), t + spread)
        if ticket is None:
            later = _next_arrival(orders[i], lanes, cursor, arrival, t)
            if later is not None:
                heapq.heappush(heap, (later, i, var, streak, breaks))
            continue
        streak = queue.next_streak(streak, ticket.lane)
        if ticket.id not in arrival:  # a ticket, not a booking still to come
            tickets[ticket.id] = Estimate(t, max(0.0, t - spread), t + spread)
            left -= 1
        key = (ticket.service, number)
        b = busy.get(key) or busy.setdefault(key, times.busy(ticket.service, number))
        seconds = duration(ticket, number) if duration is not None else b.mean
        heapq.heappush(heap, (t + seconds, i, var + b.var, streak, breaks))
    for w in snapshot.waiting:
        tickets.setdefault(w.id, NO_WINDOW)
    return Played(tickets, walk_ins)


def lane_index(index: dict[tuple[str, Lane], int], lanes: list[list[queue.Waiting]], service: str,
               lane: Lane) -> int:
    """The place in `lanes` of a service's lane, made (empty) on first use."""
    key = (service, lane)
    if key not in index:
        index[key] = len(lanes)
        lanes.append([])
    return index[key]


def lanes_of(index: dict[tuple[str, Lane], int], lanes: list[list[queue.Waiting]], service: str,
             lane: Lane) -> list[queue.Waiting]:
    """The lane of a service, made (empty) on first use."""
    return lanes[lane_index(index, lanes, service, lane)]


def _next_arrival(order: list[tuple[int, ...]], lanes: list[list[queue.Waiting]],
                  cursor: list[int], arrival: dict[int, float], t: float) -> float | None:
    """When the next booking a window with nothing to do now could call arrives, if one does."""
    times = []
    for ka, _, _ in order:
        if cursor[ka] < len(lanes[ka]):
            at = arrival.get(lanes[ka][cursor[ka]].id, 0.0)
            if at > t:
                times.append(at)
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
    taken = _paused_today(db, day)
    for w in db.execute("SELECT * FROM windows").fetchall():
        if w["state"] == WindowState.LOGGED_OUT:
            continue
        caller = queue.Caller(w["number"], tuple(json.loads(w["services"])), w["priority_streak"])
        since = parse(w["since"]) or now
        breaks = _breaks_ahead(times.breaks.get(w["number"], ()), taken.get(w["number"], []), now)
        if w["state"] == WindowState.PAUSED:
            back = max(60.0, times.pause_s - (now - since).total_seconds())
            servers.append(Server(caller, back, (times.pause_s * 0.5) ** 2, breaks))
            continue
        current = None
        if w["current_ticket"] is not None:
            current = db.execute("SELECT service, state, called_at FROM tickets WHERE id=?",
                                 (w["current_ticket"],)).fetchone()
        if current is None or current["state"] not in (TicketState.CALLED, TicketState.SERVING):
            servers.append(Server(caller, 0.0, 0.0, breaks))
            continue
        busy = times.busy(current["service"], w["number"])
        elapsed = (now - parse_required(current["called_at"])).total_seconds()
        left = max(busy.mean - elapsed, 0.25 * busy.mean)
        servers.append(Server(caller, left, busy.var * min(1.0, left / busy.mean), breaks))
    due: list[Due] = []
    latest_slot = iso(now - timedelta(minutes=checkin_late_min))
    expected = 0.0
    for service, slot_start, slot_end in db.execute(
            "SELECT service, slot_start, slot_end FROM appointments WHERE ticket_id IS NULL"
            " AND substr(slot_start, 1, 10)=? AND slot_end>=? ORDER BY slot_start", (day, latest_slot)):
        expected += times.show_rate  # keep the bookings that will come, in proportion
        if expected < len(due) + 1:
            continue
        start, end = parse_required(slot_start), parse_required(slot_end)
        comes = start + (end - start) * times.checkin_at
        due.append(Due(max(0.0, (comes - now).total_seconds()), service, float(len(due))))
    return Snapshot(now, tuple(waiting), tuple(servers), tuple(due), max_in_row)


def _paused_today(db: Db, day: str) -> dict[int, list[float]]:
    """Per window, when (seconds after midnight) it paused today."""
    out: dict[int, list[float]] = {}
    for at, window in db.execute("SELECT at, window FROM events WHERE day=? AND kind=?",
                                 (day, EventKind.WINDOW_PAUSED)):
        out.setdefault(window, []).append(_of_day(parse_required(at)))
    return out


def _breaks_ahead(usual: Sequence[tuple[float, float]], taken: Sequence[float],
                  now: datetime) -> tuple[tuple[float, float], ...]:
    """The usual breaks not taken yet today, as (start after now, length); one due already
    (its time passed, not taken) is due at once."""
    at = _of_day(now)
    return tuple((max(0.0, start - at), length) for start, length in usual
                 if not any(abs(p - start) <= BREAK_SLACK_S for p in taken) and start + BREAK_SLACK_S > at)


def prior_minutes_in(db: Db) -> dict[str, float]:
    """Each service's configured handling minutes."""
    return {p: float(m) for p, m in db.execute("SELECT prefix, handling_minutes FROM services")}
