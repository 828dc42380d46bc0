"""The day's figures, computed from the event log, so any past day (or range of days) can
be reported, also after close-day. No formatting here: see db.report_formats.

This is the one definition of the hall's figures: `hallq figures`, the supervisor board,
the report (every format) and the API all read them from here.

How things are counted and attributed (one rule for every grouping):
- a *visit* is a ticket in one service: it begins when the ticket is issued (or checked
  in) for that service, or transferred to it; a ticket transferred from A to B makes two
  visits. A recall, a no-show and a rejoin stay in the same visit;
- issued: ticket.issued and ticket.checked_in events;
- called / no-shows / transferred: visits with a ticket.called / ticket.no_show /
  ticket.transferred event, each counted once, at the window, clerk, hour and day of the
  first such event of the visit; served: visits ending in ticket.finished, where finished;
- wait: the visit's first call − its beginning (time taken, or the transfer), counted
  where that first call happened; "over the limit" is > policy.long_wait_minutes;
- handling: the `handling_s` of ticket.finished, where it was finished;
- each event goes to the service it names (a transferred ticket is served under the
  service it was sent to), its window, the clerk at that window (the event's actor
  "clerk:<id>", else the clerk logged in there by the window.login/logout replay), the
  hour it happened and its day;
- so the totals are the sums of the rows of every grouping (services, windows, clerks,
  hours, days);
- ratings (好差评) of tickets of these days count where the ticket was finished;
- bookings (预约签到): booked, checked in on time, early or late, no-shows (爽约) and how
  soon appointment tickets were called, per service and day: see db.booking_report.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from hallq.db import ratings as rating_rules
from hallq.db import report_texts as R
from hallq.db import texts as T
from hallq.db.booking_report import BookingFigures, BookingReport, booking_figures
from hallq.db.clock import parse, parse_required
from hallq.db.config import HallConfig
from hallq.db.core import EngineCore
from hallq.db.errors import Refused
from hallq.db.estimate_accuracy import EstimateAccuracy, estimate_accuracy
from hallq.db.rows import Db
from hallq.db.vocabulary import EventKind, Refusal
from hallq.i18n import Text, literal

K = TypeVar("K")

TOTAL = "total"
#: events of these kinds count as a ticket issued
ISSUED_KINDS = frozenset({EventKind.TICKET_ISSUED, EventKind.TICKET_CHECKED_IN})
#: events of these kinds count at a window and a clerk as well
WINDOW_EVENT_KINDS = frozenset({EventKind.TICKET_CALLED, EventKind.TICKET_FINISHED, EventKind.TICKET_NO_SHOW,
                                EventKind.TICKET_TRANSFERRED})
#: every ticket.* event makes its service, hour and day groups (so a day with only
#: cancellations still lists its service)
TICKET_KIND_PREFIX = "ticket."


class RatingCounts:
    """Ratings counted by level (`levels`: level 1–5 → count), for a group or the whole range."""

    levels: Counter[int]

    @property
    def rated(self) -> int:
        """Ratings given."""
        return sum(self.levels.values())

    @property
    def bad(self) -> int:
        """差评: ratings of level 1 or 2 (db.ratings.is_bad)."""
        return sum(n for level, n in self.levels.items() if rating_rules.is_bad(level))

    @property
    def good_pct(self) -> float | None:
        """好评率 in percent (one decimal): 非常满意 + 满意 + 基本满意 over all ratings; None without ratings."""
        return round(100 * (self.rated - self.bad) / self.rated, 1) if self.rated else None


@dataclass
class Figures(RatingCounts):
    """The figures of one group: the whole range, a service, a window, a clerk, an hour or a day.

    Attributes:
        key: the group's key as text: a service prefix, a window number, a clerk id, an
            hour (0–23), a day (YYYY-MM-DD), "total"; "None" for no window or no clerk.
        label: what the group is called, in both languages.
        issued, called, served, no_shows, transferred: counts (see the module doc).
        waits_over_limit: first calls after more than policy.long_wait_minutes.
        waits_s, handling_s: every wait and handling time, in seconds.
    """

    key: str
    label: Text
    issued: int = 0
    called: int = 0
    served: int = 0
    no_shows: int = 0
    transferred: int = 0
    waits_over_limit: int = 0
    waits_s: list[float] = field(default_factory=list, repr=False)
    handling_s: list[float] = field(default_factory=list, repr=False)
    levels: Counter[int] = field(default_factory=Counter, repr=False)

    def name(self, lang: str = "zh") -> str:
        """The group's label in `lang`."""
        return self.label.text(lang)

    @property
    def mean_wait_min(self) -> float | None:
        """Mean wait in minutes (one decimal); None when nobody was called."""
        return round(sum(self.waits_s) / len(self.waits_s) / 60, 1) if self.waits_s else None

    @property
    def longest_wait_min(self) -> float | None:
        """Longest wait in minutes (one decimal); None when nobody was called."""
        return round(max(self.waits_s) / 60, 1) if self.waits_s else None

    @property
    def mean_handling_min(self) -> float | None:
        """Mean handling time in minutes (one decimal); None when nothing was finished."""
        return round(sum(self.handling_s) / len(self.handling_s) / 60, 1) if self.handling_s else None

    @property
    def busy_min(self) -> float:
        """Handling time in all, in minutes (one decimal)."""
        return round(sum(self.handling_s) / 60, 1)

    def to_json(self) -> dict[str, Any]:
        """The figures as JSON data; the label as `label` (Chinese) and `label_en`."""
        return {"key": self.key, "label": self.name("zh"), "label_en": self.name("en"), "issued": self.issued,
                "called": self.called, "served": self.served, "no_shows": self.no_shows,
                "transferred": self.transferred, "mean_wait_min": self.mean_wait_min,
                "longest_wait_min": self.longest_wait_min, "waits_over_limit": self.waits_over_limit,
                "mean_handling_min": self.mean_handling_min, "busy_min": self.busy_min, "rated": self.rated,
                "good_pct": self.good_pct, "bad": self.bad}


