"""Importing bookings (预约) from the online booking system: a file, or the booking API.

A booking file is read by db.booking_files (CSV in UTF-8, GBK/GB18030 or UTF-16, Excel
workbooks, JSON; English or Chinese headers); here each booking is checked and brought to
what the engine stores: code, name, service prefix, slot in hall time to the minute, and
ID and phone numbers only as keyed hashes and masked forms (db.privacy normalises them:
the kiosk's check-in box uses the same rules).

The rules of an import:
- every problem names the file, the line (or sheet and row) and the column (RowProblem);
- a booking with an error is not imported; with `skip_bad_rows` False (the command line's
  default) a file with any error imports nothing at all: all or nothing per file;
- some problems are warnings, and the booking is imported all the same: a slot on a day the
  hall is closed or outside its service's hours, an ID or phone number Excel turned into a
  number (imported without it, so check-in by code or the other number still works), a
  booking changed after it was checked in (the stored one is kept);
- a code given twice in one file or request is an error on each of its rows (which is
  right cannot be told);
- importing the same bookings again changes nothing (they are keyed by code); a changed
  booking is updated;
- a dry run reports all this and stores nothing.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypedDict

from hallq.db import privacy
from hallq.db import report_texts as R
from hallq.db.booking_files import BookingFile, Cell, RawBooking, blank, from_rows
from hallq.db.booking_values import ServiceNames, clean, parse_date, parse_datetime, parse_slot, parse_time
from hallq.db.clock import iso, parse_required, zone_of
from hallq.db.config import HallConfig
from hallq.db.core import EngineCore, Keys
from hallq.db.errors import DataError
from hallq.db.models import ImportedBooking, ImportOutcome, ImportReport, RowProblem, SourceKind
from hallq.db.rows import Db
from hallq.db.store import append_event
from hallq.db.vocabulary import EventKind
from hallq.i18n import Text, literal

CODE_RE = re.compile(r"^[A-Z0-9-]{4,32}$")
#: the longest name a booking may give (characters): long transliterated minority and
#: foreign names stay well under it; a longer one is a column of something else, or a
#: quote gone wrong in the file, and would overflow the slip and the counter's screen
NAME_MAX = 100
#: the text naming the places of a code given twice, by what the places are
_CODE_TWICE = {SourceKind.CSV: R.BOOKING_CODE_TWICE_LINES, SourceKind.XLSX: R.BOOKING_CODE_TWICE_ROWS,
               SourceKind.JSON: R.BOOKING_CODE_TWICE_ITEMS, SourceKind.ROWS: R.BOOKING_CODE_TWICE_ITEMS}


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


@dataclass
class Checked:
    """One booking of an import, checked.

    Attributes:
        raw: the row as read.
        booking: what to store; None when the row has errors.
        errors, warnings: its problems.
        slot_cell: the cell the slot's problems are named at (start, slot or date column).
    """

    raw: RawBooking
    booking: Booking | None = None
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    slot_cell: Cell | None = None


class _Bad(Exception):
    """A field's problem, raised inside BookingChecker."""

    def __init__(self, field: str, message: Text):
        super().__init__(field)
        self.field, self.message = field, message


