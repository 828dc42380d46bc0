"""`hallq printer test|status URL`, through printers.cli (the top-level parser adds
--json and --lang; printers.cli.main mirrors that)."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from hallq.printers import texts as T
from hallq.printers.cli import main
from tests.printers.escpos_parse import parse
from tests.printers.fakes import FakeSerialPrinter


def test_test_slip_to_preview(tmp_path, capsys):
    assert main(["printer", "test", f"preview:?dir={tmp_path}", "--profile", "58mm"]) == 0
    out = capsys.readouterr().out
    png = next(Path(tmp_path).glob("*.png"))
    assert str(png) in out
    assert "A001" in out and T.CLERK_PRINTED(number="A001").text("zh") in out


def test_test_slip_json(tmp_path, capsys):
    assert main(["--json", "printer", "test", f"preview:?dir={tmp_path}"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["outcome"], result["ok"], result["reason"], result["number"]) == ("printed", True, "", "A001")


def test_test_slip_to_a_serial_printer(capsys):
    with FakeSerialPrinter("ok") as fake:
        assert main(["--lang", "en", "printer", "test", fake.url]) == 0
        assert fake.cut.wait(5)
        p = parse(bytes(fake.received))
    assert T.CLERK_PRINTED(number="A001").text("en") in capsys.readouterr().out
    assert "A001" in p.text_lines and p.find("A001").size == (6, 6)
    # the test slip is there to show hanzi, full-width punctuation and English print right
    assert T.TEST_FOOTER_EN.text("en") in " ".join(p.text_lines)
    assert any("中文" in t for t in p.text_lines)
    assert p.qrs and p.cuts == ["partial"]


def test_failed_print_exits_non_zero_with_one_line(capsys):
    with FakeSerialPrinter("paper_out") as fake:
        assert main(["printer", "test", fake.url]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert T.CLERK_PAPER_END(number="A001").text("zh") in err


def test_status_json(capsys):
    with FakeSerialPrinter("near_end") as fake:
        assert main(["--json", "printer", "status", fake.url]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["paper_near_end"] is True and st["paper_end"] is False and st["reason"] == "paper_near_end"
    assert st["url"] == fake.url


def test_status_in_either_language(capsys):
    with FakeSerialPrinter("paper_out") as fake:
        for lang in ("zh", "en"):
            assert main(["--lang", lang, "printer", "status", fake.url]) == 1
            out = capsys.readouterr().out
            flags = T.STATUS_FLAGS(reachable=T.YES, online=T.NO, paper_end=T.YES, paper_near_end=T.NO,
                                   cover_open=T.NO)
            assert out.splitlines() == [T.STATUS_PRINTER(url=fake.url).text(lang), flags.text(lang),
                                        T.STATUS_PROBLEM(problem=T.PROBLEM_PAPER_END).text(lang)]


def test_status_of_unreachable_printer(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"tcp://127.0.0.1:{port}"
    assert main(["printer", "status", url, "--timeout", "2"]) == 1
    out, err = capsys.readouterr()
    assert T.STATUS_PRINTER(url=url).text("zh") in out
    assert err.strip().count("\n") == 0 and url in err
    assert main(["--json", "printer", "status", url, "--timeout", "2"]) == 1
    st = json.loads(capsys.readouterr().out)
    assert (st["reachable"], st["known"], st["reason"]) == (False, False, "unreachable")


def test_bad_url(capsys):
    assert main(["printer", "status", "lpt://1"]) == 2
    err = capsys.readouterr().err
    assert "bad printer URL 'lpt://1'" in err and "Traceback" not in err


def test_the_command_line_imports_nothing_heavy():
    """Every `hallq` command imports printers.cli to build its parser."""
    code = (
        "import sys, hallq.printers, hallq.printers.cli\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'escpos', 'PIL', 'qrcode', 'serial', 'usb'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_printers_never_import_textual_or_the_hall():
    code = (
        "import sys, hallq.printers.cli, hallq.printers.preview, hallq.printers.transports, hallq.printers.printer\n"
        "bad = sorted({m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')\n"
        "              or m.split('.')[:2] in (['hallq', p] for p in ('db', 'kiosk', 'counter', 'display'))})\n"
        "import logging; from hallq.printers import render_slip\n"
        "handlers = logging.getLogger().handlers\n"
        "assert handlers == [], handlers  # python-escpos's basicConfig undone\n"
        "print(bad)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True).stdout
    assert out.strip() == "[]"
    for path in (root / "printers").glob("*.py"):
        src = path.read_text(encoding="utf-8")
        for mod in ("textual", "rich", "hallq.db", "hallq.kiosk", "hallq.counter", "hallq.display"):
            assert f"import {mod}" not in src and f"from {mod}" not in src, (path.name, mod)
