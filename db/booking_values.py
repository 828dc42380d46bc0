"""The values of a booking as booking systems and Excel write them: times and services.

A booking file reaches the hall as the province's booking platform exported it, often
opened and saved once in Excel on a Chinese PC. The same time then arrives as
"2026-11-30 09:00", "2026/11/30 9:00", "2026-11-30T01:00:00Z", an Excel serial number
(46356.375) or a real datetime cell; the service as its prefix ("A"), its name ("社保医保",
"Real estate registration") or a name the hall lists as an alias in hall.toml. Here each
is brought to what the engine stores: a naive datetime in hall time, to the minute, and a
service prefix. Phone and ID numbers are normalised in db.privacy (the kiosk uses the same
rules).

Each parser raises `ValueError` for a value it cannot read; db.appointments turns that into
the row's message.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from hallq.db.config import HallConfig, service_key

#: day 0 of Excel's serial numbers (its 1900 system, counting the 1900 leap day that never
#: was, so that serials from March 1900 on come out right)
EXCEL_EPOCH = datetime(1899, 12, 30)
#: serials taken as dates: 1927-05-18 (10000) to 2173-10-14 (99999): five digits, as Excel
#: shows a date of this century as a number
EXCEL_SERIALS = (10000.0, 100000.0)

_DATE = r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_TIME = (r"(?P<ampm>上午|下午|AM|PM)?\s*(?P<H>\d{1,2})\s*[:时点]\s*(?P<M>\d{2})"
         r"(?:\s*:\s*(?P<S>\d{2})(?:[.,]\d+)?)?\s*分?\s*(?P<ampm2>AM|PM)?")
_ZONE = r"(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)"
_DATE_RE = re.compile(rf"^{_DATE}$")
_COMPACT_DATE_RE = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_TIME_RE = re.compile(rf"^{_TIME}$", re.IGNORECASE)
_DATETIME_RE = re.compile(rf"^{_DATE}(?:\s*T\s*|\s+|(?=上午|下午)){_TIME}\s*{_ZONE}?$", re.IGNORECASE)
_SERIAL_RE = re.compile(r"^\d+(?:\.\d+)?$")
#: between the two times of a slot: "09:00-09:30", "9:00~9:30", "09:00至09:30", "9:00–9:30"
_RANGE_SPLIT = re.compile(r"\s*(?:-|~|～|–|—|至|到)\s*")


def clean(value: object) -> str:
    """A cell's text: Unicode NFKC (full-width digits, colons, letters → ASCII), spaces
    at the ends and runs of spaces inside reduced to one."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip()


def _round_minute(when: datetime) -> datetime:
    """`when` to the minute: seconds dropped (a slot is given in minutes)."""
    return when.replace(second=0, microsecond=0)


def from_excel_serial(serial: float) -> datetime:
    """An Excel serial number (days since 1899-12-30, the fraction the time) → a datetime,
    rounded to the second (a serial in a CSV has 10–15 digits, so 09:30 may come out as
    09:29:59.99)."""
    return EXCEL_EPOCH + timedelta(seconds=round(serial * 86400))


def _to_hall(when: datetime, zone: tzinfo) -> datetime:
    """A datetime with an offset → hall time (naive); a naive one is hall time already."""
    if when.tzinfo is None:
        return when
    return when.astimezone(zone).replace(tzinfo=None)


def _hour(match: re.Match[str]) -> int:
    hour = int(match["H"])
    ampm = (match["ampm"] or match["ampm2"] or "").upper()
    if ampm in ("PM", "下午") and hour < 12:
        hour += 12
    elif ampm in ("AM", "上午") and hour == 12:
        hour = 0
    return hour