@dataclass(frozen=True)
class BadReview:
    """A 差评 and its follow-up (整改): `due` is YYYY-MM-DD; closed_at and note once closed."""

    number: str
    day: str
    service: str
    window: int | None
    clerk: str | None
    level: int
    reason: str | None
    text: str | None
    followup_id: int | None
    due: str | None
    closed_at: datetime | None
    note: str | None


@dataclass
class Satisfaction(RatingCounts):
    """The citizen ratings (好差评) of the tickets of the range.

    Attributes:
        levels, reasons, channels: ratings counted by level, by reason of a bad one, by channel.
        served: tickets served in the range (for the rating rate).
        followups_opened / followups_closed / followups_overdue: follow-ups of these ratings;
            overdue: open past their due date.
        bad_reviews: every bad rating, oldest first.
    """

    levels: Counter[int]
    reasons: Counter[str]
    channels: Counter[str]
    served: int
    followups_opened: int
    followups_closed: int
    followups_overdue: int
    bad_reviews: list[BadReview]

    @property
    def rated_pct(self) -> float | None:
        """评价率 in percent (one decimal): ratings over tickets served; None when none were served."""
        return round(100 * self.rated / self.served, 1) if self.served else None

    @property
    def followups_open(self) -> int:
        """Follow-ups still open."""
        return self.followups_opened - self.followups_closed

    def to_json(self) -> dict[str, Any]:
        """The ratings as JSON data."""
        return {"rated": self.rated, "served": self.served, "rated_pct": self.rated_pct, "good_pct": self.good_pct,
                "bad": self.bad, "levels": {str(k): self.levels.get(k, 0) for k in rating_rules.LEVELS},
                "reasons": dict(self.reasons), "channels": dict(self.channels),
                "followups_opened": self.followups_opened, "followups_closed": self.followups_closed,
                "followups_open": self.followups_open, "followups_overdue": self.followups_overdue,
                "bad_reviews": [{**asdict(b), "closed_at": b.closed_at.isoformat(timespec="minutes")
                                 if b.closed_at else None} for b in self.bad_reviews]}


