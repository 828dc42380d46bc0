"""`hallq report` and `hallq followups` on a driven morning, as a user runs them."""
from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from hallq.cli import texts as cli_texts
from hallq.cli.main import main
from hallq.db import ratings
from hallq.db import texts as T
from hallq.db.clock import VirtualClock
from hallq.db.config import demo_text, load_demo
from hallq.db.engine import HallEngine
from tests.conftest import MORNING
from tests.reports.helpers import DAY, at, morning

ROOT = Path(__file__).parents[2]


@pytest.fixture
def hall(tmp_path, monkeypatch):
    """A database holding the morning, rated; commands run in tmp_path."""
    path = tmp_path / "hall.db"
    monkeypatch.setenv("HALLQ_LOG", str(tmp_path / "hallq.log"))
    monkeypatch.chdir(tmp_path)

    async def build():
        clock = VirtualClock(MORNING)
        engine = await HallEngine.open(path, clock)
        await engine.load_config(load_demo(), demo_text())
        ids = await morning(engine, clock)
        at(clock, "10:40")
        await ratings.rate(engine, ids["A001"], 5)
        await ratings.rate(engine, ids["A003"], 1, reason="attitude", text="态度冷淡")
        await engine.close()

    asyncio.run(build())
    return path


def run(capsys, path, *args) -> tuple[int, str, str]:
    code = main(["--db", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_markdown(hall, capsys):
    code, out, _ = run(capsys, hall, "report", "--date", DAY)
    assert code == 0
    assert out.startswith("# 杭锦旗政务服务中心 运行报表 2026-11-25")
    assert "| 取号 | 5 |" in out and "| 等候超过30分钟 | 1 |" in out and "| 好评率 | 50.0% |" in out
    assert "| 综合窗口3 | 5 | 5 | 1 |" in out and "王芳（c01）" in out and "| 09:00–10:00 | 5 | 5 | 2 |" in out
    assert "| 2026-11-25 | A003 | 3 | 王芳 | 非常不满意 | 服务态度差 | 态度冷淡 | 1 | 2026-12-02 | 未关闭 |" in out
    code, out, _ = run(capsys, hall, "--lang", "en", "report", "--date", DAY)
    assert "## By window" in out and "| Very dissatisfied | 1 | 50.0% |" in out


def test_csv(hall, capsys):
    code, out, _ = run(capsys, hall, "report", "--date", DAY, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert ["# 按业务"] in rows
    header = rows[rows.index(["# 按业务"]) + 1]
    a = rows[rows.index(["# 按业务"]) + 2]
    assert header[:4] == ["业务", "取号", "叫号", "办结"] and a[:4] == ["A 综合受理", "4", "5", "5"]


def test_xlsx(hall, capsys, tmp_path):
    from openpyxl import load_workbook

    code, out, _ = run(capsys, hall, "report", "--date", DAY, "--format", "xlsx")
    assert code == 0 and "report-2026-11-25.xlsx" in out
    book = load_workbook(tmp_path / "report-2026-11-25.xlsx")
    assert book.sheetnames == ["总览", "按业务", "按窗口", "按工作人员", "按时段", "预约", "好差评", "等候预估准确度"]
    sheet = book["按窗口"]
    assert [c.value for c in sheet[2]][:3] == ["综合窗口3", 5, 5]


def test_html_is_offline_with_charts(hall, capsys, tmp_path):
    code, out, _ = run(capsys, hall, "report", "--date", DAY, "--to", "2026-11-26", "--format", "html",
                       "--out", "day.html")
    page = (tmp_path / "day.html").read_text(encoding="utf-8")
    assert code == 0 and "day.html" in out
    assert page.count("<svg") == 6 and 'id="chart-waits"' in page and 'id="chart-load"' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page) and "<script" not in page
    assert "按日" in page and "2026-11-25 – 2026-11-26" in page


def test_json_and_bad_dates(hall, capsys):
    code, out, _ = run(capsys, hall, "--json", "report", "--date", DAY)
    data = json.loads(out)
    assert data["total"]["served"] == 5 and data["satisfaction"]["bad"] == 1
    code, _, err = run(capsys, hall, "report", "--date", "25/11/2026")
    assert code == 1 and err == f"hallq: {cli_texts.BAD_DAY(option='--date', value='25/11/2026').text('zh')}\n"
    code, _, err = run(capsys, hall, "report", "--date", "2026-11-26", "--to", DAY)
    assert code == 1 and err == f"hallq: {T.BAD_RANGE.text('zh')}\n"


def test_followups_list_and_close(hall, capsys):
    code, out, _ = run(capsys, hall, "followups")
    assert code == 0 and "A003" in out and "王芳(c01)" in out and "非常不满意 服务态度差「态度冷淡」" in out
    code, out, _ = run(capsys, hall, "followups", "close", "1", "--note", "已约谈，向群众致歉", "--by", "s01")
    assert code == 0 and out == cli_texts.FOLLOWUP_CLOSED(id=1, number="A003").text("zh") + "\n"
    code, out, err = run(capsys, hall, "followups")
    assert out == "" and err == cli_texts.NO_FOLLOWUPS.text("zh") + "\n"
    code, out, _ = run(capsys, hall, "--json", "followups", "--all")
    [closed] = json.loads(out)
    assert closed["closed_by"] == "supervisor:s01" and closed["note"] == "已约谈，向群众致歉"
    code, _, err = run(capsys, hall, "followups", "close", "1", "--note", "again")
    at = f"{datetime.fromisoformat(closed['closed_at']):%m-%d %H:%M}"
    assert code == 1 and err == f"hallq: {T.FOLLOWUP_CLOSED(id=1, at=at).text('zh')}\n"


def test_as_a_real_command(hall, tmp_path):
    result = subprocess.run([sys.executable, "-m", "hallq", "--db", str(hall), "report", "--date", DAY,
                             "--format", "html"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env={"HALLQ_LOG": str(tmp_path / "log"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "report-2026-11-25.html").exists()


def test_no_hall(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HALLQ_LOG", str(tmp_path / "hallq.log"))
    code, _, err = run(capsys, tmp_path / "missing.db", "report")
    assert code == 1 and err == f"hallq: {T.NO_DATABASE_AT(path=tmp_path / 'missing.db').text('zh')}\n"
    assert not (tmp_path / "missing.db").exists()  # a report never creates a hall

    async def create_empty() -> None:
        await (await HallEngine.open(tmp_path / "empty.db", VirtualClock(MORNING))).close()

    asyncio.run(create_empty())
    code, _, err = run(capsys, tmp_path / "empty.db", "report")
    assert code == 2 and err == cli_texts.REPORT_NO_HALL(db=tmp_path / "empty.db").text("zh") + "\n"
