"""Plain dataclasses the engine returns. No behaviour beyond presentation helpers."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

# Ticket states
WAITING, CALLED, SERVING, DONE, NO_SHOW, CANCELLED, EXPIRED = (
    "waiting", "called", "serving", "done", "no_show", "cancelled", "expired")
OPEN_STATES = (WAITING, CALLED, SERVING, NO_SHOW)

# Window states
LOGGED_OUT, IDLE, CALLING, PAUSED = "logged_out", "idle", "calling", "paused"

# Lanes inside one service's queue, called in this order
LANE_APPOINTMENT, LANE_PRIORITY, LANE_REGULAR = 0, 1, 2

PRIORITY_REASONS = {
    "elderly": ("老年人", "Senior (60+)"),
    "military": ("军人", "Military"),
    "pregnant": ("孕妇", "Pregnant"),
    "disabled": ("残疾人", "Disability"),
}

TICKET_STATE_LABELS = {
    WAITING: ("等候中", "Waiting"),
    CALLED: ("已叫号", "Called"),
    SERVING: ("办理中", "Being served"),
    DONE: ("已办结", "Done"),
    NO_SHOW: ("过号", "Missed"),
    CANCELLED: ("已取消", "Cancelled"),
    EXPIRED: ("已过期", "Expired"),
}

WINDOW_STATE_LABELS = {
    LOGGED_OUT: ("未登录", "Logged out"),
    IDLE: ("空闲", "Idle"),
    CALLING: ("叫号中", "Calling"),
    SERVING: ("办理中", "Serving"),
    PAUSED: ("暂停", "Paused"),
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Ticket:
    id: int
    day: str
    number: str
    service: str
    state: str
    lane: int
    priority: str | None
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
    token: str = ""
    kiosk: str | None = None
    note: str | None = None
    original_service: str = ""
    ahead: int | None = None
    estimate_min: int | None = None

    @property
    def is_appointment(self) -> bool:
        return self.appointment_code is not None

    def state_label(self, lang: str = "zh") -> str:
        zh, en = TICKET_STATE_LABELS[self.state]
        return en if lang == "en" else zh

    def priority_label(self, lang: str = "zh") -> str | None:
        if not self.priority:
            return None
        zh, en = PRIORITY_REASONS.get(self.priority, (self.priority, self.priority))
        return en if lang == "en" else zh

    def waited_minutes(self, now: datetime) -> int:
        end = self.called_at if self.state not in (WAITING,) and self.called_at else now
        return max(0, int((end - self.taken_at).total_seconds() // 60))

    def to_json(self) -> dict:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class Window:
    number: int
    name: str
    services: tuple[str, ...]
    state: str
    clerk_id: str | None = None
    clerk_name: str | None = None
    pause_reason: str | None = None
    since: datetime | None = None
    current: Ticket | None = None
    priority_streak: int = 0

    @property
    def logged_in(self) -> bool:
        return self.state != LOGGED_OUT

    def state_label(self, lang: str = "zh") -> str:
        zh, en = WINDOW_STATE_LABELS[self.state]
        return en if lang == "en" else zh

    def to_json(self) -> dict:
        data = _jsonable(asdict(self))
        data["current"] = self.current.number if self.current else None
        return data


@dataclass(frozen=True)
class Event:
    id: int
    at: datetime
    day: str
    kind: str
    ticket_id: int | None = None
    number: str | None = None
    service: str | None = None
    window: int | None = None
    actor: str | None = None
    data: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class ServiceQueue:
    prefix: str
    name: str
    name_en: str
    waiting: int
    longest_wait_min: int
    next_numbers: tuple[str, ...]
    is_open: bool
    windows_open: int
    handling_minutes: float
    appointment_only: bool = False
    closed_reason: str | None = None  # why no walk-in ticket now: closed | appointment_only | hours | limit
    opens_at: str | None = None       # "HH:MM" when closed_reason is hours and it opens later today

    @property
    def walk_in_open(self) -> bool:
        return self.closed_reason is None

    def label(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name

    def to_json(self) -> dict:
        return _jsonable(asdict(self))


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

    def to_json(self) -> dict:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class Appointment:
    code: str
    name: str
    service: str
    slot_start: datetime
    slot_end: datetime
    id_masked: str | None
    phone_masked: str | None
    ticket_id: int | None = None

    def to_json(self) -> dict:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class CheckIn:
    """The answer to an appointment check-in.

    outcome: checked_in | already | too_early | too_late | unknown | invalid
    """

    outcome: str
    message_zh: str
    message_en: str
    ticket: Ticket | None = None
    appointment: Appointment | None = None
    come_back_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "checked_in"

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def to_json(self) -> dict:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class ImportReport:
    imported: int
    updated: int
    unchanged: int
    errors: tuple[tuple[int, str], ...]  # (line number, problem)

    def to_json(self) -> dict:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class ServiceFigures:
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


@dataclass(frozen=True)
class DayFigures:
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

    def to_json(self) -> dict:
        data = _jsonable(asdict(self))
        data.update(issued=self.issued, served=self.served, no_shows=self.no_shows, waiting=self.waiting)
        return data


@dataclass(frozen=True)
class WindowFigures:
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

    def to_json(self) -> dict:
        return _jsonable(asdict(self))
