"""Printing to a fake network printer (TCP on 127.0.0.1) in every status scenario."""
from __future__ import annotations

import asyncio
import socket
import time

import pytest

from hallq.printers import PrintResult, open_printer
from tests.printers.escpos_parse import parse
from tests.printers.fakes import FakeNetworkPrinter


async def print_to(fake: FakeNetworkPrinter, slip, **kw) -> PrintResult:
    printer = open_printer(fake.url, profile="80mm", status_timeout=kw.pop("status_timeout", 0.3), **kw)
    return await printer.print_slip(slip)


async def test_ok_prints_and_the_bytes_read_back(slip):
    async with FakeNetworkPrinter("ok") as fake:
        result = await print_to(fake, slip)
        data = await asyncio.wait_for(fake.job.get(), 5)
    assert result.outcome == "printed" and result.ok
    assert result.citizen_message("zh") == "" and result.citizen_message("en") == ""
    assert result.status.known and result.status.online
    p = parse(data)
    assert p.status_queries == [1, 2, 4]  # asked before the slip
    assert "A001" in p.text_lines and "杭锦旗政务服务中心" in p.text_lines
    assert p.qrs[0].payload == "https://hall.example/t/TOKEN"
    assert p.cuts == ["partial"]
    assert result.bytes_sent == len(data) - 9


async def test_paper_out_fails_with_messages_and_prints_nothing(slip):
    async with FakeNetworkPrinter("paper_out") as fake:
        result = await print_to(fake, slip)
        data = await asyncio.wait_for(fake.job.get(), 5)
    assert result.outcome == "failed" and not result.ok
    assert result.reason == "paper_end"
    assert result.citizen_message("zh") == "打印机缺纸，请联系工作人员"
    assert result.citizen_message("en") == "The printer is out of paper, please ask a member of staff"
    assert result.clerk_message == f"printer {fake.url}: paper end — load paper, then reprint A001"
    assert "补打 A001" in result.clerk_text("zh")
    assert parse(data).lines == []  # only the status queries went out
    assert result.slip is slip  # the ticket is not lost: reprint it


async def test_reprint_after_loading_paper(slip):
    async with FakeNetworkPrinter("paper_out") as fake:
        printer = open_printer(fake.url, status_timeout=0.3)
        first = await printer.print_slip(slip)
        fake.scenario = "ok"  # a clerk loads paper
        again = await printer.print_slip(first.slip)
        await fake.job.get()
        data = await asyncio.wait_for(fake.job.get(), 5)
    assert first.outcome == "failed" and again.outcome == "printed"
    assert "A001" in parse(data).text_lines


async def test_cover_open(slip):
    async with FakeNetworkPrinter("cover_open") as fake:
        result = await print_to(fake, slip)
    assert result.outcome == "failed" and result.reason == "cover_open"
    assert "盖" in result.citizen_message("zh")
    assert "close the printer cover" in result.clerk_message


async def test_paper_near_end_prints_with_a_warning(slip):
    async with FakeNetworkPrinter("near_end") as fake:
        result = await print_to(fake, slip)
        data = await asyncio.wait_for(fake.job.get(), 5)
    assert result.outcome == "warning" and result.ok
    assert result.reason == "paper_near_end"
    assert result.citizen_message("zh") == ""
    assert "paper near end" in result.clerk_message
    assert "A001" in parse(data).text_lines


async def test_printer_error(slip):
    async with FakeNetworkPrinter("error") as fake:
        result = await print_to(fake, slip)
    assert result.outcome == "failed" and result.reason == "error"


async def test_silent_printer_prints_with_status_unknown_in_bounded_time(slip):
    async with FakeNetworkPrinter("silent") as fake:
        started = time.monotonic()
        result = await print_to(fake, slip, status_timeout=0.2)
        elapsed = time.monotonic() - started
        data = await asyncio.wait_for(fake.job.get(), 5)
    assert result.outcome == "warning" and result.reason == "unknown"
    assert result.citizen_message("zh") == "如未出票，请联系工作人员补打"
    assert "did not answer the status query" in result.clerk_message
    assert elapsed < 1.5
    assert fake.queries == [1]  # gave up after the first unanswered query
    assert "A001" in parse(data).text_lines


