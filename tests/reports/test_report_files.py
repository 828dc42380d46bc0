"""The report of a full simulated day as a supervisor hands it on: the HTML page in
headless Chromium (every chart there, no label's box touching another's or cut off), and
the .xlsx opened with openpyxl (numbers as numbers with formats, frozen headers, widths,
native charts)."""
from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from hallq.db import report_texts as R
from hallq.db.config import demo_text
from hallq.db.engine import HallEngine
from hallq.db.report_formats import PCT, render
from hallq.db.reports import day_report
from hallq.db.simulate import simulate

DAY = "2026-11-25"

#: every text box in every chart, per chart: [x, y, width, height, text]
BOXES = """JSON.stringify([...document.querySelectorAll('figure')].map(f => ({id: f.id,
  svg: (r => [r.x, r.y, r.width, r.height])(f.querySelector('svg').getBoundingClientRect()),
  texts: [...f.querySelectorAll('svg text')].map(t => (r => [r.x, r.y, r.width, r.height, t.textContent])(
    t.getBoundingClientRect()))})))"""


@pytest.fixture(scope="module")
def full_day(tmp_path_factory):
    import asyncio

    from hallq.db.clock import VirtualClock
    from tests.conftest import MORNING

    path = tmp_path_factory.mktemp("day") / "sim.db"

    async def build():
        await simulate(demo_text(), path, date(2026, 11, 25), seed=3)
        engine = await HallEngine.open(path, VirtualClock(MORNING))
        try:
            return await day_report(engine, DAY)
        finally:
            await engine.close()

    return asyncio.run(build())


def overlaps(a, b, slack: float = 0.5) -> bool:
    ax, ay, aw, ah = a[:4]
    bx, by, bw, bh = b[:4]
    return ax + aw - slack > bx and bx + bw - slack > ax and ay + ah - slack > by and by + bh - slack > ay


@pytest.mark.slow  # headless Chromium
async def test_html_charts_of_a_full_day_are_readable(full_day, tmp_path):
    from tests.web.browser import Chromium

    assert full_day.total.issued > 300
    page_file = tmp_path / "report.html"
    page_file.write_text(render(full_day, "html"), encoding="utf-8")
    async with Chromium(tmp_path / "profile", size=(1400, 1800)) as browser:
        page = browser.page()
        await page.goto(page_file.as_uri())
        await page.wait_for("document.readyState === 'complete' && document.fonts.status === 'loaded'")
        charts = json.loads(await page.evaluate(BOXES))
        (tmp_path / "report.png").write_bytes(await page.screenshot())
    assert [c["id"] for c in charts] == ["chart-service-waits", "chart-waits", "chart-arrivals", "chart-load",
                                         "chart-ratings", "chart-bookings"]
    for chart in charts:
        texts = chart["texts"]
        x, y, w, h = chart["svg"]
        for i, a in enumerate(texts):
            assert a[0] >= x - 0.5 and a[1] >= y - 0.5 and a[0] + a[2] <= x + w + 0.5 and a[1] + a[3] <= y + h + 0.5, \
                f"{chart['id']}: {a[4]!r} is cut off"
            for b in texts[i + 1:]:
                assert not overlaps(a, b), f"{chart['id']}: {a[4]!r} overlaps {b[4]!r}"
    by_id = {c["id"]: [t[4] for t in c["texts"]] for c in charts}
    assert "9时" in by_id["chart-waits"] and "分钟" in by_id["chart-waits"]  # times on the axis, in Chinese
    assert "综合窗口3" in by_id["chart-load"]  # windows by name
    assert any("综合受理" in t for t in by_id["chart-service-waits"])
    assert "非常满意" in by_id["chart-ratings"]
    values = {t for t in by_id["chart-arrivals"]}
    assert str(max(f.issued for f in full_day.hours)) in values  # the tallest bar's value is written, whole


@pytest.mark.slow  # a whole simulated day
def test_xlsx_of_a_full_day_has_numbers_formats_and_charts(full_day):
    book = load_workbook(io.BytesIO(render(full_day, "xlsx")))
    services = book[R.BY_SERVICE.text("zh")]
    header = [c.value for c in services[1]]
    assert header[:3] == ["业务", "取号", "叫号"]
    a = [c for c in services[2]]
    assert isinstance(a[1].value, int) and a[1].value == full_day.services[0].issued
    mean = a[header.index(R.COLUMN_MEAN_WAIT.text("zh"))]
    assert isinstance(mean.value, float) and mean.number_format == "0.0"
    good = services.cell(row=2, column=header.index(R.COLUMN_GOOD_PCT.text("zh")) + 1)
    assert good.number_format == PCT
    for row in services.iter_rows(min_row=2, values_only=True):
        assert all(v is None or isinstance(v, (int, float)) for v in row[1:]), row  # no numbers as text
    assert services.freeze_panes == "B2" and services.column_dimensions["A"].width >= 12
    assert services.cell(row=2, column=1).alignment.horizontal == "left"
    summary = book[R.SUMMARY_SHEET.text("zh")]
    values = {r[0]: r[1] for r in summary.iter_rows(min_row=2, values_only=True)}
    assert values[R.SUMMARY_ISSUED.text("zh")] == full_day.total.issued
    assert isinstance(values[R.SUMMARY_CALLED_SOON(minutes=full_day.bookings.call_soon_minutes).text("zh")], float)
    assert all(not isinstance(v, str) for v in values.values())
    charted = {name: len(book[name]._charts) for name in book.sheetnames}
    for name in (R.BY_SERVICE, R.BY_WINDOW, R.BY_HOUR, R.RATINGS_SHEET, R.BOOKINGS_SHEET):
        assert charted[name.text("zh")] >= 1, name
    ratings = book[R.RATINGS_SHEET.text("zh")]
    assert all(isinstance(r[1], int) for r in ratings.iter_rows(min_row=2, max_row=6, values_only=True))
