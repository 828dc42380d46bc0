"""Importing bookings from the online booking system (CSV or JSON).

Each row: code, name, id_number, phone, service, slot_start, slot_end. Bad rows are
reported with their line number and skipped; good rows are imported; importing the
same file again changes nothing (rows are keyed by code). ID and phone numbers are
kept only as keyed hashes and masked forms.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TypedDict, cast

from hallq.db import privacy
from hallq.db import report_texts as R
from hallq.db import texts as T
from hallq.db.clock import iso, parse_required
from hallq.db.config import HallConfig
from hallq.db.core import EngineCore, Keys
from hallq.db.errors import DataError
from hallq.db.models import ImportReport
from hallq.db.rows import Db
from hallq.db.store import append_event
from hallq.db.vocabulary import EventKind

FIELDS = ("code", "name", "id_number", "phone", "service", "slot_start", "slot_end")
CODE_RE = re.compile(r"^[A-Z0-9-]{4,32}$")

#: a booking as read from a file: (line number, the row: a dict of fields, or whatever a JSON item was)
NumberedRow = tuple[int, object]


class Booking(TypedDict):
    """A booking row checked and ready to store (the appointments columns, in order)."""

    code: str
    name: str
    service: str
    slot_start: str
    slot_end: str
    id_hash: str | None
    id_masked: str | None
    phone_hash: str | None
    phone_masked: str | None


def read_file(path: str | Path) -> list[NumberedRow]:
    """The bookings of a .csv or .json file (JSON also when the text starts with [ or {).

    Returns:
        (line number, row) pairs: the CSV line, or the JSON item's place from 1.

    Raises:
        DataError: no such file, not UTF-8, CSV columns missing, not JSON, not a list.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(T.NO_FILE(path=str(path))) from None
    except UnicodeDecodeError:
        raise DataError(T.NOT_UTF8(path=str(path))) from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        return parse_json(text, str(path))
    return parse_csv(text)


def parse_csv(text: str) -> list[NumberedRow]:
    """CSV bookings with a header row naming at least code, service, slot_start, slot_end.

    Raises:
        DataError: a required column is missing.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in ("code", "service", "slot_start", "slot_end") if f not in (reader.fieldnames or [])]
    if missing:
        raise DataError(T.CSV_MISSING_COLUMNS(columns=", ".join(missing)))
    return [(reader.line_num, row) for row in reader]


def parse_json(text: str, source: str) -> list[NumberedRow]:
    """JSON bookings: a list of objects, or {"appointments": [...]} (or "items").

    Args:
        text: the JSON text.
        source: the file (or "request body") errors name.

    Returns:
        (place from 1, item) pairs.

    Raises:
        DataError: not JSON (with its line), or no list of bookings.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(T.BAD_JSON(path=source, line=exc.lineno, problem=exc.msg)) from None
    except RecursionError:  # [[[[…]]]] deeper than Python's stack: not bookings either
        raise DataError(T.JSON_TOO_DEEP(path=source)) from None
    if isinstance(data, dict):
        data = data.get("appointments", data.get("items"))
    if not isinstance(data, list):
        raise DataError(T.JSON_NOT_A_LIST)
    return [(i + 1, row) for i, row in enumerate(data)]


def _parse_time(value: object) -> datetime:
    """A slot time, "2026-11-25 09:00" or ISO (slashes taken for dashes), to the minute.

    Raises:
        DataError: not such a time.
    """
    text = str(value or "").strip().replace("/", "-")
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None, second=0, microsecond=0)
    except ValueError:
        raise DataError(R.BOOKING_BAD_TIME(value=value)) from None


def validate(row: object, services: set[str], keys: Keys, today: date | None = None) -> Booking:
    """One booking row → the values to store; ID and phone numbers only hashed and masked.

    Args:
        row: a dict of FIELDS (others are ignored).
        services: the hall's service prefixes.
        keys: the hall's personal-data key.
        today: the hall's today: a slot must be within a year of it (a year typed wrong,
            2020 or 9999, is refused); None: not checked.

    Returns:
        The Booking: code and service upper-cased, times to the minute.

    Raises:
        DataError: the row's problem (a db.report_texts BOOKING_* text).
    """
    if not isinstance(row, dict):
        raise DataError(R.BOOKING_NOT_AN_OBJECT)
    code = str(row.get("code") or "").strip().upper()
    if not CODE_RE.match(code):
        raise DataError(R.BOOKING_BAD_CODE(code=row.get("code")))
    service = str(row.get("service") or "").strip().upper()
    if service not in services:
        raise DataError(R.BOOKING_UNKNOWN_SERVICE(service=row.get("service"), services=", ".join(sorted(services))))
    start, end = _parse_time(row.get("slot_start")), _parse_time(row.get("slot_end"))
    if end <= start:
        raise DataError(R.BOOKING_END_BEFORE_START)
    if start.date() != end.date():
        raise DataError(R.BOOKING_TWO_DAYS)
    if today is not None and abs((start.date() - today).days) > 366:
        raise DataError(R.BOOKING_FAR_DAY(day=start.date().isoformat(), today=today.isoformat()))
    out = Booking(code=code, name=str(row.get("name") or "").strip(), service=service,
                  slot_start=iso(start), slot_end=iso(end),
                  id_hash=None, id_masked=None, phone_hash=None, phone_masked=None)
    id_number = privacy.normalise_id(str(row.get("id_number") or ""))
    if id_number:
        if not privacy.valid_id(id_number):
            raise DataError(R.BOOKING_BAD_ID)
        out["id_hash"] = keys.id_hash(id_number)
        out["id_masked"] = privacy.mask_id(id_number)
    phone = re.sub(r"[\s-]", "", str(row.get("phone") or ""))
    if phone:
        if not privacy.valid_phone(phone):
            raise DataError(R.BOOKING_BAD_PHONE(phone=privacy.mask_phone(phone) if len(phone) > 7 else phone))
        out["phone_hash"] = keys.phone_hash(phone)
        out["phone_masked"] = privacy.mask_phone(phone)
    return out


def _numbered(rows: Iterable[object]) -> list[NumberedRow]:
    """(line, row) pairs as given (from read_file), or rows numbered from 1."""
    items = list(rows)
    if items and isinstance(items[0], tuple):
        return cast(list[NumberedRow], items)  # read_file's pairs
    return list(enumerate(items, 1))


async def import_rows(engine: EngineCore, rows: Iterable[object], actor: str) -> ImportReport:
    """Import bookings in one transaction, with an appointments.imported event.

    A row is new (imported), the same as stored (unchanged), or changed (updated) unless
    it was checked in already. Bad rows are skipped and reported.

    Args:
        engine: the hall engine.
        rows: booking dicts, or (line number, row) pairs from read_file / parse_json.
        actor: who imported them.

    Returns:
        The ImportReport; its `errors` are (line, problem) pairs, the problem in English
        (a db.report_texts BOOKING_* text).

    Raises:
        NotFound(not_set_up): the hall has no config.
    """
    numbered = _numbered(rows)
    services = {s.prefix for s in (await engine.config()).services}
    errors: list[tuple[int, str]] = []
    good: list[tuple[int, Booking]] = []
    for line, row in numbered:
        try:
            good.append((line, validate(row, services, engine.keys, today=engine.now().date())))
        except DataError as exc:
            errors.append((line, exc.text("en")))

    def tx(db: Db, now: datetime) -> tuple[int, int, int]:
        imported = updated = unchanged = 0
        for line, values in good:
            old = db.execute("SELECT * FROM appointments WHERE code=?", (values["code"],)).fetchone()
            if old is None:
                db.execute("INSERT INTO appointments (code, name, service, slot_start, slot_end, id_hash, id_masked,"
                           " phone_hash, phone_masked, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                           (*values.values(), iso(now)))
                imported += 1
            elif all(old[k] == v for k, v in values.items()):
                unchanged += 1
            elif old["ticket_id"] is not None:
                errors.append((line, R.BOOKING_CHECKED_IN(code=values["code"]).text("en")))
            else:
                db.execute("UPDATE appointments SET name=?, service=?, slot_start=?, slot_end=?, id_hash=?,"
                           " id_masked=?, phone_hash=?, phone_masked=? WHERE code=?",
                           (values["name"], values["service"], values["slot_start"], values["slot_end"],
                            values["id_hash"], values["id_masked"], values["phone_hash"], values["phone_masked"],
                            values["code"]))
                updated += 1
        append_event(db, now, EventKind.APPOINTMENTS_IMPORTED, actor=actor, imported=imported, updated=updated,
                     unchanged=unchanged, errors=len(errors))
        return imported, updated, unchanged

    imported, updated, unchanged = await engine.transact(tx)
    warnings = slot_warnings(await engine.config(), good)
    return ImportReport(imported, updated, unchanged, tuple(sorted(errors)), tuple(warnings))


def slot_warnings(config: HallConfig, bookings: list[tuple[int, Booking]]) -> list[tuple[int, str]]:
    """(line, problem) of bookings whose slot falls on a day the hall is closed, or outside
    their service's hours that day: imported all the same, for the operator to check."""
    from hallq.db.calendar import CalendarGap, HallCalendar
    from hallq.db.issuing import hours_on

    calendar = HallCalendar(config.calendar)
    hours = {s.prefix: s.hours for s in config.services}
    out = []
    for line, booking in bookings:
        start, end = parse_required(booking["slot_start"]), parse_required(booking["slot_end"])
        try:
            closed = not calendar.is_open(start.date())
        except CalendarGap:
            closed = False
        if closed:
            out.append((line, R.BOOKING_CLOSED_DAY(day=start.date().isoformat()).text("en")))
            continue
        open_hours = hours_on(hours.get(booking["service"], ()), start.date(), calendar)
        if open_hours is not None and not any(a <= start.time() and end.time() <= b for a, b in open_hours):
            out.append((line, R.BOOKING_OUTSIDE_HOURS(start=f"{start:%H:%M}", end=f"{end:%H:%M}").text("en")))
    return out
