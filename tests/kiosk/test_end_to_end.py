"""The kiosk with a fake network printer (raw TCP on 127.0.0.1): a tile pressed → the
ticket is in the database and the printer received a slip carrying its number."""
from __future__ import annotations

import pytest

from hallq.kiosk.app import KioskApp
from hallq.kiosk.printer_banner import PrinterBanner
from hallq.printers import open_printer
from hallq.ui.big_text import BigText
from tests.kiosk.conftest import FakeNetworkPrinter, settle

pytestmark = pytest.mark.slow  # a whole app driven through Pilot


@pytest.fixture
def network_printer():
    fake = FakeNetworkPrinter()
    yield fake
    fake.close()


async def test_tile_to_database_to_network_printer(engine, clock, network_printer):
    printer = open_printer(network_printer.url, profile="80mm", timeout=3, status_timeout=0.5)
    app = KioskApp(engine, printer, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click(app.view.shown_tiles()[2])  # 不动产登记
        await settle(pilot)
        [ticket] = await engine.tickets()
        assert (ticket.number, ticket.service, ticket.kiosk) == ("C001", "C", "K1")
        assert app.view.last_print.outcome == "printed"
        data = bytes(network_printer.received)
        assert b"C001" in data and "不动产登记".encode("gbk") in data
        assert ticket.token.encode() in data  # the QR payload: the status page of this ticket
        assert not app.query_one(PrinterBanner).display


async def test_network_printer_out_of_paper_then_back(engine, clock, network_printer):
    printer = open_printer(network_printer.url, profile="80mm", timeout=3, status_timeout=0.5)
    app = KioskApp(engine, printer, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        network_printer.paper_out = True
        await pilot.press("1")
        await settle(pilot)
        assert app.query_one("#ticket-number", BigText).text == "A001"
        assert app.view.last_print.reason == "paper_end"
        assert b"A001" not in bytes(network_printer.received)
        banner = app.query_one(PrinterBanner)
        assert banner.display and app.view.fault.reason == "paper_end"
        assert app.view.fault.citizen_message("zh") in str(banner.render())
        device = (await engine.devices())[0]
        assert not device.ok and device.url == network_printer.url
        network_printer.paper_out = False
        await app.view.check_printer()
        await pilot.pause()
        assert not banner.display and (await engine.devices())[0].ok
        await pilot.click("#ticket-reprint")
        await settle(pilot)
        assert b"A001" in bytes(network_printer.received)
