"""A peer on a tcp:// printer address that is not a printer (issue 19: a service answering
with text was reported as 缺纸, paper end, because text bytes passed the status check)."""
from __future__ import annotations

import asyncio

import pytest

from hallq.printers import Fault, open_printer
from hallq.printers.status import valid_answer


class TextPeer:
    """A real TCP service on 127.0.0.1 that answers every request with a line of text."""

    def __init__(self, reply: bytes) -> None:
        self.reply = reply
        self.server: asyncio.Server | None = None

    async def __aenter__(self) -> TextPeer:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc) -> None:
        assert self.server
        self.server.close()
        await self.server.wait_closed()

    @property
    def url(self) -> str:
        assert self.server
        return f"tcp://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await reader.read(64):
                writer.write(self.reply)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()


async def test_a_peer_answering_text_is_no_printer_and_no_paper_fault():
    for reply in (b"error: unrecognised request\r\n", b"rrrr", b"HTTP/1.1 400 Bad Request\r\n\r\n"):
        async with TextPeer(reply) as peer:
            st = await open_printer(peer.url, status_timeout=0.3).status()
        assert st.reachable and not st.known, reply
        assert st.paper_end is None and st.cover_open is None and st.error is None, reply
        assert st.reason == Fault.UNKNOWN and "not a printer" in st.detail, reply


def test_the_fixed_bits_of_each_answer():
    assert valid_answer(0x12, 1) and valid_answer(0x12, 2) and valid_answer(0x12, 4)
    assert valid_answer(0x7E, 4)  # near end and paper end: both pairs set
    assert valid_answer(ord("r"), 4)  # 0x72 is a paper-end answer: one "r" alone cannot be told apart,
    # which is why any other byte in the reply ("rrrr", a line of text) makes the status untrusted
    assert not valid_answer(0x52, 4)  # bits 5–6 = 10: no printer answers that
    assert not valid_answer(ord("H")) and not valid_answer(0x93)


async def test_a_usb_printer_without_libusb_says_to_install_it(slip, monkeypatch):
    """Issue 19: "check the connection" was said when the libusb library is missing."""
    import ctypes.util

    import usb.core

    if ctypes.util.find_library("usb-1.0"):  # this machine has libusb: take its backend away
        def no_backend(*args, **kwargs):
            raise usb.core.NoBackendError("No backend available")
        monkeypatch.setattr(usb.core, "find", no_backend)
    printer = open_printer("usb://0416:5011", status_timeout=0.3)
    status = await printer.status()
    assert not status.reachable and "libusb-1.0-0" in status.detail
    result = await printer.print_slip(slip)
    assert result.reason == Fault.UNSUPPORTED and "libusb-1.0-0" in result.clerk_message


@pytest.mark.slow  # real processes
async def test_previews_never_overwrite_and_each_hall_has_its_folder(tmp_path):
    """Issue 19: two previews of one number in the same minute overwrote one PNG, and every
    checkout on a machine shared one preview folder in /tmp."""
    import os
    import subprocess
    import sys

    from tests.printers.conftest import make_slip

    slip = make_slip()
    printer = open_printer("preview:", preview_dir=tmp_path / "previews")
    first, second = (await printer.print_slip(slip)).png_path, (await printer.print_slip(slip)).png_path
    assert first != second and os.path.exists(first) and os.path.exists(second)
    assert os.stat(tmp_path / "previews").st_mode & 0o777 == 0o700

    folders = []
    for hall in ("east", "west"):
        db = tmp_path / hall / "hall.db"
        db.parent.mkdir()
        subprocess.run([sys.executable, "-m", "hallq", "--db", str(db), "init", "--demo"], check=True,
                       capture_output=True)
        done = subprocess.run([sys.executable, "-m", "hallq", "--db", str(db), "printer", "test", "preview:"],
                              check=True, capture_output=True, text=True)
        png = next(line for line in done.stdout.splitlines() if line.endswith(".png"))
        folders.append(os.path.dirname(png))
    assert folders == [f"{tmp_path}/east/hall.db.previews", f"{tmp_path}/west/hall.db.previews"]
