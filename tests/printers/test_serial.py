"""Printing to a fake serial printer on a pty."""
from __future__ import annotations

import asyncio

from hallq.printers import open_printer
from tests.printers.escpos_parse import parse
from tests.printers.fakes import FakeSerialPrinter


async def test_serial_ok(slip):
    with FakeSerialPrinter("ok") as fake:
        printer = open_printer(fake.url, profile="58mm", status_timeout=0.5)
        result = await printer.print_slip(slip)
        assert await asyncio.to_thread(fake.cut.wait, 5)
        data = bytes(fake.received)
    assert result.outcome == "printed", result.clerk_message
    p = parse(data)
    assert p.status_queries == [1, 2, 4]
    assert "A001" in p.text_lines and p.find("A001").size == (5, 5)
    assert "杭锦旗政务服务中心" in p.text_lines
    assert p.qrs[0].payload == "https://hall.example/t/TOKEN"
    assert p.cuts == ["partial"]
    for line in p.lines:
        assert line.indent + line.width <= 32


async def test_serial_paper_out(slip):
    with FakeSerialPrinter("paper_out") as fake:
        printer = open_printer(fake.url, status_timeout=0.5)
        result = await printer.print_slip(slip)
        st = await printer.status()
    assert result.outcome == "failed" and result.reason == "paper_end"
    assert result.citizen_message() == "打印机缺纸，请联系工作人员"
    assert f"printer {fake.url}: paper end — load paper, then reprint A001" == result.clerk_message
    assert st.paper_end and not st.online
    assert b"\x1dV" not in fake.received


async def test_serial_silent_line(slip):
    with FakeSerialPrinter("silent") as fake:
        printer = open_printer(fake.url, status_timeout=0.2)
        result = await printer.print_slip(slip)
        assert await asyncio.to_thread(fake.cut.wait, 5)
    assert result.outcome == "warning" and result.reason == "unknown"


async def test_missing_serial_device(slip, tmp_path):
    printer = open_printer(f"serial://{tmp_path}/ttyUSB9?baudrate=9600")
    result = await printer.print_slip(slip)
    assert result.outcome == "failed" and result.reason == "unreachable"
    assert "ttyUSB9" in result.detail
