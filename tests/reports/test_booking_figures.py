"""The report's booking figures (预约签到): booked, checked in on time / early / late,
no-shows (爽约), and appointment tickets called within 5 minutes of check-in, per
service and day."""
from __future__ import annotations

import pytest

from hallq.db import report_texts as R
from hallq.db.report_formats import to_csv, to_html, to_markdown
from hallq.db.reports import day_report
from tests.reports.helpers import C01, DAY, at


def booking(code: str, service: str, start: str, end: str, day: str = DAY) -> dict:
    return {"code": code, "service": service, "date": day, "slot": f"{start}-{end}"}


@pytest.fixture
async def bookings(engine, clock):
    """Six bookings; by 11:00 three of A checked in (early, on time, late), one of C did not
    come, one of C is not due yet, one is tomorrow's."""
    report = await engine.import_appointments([
        booking("YY0001", "A", "10:00", "10:30"),
        booking("YY0002", "A", "10:00", "10:30"),
        booking("YY0003", "A", "09:30", "10:00"),
        booking("YY0004", "C", "10:00", "10:30"),
        booking("YY0005", "C", "11:30", "12:00"),
        booking("YY0006", "B", "09:00", "09:30", day="2026-11-26"),
    ], skip_bad_rows=False)
    assert report.errors == () and report.imported == 6
    await engine.login(3, "c01", "1111")
    at(clock, "09:50")
    assert (await engine.check_in("YY0001")).ticket.number == "A001"  # 10 min before the slot: early
    at(clock, "09:52")
    await engine.call_number(3, "A001", C01)  # 2 min after check-in
    await engine.start(3, C01)
    at(clock, "10:10")
    assert (await engine.check_in("YY0002")).ticket.number == "A002"  # in the slot: on time
    assert (await engine.check_in("YY0003")).ticket.number == "A003"  # after the slot (within the 15 min): late
    await engine.finish(3, C01)
    at(clock, "10:20")
    await engine.call_number(3, "A002", C01)  # 10 min after check-in
    at(clock, "11:00")  # A003 never called: its 5 minutes are long over; YY0004's time to check in is over


async def test_booking_figures_per_service(engine, bookings):
    figures = (await day_report(engine, DAY)).bookings
    by = {f.key: f for f in figures.services}
    assert list(by) == ["A", "C"]
    a, c, t = by["A"], by["C"], figures.total
    assert (a.booked, a.checked_in, a.early, a.on_time, a.late, a.no_shows, a.not_yet) == (3, 3, 1, 1, 1, 0, 0)
    assert (a.called_soon, a.called_counted, a.called_soon_pct) == (1, 3, 33.3)
    assert (c.booked, c.checked_in, c.no_shows, c.not_yet, c.called_soon_pct) == (2, 0, 1, 1, None)
    assert (t.booked, t.checked_in, t.no_shows, t.not_yet, t.called_soon_pct) == (5, 3, 1, 1, 33.3)
    assert figures.days == [] and figures.call_soon_minutes == 5


async def test_booking_figures_per_day_of_a_range(engine, bookings, clock):
    await engine.import_appointments([booking("YY0007", "A", "11:00", "11:30")])
    assert (await engine.check_in("YY0007")).ticket.number == "A004"
    at(clock, "11:02")  # A004 waited 2 minutes: not counted yet either way
    figures = (await day_report(engine, DAY, "2026-11-26")).bookings
    assert [(f.key, f.booked, f.checked_in, f.no_shows, f.not_yet) for f in figures.days] == [
        ("2026-11-25 A", 4, 4, 0, 0), ("2026-11-25 C", 2, 0, 1, 1), ("2026-11-26 B", 1, 0, 0, 1)]
    a = figures.days[0]
    assert (a.on_time, a.called_soon, a.called_counted) == (2, 1, 3)
    assert a.name("en") == "2026-11-25 A General acceptance"
    assert [f.key for f in figures.services] == ["A", "B", "C"] and figures.total.booked == 7


async def test_booking_figures_in_every_format(engine, bookings):
    report = await day_report(engine, DAY)
    md = to_markdown(report)
    assert "## 预约签到" in md
    assert "| A 综合受理 | 3 | 3 | 1 | 1 | 1 | 0 | 0 | 33.3% |" in md
    assert "| C 不动产登记 | 2 | 0 | 0 | 0 | 0 | 1 | 1 | - |" in md
    assert "| 合计 | 5 | 3 | 1 | 1 | 1 | 1 | 1 | 33.3% |" in md
    assert "| 预约：预约 / 已签到 / 爽约 | 5 / 3 / 1 |" in md and "| 预约号签到后5分钟内叫号 | 33.3% |" in md
    assert "| Service | Booked | Checked in | On time | Early | Late | No-shows |" in to_markdown(report, "en")
    csv_rows = [r.split(",") for r in to_csv(report).splitlines()]
    assert ["A 综合受理", "3", "3", "1", "1", "1", "0", "0", "33.3"] in csv_rows
    html = to_html(report)
    assert '<h2 id="bookings">预约签到</h2>' in html and '<td class="n">33.3%</td>' in html  # figures right-aligned
    assert report.to_json()["bookings"]["total"]["no_shows"] == 1
    assert R.COLUMN_BOOKING_NO_SHOWS.text("zh") == "爽约"


async def test_a_day_without_bookings(engine):
    figures = (await day_report(engine, "2026-11-01")).bookings
    assert figures.services == [] and figures.total.booked == 0 and figures.total.called_soon_pct is None
