"""The day's figures from the event log of a driven morning."""
from __future__ import annotations

import pytest

from hallq.db import ratings
from hallq.db import texts as T
from hallq.db.errors import Refused
from hallq.db.reports import day_report
from hallq.db.vocabulary import Refusal
from tests.reports.helpers import DAY, at, morning


@pytest.fixture
async def day(engine, clock):
    ids = await morning(engine, clock)
    at(clock, "10:40")
    await ratings.rate(engine, ids["A001"], 5)
    await ratings.rate(engine, ids["A003"], 1, reason="attitude", text="态度冷淡")
    await ratings.rate(engine, ids["B001"], 4, channel="status_page")
    return ids


async def test_totals(engine, day):
    report = await day_report(engine, DAY)
    t = report.total
    # B001 is called twice: under B, then (transferred at 09:44) under A at 09:56: two visits
    assert (t.issued, t.called, t.served, t.no_shows, t.transferred) == (5, 6, 5, 1, 1)
    assert t.mean_wait_min == pytest.approx((5 + 11 + 13 + 13 + 12 + 40) / 6, abs=0.05)
    assert t.longest_wait_min == 40.0
    assert t.waits_over_limit == 1
    assert t.mean_handling_min == pytest.approx((8 + 10 + 5 + 14 + 10) / 5)
    assert report.period == DAY and report.days == []


async def test_per_service_window_clerk_hour(engine, day):
    report = await day_report(engine, DAY)
    services = {f.key: f for f in report.services}
    assert [f.key for f in report.services] == ["A", "B"]
    a, b = services["A"], services["B"]
    assert (a.issued, a.called, a.served, a.no_shows) == (4, 5, 5, 1)
    assert (b.issued, b.called, b.served, b.transferred) == (1, 1, 0, 1)
    assert b.mean_wait_min == 11.0 and a.longest_wait_min == 40.0
    assert a.mean_wait_min == pytest.approx((5 + 13 + 13 + 12 + 40) / 5, abs=0.05)  # B001 waited 12 min in A
    for group in (report.services, report.windows, report.clerks, report.hours):
        for name in ("issued", "called", "served", "no_shows", "transferred", "waits_over_limit"):
            if name == "issued" and group in (report.windows, report.clerks):
                continue  # a ticket is issued at a kiosk, not at a window
            assert sum(getattr(f, name) for f in group) == getattr(report.total, name), name
    windows = {f.key: f for f in report.windows}
    assert (windows["3"].called, windows["3"].served, windows["3"].no_shows) == (5, 5, 1)
    assert (windows["9"].called, windows["9"].transferred, windows["9"].served) == (1, 1, 0)
    assert windows["3"].busy_min == 47.0
    assert (windows["3"].name("zh"), windows["3"].name("en")) == ("综合窗口3", "综合窗口3 (3)")  # as configured
    clerks = {f.key: f for f in report.clerks}
    assert clerks["c01"].served == 5
    assert clerks["c01"].label.is_from(T.CLERK_WHO) and clerks["c01"].label.value("name") == "王芳"
    assert clerks["c02"].called == 1  # found by replaying window.login: her actions went through the operator
    hours = {f.key: f for f in report.hours}
    assert (hours["9"].issued, hours["9"].called, hours["9"].served) == (5, 5, 2)
    assert (hours["10"].issued, hours["10"].called, hours["10"].served) == (0, 1, 3)  # A002's 10:06 call is its 2nd
    assert hours["10"].name() == "10:00–11:00"


async def test_satisfaction(engine, day):
    s = (await day_report(engine, DAY)).satisfaction
    assert (s.rated, s.bad, s.served) == (3, 1, 5)
    assert s.good_pct == pytest.approx(66.7) and s.rated_pct == 60.0
    assert s.reasons == {"attitude": 1} and s.channels == {"terminal": 2, "status_page": 1}
    assert (s.followups_opened, s.followups_open) == (1, 1)
    [bad] = s.bad_reviews
    assert (bad.number, bad.level, bad.clerk, bad.text, bad.due) == ("A003", 1, "王芳", "态度冷淡", "2026-12-02")
    clerks = {f.key: f for f in (await day_report(engine, DAY)).clerks}
    assert clerks["c01"].rated == 3 and clerks["c01"].bad == 1


async def test_a_past_day_after_close_day_and_a_range(engine, clock, day):
    await engine.close_day()
    at(clock, "10:50")
    clock.advance(days=1)
    await engine.issue_ticket("A")
    before = await day_report(engine, DAY)
    assert before.total.served == 5
    both = await day_report(engine, DAY, "2026-11-26")
    assert both.total.issued == 6
    assert [(d.key, d.issued) for d in both.days] == [(DAY, 5), ("2026-11-26", 1)]
    with pytest.raises(Refused) as err:
        await day_report(engine, "2026-11-26", DAY)
    assert err.value.code == Refusal.BAD_RANGE


async def test_an_empty_day(engine):
    report = await day_report(engine, "2026-11-01")
    assert report.total.issued == 0 and report.total.mean_wait_min is None and report.services == []
    assert report.satisfaction.good_pct is None
