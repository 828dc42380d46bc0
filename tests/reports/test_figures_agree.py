"""One definition of each figure: `hallq figures`, the supervisor board, the report (md,
csv, xlsx) and the API say the same numbers for a busy day with transfers, recalls and
rejoins, and every table's totals are the sums of its rows."""
from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook
from textual.widgets import DataTable

from hallq.cli.main import main
from hallq.counter.app import CounterApp
from hallq.db import report_texts as R
from hallq.db.report_formats import render
from hallq.db.reports import day_report
from hallq.web.server import Settings, make_app
from tests.counter.helpers import login, until
from tests.reports.busy_day import DAY, busy_day
from tests.web.conftest import HALLQ, TOKENS

COUNTS = ("issued", "called", "served", "no_shows", "transferred", "waits_over_limit")


@pytest.fixture
async def day(engine, clock):
    done = await busy_day(engine, clock)
    assert all(n >= 1 for n in done.values()), done  # the day has every kind of move
    return await day_report(engine, DAY)


async def test_totals_are_the_sums_of_the_rows(engine, day):
    t = day.total
    assert t.called > t.served > 40 and t.transferred >= 1
    for group, counts in ((day.services, COUNTS), (day.hours, COUNTS), (day.windows, COUNTS[1:]),
                          (day.clerks, COUNTS[1:])):
        for name in counts:
            assert sum(getattr(f, name) for f in group) == getattr(t, name), name
        assert sorted(w for f in group for w in f.waits_s) == sorted(t.waits_s)
    # a ticket transferred and called again counts in both services: called > tickets ever called
    light = await day_report(engine, DAY, figures_only=True)  # what the board, figures and the API read
    assert [f.to_json() for f in light.services + light.windows + light.hours] == [
        f.to_json() for f in day.services + day.windows + day.hours]
    called_tickets = {e.ticket_id for e in await engine.events(0, limit=100000) if e.kind == "ticket.called"}
    assert t.called > len(called_tickets)


def _service_rows(rows: list[list], names: list[str]) -> dict[str, list]:
    return {name: row for row in rows for name in names if row and str(row[0]) == name}


@pytest.mark.slow  # a seeded morning through the command, the board and the API
async def test_figures_board_report_and_api_agree(engine, clock, day, db_path, tmp_path, monkeypatch, capsys):
    services = {f.key: f for f in day.services}
    expect = {k: (f.issued, f.called, f.served, f.no_shows, f.mean_wait_min) for k, f in services.items()}

    # the engine's figures (what `hallq figures` prints) …
    figures = await engine.figures(DAY)
    got = {s.prefix: (s.issued, s.called, s.served, s.no_shows, s.mean_wait_min) for s in figures.services
           if s.prefix in expect}
    assert got == expect
    assert figures.called == day.total.called and figures.served == day.total.served

    # … and the command itself, in another thread at the hall's time
    monkeypatch.setenv("HALLQ_NOW", "2026-11-25T12:00:00")
    monkeypatch.setenv("HALLQ_LOG", str(tmp_path / "hallq.log"))
    capsys.readouterr()
    code = await asyncio.to_thread(main, ["--db", str(db_path), "figures", "--date", DAY, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    got = {s["prefix"]: (s["issued"], s["called"], s["served"], s["no_shows"], s["mean_wait_min"])
           for s in data["services"] if s["prefix"] in expect}
    assert got == expect and data["called"] == day.total.called

    # the report in md, csv and xlsx: rows as the Report says, 合计 the sum of the rows
    labels = {k: f.name("zh") for k, f in services.items()}
    total_label = R.TOTAL.text("zh")
    heading = R.BY_SERVICE.text("zh")
    md = render(day, "md").split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    md_rows = [[c.strip() for c in line.strip("|").split("|")] for line in md.splitlines() if line.startswith("| ")]
    by_md = _service_rows(md_rows, [*labels.values(), total_label])
    text = render(day, "csv").split(f"# {heading}\n", 1)[1].split("\n\n", 1)[0]
    by_csv = _service_rows(list(csv.reader(io.StringIO(text))), [*labels.values(), total_label])
    book = load_workbook(io.BytesIO(render(day, "xlsx")))
    sheet = book[R.BY_SERVICE.text("zh")[:31]]
    by_xlsx = _service_rows([list(r) for r in sheet.iter_rows(values_only=True)], [*labels.values(), total_label])
    for key, label in labels.items():
        issued, called, served, no_shows, _ = expect[key]
        assert [int(v) for v in by_md[label][1:5]] == [issued, called, served, no_shows], key
        assert [int(v) for v in by_csv[label][1:5]] == [issued, called, served, no_shows], key
        assert by_xlsx[label][1:5] == [issued, called, served, no_shows], key
    for column in range(1, 5):
        assert int(by_md[total_label][column]) == sum(int(by_md[label][column]) for label in labels.values())
        assert by_xlsx[total_label][column] == sum(by_xlsx[label][column] for label in labels.values())

    # the API
    app = make_app(engine, TOKENS, Settings(db_path=Path(db_path).resolve(), hallq=HALLQ))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        body = await (await client.get("/api/queue")).json()
    got = {s["prefix"]: (s["called_today"], s["served_today"], s["mean_wait_today_min"]) for s in body["services"]
           if s["prefix"] in expect}
    assert got == {k: (v[1], v[2], v[4]) for k, v in expect.items()}

    # the supervisor board
    app = CounterApp(engine, 2, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot, "s01", "9999")
        await pilot.press("v")
        await until(pilot, lambda: app.query("#services-table") and app.query_one(
            "#services-table", DataTable).row_count == 6 and app.query_one(
            "#services-table", DataTable).get_row("A")[4] != "0")
        table = app.query_one("#services-table", DataTable)
        for key, (_, called, served, _, mean) in expect.items():
            row = table.get_row(key)
            assert (str(row[4]), str(row[5]), str(row[6])) == (str(called), str(served), f"{mean:.1f}"), key
