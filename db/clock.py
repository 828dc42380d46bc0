"""Clocks. The engine never calls datetime.now() itself: it is given a clock.

Times are the hall's local wall-clock time, naive datetimes, stored as ISO text.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        now = datetime.now()
        return now.replace(microsecond=now.microsecond // 1000 * 1000)


class VirtualClock:
    """A clock that only moves when told to: for tests, the simulator and replays."""

    def __init__(self, start: datetime):
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when


def iso(when: datetime | None) -> str | None:
    return when.isoformat(timespec="milliseconds") if when else None


def parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def day_of(when: datetime) -> str:
    return when.date().isoformat()


def as_date(text: str) -> date:
    return date.fromisoformat(text)
