"""`hallq printer test|status URL`, through printers.cli (the top-level parser adds
--json and --lang; printers.cli.main mirrors that)."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from hallq.printers.cli import main
from tests.printers.escpos_parse import parse
from tests.printers.fakes import FakeSerialPrinter


def test_test_slip_to_preview(tmp_path, capsys):
    assert main(["printer", "test", f"preview:?dir={tmp_path}", "--profile", "58mm"]) == 0
    out = capsys.readouterr().out
    png = next(Path(tmp_path).glob("*.png"))
    assert str(png) in out
    assert "A001" in out and "已打印 A001" in out


def test_test_slip_to_a_serial_printer(capsys):
    with FakeSerialPrinter("ok") as fake:
        assert main(["--lang", "en", "printer", "test", fake.url]) == 0
        assert fake.cut.wait(5)
        p = parse(bytes(fake.received))
    assert "printed A001" in capsys.readouterr().out
    assert "A001" in p.text_lines and p.find("A001").size == (6, 6)
    assert any("中文" in t for t in p.text_lines)
    assert p.qrs and p.cuts == ["partial"]


def test_failed_print_exits_non_zero_with_one_line(capsys):
    with FakeSerialPrinter("paper_out") as fake:
        assert main(["printer", "test", fake.url]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "缺纸" in err and "Traceback" not in err


def test_status_json(capsys):
    with FakeSerialPrinter("near_end") as fake:
        assert main(["--json", "printer", "status", fake.url]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["paper_near_end"] is True and st["paper_end"] is False and st["problem"] == "paper near end"


def test_status_of_unreachable_printer(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["printer", "status", f"tcp://127.0.0.1:{port}", "--timeout", "2"]) == 1
    out, err = capsys.readouterr()
    assert "reachable: no" in out
    assert err.strip().count("\n") == 0 and f"tcp://127.0.0.1:{port}" in err


def test_bad_url(capsys):
    assert main(["printer", "status", "lpt://1"]) == 2
    err = capsys.readouterr().err
    assert "bad printer URL 'lpt://1'" in err and "Traceback" not in err


def test_printers_never_import_textual_or_the_hall():
    code = (
        "import sys, printers, printers.cli, printers.preview, printers.transports\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'db', 'kiosk', 'counter', 'display')]\n"
        "import logging; from printers import render_slip\n"
        "assert logging.getLogger().handlers == [], logging.getLogger().handlers  # python-escpos's basicConfig undone\n"
        "print(bad)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True).stdout
    assert out.strip() == "[]"
    for path in (root / "printers").glob("*.py"):
        src = path.read_text(encoding="utf-8")
        for mod in ("textual", "db", "kiosk", "counter", "display"):
            assert f"import {mod}" not in src and f"from {mod}" not in src, (path.name, mod)
