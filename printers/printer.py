"""Printers by URL, and the typed result of printing a slip.

    printer = open_printer("tcp://10.0.0.21:9100", profile="80mm")
    result = await printer.print_slip(slip)     # never raises for printer faults
    if not result.ok: show(result.citizen_message("zh")); log(result.clerk_message)

The blocking transport work runs in a daemon thread; the caller awaits it with a
deadline, so a hung printer never blocks the event loop and print_slip() always
returns within `timeout` seconds (plus a few milliseconds).
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hallq.printers.profiles import PrinterProfile, get_profile
from hallq.printers.slip import Slip, render_slip
from hallq.printers.status import PrinterStatus
from hallq.printers.transports import TRANSPORTS, Target, Transport, TransportError
from hallq.printers.urls import PrinterUrlError, parse_url, profile_options

log = logging.getLogger("hallq.printers")

DEFAULT_TIMEOUT = 10.0  # a whole print job, seconds
DEFAULT_STATUS_TIMEOUT = 1.0  # one DLE EOT answer, seconds
DEFAULT_CONNECT_TIMEOUT = 3.0

CITIZEN = {
    "paper_end": ("打印机缺纸，请联系工作人员", "The printer is out of paper, please ask a member of staff"),
    "cover_open": ("打印机纸仓盖未关好，请联系工作人员", "The printer cover is open, please ask a member of staff"),
    "failed": ("打印机暂时无法出票，请联系工作人员", "The printer is not working, please ask a member of staff"),
    "unknown": ("如未出票，请联系工作人员补打", "If no ticket came out, please ask a member of staff to reprint it"),
}

# reason → (English action, Chinese action) for the clerk; {n} is the ticket number
CLERK = {
    "paper_end": ("paper end — load paper, then reprint {n}", "缺纸——请装纸后补打 {n}"),
    "cover_open": ("cover open — close the printer cover, then reprint {n}", "纸仓盖未关——请关好后补打 {n}"),
    "error": (
        "printer error — clear the paper jam or cutter, or let the head cool, then reprint {n}",
        "打印机故障——请清除卡纸或等待打印头冷却后补打 {n}",
    ),
    "offline": ("offline — check the printer's power and error light, then reprint {n}", "打印机离线——请检查电源和指示灯后补打 {n}"),
    "unreachable": (
        "not reachable ({d}) — check power, cable or network, then reprint {n}",
        "无法连接（{d}）——请检查电源、线缆或网络后补打 {n}",
    ),
    "timeout": ("no response ({d}) — check the printer and its connection, then reprint {n}", "打印机无响应（{d}）——请检查打印机和连接后补打 {n}"),
    "io_error": ("sending failed ({d}) — check the connection, then reprint {n}", "发送失败（{d}）——请检查连接后补打 {n}"),
    "unsupported": ("cannot print: {d}", "无法打印：{d}"),
    "paper_near_end": ("printed {n}; paper near end — replace the roll soon", "已打印 {n}；纸将用完——请尽快换纸"),
    "unknown": (
        "printed {n}, but the printer did not answer the status query — check the slip came out",
        "已发送 {n}，但打印机未回应状态查询——请确认已出票",
    ),
    "": ("printed {n}", "已打印 {n}"),
}


@dataclass
class PrintResult:
    """How printing one slip ended: "printed", "warning" (printed, but look at the
    printer) or "failed" (nothing printed; reprint with printer.print_slip(result.slip))."""

    outcome: str  # printed | warning | failed
    url: str
    number: str = ""
    reason: str = ""  # "" | paper_end | cover_open | error | offline | unreachable | timeout | io_error | unsupported | paper_near_end | unknown
    detail: str = ""
    status: PrinterStatus | None = None
    name: str = "printer"
    slip: Slip | None = field(default=None, repr=False)
    bytes_sent: int = 0
    elapsed: float = 0.0
    png_path: str | None = None  # preview printers only

    @property
    def ok(self) -> bool:
        return self.outcome in ("printed", "warning")

    def citizen_message(self, lang: str = "zh") -> str:
        """What a citizen at the kiosk should read; "" when there is nothing to say."""
        i = 0 if lang == "zh" else 1
        if self.outcome == "failed":
            return CITIZEN.get(self.reason, CITIZEN["failed"])[i]
        if self.reason == "unknown":
            return CITIZEN["unknown"][i]
        return ""

    def clerk_text(self, lang: str = "en") -> str:
        """One line a clerk can act on, in `lang`."""
        en, zh = CLERK.get(self.reason, CLERK["io_error"])
        action = (zh if lang == "zh" else en).format(n=self.number or "the ticket", d=self.detail or self.reason)
        return f"{self.name} {self.url}: {action}"

    @property
    def clerk_message(self) -> str:
        return self.clerk_text("en")

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "ok": self.ok,
            "url": self.url,
            "number": self.number,
            "reason": self.reason,
            "detail": self.detail,
            "status": self.status.as_dict() if self.status else None,
            "bytes_sent": self.bytes_sent,
            "elapsed": round(self.elapsed, 3),
            "png_path": self.png_path,
            "clerk_message": self.clerk_message,
        }


async def run_bounded(fn: Callable[[], Any], timeout: float, on_timeout: Callable[[], None]) -> Any:
    """Run blocking `fn` in a daemon thread and wait for it at most `timeout` seconds.
    On timeout call `on_timeout` (to unblock the thread) and raise TimeoutError. The
    thread is a daemon so a stuck device never holds up interpreter exit."""
    loop = asyncio.get_running_loop()
    fut: asyncio.Future = loop.create_future()

    def settle(result: Any, exc: BaseException | None) -> None:
        if fut.done():
            return
        if exc is not None:
            fut.set_exception(exc)
        else:
            fut.set_result(result)

    def work() -> None:
        try:
            result, exc = fn(), None
        except BaseException as e:  # noqa: BLE001 - handed to the awaiting task
            result, exc = None, e
        try:
            loop.call_soon_threadsafe(settle, result, exc)
        except RuntimeError:  # the loop is gone; nobody is waiting any more
            pass

    threading.Thread(target=work, name="hallq-printer", daemon=True).start()
    try:
        return await asyncio.wait_for(asyncio.shield(fut), timeout)
    except TimeoutError:
        try:
            on_timeout()
        except Exception:  # noqa: BLE001
            log.exception("aborting a printer job failed")
        raise


class Printer:
    """An ESC/POS printer reached through a transport (tcp, serial, usb, file, cups)."""

    def __init__(
        self,
        target: Target,
        profile: PrinterProfile,
        *,
        name: str = "printer",
        timeout: float = DEFAULT_TIMEOUT,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    ) -> None:
        self.target = target
        self.url = target.url
        self.profile = profile
        self.name = name
        self.timeout = timeout
        self.status_timeout = status_timeout
        self.connect_timeout = connect_timeout
        self._lock = threading.Lock()  # one job at a time per printer

    def __repr__(self) -> str:
        return f"<Printer {self.url} {self.profile.name}>"

    def _transport(self) -> Transport:
        return TRANSPORTS[self.target.scheme](self.target)

    def _result(self, outcome: str, slip: Slip, reason: str = "", detail: str = "", **kw) -> PrintResult:
        return PrintResult(outcome, self.url, slip.number, reason, detail, name=self.name, slip=slip, **kw)

    async def print_slip(self, slip: Slip, *, timeout: float | None = None) -> PrintResult:
        """Print `slip`. Never raises for printer faults; returns within `timeout` s."""
        timeout = self.timeout if timeout is None else timeout
        started = time.monotonic()
        deadline = started + timeout
        current: list[Transport] = []
        try:
            data = render_slip(slip, self.profile)
        except Exception as exc:  # noqa: BLE001 - a layout bug must not crash the kiosk
            log.exception("rendering slip %s failed", slip.number)
            return self._result("failed", slip, "unsupported", f"the slip could not be laid out: {exc}")

        def job() -> PrintResult:
            if not self._lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                return self._result("failed", slip, "timeout", "the printer is busy with another slip")
            try:
                t = self._transport()
                current.append(t)
                return self._print(t, slip, data, deadline)
            finally:
                self._lock.release()

        def abort() -> None:
            for t in current:
                t.abort()

        try:
            result = await run_bounded(job, timeout, abort)
        except TimeoutError:
            result = self._result("failed", slip, "timeout", f"no answer within {timeout:g} s")
        except Exception as exc:  # noqa: BLE001 - any other fault is a failed print
            log.exception("printing slip %s on %s failed", slip.number, self.url)
            result = self._result("failed", slip, "io_error", f"{type(exc).__name__}: {exc}")
        result.elapsed = time.monotonic() - started
        level = logging.INFO if result.outcome == "printed" else logging.WARNING
        log.log(level, "slip %s on %s: %s %s %s", slip.number, self.url, result.outcome, result.reason, result.detail)
        return result

    def _print(self, t: Transport, slip: Slip, data: bytes, deadline: float) -> PrintResult:
        left = lambda: max(0.05, deadline - time.monotonic())  # noqa: E731
        try:
            t.open(min(self.connect_timeout, left()))
            status = None
            if self.profile.status_query and t.can_status:
                status = t.read_status(min(self.status_timeout, left()))
                if status.reason in ("cover_open", "paper_end", "error", "offline"):
                    return self._result("failed", slip, status.reason, status.problem, status=status)
            t.write(data, left())
        except TransportError as exc:
            return self._result("failed", slip, exc.reason, exc.detail)
        finally:
            t.close()
        if status is not None and status.reason in ("paper_near_end", "unknown"):
            return self._result("warning", slip, status.reason, status.problem, status=status, bytes_sent=len(data))
        return self._result("printed", slip, status=status, bytes_sent=len(data))

    async def status(self, *, timeout: float | None = None) -> PrinterStatus:
        """The printer's status (DLE EOT where the transport can answer; else unknown)."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        current: list[Transport] = []

        def job() -> PrinterStatus:
            t = self._transport()
            current.append(t)
            try:
                t.open(min(self.connect_timeout, max(0.05, deadline - time.monotonic())))
                return t.read_status(min(self.status_timeout, max(0.05, deadline - time.monotonic())))
            except TransportError as exc:
                return PrinterStatus(reachable=exc.reason not in ("unreachable", "unsupported"), detail=exc.detail)
            finally:
                t.close()

        try:
            return await run_bounded(job, timeout, lambda: [t.abort() for t in current])
        except TimeoutError:
            return PrinterStatus(detail=f"no answer within {timeout:g} s")
        except Exception as exc:  # noqa: BLE001
            log.exception("reading the status of %s failed", self.url)
            return PrinterStatus(reachable=False, detail=f"{type(exc).__name__}: {exc}")


def open_printer(
    url: str | None = None,
    profile: str | PrinterProfile | None = None,
    *,
    name: str = "printer",
    timeout: float = DEFAULT_TIMEOUT,
    status_timeout: float = DEFAULT_STATUS_TIMEOUT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
):
    """A printer for `url` (None or "" → preview). `profile` is "58mm", "80mm" or a
    PrinterProfile; a ?profile= option in the URL wins over it. Raises PrinterUrlError
    (naming the URL) for a URL that cannot be used. Nothing is connected yet."""
    target = parse_url(url if url else "preview:")
    try:
        prof = get_profile(target.options.get("profile", profile))
        prof = prof.with_options(**profile_options(target.options))
    except ValueError as exc:
        raise PrinterUrlError(target.url, str(exc)) from None
    if target.scheme == "preview":
        from hallq.printers.preview import PreviewPrinter

        return PreviewPrinter(target, prof, name=name)
    return Printer(target, prof, name=name, timeout=timeout, status_timeout=status_timeout, connect_timeout=connect_timeout)
