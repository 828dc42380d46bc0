"""The booking figures (预约签到) of the day's report: per service and day, how many were
booked, checked in (on time, early, late), did not come (爽约), and how soon appointment
tickets were called after check-in.

How each booking is counted (one rule for every grouping):
- it belongs to the day of its slot and the service it was booked for;
- checked in: it has a ticket; early when the check-in was before the slot began, late when
  after the slot ended, on time otherwise (check-in is allowed from
  policy.appointment_early_minutes before the slot to policy.appointment_late_minutes after
  it, db.issuing.check_in);
- no-show (爽约): not checked in, and the time to check in is over (the slot's end plus
  policy.appointment_late_minutes) when the report is made; before that it is "not yet due";
- called soon: of the appointment tickets whose first CALL_SOON_MINUTES after check-in are
  over (or that were called sooner), those first called within CALL_SOON_MINUTES (the
  `waited_s` of the ticket's first ticket.called event: first call − check-in).

Bookings come from the appointments table (what was imported, as last imported), check-in
times from the tickets they became, calls from the event log.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hallq.db import report_texts as R
from hallq.db.clock import parse_required
from hallq.db.config import HallConfig
from hallq.db.rows import Db
from hallq.db.vocabulary import EventKind
from hallq.i18n import Text, literal

#: an appointment ticket should be called within this many minutes of check-in: the
#: promise halls make for booked citizens ("预约优先"), the figure the report checks
CALL_SOON_MINUTES = 5
TOTAL = "total"


@dataclass
class BookingFigures:
    """The booking figures of one group: a service on a day, a service over the days, a
    day, or all.

    Attributes:
        key: "A" (a service), "2026-11-25" (a day), "2026-11-25 A", or "total".
        label: what the group is called, in both languages.
        booked: bookings with a slot in the group.
        checked_in, on_time, early, late: checked in, and when (see the module doc).
        no_shows: 爽约: not checked in, the time to check in over.
        not_yet: not checked in, still time to.
        called_soon: appointment tickets first called within CALL_SOON_MINUTES of check-in.
        called_counted: appointment tickets whose CALL_SOON_MINUTES are over or that were
            called: the base of `called_soon_pct`.
    """

    key: str
    label: Text
    booked: int = 0
    checked_in: int = 0
    on_time: int = 0
    early: int = 0
    late: int = 0
    no_shows: int = 0
    not_yet: int = 0
    called_soon: int = 0
    called_counted: int = 0

    @property
    def called_soon_pct(self) -> float | None:
        """Share of appointment tickets called within CALL_SOON_MINUTES of check-in, in
        percent (one decimal); None when none is counted yet."""
        return round(100 * self.called_soon / self.called_counted, 1) if self.called_counted else None

    def name(self, lang: str = "zh") -> str:
        """The group's label in `lang`."""
        return self.label.text(lang)

    def to_json(self) -> dict[str, Any]:
        """The figures as JSON data; the label as `label` (Chinese) and `label_en`."""
        return {"key": self.key, "label": self.name("zh"), "label_en": self.name("en"), "booked": self.booked,
                "checked_in": self.checked_in, "on_time": self.on_time, "early": self.early, "late": self.late,
                "no_shows": self.no_shows, "not_yet": self.not_yet, "called_soon": self.called_soon,
                "called_counted": self.called_counted, "called_soon_pct": self.called_soon_pct}


@dataclass
class BookingReport:
    """The booking figures of a report.

    Attributes:
        services: per service over the whole range, in the hall's order.
        days: per day and service ("2026-11-25 A"), by day then service; for a range only.
        total: all bookings of the range.
        call_soon_minutes: CALL_SOON_MINUTES.
    """

    services: list[BookingFigures]
    days: list[BookingFigures]
    total: BookingFigures
    call_soon_minutes: int = CALL_SOON_MINUTES

    def to_json(self) -> dict[str, Any]:
        """The figures as JSON data."""
        return {"call_soon_minutes": self.call_soon_minutes, "total": self.total.to_json(),
                "services": [f.to_json() for f in self.services], "days": [f.to_json() for f in self.days]}


def booking_figures(db: Db, config: HallConfig, start: str, end: str, now: datetime) -> BookingReport:
    """The booking figures of the days from `start` to `end` (YYYY-MM-DD, inclusive), as
    they stand at `now` (see the module doc).

    Args:
        db: a read transaction.
        config: the hall config (service names and order, the check-in policy).
        start, end: the days.
        now: hall time the report is made (what is a no-show yet).

    Returns:
        The BookingReport; groups without bookings are left out.
    """
    services = {s.prefix: (i, s) for i, s in enumerate(config.services)}
    late = timedelta(minutes=config.policy.appointment_late_minutes)
    soon_s = CALL_SOON_MINUTES * 60
    after = (date.fromisoformat(end) + timedelta(days=1)).isoformat()
    first_wait: dict[int, float] = {}
    for r in db.execute("SELECT ticket_id, data FROM events WHERE day BETWEEN ? AND ? AND kind=? ORDER BY id",
                        (start, end, EventKind.TICKET_CALLED)):
        if r["ticket_id"] not in first_wait:
            first_wait[r["ticket_id"]] = float(json.loads(r["data"]).get("waited_s") or 0)

    def label(prefix: str) -> Text:
        found = services.get(prefix)
        name = literal(found[1].name, found[1].name_en) if found else literal(prefix)
        return R.SERVICE_LABEL(prefix=prefix, name=name)

    total = BookingFigures(TOTAL, R.TOTAL)
    by_service: dict[str, BookingFigures] = {}
    by_day: dict[tuple[str, str], BookingFigures] = {}
    rows = db.execute("SELECT a.service, a.slot_start, a.slot_end, a.ticket_id, t.taken_at FROM appointments a"
                      " LEFT JOIN tickets t ON t.id = a.ticket_id WHERE a.slot_start >= ? AND a.slot_start < ?"
                      " ORDER BY a.slot_start", (start, after))
    for r in rows:
        prefix, day = r["service"], r["slot_start"][:10]
        groups = [total,
                  by_service.setdefault(prefix, BookingFigures(prefix, label(prefix))),
                  by_day.setdefault((day, prefix), BookingFigures(f"{day} {prefix}", R.BOOKINGS_DAY_SERVICE(
                      day=day, service=label(prefix))))]
        slot_start, slot_end = parse_required(r["slot_start"]), parse_required(r["slot_end"])
        counts = {"booked": 1}
        if r["ticket_id"] is None or r["taken_at"] is None:
            counts["no_shows" if now > slot_end + late else "not_yet"] = 1
        else:
            at = parse_required(r["taken_at"])
            counts["checked_in"] = 1
            counts["early" if at < slot_start else "late" if at > slot_end else "on_time"] = 1
            wait = first_wait.get(r["ticket_id"])
            if wait is not None or (now - at).total_seconds() >= soon_s:
                counts["called_counted"] = 1
                counts["called_soon"] = int(wait is not None and wait <= soon_s)
        for figures in groups:
            for name, n in counts.items():
                setattr(figures, name, getattr(figures, name) + n)

    def order(prefix: str) -> tuple[int, str]:
        return services[prefix][0] if prefix in services else len(services), prefix

    return BookingReport(
        services=[by_service[p] for p in sorted(by_service, key=order)],
        days=[by_day[k] for k in sorted(by_day, key=lambda k: (k[0], order(k[1])))] if start != end else [],
        total=total)