async def test_slow_printer_answers_too_late(slip):
    async with FakeNetworkPrinter("slow", slow_delay=1.0) as fake:
        started = time.monotonic()
        result = await print_to(fake, slip, status_timeout=0.2)
        assert time.monotonic() - started < 1.0
    assert result.outcome == "warning" and result.reason == "unknown"


async def test_status_wait_never_outlasts_the_job_timeout(slip):
    async with FakeNetworkPrinter("silent") as fake:
        printer = open_printer(fake.url, timeout=0.4, status_timeout=5.0)
        started = time.monotonic()
        result = await printer.print_slip(slip)
        elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert result.outcome in ("warning", "failed")


async def test_a_hung_device_is_cut_off_and_the_loop_keeps_running(slip, tmp_path):
    """file:// to a FIFO nobody reads: open() blocks for ever inside the transport."""
    import os
    import threading

    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    printer = open_printer(f"file://{fifo}", timeout=0.4)
    task = asyncio.create_task(ticker())
    started = time.monotonic()
    result = await printer.print_slip(slip)
    elapsed = time.monotonic() - started
    task.cancel()
    # release the stuck worker thread: it opens, writes and finishes
    drained = []
    reader = threading.Thread(target=lambda: drained.append(fifo.read_bytes()))
    reader.start()
    reader.join(5)
    assert result.outcome == "failed" and result.reason == "timeout"
    assert 0.35 <= elapsed < 1.0
    assert ticks >= 10  # the event loop was never blocked
    assert result.citizen_message("zh") == "打印机暂时无法出票，请联系工作人员"
    assert "reprint A001" in result.clerk_message


async def test_connection_refused(slip):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    printer = open_printer(f"tcp://127.0.0.1:{port}", timeout=2)
    result = await printer.print_slip(slip)
    assert result.outcome == "failed" and result.reason == "unreachable"
    assert "refused" in result.detail.lower()
    assert result.citizen_message("zh") == "打印机暂时无法出票，请联系工作人员"
    assert f"tcp://127.0.0.1:{port}: not reachable" in result.clerk_message
    status = await printer.status()
    assert not status.reachable and "not reachable" in status.problem


@pytest.mark.parametrize(
    "scenario, expect",
    [
        ("ok", dict(online=True, paper_end=False, paper_near_end=False, cover_open=False, problem="")),
        ("paper_out", dict(online=False, paper_end=True, cover_open=False, problem="paper end")),
        ("cover_open", dict(online=False, paper_end=False, cover_open=True, problem="cover open")),
        ("near_end", dict(online=True, paper_end=False, paper_near_end=True, problem="paper near end")),
    ],
)
async def test_status(scenario, expect):
    async with FakeNetworkPrinter(scenario) as fake:
        st = await open_printer(fake.url, status_timeout=0.5).status()
    assert st.reachable and st.known
    for key, value in expect.items():
        assert getattr(st, key) == value, key


async def test_status_of_a_silent_printer_is_unknown():
    async with FakeNetworkPrinter("silent") as fake:
        st = await open_printer(fake.url, status_timeout=0.2).status()
    assert st.reachable and not st.known and st.online is None
    assert st.problem.startswith("status unknown")


async def test_two_slips_at_once_are_printed_one_after_the_other(slip):
    from tests.printers.conftest import make_slip

    async with FakeNetworkPrinter("ok") as fake:
        printer = open_printer(fake.url, status_timeout=0.5)
        r1, r2 = await asyncio.gather(printer.print_slip(slip), printer.print_slip(make_slip(number="A002")))
        jobs = [await asyncio.wait_for(fake.job.get(), 5) for _ in range(2)]
    assert r1.ok and r2.ok
    numbers = sorted(t for j in jobs for t in parse(j).text_lines if t in ("A001", "A002"))
    assert numbers == ["A001", "A002"]


async def test_bitmap_profile_option_in_the_url(slip):
    async with FakeNetworkPrinter("ok") as fake:
        printer = open_printer(fake.url + "?qr=bitmap&profile=58mm", status_timeout=0.5)
        assert printer.profile.name == "58mm" and not printer.profile.native_qr
        result = await printer.print_slip(slip)
        p = parse(await asyncio.wait_for(fake.job.get(), 5))
    assert result.ok and p.qrs == [] and len(p.images) == 1
