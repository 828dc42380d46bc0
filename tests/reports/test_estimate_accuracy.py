"""The report's accuracy of promised waits (db/estimate_accuracy.py) and the waits shown
later, recorded when they change."""
from __future__ import annotations

import io
import statistics

from openpyxl import load_workbook

from hallq.db import report_texts as R
from hallq.db.report_formats import to_markdown, to_xlsx
from hallq.db.reports import day_report
from hallq.db.vocabulary import EventKind


async def test_the_report_sets_each_promised_wait_against_the_actual_one(engine, clock):
    await engine.login(3, "c01", "1111")            # window 3 serves A only
    first = await engine.issue_ticket("A")
    second = await engine.issue_ticket("A")
    await engine.issue_ticket("A")                  # never called: no actual wait, left out
    told_no_window = await engine.issue_ticket("B")
    assert told_no_window.no_window and first.estimate_min is not None and second.estimate_min is not None
    clock.advance(minutes=4)
    await engine.call_next(3)                       # A001 waited 4 minutes
    clock.advance(minutes=9)
    await engine.finish(3)
    await engine.call_next(3)                       # A002 waited 13 minutes
    await engine.call_next(9)                       # B001, told no window, called after all

    report = await day_report(engine, clock.now().date())
    by_service = {a.service: a for a in report.estimates}
    a, total = by_service["A"], report.estimates[-1]
    waits = {first.id: 4.0, second.id: 13.0}
    errors = [abs(t.estimate_min - waits[t.id]) for t in (first, second)]
    assert a.promised == 2 and a.no_window == 0
    assert a.mae_min == round(statistics.fmean(errors), 1)
    assert a.mae_pct == round(100 * statistics.fmean(errors) / statistics.fmean(waits.values()), 1)
    assert a.within_pct == 100 * sum(e <= 5 for e in errors) / 2
    inside = sum(t.estimate_low_min <= waits[t.id] <= t.estimate_high_min for t in (first, second))
    assert a.inside_pct == 100 * inside / 2
    assert by_service["B"].promised == 0 and by_service["B"].no_window == 1
    assert (total.day, total.service, total.promised, total.no_window) == (None, None, 2, 1)
    assert total.mae_min == a.mae_min

    markdown = to_markdown(report, "en")
    assert f"## {R.ESTIMATES_HEADING.text('en')}" in markdown
    sheet = load_workbook(io.BytesIO(to_xlsx(report, "en")))[R.ESTIMATES_HEADING.text("en")[:31]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == R.COLUMN_PROMISED.text("en")
    assert rows[-1][2] == 2 and rows[-1][3] == total.mae_min  # numbers, not text
    assert report.to_json()["estimates"][-1]["promised"] == 2


async def test_a_wait_shown_later_is_recorded_when_it_changed(engine):
    await engine.login(3, "c01", "1111")
    for _ in range(4):
        await engine.issue_ticket("A")
    shown = await engine.ticket("A004")
    assert not await engine.record_shown_wait(shown, "status_page")   # what the slip said
    await engine.login(4, "c02", "2222")            # a second window for A: the wait shortens
    shorter = await engine.ticket("A004")
    assert shorter.estimate_min < shown.estimate_min
    assert await engine.record_shown_wait(shorter, "status_page")
    assert not await engine.record_shown_wait(shorter, "status_page")  # shown again: nothing new
    recorded = [e for e in await engine.events() if e.kind == EventKind.TICKET_ESTIMATED]
    assert [(e.number, e.data["estimate_min"], e.actor) for e in recorded] == [
        ("A004", shorter.estimate_min, "status_page")]
    await engine.call_next(3)
    called = await engine.ticket("A001")
    assert not await engine.record_shown_wait(called, "status_page")  # only waiting tickets

