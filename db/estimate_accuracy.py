"""How right the waits promised to citizens were, from the event log.

Every ticket.issued and ticket.checked_in event records the wait the citizen was told
(`estimate_min`, its range `estimate_low_min`–`estimate_high_min`, or `no_window`; see
issuing.promised). The ticket's first ticket.called records the wait it had (`waited_s`).
This module sets one against the other, per service and day, for the report:

- MAE: the mean absolute difference between promised and actual wait, in minutes, and as
  a share of the mean actual wait (the measure of bench/estimates.py);
- within 5 minutes: the share of promises off by at most 5 minutes (5 minutes is the
  shortest figure a slip states apart from "you are next");
- inside the range: the share of actual waits inside the promised range.

Tickets never called (cancelled, expired) have no actual wait and are left out; promises of
"no window serves this" are counted apart, since they state no minutes.
"""
from __future__ import annotations

import json
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hallq.db.rows import Db
from hallq.db.vocabulary import EventKind

#: the kinds of event that record what a citizen was promised when the ticket was taken
PROMISE_KINDS = (EventKind.TICKET_ISSUED, EventKind.TICKET_CHECKED_IN)
WITHIN_MINUTES = 5


@dataclass
class EstimateAccuracy:
    """The promises of one service on one day (or of every service: service None).

    Attributes:
        day: YYYY-MM-DD, or None for the whole period.
        service: the service prefix, or None for every service.
        errors_min: promised − actual wait of each called ticket given minutes (minutes).
        waits_min: the actual waits of the same tickets (minutes).
        inside: how many of those waits fell inside the promised range.
        no_window: called tickets that were told no window served their service.
    """

    day: str | None
    service: str | None
    errors_min: list[float] = field(default_factory=list)
    waits_min: list[float] = field(default_factory=list)
    inside: int = 0
    no_window: int = 0

    @property
    def promised(self) -> int:
        """Called tickets that were promised a wait in minutes."""
        return len(self.errors_min)

    @property
    def mae_min(self) -> float | None:
        """Mean absolute error (minutes, one decimal), None without promises."""
        if not self.errors_min:
            return None
        return round(statistics.fmean(abs(e) for e in self.errors_min), 1)

    @property
    def mae_pct(self) -> float | None:
        """MAE as a percentage of the mean actual wait; None when there is no wait to compare."""
        if not self.errors_min or not (mean := statistics.fmean(self.waits_min)):
            return None
        return round(100 * statistics.fmean(abs(e) for e in self.errors_min) / mean, 1)

    @property
    def within_pct(self) -> float | None:
        """Share (%) of promises off by at most WITHIN_MINUTES."""
        return _pct(sum(abs(e) <= WITHIN_MINUTES for e in self.errors_min), self.promised)

    @property
    def inside_pct(self) -> float | None:
        """Share (%) of actual waits inside the promised range."""
        return _pct(self.inside, self.promised)

    def add(self, promise: dict[str, Any], waited_s: float) -> None:
        """Count one called ticket: its promise (an event's data) and its wait (seconds)."""
        if promise.get("no_window"):
            self.no_window += 1
            return
        estimate = promise.get("estimate_min")
        if estimate is None:
            return
        waited = waited_s / 60
        self.errors_min.append(estimate - waited)
        self.waits_min.append(waited)
        low, high = promise.get("estimate_low_min"), promise.get("estimate_high_min")
        self.inside += low is not None and high is not None and low <= waited <= high

    def to_json(self) -> dict[str, Any]:
        """The figures as JSON data."""
        return {"day": self.day, "service": self.service, "promised": self.promised, "no_window": self.no_window,
                "mae_min": self.mae_min, "mae_pct": self.mae_pct, "within_5_min_pct": self.within_pct,
                "inside_range_pct": self.inside_pct}


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def estimate_accuracy(db: Db, start: str, end: str, services: Iterable[str]) -> list[EstimateAccuracy]:
    """The accuracy of the promised waits of the tickets of days `start`–`end` (inclusive).

    Args:
        db: a connection (inside a read transaction).
        start, end: YYYY-MM-DD.
        services: the hall's service prefixes, in the order rows are wanted.

    Returns:
        One row per day and service that had a called ticket (days in order, services in
        the given order), then the total of the period (day and service None), always.
    """
    kinds = (*PROMISE_KINDS, EventKind.TICKET_CALLED)
    promises: dict[int, dict[str, Any]] = {}
    rows: dict[tuple[str, str], EstimateAccuracy] = {}
    total = EstimateAccuracy(None, None)
    marks = ",".join("?" * len(kinds))
    for r in db.execute(f"SELECT day, kind, ticket_id, service, data FROM events WHERE day BETWEEN ? AND ?"
                        f" AND kind IN ({marks}) ORDER BY id", (start, end, *kinds)):
        tid = r["ticket_id"]
        if r["kind"] != EventKind.TICKET_CALLED:
            promises[tid] = json.loads(r["data"])
            continue
        promise = promises.pop(tid, None)  # only the first call after the promise is the wait
        if promise is None:
            continue
        waited_s = float(json.loads(r["data"]).get("waited_s") or 0)
        key = (r["day"], r["service"])
        row = rows.get(key) or rows.setdefault(key, EstimateAccuracy(*key))
        row.add(promise, waited_s)
        total.add(promise, waited_s)
    order = {prefix: i for i, prefix in enumerate(services)}
    ranked = sorted(rows.values(), key=lambda a: (a.day or "", order.get(a.service or "", len(order)), a.service))
    return [*ranked, total]
