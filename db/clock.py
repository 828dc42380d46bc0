"""Clocks. The engine never calls datetime.now() itself: it is given a clock.

Times are the hall's local wall-clock time, naive datetimes, stored as ISO text to the
millisecond (`iso`) and read back with `parse`. The hall's time zone comes from hall.toml
(`[hall] timezone`, default Asia/Shanghai): `SystemClock` reads the host's clock in that
zone whatever the process's TZ, so a host installed in UTC still runs on hall time.

Besides `now()`, a clock can wait: `await clock.sleep_until(when)` returns once the
clock shows `when` or later. Views use it for the hall's clock boundaries (opening,
closing, midnight); on a `VirtualClock` it returns when a test moves the clock there.
"""
from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from typing import Protocol, overload
from zoneinfo import ZoneInfo

#: the hall's time zone when hall.toml names none
DEFAULT_ZONE = "Asia/Shanghai"
#: a SystemClock sleeping towards a time wakes at least this often (seconds), so a clock
#: corrected by NTP (or a suspended host) is noticed within a minute
MAX_NAP_S = 60.0


class Clock(Protocol):
    """Anything that tells the hall's time."""

    def now(self) -> datetime:
        """Hall time now, a naive datetime."""
        ...

    async def sleep_until(self, when: datetime) -> None:
        """Return once the clock shows `when` or later."""
        ...


class SystemClock:
    """The host's clock read in the hall's time zone, to the millisecond.

    Args:
        zone: an IANA time zone name; the engine sets it from hall.toml when it reads the
            config, so a clock made before that shows DEFAULT_ZONE time.
    """

    def __init__(self, zone: str = DEFAULT_ZONE):
        self.zone = ZoneInfo(zone)

    def now(self) -> datetime:
        """Hall time now: the host's UTC time in the hall's zone, microseconds cut to ms."""
        now = datetime.now(self.zone).replace(tzinfo=None)
        return now.replace(microsecond=now.microsecond // 1000 * 1000)

    async def sleep_until(self, when: datetime) -> None:
        """Sleep until `when` hall time, in naps of at most MAX_NAP_S (the clock may step)."""
        while (left := (when - self.now()).total_seconds()) > 0:
            await asyncio.sleep(min(left, MAX_NAP_S))


class VirtualClock:
    """A clock that only moves when told to: for tests, the simulator and replays.

    Args:
        start: the time it shows until moved.
    """

    def __init__(self, start: datetime):
        self._now = start
        self._sleepers: list[tuple[datetime, asyncio.Future[None]]] = []

    def now(self) -> datetime:
        """The time it was last set to."""
        return self._now

    def advance(self, **delta: float) -> datetime:
        """Move on by `timedelta(**delta)` (days=, hours=, minutes=, seconds=, …; may be negative).

        Returns:
            The new time.
        """
        self.set(self._now + timedelta(**delta))
        return self._now

    def set(self, when: datetime) -> None:
        """Show `when` from now on (also earlier than before); wakes whoever sleeps until then."""
        self._now = when
        waiting = []
        for until, future in self._sleepers:
            if until <= when and not future.done():
                future.set_result(None)
            elif not future.done():
                waiting.append((until, future))
        self._sleepers = waiting

    async def sleep_until(self, when: datetime) -> None:
        """Return once the clock is set to `when` or later (at once if it already is)."""
        if when <= self._now:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((when, future))
        await future


def zone_of(name: str) -> ZoneInfo:
    """The time zone called `name` (IANA, e.g. "Asia/Shanghai").

    Raises:
        ValueError: no such zone.
    """
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


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
