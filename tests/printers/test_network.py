"""Printing to a fake network printer (TCP on 127.0.0.1) in every status scenario."""
from __future__ import annotations

import asyncio
import socket
import time

import pytest

from hallq.printers import Fault, Outcome, PrintResult, open_printer
from hallq.printers import texts as T
from tests.printers.escpos_parse import parse
from tests.printers.fakes import FakeNetworkPrinter


async def print_to(fake: FakeNetworkPrinter, slip, **kw) -> PrintResult:
    printer = open_printer(fake.url, profile="80mm", status_timeout=kw.pop("status_timeout", 0.3), **kw)
    return await printer.print_slip(slip)


async def test_ok_prints_and_the_bytes_read_back(slip):
    async with FakeNetworkPrinter("ok") as fake:
        result = await print_to(fake, slip)
        data = await asyncio.wait_for(fake.job.get(), 5)
    assert result.outcome == Outcome.PRINTED and result.ok and result.reason == Fault.NONE
    assert result.citizen_text is None and result.citizen_message("zh") == result.citizen_message("en") == ""
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
    assert result.outcome == Outcome.FAILED and not result.ok
    assert result.reason == Fault.PAPER_END
    assert result.citizen_text == T.PAPER_END
    assert result.clerk_line == T.CLERK_LINE(printer="printer", url=fake.url, action=T.CLERK_PAPER_END(number="A001"))
    assert result.clerk_message == result.clerk_text("en") and "A001" in result.clerk_text("zh")
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
    assert first.outcome == Outcome.FAILED and again.outcome == Outcome.PRINTED
    assert "A001" in parse(data).text_lines


async def test_cover_open(slip):
    async with FakeNetworkPrinter("cover_open") as fake:
        result = await print_to(fake, slip)
    assert result.outcome == Outcome.FAILED and result.reason == Fault.COVER_OPEN
    assert result.citizen_text == T.COVER_OPEN
    assert dict(result.clerk_line.values)["action"] == T.CLERK_COVER_OPEN(number="A001")


async def test_paper_near_end_prints_with_a_warning(slip):
    async with FakeNetworkPrinter("near_end") as fake:
        result = await print_to(fake, slip)
        data = await asyncio.wait_for(fake.job.get(), 5)
    assert result.outcome == Outcome.WARNING and result.ok
    assert result.reason == Fault.PAPER_NEAR_END
    assert result.citizen_text is None
    assert dict(result.clerk_line.values)["action"] == T.CLERK_PAPER_NEAR_END(number="A001")
    assert "A001" in parse(data).text_lines


async def test_printer_error(slip):
    async with FakeNetworkPrinter("error") as fake:
        result = await print_to(fake, slip)
    assert result.outcome == Outcome.FAILED and result.reason == Fault.ERROR
    assert result.citizen_text == T.NOT_PRINTED


async def test_silent_printer_prints_with_status_unknown_in_bounded_time(slip):
    async with FakeNetworkPrinter("silent") as fake:
        started = time.monotonic()
        result = await print_to(fake, slip, status_timeout=0.2)
        elapsed = time.monotonic() - started
        data = await asyncio.wait_for(fake.job.get(), 5)
    assert result.outcome == Outcome.WARNING and result.reason == Fault.UNKNOWN
    assert result.citizen_text == T.MAYBE_NOT_PRINTED
    assert dict(result.clerk_line.values)["action"] == T.CLERK_STATUS_UNKNOWN(number="A001")
    assert elapsed < 1.5
    assert fake.queries == [1]  # gave up after the first unanswered query
    assert "A001" in parse(data).text_lines


async def test_slow_printer_answers_too_late(slip):
    async with FakeNetworkPrinter("slow", slow_delay=1.0) as fake:
        started = time.monotonic()
        result = await print_to(fake, slip, status_timeout=0.2)
        assert time.monotonic() - started < 1.0
    assert result.outcome == Outcome.WARNING and result.reason == Fault.UNKNOWN


async def test_status_wait_never_outlasts_the_job_timeout(slip):
    async with FakeNetworkPrinter("silent") as fake:
        printer = open_printer(fake.url, timeout=0.4, status_timeout=5.0)
        started = time.monotonic()
        result = await printer.print_slip(slip)
        elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert result.outcome in (Outcome.WARNING, Outcome.FAILED)


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
    assert result.outcome == Outcome.FAILED and result.reason == Fault.TIMEOUT
    assert 0.35 <= elapsed < 1.0
    assert ticks >= 10  # the event loop was never blocked
    assert result.citizen_text == T.NOT_PRINTED
    assert dict(result.clerk_line.values)["action"] == T.CLERK_TIMEOUT(number="A001", detail=result.detail)


async def test_connection_refused(slip):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    printer = open_printer(f"tcp://127.0.0.1:{port}", timeout=2)
    result = await printer.print_slip(slip)
    assert result.outcome == Outcome.FAILED and result.reason == Fault.UNREACHABLE
    assert "refused" in result.detail.lower()  # the OS's own words, passed on
    assert result.citizen_text == T.NOT_PRINTED
    assert dict(result.clerk_line.values)["action"] == T.CLERK_UNREACHABLE(number="A001", detail=result.detail)
    assert f"tcp://127.0.0.1:{port}" in result.clerk_message
    status = await printer.status()
    assert not status.reachable and status.reason == Fault.UNREACHABLE
    assert "refused" in status.detail.lower()


@pytest.mark.parametrize(
    "scenario, expect",
    [
        ("ok", dict(online=True, paper_end=False, paper_near_end=False, cover_open=False, reason=Fault.NONE)),
        ("paper_out", dict(online=False, paper_end=True, cover_open=False, reason=Fault.PAPER_END)),
        ("cover_open", dict(online=False, paper_end=False, cover_open=True, reason=Fault.COVER_OPEN)),
        ("near_end", dict(online=True, paper_end=False, paper_near_end=True, reason=Fault.PAPER_NEAR_END)),
        ("error", dict(online=False, error=True, reason=Fault.ERROR)),
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
    assert st.reason == Fault.UNKNOWN and st.problem_text == T.PROBLEM_WITH_DETAIL(problem=T.PROBLEM_UNKNOWN,
                                                                                   detail=st.detail)


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
