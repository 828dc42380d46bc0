"""The operator console, run as a real command: JSON output, exit codes, no tracebacks."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every command as a real process

ROOT = Path(__file__).parents[2]
HALL = """
[hall]
name = "命令行测试大厅"
[[services]]
prefix = "A"
name = "综合受理"
[[services]]
prefix = "F"
name = "会商联审"
appointment_only = true
[[windows]]
number = 1
services = ["A"]
[[windows]]
number = 2
services = ["A"]
"""


@pytest.fixture
def hallq(tmp_path):
    env = {**os.environ, "HALLQ_DB": str(tmp_path / "hall.db"), "HALLQ_LOG": str(tmp_path / "hallq.log")}

    def run(*args, ok=True):
        result = subprocess.run([sys.executable, "-m", "hallq", *args], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=60)
        assert "Traceback" not in result.stderr
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    (tmp_path / "hall.toml").write_text(HALL, encoding="utf-8")
    return run


def test_a_morning_at_the_console(hallq, tmp_path):
    assert "2 个窗口" in hallq("init", "--config", "hall.toml").stdout
    first = json.loads(hallq("take", "A", "--json").stdout)
    assert {k: first[k] for k in ("number", "service", "state", "ahead")} == \
        {"number": "A001", "service": "A", "state": "waiting", "ahead": 0}
    assert set(first) >= {"number", "service", "state", "window", "ahead", "estimate_min", "taken_at", "called_at"}
    hallq("take", "A", "--priority", "elderly")
    called = json.loads(hallq("--json", "call", "--window", "1").stdout)
    assert called["number"] == "A002" and called["window"] == 1 and called["state"] == "called"
    hallq("start", "--window", "1")
    hallq("transfer", "--window", "1", "--to-window", "2", "--note", "复核")
    status = json.loads(hallq("status", "A002", "--json").stdout)
    assert status["target_window"] == 2 and status["state"] == "waiting"
    assert json.loads(hallq("call", "--window", "2", "--json").stdout)["number"] == "A002"
    events = [json.loads(line) for line in hallq("events", "--json").stdout.splitlines()]
    assert [e["kind"] for e in events][-4:] == ["ticket.called", "ticket.started", "ticket.transferred",
                                                 "ticket.called"]
    assert all(e["actor"] in ("operator", None) for e in events if e["kind"].startswith("ticket."))
    windows = json.loads(hallq("windows", "--json").stdout)
    assert [w["current"] for w in windows] == [None, "A002"]


def test_errors_are_one_line_with_nonzero_status(hallq):
    missing = hallq("take", "A", ok=False)
    assert missing.returncode == 1 and "hallq init" in missing.stderr
    hallq("init", "--config", "hall.toml")
    for args, words in ((("take", "Z"), "没有业务类别 Z"), (("take", "F"), "仅限预约"),
                        (("--lang", "en", "call", "--window", "1"), "Nobody is waiting"),
                        (("noshow", "--window", "9"), "没有9号窗口"), (("status", "A404"), "A404")):
        result = hallq(*args, ok=False)
        assert result.returncode == 1 and words in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_bad_config_names_file_key_and_line(hallq, tmp_path):
    (tmp_path / "bad.toml").write_text(HALL.replace('services = ["A"]\n[[windows]]', 'services = ["X"]\n[[windows]]'),
                                       encoding="utf-8")
    result = hallq("init", "--config", "bad.toml", ok=False)
    assert result.returncode == 1
    assert "bad.toml, line 13: windows[0].services: unknown service 'X'" in result.stderr


def test_clerk_add_and_appointment_import(hallq, tmp_path):
    hallq("init", "--config", "hall.toml")
    hallq("clerk", "add", "c07", "--name", "周华", "--pin", "4321")
    taken = hallq("--json", "clerk", "add", "c07", "--name", "李雷", "--pin", "5555", ok=False)  # a mistyped new id
    assert taken.returncode == 1 and "周华" in taken.stderr and "--update" in taken.stderr
    listed = {c["id"]: c["name"] for c in json.loads(hallq("--json", "clerk", "list").stdout)}
    assert listed["c07"] == "周华"  # nothing replaced
    hallq("clerk", "add", "c07", "--name", "周华华", "--pin", "4321", "--update")
    assert {c["id"]: c["name"] for c in json.loads(hallq("--json", "clerk", "list").stdout)}["c07"] == "周华华"
    bad_pin = hallq("clerk", "add", "c08", "--name", "x", "--pin", "12", ok=False)
    assert "4–12" in bad_pin.stderr
    (tmp_path / "b.csv").write_text("code,name,service,slot_start,slot_end\n"
                                    "YY0001,甲,F,2026-11-25 09:00,2026-11-25 09:30\n"
                                    "YY0002,乙,Q,2026-11-25 09:00,2026-11-25 09:30\n", encoding="utf-8")
    refused = hallq("appointments", "import", "b.csv", ok=False)  # all or nothing
    assert refused.returncode == 1 and "--skip-bad-rows" in refused.stdout
    assert "b.csv 第 3 行，C 列“service”" in refused.stderr and "'Q'" in refused.stderr
    assert json.loads(hallq("appointments", "list", "--json").stdout) == []
    result = hallq("appointments", "import", "b.csv", "--skip-bad-rows", "--lang", "en", ok=False)
    assert result.returncode == 1 and "imported 1" in result.stdout
    assert "b.csv, line 3, column C 'service': error: unknown service 'Q'" in result.stderr
    again = json.loads(hallq("appointments", "import", "b.csv", "--skip-bad-rows", "--json", ok=False).stdout)
    assert again["unchanged"] == 1 and again["imported"] == 0
    assert json.loads(hallq("checkin", "nope", "--json", ok=False).stdout)["outcome"] == "unknown"
    folder = hallq("--lang", "en", "appointments", "import", str(tmp_path), ok=False)
    assert folder.returncode == 1 and "Errno" not in folder.stderr
    assert f"{tmp_path} is a folder, not a booking file: give the file in it (b.csv)" in folder.stderr


def test_appointment_import_of_an_excel_gbk_file_dry_run_then_all_or_nothing(hallq, tmp_path):
    from tests.db.bookings import CODES, HEADER_ZH, ROWS_ZH, csv_text

    hallq("init", "--demo")
    bad = [*ROWS_ZH, ["MSB-20261125-0005", "测试戊", "1.50627E+17", "", "A", "2026/11/25 11:00", "2026/11/25 11:30"],
           ["MSB-20261125-0004", "测试丁", "", "12345", "A", "2026/11/25 11:00", "2026/11/25 11:30"]]
    (tmp_path / "预约.csv").write_bytes(csv_text(HEADER_ZH, ROWS_ZH).encode("gbk"))
    (tmp_path / "bad.csv").write_bytes(csv_text(HEADER_ZH, bad).encode("gbk"))
    for _ in range(2):  # the second dry run finds the bookings still new: nothing was stored
        dry = hallq("appointments", "import", "预约.csv", "--dry-run")
        assert "预约.csv：编码 GB18030，3 条预约" in dry.stderr
        lines = dry.stdout.splitlines()
        for code, service, slot in zip(CODES, "ACB", ("09:30-10:00", "09:00-09:30", "09:30-10:00"), strict=True):
            assert any(code in line and f" {service} " in line and f"2026-11-25 {slot}" in line and "新增" in line
                       for line in lines), (code, dry.stdout)
        assert "试导入，未作任何修改：将导入 3，更新 0，未变 0；错误 0，提醒 0" in dry.stdout
    dry = hallq("--lang", "en", "appointments", "import", "bad.csv", "--dry-run", ok=False)
    problems = [line for line in dry.stderr.splitlines() if "bad.csv, line" in line]
    assert problems[0].startswith("bad.csv, line 5, column C '身份证号': warning: Excel changed the ID")
    assert problems[1] == "bad.csv, line 6, column D '手机号': error: phone '12345' is not an 11-digit mobile number"
    assert dry.returncode == 1 and len(problems) == 2  # in the file's order, warnings among errors
    assert "would import 4" in dry.stdout and "--skip-bad-rows" in dry.stdout
    refused = hallq("appointments", "import", "bad.csv", ok=False)
    assert refused.returncode == 1 and "未导入任何预约：1 处错误" in refused.stdout
    assert "bad.csv 第 6 行，D 列“手机号”：错误：手机号 '12345' 不是11位手机号码" in refused.stderr
    done = hallq("appointments", "import", "bad.csv", "--skip-bad-rows", ok=False)
    assert done.returncode == 1 and "导入 4，更新 0，未变 0，错误 1" in done.stdout
    again = json.loads(hallq("appointments", "import", "预约.csv", "--json").stdout)
    assert (again["imported"], again["unchanged"], again["encoding"]) == (0, 3, "GB18030")


def test_init_warns_of_a_status_url_no_phone_can_reach(tmp_path, monkeypatch, capsys):
    from hallq.cli import texts as cli_texts
    from hallq.cli.main import main
    from hallq.db.config import demo_text

    monkeypatch.setenv("HALLQ_LOG", str(tmp_path / "hallq.log"))
    for url, warned in (("http://127.0.0.1:8080/t/", True), ("http://localhost/t/", True), ("http://[::1]:80/t/", True),
                        ("https://hall.example.gov.cn/t/", False)):
        hall = tmp_path / "hall.toml"
        hall.write_text(demo_text().replace('status_url = "http://127.0.0.1:8080/t/"', f'status_url = "{url}"'),
                        encoding="utf-8")
        assert main(["--db", str(tmp_path / "hall.db"), "init", "--config", str(hall)]) == 0
        said = cli_texts.STATUS_URL_LOOPBACK(url=url).text("zh")
        assert (said in capsys.readouterr().err) == warned, url