@dataclass
class Report:
    """The figures of a day or a range of days (start and end YYYY-MM-DD, inclusive).

    Attributes:
        hall, hall_en: the hall's name.
        long_wait_minutes: the policy's limit the long waits are counted against.
        made_at: hall time the report was made.
        total: the whole range; services, windows, clerks, hours: one Figures each, in the
            hall's order; days: one per day for a range, else empty.
        satisfaction: the ratings.
        bookings: the booking figures (预约签到).
        estimates: how right the promised waits were, per day and service, then the total
            (db/estimate_accuracy.py).
    """

    hall: str
    hall_en: str
    start: str
    end: str
    long_wait_minutes: int
    made_at: datetime
    total: Figures
    services: list[Figures]
    windows: list[Figures]
    clerks: list[Figures]
    hours: list[Figures]
    days: list[Figures]
    satisfaction: Satisfaction
    bookings: BookingReport
    estimates: list[EstimateAccuracy] = field(default_factory=list)

    @property
    def title(self) -> Text:
        """The hall's name in both languages."""
        return literal(self.hall, self.hall_en)

    @property
    def period(self) -> str:
        """The day, or "start – end"."""
        return self.start if self.start == self.end else f"{self.start} – {self.end}"

    def to_json(self) -> dict[str, Any]:
        """The report as JSON data (what `hallq report --json` prints)."""
        groups = {"services": self.services, "windows": self.windows, "clerks": self.clerks, "hours": self.hours,
                  "days": self.days}
        return {"hall": self.hall, "start": self.start, "end": self.end, "long_wait_minutes": self.long_wait_minutes,
                "made_at": self.made_at.isoformat(timespec="seconds"), "total": self.total.to_json(),
                **{name: [f.to_json() for f in figures] for name, figures in groups.items()},
                "satisfaction": self.satisfaction.to_json(), "bookings": self.bookings.to_json(),
                "estimates": [a.to_json() for a in self.estimates]}


async def day_report(engine: EngineCore, start: str | date, end: str | date | None = None,
                     figures_only: bool = False) -> Report:
    """The report of the days from `start` to `end`, from the event log (see the module doc).

    Args:
        engine: the hall engine.
        start: the first day (a date or YYYY-MM-DD).
        end: the last day, inclusive; default `start`.
        figures_only: only the figures of services, windows, clerks, hours and days, with
            the ratings (what the board, `hallq figures` and the API show, each time the
            hall changes): the booking figures are left empty and the estimates' accuracy
            out, which take most of the time of a full day.

    Returns:
        The Report; a day without events gives zeros and None for the means.

    Raises:
        Refused(bad_range): `end` is before `start`.
        ValueError: a day is not YYYY-MM-DD.
        NotFound(not_set_up): the hall has no config.
    """
    first = start if isinstance(start, date) else date.fromisoformat(start)
    last = (end if isinstance(end, date) else date.fromisoformat(end)) if end else first
    if last < first:
        raise Refused(Refusal.BAD_RANGE, T.BAD_RANGE)
    config = await engine.config()
    now = engine.now()
    return await engine.read(_build, config, first.isoformat(), last.isoformat(), now, figures_only)


def _figures(found: dict[K, Figures], key: K, label: Callable[[K], Text]) -> Figures:
    """The figures of group `key`, made (with its label) on first use."""
    figures = found.get(key)
    if figures is None:
        figures = found[key] = Figures(str(key), label(key))
    return figures


