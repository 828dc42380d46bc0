"""The day's figures, computed from the event log, so any past day (or range of days) can
be reported, also after close-day. No formatting here: see db.report_formats.

How things are counted and attributed (one rule for every grouping):
- issued: ticket.issued and ticket.checked_in events;
- called / served / no-shows / transferred: distinct tickets with a ticket.called /
  ticket.finished / ticket.no_show / ticket.transferred event in the group;
- wait: first call − time taken (the `waited_s` of the ticket's first ticket.called),
  counted where that first call happened; "over the limit" is > policy.long_wait_minutes;
- handling: the `handling_s` of ticket.finished, where it was finished;
- each event goes to the service it names (a transferred ticket is served under the
  service it was sent to), its window, the clerk at that window (the event's actor
  "clerk:<id>", else the clerk logged in there by the window.login/logout replay), the
  hour it happened and its day;
- ratings (好差评) of tickets of these days count where the ticket was finished.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from hallq.db import ratings as rating_rules
from hallq.db import texts as T
from hallq.db.clock import parse
from hallq.db.errors import Refused
from hallq.db.vocabulary import Refusal

TOTAL = "total"


class RatingCounts:
    """Ratings counted by level (`self.levels`: level → count)."""

    @property
    def rated(self) -> int:
        return sum(self.levels.values())

    @property
    def bad(self) -> int:
        return sum(n for level, n in self.levels.items() if rating_rules.is_bad(level))

    @property
    def good_pct(self) -> float | None:
        """好评率: 非常满意 + 满意 + 基本满意 over all ratings."""
        return round(100 * (self.rated - self.bad) / self.rated, 1) if self.rated else None


@dataclass
class Figures(RatingCounts):
    """The figures of one group: the whole range, a service, a window, a clerk, an hour or a day."""

    key: str
    label: str
    label_en: str
    issued: int = 0
    called: int = 0
    served: int = 0
    no_shows: int = 0
    transferred: int = 0
    waits_over_limit: int = 0
    waits_s: list[float] = field(default_factory=list, repr=False)
    handling_s: list[float] = field(default_factory=list, repr=False)
    levels: Counter = field(default_factory=Counter, repr=False)
    _seen: set = field(default_factory=set, repr=False)

    def once(self, what: str, ticket_id) -> bool:
        """True the first time a ticket does `what` in this group."""
        mark = (what, ticket_id)
        if mark in self._seen:
            return False
        self._seen.add(mark)
        return True

    def name(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label

    @property
    def mean_wait_min(self) -> float | None:
        return round(sum(self.waits_s) / len(self.waits_s) / 60, 1) if self.waits_s else None

    @property
    def longest_wait_min(self) -> float | None:
        return round(max(self.waits_s) / 60, 1) if self.waits_s else None

    @property
    def mean_handling_min(self) -> float | None:
        return round(sum(self.handling_s) / len(self.handling_s) / 60, 1) if self.handling_s else None

    @property
    def busy_min(self) -> float:
        return round(sum(self.handling_s) / 60, 1)

    def to_json(self) -> dict:
        return {"key": self.key, "label": self.label, "label_en": self.label_en, "issued": self.issued,
                "called": self.called, "served": self.served, "no_shows": self.no_shows,
                "transferred": self.transferred, "mean_wait_min": self.mean_wait_min,
                "longest_wait_min": self.longest_wait_min, "waits_over_limit": self.waits_over_limit,
                "mean_handling_min": self.mean_handling_min, "busy_min": self.busy_min, "rated": self.rated,
                "good_pct": self.good_pct, "bad": self.bad}


@dataclass(frozen=True)
class BadReview:
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
    levels: Counter
    reasons: Counter
    channels: Counter
    served: int
    followups_opened: int
    followups_closed: int
    followups_overdue: int
    bad_reviews: list[BadReview]

    @property
    def rated_pct(self) -> float | None:
        """评价率: ratings over tickets served."""
        return round(100 * self.rated / self.served, 1) if self.served else None

    @property
    def followups_open(self) -> int:
        return self.followups_opened - self.followups_closed

    def to_json(self) -> dict:
        return {"rated": self.rated, "served": self.served, "rated_pct": self.rated_pct, "good_pct": self.good_pct,
                "bad": self.bad, "levels": {str(k): self.levels.get(k, 0) for k in rating_rules.LEVELS},
                "reasons": dict(self.reasons), "channels": dict(self.channels),
                "followups_opened": self.followups_opened, "followups_closed": self.followups_closed,
                "followups_open": self.followups_open, "followups_overdue": self.followups_overdue,
                "bad_reviews": [{**b.__dict__, "closed_at": b.closed_at.isoformat(timespec="minutes")
                                 if b.closed_at else None} for b in self.bad_reviews]}


@dataclass
class Report:
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

    @property
    def period(self) -> str:
        return self.start if self.start == self.end else f"{self.start} – {self.end}"

    def to_json(self) -> dict:
        return {"hall": self.hall, "start": self.start, "end": self.end, "long_wait_minutes": self.long_wait_minutes,
                "made_at": self.made_at.isoformat(timespec="seconds"), "total": self.total.to_json(),
                **{name: [f.to_json() for f in getattr(self, name)]
                   for name in ("services", "windows", "clerks", "hours", "days")},
                "satisfaction": self.satisfaction.to_json()}


async def day_report(engine, start: str | date, end: str | date | None = None) -> Report:
    """The report of the days from `start` to `end` (inclusive; default: `start` only)."""
    start = start if isinstance(start, date) else date.fromisoformat(start)
    end = (end if isinstance(end, date) else date.fromisoformat(end)) if end else start
    if end < start:
        raise Refused(Refusal.BAD_RANGE, T.BAD_RANGE)
    config = await engine.config()
    now = engine.now()
    return await engine.read(_build, config, start.isoformat(), end.isoformat(), now)


def _build(db, config, start: str, end: str, now: datetime) -> Report:
    limit_s = config.policy.long_wait_minutes * 60
    services = {r["prefix"]: (r["name"], r["name_en"], r["position"]) for r in db.execute("SELECT * FROM services")}
    windows = {r["number"]: r["name"] for r in db.execute("SELECT number, name FROM windows")}
    clerks = {r["id"]: r["name"] for r in db.execute("SELECT id, name FROM clerks")}

    total = Figures(TOTAL, "合计", "Total")
    groups: dict[tuple[str, object], Figures] = {}

    def group(kind: str, key) -> Figures:
        found = groups.get((kind, key))
        if found is None:
            found = groups[(kind, key)] = Figures(str(key), *_labels(kind, key, services, windows, clerks))
        return found

    # who is logged in at each window as the range starts: the last login/logout before it
    clerk_at: dict[int, str] = {}
    for r in db.execute("SELECT window, kind, data FROM events WHERE id IN (SELECT max(id) FROM events"
                        " WHERE day<? AND kind IN ('window.login','window.logout') GROUP BY window)", (start,)):
        if r["kind"] == "window.login":
            clerk_at[r["window"]] = json.loads(r["data"]).get("clerk")

    first_called: set[int] = set()
    finished_in: dict[int, list[Figures]] = {}
    for r in db.execute("SELECT * FROM events WHERE day BETWEEN ? AND ? ORDER BY id", (start, end)):
        kind, win, tid = r["kind"], r["window"], r["ticket_id"]
        if kind == "window.login":
            clerk_at[win] = json.loads(r["data"]).get("clerk")
            continue
        if kind == "window.logout":
            clerk_at.pop(win, None)
            continue
        if not kind.startswith("ticket."):
            continue
        at = parse(r["at"])
        where = [total, group("service", r["service"]), group("hour", at.hour), group("day", r["day"])]
        if kind in ("ticket.issued", "ticket.checked_in"):
            for f in where:
                f.issued += 1
            continue
        if kind not in ("ticket.called", "ticket.finished", "ticket.no_show", "ticket.transferred"):
            continue
        actor = r["actor"] or ""
        clerk = actor[len("clerk:"):] if actor.startswith("clerk:") else clerk_at.get(win)
        where += [group("window", win), group("clerk", clerk)]
        data = json.loads(r["data"])
        if kind == "ticket.called":
            for f in where:
                if f.once("called", tid):
                    f.called += 1
            if tid not in first_called:
                first_called.add(tid)
                wait = float(data.get("waited_s") or 0)
                for f in where:
                    f.waits_s.append(wait)
                    f.waits_over_limit += wait > limit_s
        elif kind == "ticket.finished":
            for f in where:
                if f.once("served", tid):
                    f.served += 1
                    f.handling_s.append(float(data.get("handling_s") or 0))
            finished_in[tid] = where
        elif kind == "ticket.no_show":
            for f in where:
                if f.once("no_show", tid):
                    f.no_shows += 1
        else:
            for f in where:
                if f.once("transferred", tid):
                    f.transferred += 1

    satisfaction = _satisfaction(db, start, end, now, finished_in, total, services, clerks)

    def listed(kind: str, order) -> list[Figures]:
        return sorted((f for (k, _), f in groups.items() if k == kind), key=order)

    return Report(
        hall=config.name, hall_en=config.name_en, start=start, end=end,
        long_wait_minutes=config.policy.long_wait_minutes, made_at=now, total=total,
        services=listed("service", lambda f: (services.get(f.key, ("", "", 999))[2], f.key)),
        windows=listed("window", lambda f: (not f.key.isdigit(), int(f.key) if f.key.isdigit() else 0)),
        clerks=listed("clerk", lambda f: (f.key == "None", f.key)),
        hours=listed("hour", lambda f: int(f.key)),
        days=listed("day", lambda f: f.key) if start != end else [],
        satisfaction=satisfaction)


def _labels(kind: str, key, services, windows, clerks) -> tuple[str, str]:
    if kind == "service":
        name, name_en, _ = services.get(key, (str(key), str(key), 0))
        return f"{key} {name}", f"{key} {name_en}"
    if kind == "window":
        if key is None:
            return "（无窗口）", "(no window)"
        name = windows.get(key, f"{key}号窗口")
        return name, f"Window {key}" if name == f"{key}号窗口" else f"{name} ({key})"
    if kind == "clerk":
        if key is None:
            return "（无工号）", "(no clerk)"
        name = clerks.get(key)
        return (f"{name}（{key}）", f"{name} ({key})") if name else (key, key)
    if kind == "hour":
        return f"{key:02d}:00–{key + 1:02d}:00", f"{key:02d}:00–{key + 1:02d}:00"
    return str(key), str(key)


def _satisfaction(db, start: str, end: str, now: datetime, finished_in, total: Figures,
                  services, clerks) -> Satisfaction:
    levels, reasons, channels = Counter(), Counter(), Counter()
    bad_reviews = []
    opened = closed = overdue = 0
    rows = db.execute(
        "SELECT r.*, t.number, t.day, t.service, f.id AS followup_id, f.due, f.closed_at, f.note"
        " FROM ratings r JOIN tickets t ON t.id = r.ticket_id LEFT JOIN followups f ON f.rating_id = r.id"
        " WHERE t.day BETWEEN ? AND ? ORDER BY r.id", (start, end)).fetchall()
    for r in rows:
        level = r["level"]
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
        clerk = r["clerk_id"]
        bad_reviews.append(BadReview(
            number=r["number"], day=r["day"], service=r["service"], window=r["window"],
            clerk=f"{clerks.get(clerk, clerk)}" if clerk else None, level=level, reason=r["reason"], text=r["text"],
            followup_id=r["followup_id"], due=r["due"], closed_at=parse(r["closed_at"]), note=r["note"]))
    return Satisfaction(levels, reasons, channels, total.served, opened, closed, overdue, bad_reviews)

