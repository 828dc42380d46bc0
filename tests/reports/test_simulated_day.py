"""The report of a whole day made by the staffing simulator agrees with the tickets."""
from __future__ import annotations

from datetime import date

import pytest

from hallq.db.config import demo_text
from hallq.db.engine import HallEngine
from hallq.db.report_formats import render
from hallq.db.reports import day_report
from hallq.db.simulate import simulate
from hallq.db.vocabulary import TicketState


@pytest.mark.slow  # a whole simulated day
async def test_a_simulated_day(tmp_path, clock):
    path = tmp_path / "sim.db"
    await simulate(demo_text(), path, date(2026, 11, 25), seed=3)
    engine = await HallEngine.open(path, clock)
    try:
        report = await day_report(engine, "2026-11-25")
        tickets = await engine.tickets(day="2026-11-25")
    finally:
        await engine.close()
    t = report.total
    assert t.issued == len(tickets) > 300
    assert t.served == sum(x.state == TicketState.DONE for x in tickets)
    waits = [(x.called_at - x.taken_at).total_seconds() / 60 for x in tickets
             if x.called_at and x.state == TicketState.DONE]
    assert t.longest_wait_min >= round(max(waits), 1) - 0.1
    assert sum(f.served for f in report.windows) == t.served == sum(f.served for f in report.hours)
    assert [f.key for f in report.hours] == sorted((f.key for f in report.hours), key=int)
    assert render(report, "html").count("<svg") == 6
