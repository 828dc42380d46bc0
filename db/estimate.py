"""People ahead and the expected wait of a waiting ticket, read inside a transaction.

People ahead come from the queue rule (db/queue.py): the ticket's place in its window's
order (sent to a named window) or in its service's order. The wait comes from the
estimator (db/estimator.py), which plays the whole hall forward once per state of the
hall and keeps the answer until the next change (`EstimateCache`), so the slip, the
kiosk, the status page, `hallq status` and the API give one figure per ticket.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime

from hallq.db import queue
from hallq.db import texts as T
from hallq.db.config import Policy
from hallq.db.estimator import NO_WINDOW, BusyTimes, Estimate, play, prior_minutes_in, snapshot_in
from hallq.db.models import Ticket
from hallq.db.rows import Db, callers
from hallq.db.vocabulary import EventKind, Lane, TicketState
from hallq.i18n import Text

#: learned busy times are read again after this many more calls today
RELEARN_EVERY = 10
#: the play is redone at least this often (seconds of hall time), as tickets being
#: served run on; any change of the hall redoes it at once
REPLAY_AFTER_S = 30.0


@dataclass
class EstimateCache:
    """The last play of the hall (one per engine), keyed by the newest event (any
    process's change appends one), this connection's own changes so far (a change inside
    the current transaction, before its event) and the time."""

    key: tuple[int, int, int] | None = None
    estimates: dict[int, Estimate] = field(default_factory=dict)
    walk_ins: dict[str, Estimate] = field(default_factory=dict)
    times_key: tuple[str, int] | None = None
    times: BusyTimes = field(default_factory=BusyTimes)

    def get(self, db: Db, now: datetime, policy: Policy) -> dict[int, Estimate]:
        """Every waiting ticket's estimate now (played again only when the hall changed)."""
        last = int(db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])
        key = (last, db.total_changes, int(now.timestamp() // REPLAY_AFTER_S))
        if key != self.key:
            today = now.date().isoformat()
            calls = int(db.execute("SELECT count(*) FROM events WHERE day=? AND kind=?",
                                   (today, EventKind.TICKET_CALLED)).fetchone()[0])
            times_key = (today, calls // RELEARN_EVERY)
            if times_key != self.times_key:
                self.times = BusyTimes.learn(db, today, prior_minutes_in(db))
                self.times_key = times_key
            snap = snapshot_in(db, now, policy.max_priority_in_a_row, self.times,
                               policy.appointment_early_minutes, policy.appointment_late_minutes)
            played = play(snap, self.times)
            self.estimates, self.walk_ins = played.tickets, played.walk_ins
            self.key = key
        return self.estimates

    def walk_in(self, db: Db, now: datetime, policy: Policy, service: str) -> Estimate:
        """The estimate a walk-in ticket of `service` taken now would get."""
        self.get(db, now, policy)
        return self.walk_ins.get(service, NO_WINDOW)

    def keep(self, db: Db, now: datetime) -> None:
        """The play stays valid: only an event was appended since (the one telling what the
        play already saw)."""
        if self.key is not None:
            last = int(db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])
            self.key = (last, db.total_changes, int(now.timestamp() // REPLAY_AFTER_S))


def with_estimate(db: Db, ticket: Ticket, policy: Policy, now: datetime, cache: EstimateCache) -> Ticket:
    """The ticket with `ahead` (calls before it), `estimate_min` (expected wait from now,
    whole minutes rounded up), its range `estimate_low_min`–`estimate_high_min` and
    `no_window` filled in; other states are returned as they are."""
    if ticket.state != TicketState.WAITING:
        return ticket
    estimate = cache.get(db, now, policy).get(ticket.id, NO_WINDOW)
    ahead = people_ahead(db, ticket, policy.max_priority_in_a_row)
    mean, low, high = minutes(estimate)
    return replace(ticket, ahead=ahead, estimate_min=mean, estimate_low_min=low, estimate_high_min=high,
                   no_window=mean is None)


def minutes(estimate: Estimate) -> tuple[int | None, int | None, int | None]:
    """(mean, low, high) in whole minutes from now (the low end rounded down, the others
    up); all None when no window will call."""
    if estimate.mean_s is None or estimate.low_s is None or estimate.high_s is None:
        return None, None, None
    return math.ceil(estimate.mean_s / 60), math.floor(estimate.low_s / 60), math.ceil(estimate.high_s / 60)


#: a range at least this wide (minutes, and this share of the mean) is shown as a range
RANGE_SHOWN_MIN = 5
RANGE_SHOWN_SHARE = 0.4


def wait_text(ticket: Ticket) -> Text | None:
    """The one way every screen and slip words a waiting ticket's expected wait:
    "预计等候约 12 分钟", "预计等候约 10–20 分钟" when the range is wide, or "该业务暂无窗口
    办理，请咨询工作人员" when no open window serves it. None when there is nothing to say
    (not waiting, not estimated, or next in line: "you are next" says it)."""
    if ticket.state != TicketState.WAITING:
        return None
    if ticket.no_window:
        return T.WAIT_NO_WINDOW
    if ticket.estimate_min is None or not ticket.ahead:
        return None
    low, high = ticket.estimate_low_min, ticket.estimate_high_min
    if low is not None and high is not None and high - low >= max(RANGE_SHOWN_MIN,
                                                                  RANGE_SHOWN_SHARE * ticket.estimate_min):
        return T.WAIT_RANGE(low=max(low, 1), high=high)
    return T.WAIT_ABOUT(m=max(ticket.estimate_min, 1))


def people_ahead(db: Db, ticket: Ticket, max_in_row: int) -> int:
    """Calls before this waiting ticket's, by the queue rule (reads counts, not tickets)."""
    seq = db.execute("SELECT queue_key FROM tickets WHERE id=?", (ticket.id,)).fetchone()[0]
    if ticket.target_window is not None:
        return int(db.execute(
            "SELECT count(*) FROM tickets WHERE day=? AND state='waiting' AND target_window=?"
            " AND (queue_key, id) < (?, ?)", (ticket.day, ticket.target_window, seq, ticket.id)).fetchone()[0])
    sizes = {Lane(lane): n for lane, n in db.execute(
        "SELECT lane, count(*) FROM tickets WHERE day=? AND service=? AND state='waiting' AND target_window IS NULL"
        " GROUP BY lane", (ticket.day, ticket.service))}
    index = int(db.execute(
        "SELECT count(*) FROM tickets WHERE day=? AND service=? AND lane=? AND state='waiting'"
        " AND target_window IS NULL AND (queue_key, id) < (?, ?)",
        (ticket.day, ticket.service, int(ticket.lane), seq, ticket.id)).fetchone()[0])
    return queue.place_in_service(ticket.lane, index, sizes, queue.serving_streak(ticket.service, callers(db)),
                                  max_in_row)
