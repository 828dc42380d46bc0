"""Printing to a fake serial printer on a pty."""
from __future__ import annotations

import asyncio

from hallq.printers import Fault, Outcome, open_printer
from hallq.printers import texts as T
from tests.printers.escpos_parse import parse
from tests.printers.fakes import FakeSerialPrinter


async def test_serial_ok(slip):
    with FakeSerialPrinter("ok") as fake:
        printer = open_printer(fake.url, profile="58mm", status_timeout=0.5)
        result = await printer.print_slip(slip)
        assert await asyncio.to_thread(fake.cut.wait, 5)
        data = bytes(fake.received)
    assert result.outcome == Outcome.PRINTED, result.clerk_message
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
    assert result.outcome == Outcome.FAILED and result.reason == Fault.PAPER_END
    assert result.citizen_text == T.PAPER_END
    assert result.clerk_line == T.CLERK_LINE(printer="printer", url=fake.url, action=T.CLERK_PAPER_END(number="A001"))
    assert st.paper_end and not st.online and st.reason == Fault.PAPER_END
    assert b"\x1dV" not in fake.received


async def test_serial_silent_line(slip):
    with FakeSerialPrinter("silent") as fake:
        printer = open_printer(fake.url, status_timeout=0.2)
        result = await printer.print_slip(slip)
        assert await asyncio.to_thread(fake.cut.wait, 5)
    assert result.outcome == Outcome.WARNING and result.reason == Fault.UNKNOWN


async def test_missing_serial_device(slip, tmp_path):
    printer = open_printer(f"serial://{tmp_path}/ttyUSB9?baudrate=9600")
    result = await printer.print_slip(slip)
    assert result.outcome == Outcome.FAILED and result.reason == Fault.UNREACHABLE
    assert "ttyUSB9" in result.detail
