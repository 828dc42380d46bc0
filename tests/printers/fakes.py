"""Fake printers for tests: a TCP server (raw port 9100 style) and a serial printer on
a pty. Both record the bytes they get and answer DLE EOT the way the scenario says."""
from __future__ import annotations

import asyncio
import os
import select
import threading
import time
import tty

# answers to DLE EOT 1 (printer), 2 (offline cause), 4 (roll paper sensor)
ANSWERS = {
    "ok": {1: 0x12, 2: 0x12, 4: 0x12},
    "paper_out": {1: 0x1A, 2: 0x32, 4: 0x72},
    "cover_open": {1: 0x1A, 2: 0x16, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 4: 0x1E},
    "error": {1: 0x1A, 2: 0x52, 4: 0x12},
}
SCENARIOS = tuple(ANSWERS) + ("silent", "slow")


class _Scanner:
    """Finds DLE EOT n in a byte stream that arrives in pieces."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.pos = 0

    def feed(self, data: bytes) -> list[int]:
        self.buf += data
        found = []
        while True:
            j = self.buf.find(b"\x10\x04", self.pos)
            if j < 0 or j + 2 >= len(self.buf):
                self.pos = max(self.pos, len(self.buf) - 2) if j < 0 else j
                return found
            found.append(self.buf[j + 2])
            self.pos = j + 3


class FakeNetworkPrinter:
    """An asyncio TCP server on 127.0.0.1 (port 0). One job per connection: the bytes
    up to the client's end of stream land in `jobs`, and `job` (a queue) gets them."""

    def __init__(self, scenario: str = "ok", *, slow_delay: float = 2.0) -> None:
        assert scenario in SCENARIOS, scenario
        self.scenario = scenario
        self.slow_delay = slow_delay
        self.jobs: list[bytes] = []
        self.job: asyncio.Queue[bytes] = asyncio.Queue()
        self.queries: list[int] = []
        self._tasks: set[asyncio.Task] = set()
        self.server: asyncio.AbstractServer | None = None

    async def __aenter__(self) -> FakeNetworkPrinter:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc) -> None:
        for t in list(self._tasks):
            t.cancel()
        self.server.close()
        await self.server.wait_closed()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    async def _answer(self, writer: asyncio.StreamWriter, n: int, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)  # the printer is slow, this is not synchronisation
        answer = ANSWERS["ok"].get(n, 0x12)
        try:
            writer.write(bytes([answer]))
            await writer.drain()
        except (ConnectionError, RuntimeError):
            pass

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._tasks.add(asyncio.current_task())
        scanner = _Scanner()
        buf = bytearray()
        try:
            while data := await reader.read(4096):
                buf += data
                for n in scanner.feed(data):
                    self.queries.append(n)
                    if self.scenario == "silent":
                        continue
                    if self.scenario == "slow":
                        t = asyncio.create_task(self._answer(writer, n, self.slow_delay))
                        self._tasks.add(t)
                        t.add_done_callback(self._tasks.discard)
                        continue
                    writer.write(bytes([ANSWERS[self.scenario].get(n, 0x12)]))
                    await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.jobs.append(bytes(buf))
            self.job.put_nowait(bytes(buf))
            writer.close()
            self._tasks.discard(asyncio.current_task())


class FakeSerialPrinter:
    """A printer on the master side of a pty; `path` is the slave device for
    serial://. Runs in a thread. With `baud`, it reads no faster than a UART at that
    rate (10 bits a byte), so the sender feels the line speed through the pty."""

    def __init__(self, scenario: str = "ok", *, baud: int | None = None) -> None:
        assert scenario in SCENARIOS, scenario
        self.scenario = scenario
        self.baud = baud
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.received = bytearray()
        self.queries: list[int] = []
        self.cut = threading.Event()  # set when a cut command arrived
        self.first_byte_at: float | None = None
        self.cut_at: float | None = None
        self._stop_r, self._stop_w = os.pipe()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"serial://{self.path}?baudrate={self.baud or 9600}"

    def __enter__(self) -> FakeSerialPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        os.write(self._stop_w, b"x")
        self._thread.join(5)
        for fd in (self.master, self.slave, self._stop_r, self._stop_w):
            os.close(fd)

    def reset(self) -> None:
        self.received.clear()
        self.cut.clear()
        self.first_byte_at = self.cut_at = None

    def _run(self) -> None:
        scanner = _Scanner()
        chunk = 32 if self.baud else 4096
        while True:
            ready, _, _ = select.select([self.master, self._stop_r], [], [])
            if self._stop_r in ready:
                return
            try:
                data = os.read(self.master, chunk)
            except OSError:
                return
            now = time.monotonic()
            if self.first_byte_at is None:
                self.first_byte_at = now
            self.received += data
            if self.baud:
                # a UART at `baud` needs 10 bits per byte: don't take more before it's time
                due = self.first_byte_at + len(self.received) * 10 / self.baud
                if due > now:
                    time.sleep(due - now)
            for n in scanner.feed(data):
                self.queries.append(n)
                if self.scenario in ANSWERS:
                    os.write(self.master, bytes([ANSWERS[self.scenario].get(n, 0x12)]))
            if self.received[-3:] in (b"\x1dV\x00", b"\x1dV\x01") and not self.cut.is_set():
                self.cut_at = time.monotonic()
                self.cut.set()
