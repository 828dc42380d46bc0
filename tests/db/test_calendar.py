"""Working days and holidays: China's calendar (chinesecalendar) with the hall's own days,
and a follow-up's due date counted across Spring Festival and National Day 2026."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from hallq.db import report_texts as R
from hallq.db import texts as T
from hallq.db.calendar import CalendarGap, HallCalendar, setup_warnings
from hallq.db.clock import VirtualClock
from hallq.db.config import CalendarConfig, demo_text, load_demo, parse_config
from hallq.db.engine import HallEngine
from hallq.db.errors import ServiceUnavailable
from hallq.db.ratings import due_date, rate
from hallq.db.simulate import strip_tables
from hallq.db.vocabulary import EventKind, Refusal
from tests.rating.helpers import serve_one

NATIONAL = HallCalendar(CalendarConfig())


def test_weekends_and_ordinary_weekdays():
    assert NATIONAL.is_open(date(2026, 11, 25))           # a Wednesday
    assert not NATIONAL.is_open(date(2026, 11, 28))       # a Saturday
    assert NATIONAL.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday → Monday


def test_five_working_days_across_spring_festival_2026():
    # 春节 2026: 2-15 … 2-23 off; Saturday 2-14 and Saturday 2-28 are make-up working days
    assert NATIONAL.is_open(date(2026, 2, 14)) and not NATIONAL.is_open(date(2026, 2, 16))
    # from Thursday 2-12: 2-13 (Fri) 1, 2-14 (make-up Sat) 2, 2-24 (Tue) 3, 2-25 (Wed) 4, 2-26 (Thu) 5
    assert NATIONAL.add_working_days(date(2026, 2, 12), 4) == date(2026, 2, 25)
    assert NATIONAL.add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)


def test_five_working_days_across_national_day_2026():
    # 国庆 2026: 10-1 … 10-7 off; Sunday 9-20 and Saturday 10-10 are make-up working days
    assert NATIONAL.add_working_days(date(2026, 9, 29), 5) == date(2026, 10, 12)
    assert NATIONAL.is_open(date(2026, 10, 10)) and not NATIONAL.is_open(date(2026, 10, 5))


def test_a_year_the_calendar_lacks_uses_the_halls_days_or_says_so():
    with pytest.raises(CalendarGap) as gap:
        NATIONAL.is_open(date(2027, 3, 3))
    assert gap.value.year == 2027 and gap.value.message.is_from(T.CALENDAR_GAP)
    own = HallCalendar(CalendarConfig(closed=(date(2027, 2, 8),), open=(date(2027, 2, 20),)))
    assert not own.is_open(date(2027, 2, 8))       # a Monday the hall listed closed
    assert own.is_open(date(2027, 2, 20))          # a Saturday the hall listed open
    assert own.is_open(date(2027, 3, 3)) and not own.is_open(date(2027, 3, 6))  # weekdays, weekends
    assert own.knows(date(2027, 6, 1)) and not NATIONAL.knows(date(2027, 6, 1))


def test_a_due_date_across_an_unknown_year_says_it_is_not_certain():
    due, unknown = due_date(NATIONAL, date(2026, 12, 29))
    assert unknown == 2027 and due == date(2027, 1, 5)  # counted Monday to Friday, and flagged
    due, unknown = due_date(NATIONAL, date(2026, 9, 29))
    assert (due, unknown) == (date(2026, 10, 12), None)


async def test_a_bad_rating_before_national_day_is_due_after_it(tmp_path):
    clock = VirtualClock(datetime(2026, 9, 29, 10, 0))
    engine = await HallEngine.open(tmp_path / "hall.db", clock)
    await engine.load_config(load_demo(), demo_text())
    ticket_id = await serve_one(engine, clock)
    await rate(engine, ticket_id, 1, reason="attitude")
    opened = [e for e in await engine.events() if e.kind == EventKind.FOLLOWUP_OPENED][-1]
    assert opened.data["due"] == "2026-10-12" and opened.data["due_uncertain_year"] is None
    await engine.close()


def hall_with(calendar: str):
    text = strip_tables(demo_text(), {"calendar"}) + "\n" + calendar
    return parse_config(text, "hall.toml"), text


async def test_a_closed_day_refuses_walk_ins_and_says_when_the_hall_opens(engine, clock):
    config, text = hall_with('[calendar]\nclosed = ["2026-11-26"]\n')
    await engine.load_config(config, text)
    clock.set(datetime(2026, 11, 26, 9, 30))
    with pytest.raises(ServiceUnavailable) as err:
        await engine.issue_ticket("A")
    assert err.value.code == Refusal.HALL_CLOSED and err.value.detail["opens_on"] == "2026-11-27"
    queues = await engine.service_queues()
    assert {q.closed_reason for q in queues} == {Refusal.HALL_CLOSED}
    clock.set(datetime(2026, 11, 28, 9, 30))  # a Saturday: the national calendar says closed
    with pytest.raises(ServiceUnavailable) as err:
        await engine.issue_ticket("A")
    assert err.value.detail["opens_on"] == "2026-11-30"


async def test_a_half_day_cuts_every_services_hours(engine, clock):
    config, text = hall_with('[calendar]\n[[calendar.half_days]]\ndate = "2026-11-25"\nhours = ["09:00-11:00"]\n')
    await engine.load_config(config, text)
    clock.set(datetime(2026, 11, 25, 10, 59))
    assert (await engine.issue_ticket("A")).number == "A001"
    clock.set(datetime(2026, 11, 25, 11, 0))
    with pytest.raises(ServiceUnavailable) as err:
        await engine.issue_ticket("A")
    assert err.value.code == Refusal.HOURS and err.value.detail["opens_at"] is None
    assert await engine.next_boundary() == datetime(2026, 11, 26)


def test_a_bad_calendar_in_hall_toml_names_the_key_and_line():
    with pytest.raises(Exception) as err:
        hall_with('[calendar]\nclosed = ["2026-13-01"]\n')
    assert err.value.key == "calendar.closed" and err.value.line is not None
    with pytest.raises(Exception) as err:
        hall_with('[calendar]\nclosed = ["2026-12-01"]\nopen = ["2026-12-01"]\n')
    assert err.value.key == "calendar.open"


def test_init_warns_about_another_time_zone_and_a_year_the_calendar_lacks():
    config, _ = hall_with("")
    utc = datetime(2026, 11, 29, 20, 8, tzinfo=UTC)
    warnings = setup_warnings(config, utc, UTC)
    assert [w.zh for w in warnings] == [T.HOST_ZONE_DIFFERS.zh, T.CALENDAR_GAP.zh]
    assert warnings[0].value("hall") == "04:08" and warnings[0].value("host") == "20:08"
    shanghai = timezone(timedelta(hours=8))
    assert setup_warnings(config, datetime(2026, 6, 1, 2, 0, tzinfo=UTC), shanghai) == []


async def test_bookings_for_a_closed_day_or_outside_hours_are_imported_with_a_warning(engine):
    rows = [dict(code="YY5001", name="甲", service="A", slot_start="2026-10-01 10:00", slot_end="2026-10-01 10:30"),
            dict(code="YY5002", name="乙", service="A", slot_start="2026-11-26 12:30", slot_end="2026-11-26 13:00"),
            dict(code="YY5003", name="丙", service="A", slot_start="2026-11-26 10:00", slot_end="2026-11-26 10:30")]
    report = await engine.import_appointments(rows)
    assert report.imported == 3 and report.errors == ()
    assert [w.row for w in report.warnings] == [1, 2]
    assert report.warnings[0].message.is_from(R.BOOKING_CLOSED_DAY)
    assert report.warnings[0].message.value("day") == "2026-10-01" and report.warnings[0].column == "slot_start"
