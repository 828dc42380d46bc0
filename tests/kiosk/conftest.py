"""Kiosk test helpers: a fake printer, a fake network printer, an app factory."""
from __future__ import annotations

import asyncio
import socket
import threading
import time
from datetime import datetime

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Footer

from hallq.db.clock import VirtualClock
from hallq.db.engine import HallEngine
from hallq.db.privacy import _CHECK, _WEIGHTS
from hallq.kiosk.app import KioskApp
from hallq.kiosk.view import KioskView
from hallq.printers import PrintResult
from hallq.printers.status import PrinterStatus

MORNING = datetime(2026, 11, 25, 9, 30)


def make_id(first17: str) -> str:
    """A valid 18-digit ID number (GB 11643 check character) from its first 17 digits."""
    return first17 + _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


SENIOR_ID = make_id("11010519491231002")  # born 1949-12-31: 76 on the test day
YOUNG_ID = make_id("11010519900307123")  # born 1990-03-07: 36


class FakePrinter:
    """Records slips; fails with `reason` while `fault` is set; `gate` holds a job open."""

    url = "fake://printer"
    name = "fake printer"

    def __init__(self) -> None:
        self.slips = []
        self.fault: str | None = None  # e.g. "paper_end"
        self.gate: asyncio.Event | None = None
        self.handed_over_at: list[float] = []

    async def print_slip(self, slip, *, timeout=None) -> PrintResult:
        self.handed_over_at.append(time.perf_counter())
        if self.gate is not None:
            await self.gate.wait()
        if self.fault:
            return PrintResult("failed", self.url, slip.number, self.fault, self.fault, name=self.name, slip=slip)
        self.slips.append(slip)
        return PrintResult("printed", self.url, slip.number, name=self.name, slip=slip)

    async def status(self, *, timeout=None) -> PrinterStatus:
        if self.fault == "paper_end":
            return PrinterStatus(online=False, paper_end=True, paper_near_end=True, cover_open=False, error=False)
        if self.fault:
            return PrinterStatus(reachable=False, detail=self.fault)
        return PrinterStatus(online=True, paper_end=False, paper_near_end=False, cover_open=False, error=False)


class FakeNetworkPrinter:
    """A raw-TCP (port 9100) ESC/POS printer on 127.0.0.1: answers DLE EOT status queries
    and keeps every byte it receives. `paper_out` makes it report paper end."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        self.paper_out = False
        self.jobs = 0
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _answer(self, n: int) -> int:
        if n == 1:
            return 0x12 | (0x08 if self.paper_out else 0)
        if n == 2:
            return 0x12 | (0x20 if self.paper_out else 0)
        return 0x12 | (0x6C if self.paper_out else 0)

    def _serve(self) -> None:
        self.server.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                self.jobs += 1
                conn.settimeout(5)
                data = bytearray()
                while True:
                    try:
                        chunk = conn.recv(4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    data += chunk
                    while True:  # answer DLE EOT n queries as they come
                        i = data.find(b"\x10\x04")
                        if i < 0 or i + 2 >= len(data):
                            break
                        conn.sendall(bytes([self._answer(data[i + 2])]))
                        del data[i:i + 3]
                self.received += data

    def close(self) -> None:
        self._stop = True
        self.server.close()
        self.thread.join(2)


async def type_keys(pilot, text: str, enter: bool = False) -> None:
    """Deliver keys back to back, as the terminal driver does for a barcode scanner or
    fast typing (Pilot.press waits between keys)."""
    from textual import events

    for ch in text:
        pilot.app.post_message(events.Key(ch, ch))
    if enter:
        pilot.app.post_message(events.Key("enter", "\r"))
    await pilot.pause()


async def settle(pilot, app=None) -> None:
    """Wait until the kiosk's one-off workers (printing, check-in) are done."""
    app = app or pilot.app
    for _ in range(50):
        busy = [w for w in app.workers if w.group not in ("feed", "clock") and not w.is_finished]
        if not busy:
            break
        await app.workers.wait_for_complete(busy)
        await pilot.pause()
    await pilot.pause()


@pytest.fixture
def printer() -> FakePrinter:
    return FakePrinter()


@pytest.fixture
def make_app(engine, clock, printer):
    def make(**options) -> KioskApp:
        options.setdefault("clock", clock)
        return KioskApp(engine, options.pop("printer", printer), **options)
    return make


async def book(engine, code="YY1001", service="A", start="2026-11-25 09:30", end="2026-11-25 10:00", **extra):
    row = dict(code=code, name="张三", service=service, slot_start=start, slot_end=end, **extra)
    report = await engine.import_appointments([row])
    assert not report.errors, report.errors


class KioskOnFile(App):
    """For snapshot tests (which run the app in their own event loop): opens the engine
    on a prepared database file in the app's loop, then mounts the kiosk view."""

    ENABLE_COMMAND_PALETTE = False

    def __init__(self, db_path, printer, lang: str = "zh", kiosk_id: str = "K1") -> None:
        super().__init__()
        self.db_path, self.printer, self.lang, self.kiosk_id = db_path, printer, lang, kiosk_id
        self.engine: HallEngine | None = None

    def compose(self) -> ComposeResult:
        yield Footer()

    async def on_mount(self) -> None:
        self.engine = await HallEngine.open(self.db_path, VirtualClock(MORNING))
        self.view = KioskView(self.engine, self.printer, kiosk_id=self.kiosk_id, lang=self.lang)
        await self.mount(self.view, before=0)

    async def on_unmount(self) -> None:
        if self.engine is not None:
            await self.engine.close()