class _Groups:
    """The figures of each service, window, clerk, hour and day met in the events."""

    def __init__(self, services: dict[str, tuple[str, str, int]], windows: dict[int, str], clerks: dict[str, str]):
        self.names = services, windows, clerks
        self.services: dict[str | None, Figures] = {}
        self.windows: dict[int | None, Figures] = {}
        self.clerks: dict[str | None, Figures] = {}
        self.hours: dict[int, Figures] = {}
        self.days: dict[str, Figures] = {}

    def service(self, prefix: str | None) -> Figures:
        return _figures(self.services, prefix, self._service_label)

    def window(self, number: int | None) -> Figures:
        return _figures(self.windows, number, self._window_label)

    def clerk(self, clerk_id: str | None) -> Figures:
        return _figures(self.clerks, clerk_id, self._clerk_label)

    def hour(self, hour: int) -> Figures:
        return _figures(self.hours, hour, lambda h: literal(f"{h:02d}:00–{h + 1:02d}:00"))

    def day(self, day: str) -> Figures:
        return _figures(self.days, day, literal)

    def _service_label(self, prefix: str | None) -> Text:
        name, name_en, _ = self.names[0].get(str(prefix), (str(prefix), str(prefix), 0))
        return R.SERVICE_LABEL(prefix=prefix, name=literal(name, name_en))

    def _window_label(self, number: int | None) -> Text:
        if number is None:
            return R.NO_WINDOW
        default = T.WINDOW_NAME(window=number)
        name = self.names[1].get(number, default.text("zh"))
        # a configured name is Chinese only: in English it is followed by the number
        return default if name == default.text("zh") else literal(name, f"{name} ({number})")

    def _clerk_label(self, clerk_id: str | None) -> Text:
        if clerk_id is None:
            return R.NO_CLERK
        name = self.names[2].get(clerk_id)
        return T.CLERK_WHO(name=name, clerk=clerk_id) if name else literal(clerk_id)


def _build(db: Db, config: HallConfig, start: str, end: str, now: datetime, figures_only: bool = False) -> Report:
    limit_s = config.policy.long_wait_minutes * 60
    services = {r["prefix"]: (r["name"], r["name_en"], r["position"]) for r in db.execute("SELECT * FROM services")}
    windows = {r["number"]: r["name"] for r in db.execute("SELECT number, name FROM windows")}
    clerks = {r["id"]: r["name"] for r in db.execute("SELECT id, name FROM clerks")}

    total = Figures(TOTAL, R.TOTAL)
    groups = _Groups(services, windows, clerks)

    # who is logged in at each window as the range starts: the last login/logout before it
    clerk_at: dict[int | None, str | None] = {}
    for r in db.execute("SELECT window, kind, data FROM events WHERE id IN (SELECT max(id) FROM events"
                        " WHERE day<? AND kind IN ('window.login','window.logout') GROUP BY window)", (start,)):
        if r["kind"] == EventKind.WINDOW_LOGIN:
            clerk_at[r["window"]] = json.loads(r["data"]).get("clerk")

    # the visit (ticket, service) each counted thing was already counted for, and when each visit began
    counted: set[tuple[str, int | None, str | None]] = set()
    began: dict[tuple[int | None, str | None], datetime] = {}
    finished_in: dict[int | None, list[Figures]] = {}
    for r in db.execute("SELECT * FROM events WHERE day BETWEEN ? AND ? ORDER BY id", (start, end)):
        kind: str = r["kind"]
        win: int | None = r["window"]
        tid: int | None = r["ticket_id"]
        if kind == EventKind.WINDOW_LOGIN:
            clerk_at[win] = json.loads(r["data"]).get("clerk")
            continue
        if kind == EventKind.WINDOW_LOGOUT:
            clerk_at.pop(win, None)
            continue
        if not kind.startswith(TICKET_KIND_PREFIX):
            continue
        at = parse_required(r["at"])
        service: str | None = r["service"]
        where = [total, groups.service(service), groups.hour(at.hour), groups.day(r["day"])]
        if kind in ISSUED_KINDS:
            began.setdefault((tid, service), at)
            for f in where:
                f.issued += 1
            continue
        if kind not in WINDOW_EVENT_KINDS:
            continue
        acting = rating_rules.clerk_of_actor(r["actor"])
        clerk = acting if acting is not None else clerk_at.get(win)
        where += [groups.window(win), groups.clerk(clerk)]
        data = json.loads(r["data"])
        first = (kind, tid, service) not in counted
        counted.add((kind, tid, service))
        if kind == EventKind.TICKET_CALLED:
            if not first:
                continue
            since = began.get((tid, service))
            wait = (at - since).total_seconds() if since is not None else float(data.get("waited_s") or 0)
            for f in where:
                f.called += 1
                f.waits_s.append(wait)
                f.waits_over_limit += wait > limit_s
        elif kind == EventKind.TICKET_FINISHED:
            if first:
                for f in where:
                    f.served += 1
                    f.handling_s.append(float(data.get("handling_s") or 0))
                finished_in[tid] = where
        elif kind == EventKind.TICKET_NO_SHOW:
            if first:
                for f in where:
                    f.no_shows += 1
        else:
            to_service = data.get("to_service") or service
            if to_service != service:
                began[(tid, to_service)] = at
            if first:
                for f in where:
                    f.transferred += 1

    satisfaction = _satisfaction(db, start, end, now, finished_in, total, clerks)

    def by(found: dict[K, Figures], order: Callable[[Figures], Any]) -> list[Figures]:
        return sorted(found.values(), key=order)

    return Report(
        hall=config.name, hall_en=config.name_en, start=start, end=end,
        long_wait_minutes=config.policy.long_wait_minutes, made_at=now, total=total,
        services=by(groups.services, lambda f: (services.get(f.key, ("", "", 999))[2], f.key)),
        windows=by(groups.windows, lambda f: (not f.key.isdigit(), int(f.key) if f.key.isdigit() else 0)),
        clerks=by(groups.clerks, lambda f: (f.key == "None", f.key)),
        hours=by(groups.hours, lambda f: int(f.key)),
        days=by(groups.days, lambda f: f.key) if start != end else [],
        satisfaction=satisfaction,
        bookings=BookingReport([], [], BookingFigures(TOTAL, R.TOTAL)) if figures_only
        else booking_figures(db, config, start, end, now),
        estimates=[] if figures_only else estimate_accuracy(db, start, end,
                                                             sorted(services, key=lambda p: services[p][2])))


