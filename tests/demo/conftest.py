"""The demo app on the demo hall (VirtualClock, 2026-11-25 09:30), a preview printer in tmp."""
from __future__ import annotations

import pytest

from hallq.demo.app import DemoApp
from hallq.demo.hall import prepare
from hallq.printers import open_printer
from tests.conftest import MORNING
from tests.pilot import until  # noqa: F401  (the one wait, re-exported for these tests)


@pytest.fixture
def printer(tmp_path):
    return open_printer(f"preview:?dir={tmp_path / 'slips'}", profile="58mm", name="demo kiosk printer")


@pytest.fixture
def make_app(engine, clock, printer):
    """DemoApp factory on the prepared demo hall (bookings imported)."""
    async def make(**options) -> DemoApp:
        await prepare(engine, MORNING)
        return DemoApp(engine, printer, clock=clock, **options)
    return make
