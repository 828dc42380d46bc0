"""Issuing tickets: walk-ins (现场取号), appointment check-in (预约签到), cancelling, and
importing the day's bookings.

A ticket's number is its service's prefix and the day's next counter for that prefix
(A001, A002, …; 999 at most). Its place inside its lane is its `queue_key`.
"""
from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, cast

from hallq.db import privacy
from hallq.db import texts as T
from hallq.db.calendar import HallCalendar
from hallq.db.clock import iso, parse_required
from hallq.db.core import OPERATOR, EngineCore, Keys
from hallq.db.errors import Refused, ServiceUnavailable
from hallq.db.models import Appointment, CheckIn, ImportReport, Ticket
from hallq.db.rows import (
    Db,
    Row,
    appointment_from_row,
    next_seq,
    service_row,
    ticket_by_id,
    ticket_from_row,
    ticket_row,
)
from hallq.db.store import append_event
from hallq.db.vocabulary import CheckInOutcome, EventKind, Lane, Refusal, TicketState
from hallq.i18n import Text, literal

if TYPE_CHECKING:
    from hallq.db.booking_files import BookingFile

MAX_NUMBER = 999  # three digits per prefix and day


class Issuing(EngineCore):
    async def issue_ticket(self, service: str, priority: str | None = None, kiosk: str | None = None,
                           actor: str | None = None) -> Ticket:
        """A walk-in ticket (现场取号).

        Args:
            service: the service's prefix, e.g. "A".
            priority: a green-channel reason for the priority lane: "elderly" or a key of
                hall.toml `[priority] reasons`.
            kiosk: the kiosk that issued it (recorded).
            actor: who issued it; default the kiosk, else the operator.

        Returns:
            The ticket, with people ahead and the estimated wait.

        Raises:
            Refused(bad_priority): an unknown priority reason.
            NotFound(unknown_service): no such service.
            ServiceUnavailable(closed | appointment_only | hours | limit): no walk-in now.
        """
        def tx(db: Db, now: datetime) -> Ticket:
            reasons = self.config_in(db).priority.labels()
            if priority is not None and priority not in reasons:
                raise Refused(Refusal.BAD_PRIORITY, T.BAD_PRIORITY(reason=priority, reasons=", ".join(reasons)))
            svc = service_row(db, service)
            refusal = walk_in_refusal(svc, issued_today(db, now, svc["prefix"]), now, self.calendar_in(db))
            if refusal is not None:
                raise refusal
            row = self._new_ticket(db, now, svc, Lane.PRIORITY if priority else Lane.REGULAR, priority=priority,
                                   kiosk=kiosk)
            ticket = self.estimated(db, ticket_from_row(row), now)
            append_event(db, now, EventKind.TICKET_ISSUED, ticket=row,
                         actor=actor or (f"kiosk:{kiosk}" if kiosk else OPERATOR), priority=priority, kiosk=kiosk,
                         **promised(ticket))
            self._estimates.keep(db, now)
            return ticket

        return await self.transact(tx)

    async def record_shown_wait(self, ticket: Ticket, actor: str) -> bool:
        """Record the wait a citizen was just shown for a waiting ticket (its status page,
        `hallq status`) as a ticket.estimated event, when it differs from the last one the
        ticket was given, so reports can follow every promise and not only the first.

        Args:
            ticket: the ticket as just shown (from `ticket` or `ticket_by_token`).
            actor: who showed it: "status_page", "operator", …

        Returns:
            Whether an event was written (False: not waiting, or the same wait as before).
        """
        if ticket.state != TicketState.WAITING:
            return False
        shown = _wait_of(promised(ticket))
        kinds = (EventKind.TICKET_ISSUED, EventKind.TICKET_CHECKED_IN, EventKind.TICKET_ESTIMATED)

        def last(db: Db) -> dict[str, Any] | None:
            row = db.execute(f"SELECT data FROM events WHERE day=? AND kind IN ({','.join('?' * len(kinds))})"
                             " AND ticket_id=? ORDER BY id DESC LIMIT 1", (ticket.day, *kinds, ticket.id)).fetchone()
            return _wait_of(json.loads(row["data"])) if row else None

        if await self.store.read(last) == shown:
            return False

        def tx(db: Db, now: datetime) -> bool:
            row = db.execute("SELECT * FROM tickets WHERE id=? AND state=?",
                             (ticket.id, TicketState.WAITING)).fetchone()
            if row is None or last(db) == shown:
                return False
            append_event(db, now, EventKind.TICKET_ESTIMATED, ticket=row, actor=actor, **promised(ticket))
            self._estimates.keep(db, now)
            return True

        return await self.transact(tx)

    def _new_ticket(self, db: Db, now: datetime, svc: Row, lane: Lane, priority: str | None = None,
                    kiosk: str | None = None, appointment: Row | None = None) -> Row:
        day, prefix = now.date().isoformat(), svc["prefix"]
        seq = int(db.execute(
            "INSERT INTO counters (day, prefix, last) VALUES (?, ?, 1)"
            " ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last", (day, prefix)).fetchone()[0])
        if seq > MAX_NUMBER:
            raise ServiceUnavailable(Refusal.LIMIT, T.NUMBERS_USED_UP(name=_names(svc)))
        row: Row = db.execute(
            "INSERT INTO tickets (day, number, service, original_service, state, lane, queue_key, priority,"
            " taken_at, appointment_code, slot_start, slot_end, token, kiosk)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING *",
            (day, f"{prefix}{seq:03d}", prefix, prefix, TicketState.WAITING, int(lane), next_seq(db, day), priority,
             iso(now), appointment["code"] if appointment else None,
             appointment["slot_start"] if appointment else None, appointment["slot_end"] if appointment else None,
             secrets.token_urlsafe(16), kiosk)).fetchone()
        return row

    async def cancel(self, number: str, actor: str = OPERATOR) -> Ticket:
        """Cancel a waiting or missed ticket of today.

        Raises:
            NotFound(unknown_ticket); Refused(not_waiting) for any other state.
        """
        def tx(db: Db, now: datetime) -> Ticket:
            row = ticket_row(db, number, now.date().isoformat())
            if row["state"] not in (TicketState.WAITING, TicketState.NO_SHOW):
                raise Refused(Refusal.NOT_WAITING,
                              T.CANNOT_CANCEL(number=row["number"], state=T.TICKET_STATE[row["state"]]))
            db.execute("UPDATE tickets SET state=? WHERE id=?", (TicketState.CANCELLED, row["id"]))
            append_event(db, now, EventKind.TICKET_CANCELLED, ticket=row, actor=actor)
            return ticket_by_id(db, row["id"])

        return await self.transact(tx)

    # ------------------------------------------------------------------ appointments
    async def import_appointments(self, rows: BookingFile | Iterable[Any], actor: str = OPERATOR, *,
                                  skip_bad_rows: bool = True, dry_run: bool = False) -> ImportReport:
        """Import bookings: a BookingFile (db.booking_files.read_file) or booking dicts.

        Args:
            rows: the bookings.
            actor: who imports them.
            skip_bad_rows: import the good bookings when some have errors; False: all or nothing.
            dry_run: check and report, store nothing.

        Returns:
            The ImportReport; see db.appointments.import_rows for the rules.

        Raises:
            NotFound(not_set_up): the hall has no config.
        """
        from hallq.db.appointments import import_rows
        from hallq.db.engine import HallEngine

        return await import_rows(cast(HallEngine, self), rows, actor, skip_bad_rows=skip_bad_rows, dry_run=dry_run)

    async def check_in(self, text: str, kiosk: str | None = None) -> CheckIn:
        """Check in an appointment by its code, an 18-character ID number or a phone number.

        What was typed is normalised as bookings are on import (db.privacy): full-width
        characters, spaces and dashes, a final x, a +86 / 0086 / 86 country code. A number
        that reads as an ID or a phone but finds no booking is tried as a booking code.

        Returns:
            A CheckIn whose `outcome` is checked_in (with the new ticket), already (the same
            ticket again), too_early (with `come_back_at`), too_late, unknown or invalid
            (an ID number with a wrong checksum, or an old 15-digit one). Never raises for
            a citizen's typing.

        Raises:
            NotFound(unknown_service): the booking names a service the hall no longer has.
            ServiceUnavailable(limit): the service has used all 999 numbers today.
        """
        policy = await self.policy()
        lookups, invalid = check_in_lookups(text, self.keys)
        if not lookups and invalid is None:
            return CheckIn(CheckInOutcome.UNKNOWN, T.CHECKIN_EMPTY)

        def tx(db: Db, now: datetime) -> CheckIn:
            rows: list[Row] = []
            for column, value in lookups:
                rows = db.execute(f"SELECT * FROM appointments WHERE {column}=? ORDER BY slot_start",
                                  (value,)).fetchall()
                if rows:
                    break
            if not rows:
                if invalid is not None:
                    return CheckIn(CheckInOutcome.INVALID, invalid)
                return CheckIn(CheckInOutcome.UNKNOWN, T.CHECKIN_UNKNOWN)
            appt = pick_appointment(rows, now)
            booking = appointment_from_row(appt)
            if appt["ticket_id"] is not None:
                ticket = self.estimated(db, ticket_by_id(db, appt["ticket_id"]), now)
                return CheckIn(CheckInOutcome.ALREADY, T.CHECKIN_ALREADY(number=ticket.number), ticket=ticket,
                               appointment=booking)
            start, end = booking.slot_start, booking.slot_end
            slot = {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
            earliest = start - timedelta(minutes=policy.appointment_early_minutes)
            latest = end + timedelta(minutes=policy.appointment_late_minutes)
            if now < earliest:
                when = (f"{earliest:%H:%M}" if earliest.date() == now.date() else
                        T.CHECKIN_DATE(month=literal(str(earliest.month), f"{earliest:%b}"), day=earliest.day,
                                       at=f"{earliest:%H:%M}"))
                return CheckIn(CheckInOutcome.TOO_EARLY, T.CHECKIN_TOO_EARLY(**slot, when=when), appointment=booking,
                               come_back_at=earliest)
            if now > latest:
                return CheckIn(CheckInOutcome.TOO_LATE, T.CHECKIN_TOO_LATE(**slot), appointment=booking)
            svc = service_row(db, appt["service"])
            row = self._new_ticket(db, now, svc, Lane.APPOINTMENT, kiosk=kiosk, appointment=appt)
            db.execute("UPDATE appointments SET ticket_id=? WHERE code=?", (row["id"], appt["code"]))
            ticket = self.estimated(db, ticket_from_row(row), now)
            append_event(db, now, EventKind.TICKET_CHECKED_IN, ticket=row,
                         actor=f"kiosk:{kiosk}" if kiosk else OPERATOR, code=appt["code"], kiosk=kiosk,
                         **promised(ticket))
            self._estimates.keep(db, now)
            return CheckIn(CheckInOutcome.CHECKED_IN, T.CHECKIN_OK(number=ticket.number), ticket=ticket,
                           appointment=replace(booking, ticket_id=row["id"]))

        return await self.transact(tx)

    async def appointments(self, day: str | None = None) -> list[Appointment]:
        """The bookings of a day (default today), by slot."""
        day = day or self.today()

        def tx(db: Db) -> list[Appointment]:
            after = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
            rows = db.execute("SELECT * FROM appointments WHERE slot_start >= ? AND slot_start < ? ORDER BY slot_start",
                              (day, after))
            return [appointment_from_row(r) for r in rows]

        return await self.store.read(tx)


def check_in_lookups(text: str, keys: Keys) -> tuple[list[tuple[str, str]], Text | None]:
    """How a check-in's typing is looked up: (column, value) pairs to try in order, and the
    answer when none finds a booking because the typing is a wrong ID number.

    An 18-character ID number (checksum right) is looked up by its hash; a phone number
    (after db.privacy.normalise_phone) by its hash; then the typing as a booking code
    (NFKC, upper case). An ID with a wrong checksum or of 15 digits is only tried as a code,
    and answers `invalid` when that finds nothing.

    Args:
        text: what was typed or scanned.
        keys: the hall's personal-data key.

    Returns:
        (lookups, invalid): lookups empty when nothing was typed.
    """
    lookups: list[tuple[str, str]] = []
    invalid: Text | None = None
    id_number = privacy.normalise_id(text)
    if privacy.ID_RE.match(id_number) or re.fullmatch(r"\d{15}", id_number):
        problem = privacy.id_problem(id_number)
        if problem is None:
            lookups.append(("id_hash", keys.id_hash(id_number)))
        else:
            invalid = T.CHECKIN_ID_15_DIGITS if problem == privacy.IdProblem.FIFTEEN_DIGITS else T.CHECKIN_INVALID_ID
    phone = privacy.normalise_phone(text)
    if privacy.valid_phone(phone):
        lookups.append(("phone_hash", keys.phone_hash(phone)))
    code = privacy.unwrap(text).upper()
    if code:
        lookups.append(("code", code))
    return lookups, invalid


def promised(ticket: Ticket) -> dict[str, int | bool | None]:
    """What a ticket was promised when it was issued, for its event: people ahead and the
    expected wait with its range (minutes), so reports can tell how right it was."""
    return {"ahead": ticket.ahead, "estimate_min": ticket.estimate_min, "estimate_low_min": ticket.estimate_low_min,
            "estimate_high_min": ticket.estimate_high_min, "no_window": ticket.no_window}


def _wait_of(promise: dict[str, Any]) -> dict[str, Any]:
    """The wait of a promise, without the count of people ahead (which moves with each call)."""
    return {key: promise.get(key) for key in ("estimate_min", "estimate_low_min", "estimate_high_min", "no_window")}


def issued_today(db: Db, now: datetime, prefix: str) -> int:
    """How many numbers of `prefix` the day has given out."""
    row = db.execute("SELECT last FROM counters WHERE day=? AND prefix=?", (now.date().isoformat(), prefix)).fetchone()
    return int(row[0]) if row else 0


def _names(svc: Row) -> Text:
    return literal(svc["name"], svc["name_en"])


def walk_in_refusal(svc: Row, issued: int, now: datetime,
                    calendar: HallCalendar | None = None) -> ServiceUnavailable | None:
    """Why a walk-in ticket for this service (a services row) cannot be had now, if it cannot.

    Args:
        svc: the services row.
        issued: numbers of this service already given out today.
        now: hall time.
        calendar: the hall's calendar: a closed day refuses, a half day's hours apply.

    Returns:
        None when a walk-in ticket can be issued, else the refusal to raise: code
        hall_closed (the hall does not work today; detail `opens_on`, the next open day, or
        None), closed (by the supervisor), appointment_only, hours (detail `opens_at` "HH:MM"
        when it opens later today, else None) or limit (the daily limit).
    """
    name = _names(svc)
    if calendar is not None:
        if not calendar.is_open_or_unknown(now.date()):
            nxt = calendar.next_open_day(now.date())
            when = T.DAY(month=nxt.month, day=nxt.day) if nxt else T.SOON
            return ServiceUnavailable(Refusal.HALL_CLOSED, T.HALL_CLOSED_TODAY(when=when),
                                      opens_on=nxt.isoformat() if nxt else None)
    if not svc["is_open"]:
        return ServiceUnavailable(Refusal.CLOSED, T.SERVICE_CLOSED(name=name))
    if svc["appointment_only"]:
        return ServiceUnavailable(Refusal.APPOINTMENT_ONLY, T.APPOINTMENT_ONLY(name=name))
    hours = service_hours(svc, now.date(), calendar)
    if hours is not None and not any(a <= now.time() < b for a, b in hours):
        later = [a for a, _ in hours if a > now.time()]
        if later:
            at = later[0].strftime("%H:%M")
            return ServiceUnavailable(Refusal.HOURS, T.OPENS_LATER(name=name, at=at), opens_at=at)
        return ServiceUnavailable(Refusal.HOURS, T.CLOSED_FOR_TODAY(name=name), opens_at=None)
    limit = svc["daily_limit"]
    if limit and issued >= limit:
        return ServiceUnavailable(Refusal.LIMIT, T.DAILY_LIMIT(name=name, limit=limit))
    return None


def service_hours(svc: Row, day: date, calendar: HallCalendar | None = None) -> list[tuple[time, time]] | None:
    """The service's (a services row) opening hours on `day`; see hours_on."""
    own = [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in json.loads(svc["hours"])]
    return hours_on(own, day, calendar)


def hours_on(own: Sequence[tuple[time, time]], day: date,
             calendar: HallCalendar | None = None) -> list[tuple[time, time]] | None:
    """Opening hours on `day` (None: open all day): a service's configured hours `own`
    (none listed: all day), cut to the hall's hours on a half day."""
    half = calendar.hours_on(day) if calendar is not None else None
    if half is None:
        return list(own) or None
    if not own:
        return list(half)
    return [(max(a, c), min(b, d)) for a, b in own for c, d in half if max(a, c) < min(b, d)]


def pick_appointment(rows: list[Row], now: datetime) -> Row:
    """Of a person's bookings, the one this check-in is about: today's first (one not yet
    checked in, nearest slot), then the next future one, then the latest past one."""
    today = now.date().isoformat()
    todays = [r for r in rows if r["slot_start"][:10] == today]
    if todays:
        pool = [r for r in todays if r["ticket_id"] is None] or todays
        return min(pool, key=lambda r: abs((parse_required(r["slot_start"]) - now).total_seconds()))
    future = [r for r in rows if r["slot_start"][:10] > today]
    return future[0] if future else rows[-1]
