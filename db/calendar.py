"""The hall's working days: China's public holidays and make-up working days (调休) from
the maintained `chinesecalendar` package, with the hall's own `[calendar]` days over them.

    cal = HallCalendar(config.calendar)
    cal.is_open(date(2026, 10, 8))          # True: the first working day after National Day
    cal.add_working_days(date(2026, 9, 29), 5)  → 2026-10-12 (10-1…10-7 off, 10-10 a make-up Saturday)

The national calendar is published by the State Council each year (国务院办公厅关于部分
节假日安排的通知); `chinesecalendar` carries it up to the last year announced. For a year
it does not know, the hall's own listed days are used if the hall listed any for that
year (weekdays open, weekends closed, except what is listed); otherwise `CalendarGap` is
raised, so nothing is guessed: a due date counted across an unknown year says so.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

import chinese_calendar

from hallq.db import texts as T
from hallq.db.clock import zone_of
from hallq.db.config import CalendarConfig, HallConfig
from hallq.db.errors import HallError
from hallq.i18n import Text


class CalendarGap(HallError):
    """The national calendar does not know this year and the hall listed no days for it."""

    code = "calendar_gap"

    def __init__(self, year: int):
        super().__init__(T.CALENDAR_GAP(year=year), year=year)
        self.year = year


class HallCalendar:
    """Whether the hall is open on a day, and with which hours.

    Args:
        config: the hall's `[calendar]` days.
    """

    def __init__(self, config: CalendarConfig):
        self.config = config
        self._closed = set(config.closed)
        self._open = set(config.open)
        self._half = dict(config.half_days)
        self._own_years = config.years()
        self._answers: dict[date, bool] = {}

    def is_open(self, day: date) -> bool:
        """Whether the hall works on `day` (a half day counts as open).

        Raises:
            CalendarGap: a year neither the national calendar nor the hall knows.
        """
        if day not in self._answers:
            self._answers[day] = self._is_open(day)
        return self._answers[day]

    def _is_open(self, day: date) -> bool:
        if day in self._closed:
            return False
        if day in self._open or day in self._half:
            return True
        if day.year in self._own_years and not self._national_knows(day.year):
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            raise CalendarGap(day.year) from None

    def is_open_or_unknown(self, day: date) -> bool:
        """`is_open`, but a day of a year neither calendar knows counts as open: the hall
        runs as on a working day (`hallq init` warns about such a year, see setup_warnings)."""
        try:
            return self.is_open(day)
        except CalendarGap:
            return True

    def hours_on(self, day: date) -> tuple[tuple[time, time], ...] | None:
        """The hall's hours on a half day (for every service), or None: the usual hours."""
        return self._half.get(day)

    def knows(self, day: date) -> bool:
        """Whether the calendar can answer for `day` without guessing."""
        return day.year in self._own_years or self._national_knows(day.year)

    def next_open_day(self, after: date, within: int = 60) -> date | None:
        """The first day after `after` the hall is open, looking `within` days ahead; None
        when none is found or a day on the way is unknown."""
        day = after
        for _ in range(within):
            day += timedelta(days=1)
            try:
                if self.is_open(day):
                    return day
            except CalendarGap:
                return None
        return None

    def add_working_days(self, start: date, days: int) -> date:
        """The day `days` working days after `start` (start itself not counted): the due
        date of a follow-up (整改) "within 5 working days".

        Raises:
            CalendarGap: the count runs into a year nobody knows.
        """
        day = start
        while days > 0:
            day += timedelta(days=1)
            if self.is_open(day):
                days -= 1
        return day

    @staticmethod
    def _national_knows(year: int) -> bool:
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            return False
        return True


def setup_warnings(config: HallConfig, utc_now: datetime, host_zone: tzinfo | None) -> list[Text]:
    """What `hallq init` should warn about the hall's time on this host.

    Args:
        config: the hall config.
        utc_now: the host's clock now, an aware UTC datetime.
        host_zone: the host's local time zone (`datetime.now().astimezone().tzinfo`).

    Returns:
        Warnings: the host runs in another time zone than the hall (its local time differs
        from hall time by more than a minute: hallq uses hall time, other programs on the
        host may not); the calendar does not know this year or the next 60 days.
    """
    out: list[Text] = []
    hall_zone = zone_of(config.timezone)
    hall = utc_now.astimezone(hall_zone).replace(tzinfo=None)
    host = utc_now.astimezone(host_zone).replace(tzinfo=None)
    if abs((hall - host).total_seconds()) > 60:
        out.append(T.HOST_ZONE_DIFFERS(host=f"{host:%H:%M}", hall=f"{hall:%H:%M}", zone=config.timezone))
    calendar = HallCalendar(config.calendar)
    for day in (hall.date(), hall.date() + timedelta(days=60)):
        if not calendar.knows(day):
            out.append(T.CALENDAR_GAP(year=day.year))
            break
    return out