def _satisfaction(db: Db, start: str, end: str, now: datetime, finished_in: dict[int | None, list[Figures]],
                  total: Figures, clerks: dict[str, str]) -> Satisfaction:
    """The ratings of the tickets of the days, each also counted where its ticket was finished."""
    levels: Counter[int] = Counter()
    reasons: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    bad_reviews = []
    opened = closed = overdue = 0
    rows = db.execute(
        "SELECT r.*, t.number, t.day, t.service, f.id AS followup_id, f.due, f.closed_at, f.note"
        " FROM ratings r JOIN tickets t ON t.id = r.ticket_id LEFT JOIN followups f ON f.rating_id = r.id"
        " WHERE t.day BETWEEN ? AND ? ORDER BY r.id", (start, end)).fetchall()
    for r in rows:
        level: int = r["level"]
        levels[level] += 1
        channels[r["channel"]] += 1
        for f in finished_in.get(r["ticket_id"], [total]):
            f.levels[level] += 1
        if not rating_rules.is_bad(level):
            continue
        if r["reason"]:
            reasons[r["reason"]] += 1
        if r["followup_id"] is not None:
            opened += 1
            closed += r["closed_at"] is not None
            overdue += r["closed_at"] is None and date.fromisoformat(r["due"]) < now.date()
        clerk: str | None = r["clerk_id"]
        bad_reviews.append(BadReview(
            number=r["number"], day=r["day"], service=r["service"], window=r["window"],
            clerk=f"{clerks.get(clerk, clerk)}" if clerk else None, level=level, reason=r["reason"], text=r["text"],
            followup_id=r["followup_id"], due=r["due"], closed_at=parse(r["closed_at"]), note=r["note"]))
    return Satisfaction(levels, reasons, channels, total.served, opened, closed, overdue, bad_reviews)
