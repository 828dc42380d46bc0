"""Clocks. The engine never calls datetime.now() itself: it is given a clock.

Times are the hall's local wall-clock time, naive datetimes, stored as ISO text to the
millisecond (`iso`) and read back with `parse`.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol, overload


class Clock(Protocol):
    """Anything that tells the hall's time."""

    def now(self) -> datetime:
        """Hall time now, a naive datetime."""
        ...


class SystemClock:
    """The host's clock (in the process's local time zone), to the millisecond."""

    def now(self) -> datetime:
        """The host's time now, microseconds cut to milliseconds."""
        now = datetime.now()
        return now.replace(microsecond=now.microsecond // 1000 * 1000)


class VirtualClock:
    """A clock that only moves when told to: for tests, the simulator and replays.

    Args:
        start: the time it shows until moved.
    """

    def __init__(self, start: datetime):
        self._now = start

    def now(self) -> datetime:
        """The time it was last set to."""
        return self._now

    def advance(self, **delta: float) -> datetime:
        """Move on by `timedelta(**delta)` (days=, hours=, minutes=, seconds=, …; may be negative).

        Returns:
            The new time.
        """
        self._now += timedelta(**delta)
        return self._now

    def set(self, when: datetime) -> None:
        """Show `when` from now on (also earlier than before)."""
        self._now = when


@overload
def iso(when: datetime) -> str: ...
@overload
def iso(when: None) -> None: ...
@overload
def iso(when: datetime | None) -> str | None: ...


def iso(when: datetime | None) -> str | None:
    """ISO text to the millisecond, as stored; None stays None."""
    return when.isoformat(timespec="milliseconds") if when else None


def parse(text: str | None) -> datetime | None:
    """A stored time back as a datetime; None or empty is None."""
    return datetime.fromisoformat(text) if text else None


def parse_required(text: str) -> datetime:
    """A stored time that is never empty (NOT NULL columns).

    Raises:
        ValueError: not ISO text.
    """
    return datetime.fromisoformat(text)


def day_of(when: datetime) -> str:
    """The hall day of a time, YYYY-MM-DD."""
    return when.date().isoformat()


def as_date(text: str) -> date:
    """A YYYY-MM-DD day as a date.

    Raises:
        ValueError: not YYYY-MM-DD.
    """
    return date.fromisoformat(text)
