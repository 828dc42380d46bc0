"""SVG snapshots of the start, ticket and printer-fault screens, in Chinese and English."""
from __future__ import annotations

import asyncio

import pytest

from hallq.db.clock import VirtualClock
from hallq.db.config import demo_text, load_demo
from hallq.db.engine import HallEngine
from tests.kiosk.conftest import MORNING, FakePrinter, KioskOnFile, settle


@pytest.fixture
def hall_file(tmp_path):
    path = tmp_path / "hall.db"

    async def prepare():
        engine = await HallEngine.open(path, VirtualClock(MORNING))
        await engine.load_config(load_demo(), demo_text())
        await engine.login(1, "c01", "1111")  # an A window is open, so a ticket gets its expected wait
        for prefix in "AAB":
            await engine.issue_ticket(prefix)
        await engine.close()

    asyncio.run(prepare())
    return path


async def take_ticket(pilot):
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)


async def ready(pilot):
    await settle(pilot)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_start_screen(snap_compare, hall_file, lang):
    assert snap_compare(KioskOnFile(hall_file, FakePrinter(), lang=lang), terminal_size=(80, 24), run_before=ready)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ticket_screen(snap_compare, hall_file, lang):
    assert snap_compare(KioskOnFile(hall_file, FakePrinter(), lang=lang), terminal_size=(80, 24),
                        run_before=take_ticket)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printer_fault_screen(snap_compare, hall_file, lang):
    printer = FakePrinter()
    printer.fault = "paper_end"
    assert snap_compare(KioskOnFile(hall_file, printer, lang=lang), terminal_size=(80, 24), run_before=take_ticket)


def test_start_screen_large(snap_compare, hall_file):
    assert snap_compare(KioskOnFile(hall_file, FakePrinter()), terminal_size=(200, 60), run_before=ready)