def _text(value: object) -> str:
    """A cell as text: a whole float without ".0" (a number cell), NFKC, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)


class BookingChecker:
    """Checks bookings against one hall: its services (by prefix, name or alias), its time
    zone and its personal-data key.

    Args:
        config: the hall config.
        keys: the hall's personal-data key.
        today: the hall's today: a slot must be within a year of it (a year typed wrong,
            2020 or 9999, is refused); None: not checked.
    """

    def __init__(self, config: HallConfig, keys: Keys, today: date | None = None):
        self.services = ServiceNames(config)
        self.zone = zone_of(config.timezone)
        self.keys = keys
        self.today = today

    def check(self, raw: RawBooking) -> Checked:
        """Check one row: every field's problem is reported, not only the first.

        Returns:
            The Checked row: `booking` set when it has no errors.
        """
        out = Checked(raw)
        cells = raw.cells
        if cells is None:
            out.errors.append(RowProblem(raw.place, R.BOOKING_NOT_AN_OBJECT))
            return out
        values: dict[str, object] = {}
        for check in (self._code, self._name, self._service, self._slot, self._id, self._phone):
            try:
                values.update(check(cells, out))
            except _Bad as bad:
                out.errors.append(self.problem_at(raw, bad.field, bad.message))
        if out.errors:
            return out
        start, end = values["start"], values["end"]
        assert isinstance(start, datetime) and isinstance(end, datetime)
        out.booking = Booking(code=str(values["code"]), name=str(values["name"]),
                              service=str(values["service"]), slot_start=iso(start), slot_end=iso(end),
                              id_hash=_opt(values.get("id_hash")), id_masked=_opt(values.get("id_masked")),
                              phone_hash=_opt(values.get("phone_hash")), phone_masked=_opt(values.get("phone_masked")))
        return out

    def problem_at(self, raw: RawBooking, field_name: str, message: Text) -> RowProblem:
        cell = raw.cells.get(field_name) if raw.cells else None
        if cell is None:
            return RowProblem(raw.place, message, field_name)
        return RowProblem(raw.place, message, cell.column, cell.letter)

    def _code(self, cells: dict[str, Cell], out: Checked) -> dict[str, object]:
        value = cells["code"].value if "code" in cells else None
        if blank(value):
            raise _Bad("code", R.BOOKING_EMPTY)
        code = _text(value).upper()
        if not CODE_RE.match(code):
            raise _Bad("code", R.BOOKING_BAD_CODE(code=_text(value)))
        return {"code": code}

    def _name(self, cells: dict[str, Cell], out: Checked) -> dict[str, object]:
        name = _text(cells["name"].value) if "name" in cells else ""
        if len(name) > NAME_MAX:
            raise _Bad("name", R.BOOKING_NAME_TOO_LONG(length=len(name), most=NAME_MAX))
        return {"name": name}

    def _service(self, cells: dict[str, Cell], out: Checked) -> dict[str, object]:
        value = cells["service"].value if "service" in cells else None
        if blank(value):
            raise _Bad("service", R.BOOKING_EMPTY)
        prefix = self.services.find(_text(value))
        if prefix is None:
            raise _Bad("service", R.BOOKING_UNKNOWN_SERVICE(service=_text(value), services=self.services.listing))
        return {"service": prefix}

    def _slot(self, cells: dict[str, Cell], out: Checked) -> dict[str, object]:
        day: date | None = None
        date_cell = cells.get("date")
        if date_cell is not None and not blank(date_cell.value):
            try:
                day = parse_date(date_cell.value)
            except ValueError:
                raise _Bad("date", R.BOOKING_BAD_DATE(value=_text(date_cell.value))) from None
        start_cell, end_cell, slot_cell = cells.get("slot_start"), cells.get("slot_end"), cells.get("slot")
        given = [c for c in (start_cell, end_cell) if c is not None and not blank(c.value)]
        if given or slot_cell is None:
            out.slot_cell = start_cell
            start = self._when(start_cell, "slot_start", day)
            end = self._when(end_cell, "slot_end", day)
            end_field = "slot_end"
        else:
            out.slot_cell = slot_cell
            if blank(slot_cell.value):
                raise _Bad("slot", R.BOOKING_EMPTY)
            try:
                slot_day, a, b = parse_slot(slot_cell.value)
            except ValueError:
                raise _Bad("slot", R.BOOKING_BAD_SLOT(value=_text(slot_cell.value))) from None
            slot_day = slot_day or day
            if slot_day is None:
                raise _Bad("slot", R.BOOKING_SLOT_NO_DAY(value=_text(slot_cell.value)))
            start, end = datetime.combine(slot_day, a), datetime.combine(slot_day, b)
            end_field = "slot"
        if end <= start:
            raise _Bad(end_field, R.BOOKING_END_BEFORE_START)
        if start.date() != end.date():
            raise _Bad(end_field, R.BOOKING_TWO_DAYS)
        if self.today is not None and abs((start.date() - self.today).days) > 366:
            raise _Bad(end_field, R.BOOKING_FAR_DAY(day=start.date().isoformat(), today=self.today.isoformat()))
        return {"start": start, "end": end}

    def _when(self, cell: Cell | None, field_name: str, day: date | None) -> datetime:
        """A start or end cell: a date and time, or a time of day on `day` (the date column)."""
        if cell is None or blank(cell.value):
            raise _Bad(field_name, R.BOOKING_EMPTY)
        try:
            return parse_datetime(cell.value, self.zone)
        except ValueError:
            if day is None:
                raise _Bad(field_name, R.BOOKING_BAD_TIME(value=_text(cell.value))) from None
        try:
            return datetime.combine(day, parse_time(cell.value))
        except ValueError:
            raise _Bad(field_name, R.BOOKING_BAD_CLOCK(value=_text(cell.value))) from None

    def _id(self, cells: dict[str, Cell], out: Checked) -> dict[str, object]:
        cell = cells.get("id_number")
        if cell is None or blank(cell.value):
            return {}
        value = cell.value
        if isinstance(value, float) and not (value.is_integer() and abs(value) < 1e15):
            number = f"{value:.5E}"  # as Excel shows it: 1.50627E+17
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            number = str(int(value))
        else:
            number = privacy.normalise_id(str(value))
        problem = privacy.id_problem(number)
        if problem == privacy.IdProblem.EXCEL_NUMBER:
            shown = privacy.mask_id(number) if number.isdigit() else number
            out.warnings.append(self.problem_at(out.raw, "id_number", R.BOOKING_ID_EXCEL(value=shown)))
            return {}
        if problem is not None:
            raise _Bad("id_number", {
                privacy.IdProblem.FIFTEEN_DIGITS: R.BOOKING_ID_15,
                privacy.IdProblem.LENGTH: R.BOOKING_ID_LENGTH(length=len(number)),
                privacy.IdProblem.CHECKSUM: R.BOOKING_ID_CHECKSUM,
                privacy.IdProblem.BIRTH_DATE: R.BOOKING_ID_BIRTH,
            }[problem])
        return {"id_hash": self.keys.id_hash(number), "id_masked": privacy.mask_id(number)}

    def _phone(self, cells: dict[str, Cell], out: Checked) -> dict[str, object]:
        cell = cells.get("phone")
        if cell is None or blank(cell.value):
            return {}
        value = cell.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = str(int(value)) if float(value).is_integer() else f"{value:.5E}"
        else:
            text = str(value)
        phone = privacy.normalise_phone(text)
        if privacy.excel_mangled(phone.upper()):
            out.warnings.append(self.problem_at(out.raw, "phone", R.BOOKING_PHONE_EXCEL(value=phone)))
            return {}
        if not privacy.valid_phone(phone):
            raise _Bad("phone", R.BOOKING_BAD_PHONE(phone=privacy.mask_phone(phone) if len(phone) > 7 else phone))
        return {"phone_hash": self.keys.phone_hash(phone), "phone_masked": privacy.mask_phone(phone)}


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def validate(row: object, config: HallConfig, keys: Keys) -> Booking:
    """One booking (a dict of fields, as JSON has them) → the values to store.

    Args:
        row: the booking.
        config: the hall config (services, time zone).
        keys: the hall's personal-data key.

    Returns:
        The Booking.

    Raises:
        DataError: its first error (a db.report_texts BOOKING_* text; detail `column`).
    """
    checked = BookingChecker(config, keys).check(from_rows([row]).rows[0])
    if checked.booking is None:
        first = checked.errors[0]
        raise DataError(first.message, column=first.column)
    return checked.booking


def check_file(source: BookingFile, config: HallConfig, keys: Keys, today: date | None = None) -> list[Checked]:
    """Every row of a file checked, codes given twice marked as errors on each of their rows
    (`today`: see BookingChecker).

    Returns:
        The rows in order.
    """
    checker = BookingChecker(config, keys, today)
    rows = [checker.check(raw) for raw in source.rows]
    by_code: dict[str, list[Checked]] = defaultdict(list)
    for row in rows:
        code = _text(row.raw.cells["code"].value).upper() if row.raw.cells and "code" in row.raw.cells else ""
        if CODE_RE.match(code):
            by_code[code].append(row)
    for code, same in by_code.items():
        if len(same) < 2:
            continue
        numbers = [str(r.raw.place.row) for r in same]
        places = literal("、".join(numbers), ", ".join(numbers))
        for row in same:
            row.errors.append(checker.problem_at(row.raw, "code", _CODE_TWICE[source.kind](code=code, rows=places)))
            row.booking = None
    _warn_one_id_two_names(rows, checker)
    return rows


def _warn_one_id_two_names(rows: list[Checked], checker: BookingChecker) -> None:
    """One ID number under different names is a typing slip in one of them (check-in by ID
    finds both): a warning on each of their rows, naming the others."""
    by_id: dict[str, list[Checked]] = defaultdict(list)
    for row in rows:
        if row.booking is not None and row.booking["id_hash"]:
            by_id[row.booking["id_hash"]].append(row)
    for same in by_id.values():
        if len({r.booking["name"] for r in same if r.booking is not None}) < 2:
            continue
        for row in same:
            others = [str(r.raw.place.row) for r in same if r is not row]
            row.warnings.append(checker.problem_at(row.raw, "id_number", R.BOOKING_ID_TWO_NAMES(
                rows=literal("、".join(others), ", ".join(others)))))


def _outcome(db: Db, booking: Booking) -> ImportOutcome:
    old = db.execute("SELECT * FROM appointments WHERE code=?", (booking["code"],)).fetchone()
    if old is None:
        return ImportOutcome.NEW
    if all(old[k] == v for k, v in booking.items()):
        return ImportOutcome.UNCHANGED
    return ImportOutcome.KEPT if old["ticket_id"] is not None else ImportOutcome.UPDATED


def _plan(db: Db, bookings: list[Booking]) -> list[ImportOutcome]:
    return [_outcome(db, b) for b in bookings]


async def import_rows(engine: EngineCore, rows: BookingFile | Iterable[object], actor: str, *,
                      skip_bad_rows: bool = True, dry_run: bool = False) -> ImportReport:
    """Import bookings in one transaction, with an appointments.imported event.

    Args:
        engine: the hall engine.
        rows: a BookingFile (db.booking_files.read_file / parse_json), or booking dicts.
        actor: who imported them.
        skip_bad_rows: import the good bookings when some have errors; False: all or
            nothing (a file with an error imports nothing).
        dry_run: check and report only; store nothing.

    Returns:
        The ImportReport (see the module doc for errors and warnings).

    Raises:
        NotFound(not_set_up): the hall has no config.
    """
    source = rows if isinstance(rows, BookingFile) else from_rows(rows)
    config = await engine.config()
    checked = check_file(source, config, engine.keys, engine.now().date())
    good = [c for c in checked if c.booking is not None]
    bookings = [c.booking for c in good if c.booking is not None]
    errors = [e for c in checked for e in c.errors]
    write = not dry_run and (skip_bad_rows or not errors)

    def tx(db: Db, now: datetime) -> list[ImportOutcome]:
        outcomes = _plan(db, bookings)
        for values, outcome in zip(bookings, outcomes, strict=True):
            if outcome == ImportOutcome.NEW:
                db.execute("INSERT INTO appointments (code, name, service, slot_start, slot_end, id_hash, id_masked,"
                           " phone_hash, phone_masked, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                           (*values.values(), iso(now)))
            elif outcome == ImportOutcome.UPDATED:
                db.execute("UPDATE appointments SET name=?, service=?, slot_start=?, slot_end=?, id_hash=?,"
                           " id_masked=?, phone_hash=?, phone_masked=? WHERE code=?",
                           (values["name"], values["service"], values["slot_start"], values["slot_end"],
                            values["id_hash"], values["id_masked"], values["phone_hash"], values["phone_masked"],
                            values["code"]))
        append_event(db, now, EventKind.APPOINTMENTS_IMPORTED, actor=actor,
                     imported=outcomes.count(ImportOutcome.NEW), updated=outcomes.count(ImportOutcome.UPDATED),
                     unchanged=outcomes.count(ImportOutcome.UNCHANGED), errors=len(errors),
                     source=source.source or None)
        return outcomes

    outcomes = await engine.transact(tx) if write else await engine.read(_plan, bookings)
    warnings = list(source.notes)
    for row, outcome in zip(good, outcomes, strict=True):
        if outcome == ImportOutcome.KEPT and row.booking is not None:
            warnings.append(RowProblem(row.raw.place, R.BOOKING_CHECKED_IN(code=row.booking["code"]),
                                       *_column(row.raw, "code")))
    warnings += [w for c in checked if c.booking is not None for w in c.warnings]
    warnings += slot_warnings(config, good)
    imported = tuple(ImportedBooking(c.raw.place, o, b["code"], b["name"], b["service"],
                                     parse_required(b["slot_start"]), parse_required(b["slot_end"]),
                                     b["id_masked"], b["phone_masked"])
                     for c, o in zip(good, outcomes, strict=True) if (b := c.booking) is not None)
    return ImportReport(imported=outcomes.count(ImportOutcome.NEW), updated=outcomes.count(ImportOutcome.UPDATED),
                        unchanged=outcomes.count(ImportOutcome.UNCHANGED),
                        errors=tuple(sorted(errors, key=_order)), warnings=tuple(sorted(warnings, key=_order)),
                        written=write, dry_run=dry_run, source=source.source, encoding=source.encoding,
                        bookings=imported, ignored_columns=source.ignored_columns)


def _order(problem: RowProblem) -> tuple[int, str]:
    return problem.place.row, problem.letter or problem.column or ""


def _column(raw: RawBooking, field_name: str) -> tuple[str | None, str | None]:
    cell = raw.cells.get(field_name) if raw.cells else None
    return (cell.column, cell.letter) if cell is not None else (field_name, None)


def slot_warnings(config: HallConfig, bookings: list[Checked]) -> list[RowProblem]:
    """Problems of good bookings whose slot falls on a day the hall is closed, or outside
    their service's hours that day: imported all the same, for the operator to check.

    Args:
        config: the hall config (calendar and service hours).
        bookings: checked rows with a booking.

    Returns:
        A warning per such booking, at its slot's column.
    """
    from hallq.db.calendar import HallCalendar
    from hallq.db.issuing import hours_on

    calendar = HallCalendar(config.calendar)
    hours = {s.prefix: s.hours for s in config.services}
    out = []
    for row in bookings:
        booking = row.booking
        if booking is None:
            continue
        start, end = parse_required(booking["slot_start"]), parse_required(booking["slot_end"])
        column, letter = (row.slot_cell.column, row.slot_cell.letter) if row.slot_cell else ("slot_start", None)
        if not calendar.is_open_or_unknown(start.date()):
            out.append(RowProblem(row.raw.place, R.BOOKING_CLOSED_DAY(day=start.date().isoformat()), column, letter))
            continue
        open_hours = hours_on(hours.get(booking["service"], ()), start.date(), calendar)
        if open_hours is not None and not any(a <= start.time() and end.time() <= b for a, b in open_hours):
            out.append(RowProblem(row.raw.place, R.BOOKING_OUTSIDE_HOURS(start=f"{start:%H:%M}", end=f"{end:%H:%M}"),
                                  column, letter))
    return out
