"""Worker processes for the concurrency and crash tests (run with the spawn context)."""
from __future__ import annotations

import asyncio
import sys
import time

from hallq.db.engine import HallEngine
from hallq.db.errors import Refused


def issuer(path: str, service: str, seconds: float, start, out, most: int = 300) -> None:
    """Issue tickets for `seconds` from the moment every worker passed barrier `start`."""
    async def main():
        engine = await HallEngine.open(path)
        numbers, errors = [], []
        try:
            start.wait()
            until = time.monotonic() + seconds
            while time.monotonic() < until and len(numbers) < most:  # numbers have 3 digits
                try:
                    numbers.append((await engine.issue_ticket(service)).number)
                except Exception as exc:  # anything here is a failure the test reports
                    errors.append(repr(exc))
        finally:
            await engine.close()
        out.put(("issued", numbers, errors))

    asyncio.run(main())


def caller(path: str, window: int, seconds: float, start, out) -> None:
    """Call and start the next ticket at `window` for `seconds` after barrier `start`."""
    async def main():
        engine = await HallEngine.open(path)
        called, errors = [], []
        try:
            start.wait()
            until = time.monotonic() + seconds
            while time.monotonic() < until:
                try:
                    ticket = await engine.call_next(window)
                    called.append(ticket.number)
                    await engine.start(window)
                except Refused as refusal:
                    if refusal.code != "nothing_waiting":
                        errors.append(repr(refusal))
                except Exception as exc:
                    errors.append(repr(exc))
        finally:
            await engine.close()
        out.put(("called", called, errors))

    asyncio.run(main())


def writer_until_killed(path: str) -> None:
    """Issues, calls and starts tickets forever, printing each number once committed.
    A kill may fall between a call and its start: the next writer starts that one first."""
    async def main():
        engine = await HallEngine.open(path)
        try:
            while True:
                ticket = await engine.issue_ticket("A")
                print(ticket.number, flush=True)
                try:
                    await engine.call_next(3)  # finishes the one before
                except Refused as refusal:
                    if refusal.code != "still_called":
                        raise
                    await engine.start(3)
                    await engine.call_next(3)
                await engine.start(3)
        finally:
            await engine.close()

    asyncio.run(main())


if __name__ == "__main__":
    writer_until_killed(sys.argv[1])