def _zone_of(text: str | None) -> tzinfo | None:
    """A UTC offset as written after a time: Z, UTC, +08:00, +0800, +08; None for none."""
    if not text:
        return None
    text = text.upper()
    if text in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_datetime(value: object, zone: tzinfo) -> datetime:
    """A slot's start or end, as a booking file or API gives it → hall time, to the minute.

    Read: ISO 8601 with or without seconds ("2026-11-30T09:00", "2026-11-30 09:00:00");
    `y/m/d h:mm` and `y-m-d h:mm` as Excel writes them ("2026/11/30 9:00"); "2026年11月30日
    9:00"; 上午/下午 or AM/PM; an Excel serial number with its time (46356.375, not a whole
    day 46356); a datetime (an Excel cell). An offset or Z ("2026-11-30T01:00:00+00:00")
    is converted to the hall's time; without one the time is hall time.

    Args:
        value: the cell or JSON value.
        zone: the hall's time zone (hall.toml `[hall] timezone`).

    Returns:
        A naive datetime in hall time, seconds dropped.

    Raises:
        ValueError: not a date and time.
    """
    if isinstance(value, datetime):
        return _round_minute(_to_hall(value, zone))
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return _round_minute(_serial_datetime(float(value)))
    text = clean(value)
    if _SERIAL_RE.match(text):
        return _round_minute(_serial_datetime(float(text)))
    match = _DATETIME_RE.match(text)
    if match is None:
        raise ValueError(value)
    second = int(match["S"] or 0)
    when = datetime(int(match["y"]), int(match["m"]), int(match["d"]), _hour(match), int(match["M"]), second,
                    tzinfo=_zone_of(match["zone"]))
    return _round_minute(_to_hall(when, zone))


def _serial_datetime(serial: float, with_time: bool = True) -> datetime:
    """An Excel serial number in EXCEL_SERIALS; with `with_time`, a whole number (a day
    without a time) is refused."""
    if not EXCEL_SERIALS[0] <= serial < EXCEL_SERIALS[1] or (with_time and serial.is_integer()):
        raise ValueError(serial)
    return from_excel_serial(serial)


def parse_date(value: object) -> date:
    """A booking's day: "2026-11-30", "2026/11/30", "2026年11月30日", "20261130", an Excel
    serial (46356) or date cell.

    Raises:
        ValueError: not a day.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return _serial_datetime(float(value), with_time=False).date()
    text = clean(value)
    if _SERIAL_RE.match(text) and len(text.split(".")[0]) == 5:
        return _serial_datetime(float(text), with_time=False).date()
    # a datetime in a date column is taken for its day ("2026/11/30 0:00", as Excel writes a date cell)
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text) or _DATETIME_RE.match(text)
    if match is None:
        raise ValueError(value)
    return date(int(match["y"]), int(match["m"]), int(match["d"]))


def parse_time(value: object) -> time:
    """A time of day: "9:00", "09:00:00", "下午2:30", an Excel time fraction (0.375) or
    time cell.

    Raises:
        ValueError: not a time of day.
    """
    if isinstance(value, datetime):
        return _round_minute(value).time()
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    if isinstance(value, (int, float)) or _SERIAL_RE.match(clean(value)):
        fraction = float(value) if isinstance(value, (int, float)) else float(clean(value))
        if not 0 <= fraction < 1:
            raise ValueError(value)
        return _round_minute(from_excel_serial(fraction)).time()
    match = _TIME_RE.match(clean(value))
    if match is None:
        raise ValueError(value)
    return time(_hour(match), int(match["M"]))


def parse_slot(value: object) -> tuple[date | None, time, time]:
    """A slot column: "09:00-09:30" (also with ~, 至, full-width digits), optionally after
    its day: "2026-11-30 09:00-09:30".

    Returns:
        (the day if the value names one, start, end).

    Raises:
        ValueError: not such a range.
    """
    text = clean(value)
    day: date | None = None
    match = re.match(rf"^{_DATE}\s*", text)
    if match is not None:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
        text = text[match.end():]
    parts = _RANGE_SPLIT.split(text)
    if len(parts) != 2:
        raise ValueError(value)
    return day, parse_time(parts[0]), parse_time(parts[1])


class ServiceNames:
    """Finds a service by its prefix, its name (Chinese or English) or an alias the hall
    lists in hall.toml (`aliases = ["社保", "医保"]` in a [[services]] table).

    Args:
        config: the hall config.
    """

    def __init__(self, config: HallConfig):
        self.prefixes = [s.prefix for s in config.services]
        self.names: dict[str, str] = {}
        for s in config.services:
            for name in (s.prefix, s.name, s.name_en, *s.aliases):
                self.names.setdefault(service_key(name), s.prefix)
        self.listing = ", ".join(f"{s.prefix} {s.name}" for s in config.services)

    def find(self, value: object) -> str | None:
        """The prefix of the service `value` names; None when it names none."""
        return self.names.get(service_key(value)) if value is not None else None
