"""Plain frozen dataclasses the engine returns. No behaviour beyond presentation helpers.

Each has `to_json()` giving the shape `--json` and the web API send: datetimes as ISO
text (seconds), enums as their string values.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

from hallq.db import report_texts as R
from hallq.db import texts as T
from hallq.db.vocabulary import CheckInOutcome, EventKind, Lane, Role, TicketState, WindowState
from hallq.i18n import Text

JsonDict = dict[str, Any]


def jsonable(value: Any) -> Any:
    """`value` with datetimes as ISO text, dates as ISO dates, enums as their values."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Ticket:
    """A ticket (号). `ahead` and the estimate fields are filled for waiting tickets by the
    queries that say so (people ahead by the queue rule; the expected wait in minutes and
    its range from db/estimator.py, or `no_window`)."""

    id: int
    day: str                      # the hall day, YYYY-MM-DD
    number: str                   # e.g. "A001"
    service: str                  # the prefix it waits for or was served under now
    state: TicketState
    lane: Lane
    priority: str | None          # a green-channel reason: "elderly" or a key of hall.toml [priority] reasons
    taken_at: datetime
    called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    window: int | None = None
    target_window: int | None = None
    recalls: int = 0
    appointment_code: str | None = None
    slot_start: datetime | None = None
    slot_end: datetime | None = None
    token: str = ""               # the slip's status-page token
    kiosk: str | None = None
    note: str | None = None
    original_service: str = ""
    ahead: int | None = None
    estimate_min: int | None = None       # expected wait from now, minutes (db/estimator.py)
    estimate_low_min: int | None = None   # … the range it should fall in 8 times in 10
    estimate_high_min: int | None = None
    no_window: bool = False               # waiting, but no open window serves its service

    @property
    def is_appointment(self) -> bool:
        return self.appointment_code is not None

    def state_label(self, lang: str = "zh") -> str:
        return T.TICKET_STATE[self.state].text(lang)

    def priority_label(self, lang: str = "zh", labels: Mapping[str, Text] | None = None) -> str | None:
        """The green-channel reason in `lang`, None without one.

        Args:
            lang: "zh" or "en".
            labels: the hall's reasons, key → label (`HallConfig.priority.labels()`); without
                them the default reasons are named, and any other key is shown as it is.
        """
        if not self.priority:
            return None
        if labels is None:
            labels = {"elderly": T.ELDERLY_REASON, **T.DEFAULT_PRIORITY_REASONS}
        label = labels.get(self.priority)
        return label.text(lang) if label else self.priority

    def waited_minutes(self, now: datetime) -> int:
        """Whole minutes from taken to called (or to `now` while it waits)."""
        end = self.called_at if self.state != TicketState.WAITING and self.called_at else now
        return max(0, int((end - self.taken_at).total_seconds() // 60))

    def to_json(self) -> JsonDict:
        return jsonable(asdict(self))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Window:
    """A window (窗口) with its state as people see it and its current ticket."""

    number: int
    name: str
    services: tuple[str, ...]     # prefixes in order of preference
    state: WindowState            # logged_out, idle, calling, serving or paused
    clerk_id: str | None = None
    clerk_name: str | None = None
    pause_reason: str | None = None
    since: datetime | None = None
    current: Ticket | None = None
    priority_streak: int = 0

    @property
    def logged_in(self) -> bool:
        return self.state != WindowState.LOGGED_OUT

    def state_label(self, lang: str = "zh") -> str:
        return T.WINDOW_STATE[self.state].text(lang)

    def to_json(self) -> JsonDict:
        data: JsonDict = jsonable(asdict(self))
        data["current"] = self.current.number if self.current else None
        return data


@dataclass(frozen=True)
class Clerk:
    """A clerk or supervisor (no PIN: that never leaves the engine)."""

    id: str                       # 工号, e.g. "c01"
    name: str
    role: Role
    disabled: bool = False
    locked_until: datetime | None = None  # wrong PINs: locked until then
    window: int | None = None             # the window they are logged in at now

    def to_json(self) -> JsonDict:
        return jsonable(asdict(self))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Event:
    """One row of the append-only event log."""

    id: int
    at: datetime
    day: str
    kind: EventKind | str         # a kind this version does not know stays a string
    ticket_id: int | None = None
    number: str | None = None
    service: str | None = None
    window: int | None = None
    actor: str | None = None
    data: JsonDict = field(default_factory=dict)

    def to_json(self) -> JsonDict:
        return jsonable(asdict(self))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ServiceQueue:
    """One service's queue as panels and `hallq queues` show it."""

    prefix: str
    name: str
    name_en: str
    waiting: int
    longest_wait_min: int
    next_numbers: tuple[str, ...]  # the next calls, in the queue rule's order
    is_open: bool
    windows_open: int
    handling_minutes: float
    appointment_only: bool = False
    closed_reason: str | None = None  # why no walk-in ticket now: a ServiceUnavailable code (a Refusal)
    opens_at: str | None = None       # "HH:MM" when closed_reason is hours and it opens later today
    #: the wait a walk-in ticket taken now would be promised (minutes; db/estimator.py),
    #: None when no open window serves the service
    estimate_min: int | None = None
    estimate_low_min: int | None = None
    estimate_high_min: int | None = None

    @property
    def walk_in_open(self) -> bool:
        return self.closed_reason is None

    def label(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name

    def to_json(self) -> JsonDict:
        return jsonable(asdict(self))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Call:
    """One call of a ticket to a window, as the hall screen shows it."""

    event_id: int
    at: datetime
    number: str
    window: int
    window_name: str
    service: str
    recall: bool

    def to_json(self) -> JsonDict:
        return jsonable(asdict(self))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Appointment:
    """A booking (预约); ID and phone only masked."""

    code: str
    name: str
    service: str
    slot_start: datetime
    slot_end: datetime
    id_masked: str | None
    phone_masked: str | None
    ticket_id: int | None = None

    def to_json(self) -> JsonDict:
        return jsonable(asdict(self))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class CheckIn:
    """The answer to an appointment check-in: `outcome` says what happened, `message` says
    it to the citizen."""

    outcome: CheckInOutcome
    message: Text
    ticket: Ticket | None = None
    appointment: Appointment | None = None
    come_back_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == CheckInOutcome.CHECKED_IN

    def text(self, lang: str = "zh") -> str:
        return self.message.text(lang)

    def to_json(self) -> JsonDict:
        data: JsonDict = jsonable({k: v for k, v in asdict(self).items() if k != "message"})
        data.update(message_zh=self.message.text("zh"), message_en=self.message.text("en"))
        return data


class SourceKind(StrEnum):
    """Where bookings of an import came from."""

    CSV = "csv"      # a CSV or tab-separated text file: places are lines
    XLSX = "xlsx"    # an Excel workbook: places are a sheet's rows
    JSON = "json"    # a JSON file or the booking API's request body: places are items (and lines)
    ROWS = "rows"    # booking dicts given in code: places are items


@dataclass(frozen=True)
class Place:
    """Where one booking is in what was imported.

    Attributes:
        source: the file as given, "request body" for the booking API, "" for rows given in code.
        kind: what it was (SourceKind).
        row: the CSV line, the sheet's row, or the JSON item / row given, counted from 1.
        sheet: the XLSX sheet's name.
        line: JSON: the line the item starts on.
    """

    source: str
    kind: SourceKind
    row: int
    sheet: str | None = None
    line: int | None = None

    def label(self) -> Text:
        """The place as a person looks for it: "bookings.csv, line 7", "bookings.xlsx,
        sheet '预约', row 7", "bookings.json, line 12 (item 3)", "item 3"."""
        if self.kind == SourceKind.CSV:
            return R.PLACE_LINE(file=self.source, line=self.row)
        if self.kind == SourceKind.XLSX:
            return R.PLACE_SHEET_ROW(file=self.source, sheet=self.sheet or "", row=self.row)
        if self.kind == SourceKind.JSON and self.line is not None:
            return R.PLACE_JSON_ITEM(file=self.source, line=self.line, item=self.row)
        return R.PLACE_ITEM(item=self.row)

    def to_json(self) -> JsonDict:
        return {"source": self.source, "kind": self.kind.value, "row": self.row, "sheet": self.sheet,
                "line": self.line}


@dataclass(frozen=True)
class RowProblem:
    """A problem with one booking of an import (an error: not imported; or a warning:
    imported all the same), and where it is: file, line (or sheet and row) and column.

    Attributes:
        place: the booking's place.
        message: what is wrong and what to do (a db.report_texts BOOKING_* text).
        column: the column as the file names it (its header, or the JSON key); None when
            the problem is the whole row's.
        letter: the spreadsheet column (A, B, …) of a CSV or XLSX column.
    """

    place: Place
    message: Text
    column: str | None = None
    letter: str | None = None

    @property
    def row(self) -> int:
        """The place's row: CSV line, sheet row or item (see Place.row)."""
        return self.place.row

    @property
    def problem(self) -> str:
        """The problem in English (what logs and the booking API give)."""
        return self.message.text("en")

    def where(self, lang: str = "zh") -> str:
        """File, line (or sheet and row) and column, in `lang`."""
        place = self.place.label()
        if self.column is None:
            return place.text(lang)
        if self.letter is not None:
            return R.AT_COLUMN(place=place, letter=self.letter, column=self.column).text(lang)
        return R.AT_FIELD(place=place, column=self.column).text(lang)

    def text(self, lang: str = "zh") -> str:
        """"where: problem" in `lang`."""
        return f"{self.where(lang)}: {self.message.text(lang)}"

    def to_json(self) -> JsonDict:
        return {**self.place.to_json(), "column": self.column, "letter": self.letter, "problem": self.problem,
                "problem_zh": self.message.text("zh"), "where": self.where("en"), "where_zh": self.where("zh")}


class ImportOutcome(StrEnum):
    """What an import does with one good booking."""

    NEW = "new"              # imported
    UPDATED = "updated"      # stored before with other values: updated
    UNCHANGED = "unchanged"  # stored before with the same values
    KEPT = "kept"            # changed, but checked in already: the stored booking is kept


@dataclass(frozen=True)
class ImportedBooking:
    """A good booking of an import as it is (or, in a dry run, would be) stored; ID and
    phone only masked."""

    place: Place
    outcome: ImportOutcome
    code: str
    name: str
    service: str
    slot_start: datetime
    slot_end: datetime
    id_masked: str | None
    phone_masked: str | None

    def to_json(self) -> JsonDict:
        data: JsonDict = jsonable({k: v for k, v in asdict(self).items() if k != "place"})
        data["place"] = self.place.to_json()
        return data


@dataclass(frozen=True)
class ImportReport:
    """What an appointment import did (or, in a dry run or when refused, would do).

    Attributes:
        imported, updated, unchanged: good bookings new, changed, the same as stored.
        errors: bookings not imported, with where and why.
        warnings: bookings imported all the same (a closed day, outside the hours, an ID
            Excel turned into a number, a checked-in booking that changed), and notes on
            the file (two columns for one field).
        written: whether the good bookings were stored: False for a dry run, and for a
            file with errors imported without `skip_bad_rows` (all or nothing).
        dry_run: nothing was to be stored.
        source: the file, "request body", or "".
        encoding: how a text file was read (UTF-8, UTF-8 with BOM, GB18030, UTF-16).
        bookings: every good booking with what the import does with it.
        ignored_columns: columns of the file that are not booking fields.
    """

    imported: int
    updated: int
    unchanged: int
    errors: tuple[RowProblem, ...] = ()
    warnings: tuple[RowProblem, ...] = ()
    written: bool = True
    dry_run: bool = False
    source: str = ""
    encoding: str | None = None
    bookings: tuple[ImportedBooking, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    def to_json(self) -> JsonDict:
        return {"imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
                "errors": [e.to_json() for e in self.errors], "warnings": [w.to_json() for w in self.warnings],
                "written": self.written, "dry_run": self.dry_run, "source": self.source, "encoding": self.encoding,
                "bookings": [b.to_json() for b in self.bookings], "ignored_columns": list(self.ignored_columns)}


@dataclass(frozen=True)
class DayClosed:
    """What closing a hall day did."""

    day: str
    expired: int                  # tickets still open that expired
    windows_logged_out: int

    def to_json(self) -> JsonDict:
        return asdict(self)


@dataclass(frozen=True)
class ServiceFigures:
    """One service's figures for a day (minutes)."""

    prefix: str
    name: str
    issued: int
    served: int
    no_shows: int
    waiting: int
    cancelled: int
    mean_wait_min: float | None
    longest_wait_min: float | None
    mean_handling_min: float | None
    waits_over_limit: int
    name_en: str = ""
    called: int = 0          # visits called (db.reports: once per ticket and service)
    transferred: int = 0     # visits transferred away

    def label(self, lang: str = "zh") -> str:
        return (self.name_en or self.name) if lang == "en" else self.name


@dataclass(frozen=True)
class DayFigures:
    """A day's figures per service; the totals are the sums of the rows."""

    day: str
    services: tuple[ServiceFigures, ...]

    @property
    def issued(self) -> int:
        return sum(s.issued for s in self.services)

    @property
    def served(self) -> int:
        return sum(s.served for s in self.services)

    @property
    def no_shows(self) -> int:
        return sum(s.no_shows for s in self.services)

    @property
    def waiting(self) -> int:
        return sum(s.waiting for s in self.services)

    @property
    def called(self) -> int:
        return sum(s.called for s in self.services)

    def to_json(self) -> JsonDict:
        data: JsonDict = jsonable(asdict(self))
        data.update(issued=self.issued, called=self.called, served=self.served, no_shows=self.no_shows,
                    waiting=self.waiting)
        return data


@dataclass(frozen=True)
class WindowFigures:
    """A window's figures for a day."""

    window: int
    served: int
    no_shows: int
    mean_handling_min: float | None


@dataclass(frozen=True)
class DeviceState:
    """The last reported state of a kiosk's printer (or another device)."""

    id: str
    kind: str
    url: str | None
    ok: bool
    warning: bool
    problem: str | None
    since: datetime

    def to_json(self) -> JsonDict:
        return jsonable(asdict(self))  # type: ignore[no-any-return]
