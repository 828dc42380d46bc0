"""Clocks. The engine never calls datetime.now() itself: it is given a clock.

Times are the hall's local wall-clock time, naive datetimes, stored as ISO text.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The host's clock, to the millisecond."""

    def now(self) -> datetime:
        now = datetime.now()
        return now.replace(microsecond=now.microsecond // 1000 * 1000)


class VirtualClock:
    """A clock that only moves when told to: for tests, the simulator and replays."""

    def __init__(self, start: datetime):
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: Any) -> datetime:
        """Move on by `timedelta(**delta)`; returns the new time."""
        self._now += timedelta(**delta)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when


def iso(when: datetime | None) -> str | None:
    """ISO text to the millisecond, as stored; None stays None."""
    return when.isoformat(timespec="milliseconds") if when else None


def parse(text: str | None) -> datetime | None:
    """A stored time back as a datetime; None or empty is None."""
    return datetime.fromisoformat(text) if text else None


def parse_required(text: str) -> datetime:
    """A stored time that is never empty (NOT NULL columns)."""
    return datetime.fromisoformat(text)


def day_of(when: datetime) -> str:
    return when.date().isoformat()


def as_date(text: str) -> date:
    return date.fromisoformat(text)
