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
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from hallq.i18n import Text
from hallq.printers import texts as T
from hallq.printers.defaults import DEFAULT_CONNECT_TIMEOUT, DEFAULT_STATUS_TIMEOUT, DEFAULT_TIMEOUT
from hallq.printers.errors import PrinterProfileError, PrinterUrlError, TransportError
from hallq.printers.profiles import PrinterProfile, get_profile
from hallq.printers.slip import Slip, render_slip
from hallq.printers.status import PrinterStatus
from hallq.printers.transports import TRANSPORTS, Transport
from hallq.printers.urls import Target, parse_url, profile_options
from hallq.printers.vocabulary import STOPPING, WARNING, Fault, Outcome

if TYPE_CHECKING:
    from hallq.printers.preview import PreviewPrinter

__all__ = ["DEFAULT_CONNECT_TIMEOUT", "DEFAULT_STATUS_TIMEOUT", "DEFAULT_TIMEOUT", "CITIZEN", "CLERK", "PrintResult",
           "Printer", "SlipPrinter", "open_printer", "run_bounded"]

log = logging.getLogger("hallq.printers")

_R = TypeVar("_R")

#: what a citizen reads when a slip failed for this reason (else printers.texts.NOT_PRINTED)
CITIZEN: dict[Fault, Text] = {
    Fault.PAPER_END: T.PAPER_END,
    Fault.COVER_OPEN: T.COVER_OPEN,
    Fault.UNKNOWN: T.MAYBE_NOT_PRINTED,
}

#: what a clerk should do, by reason; {number} is the ticket, {detail} what went wrong
CLERK: dict[Fault, Text] = {
    Fault.NONE: T.CLERK_PRINTED,
    Fault.PAPER_END: T.CLERK_PAPER_END,
    Fault.COVER_OPEN: T.CLERK_COVER_OPEN,
    Fault.ERROR: T.CLERK_ERROR,
    Fault.OFFLINE: T.CLERK_OFFLINE,
    Fault.UNREACHABLE: T.CLERK_UNREACHABLE,
    Fault.TIMEOUT: T.CLERK_TIMEOUT,
    Fault.IO_ERROR: T.CLERK_IO_ERROR,
    Fault.UNSUPPORTED: T.CLERK_UNSUPPORTED,
    Fault.PAPER_NEAR_END: T.CLERK_PAPER_NEAR_END,
    Fault.UNKNOWN: T.CLERK_STATUS_UNKNOWN,
}


@dataclass(init=False)
class PrintResult:
    """How printing one slip ended.

    The outcome is printed, warning (printed, but look at the printer) or failed
    (nothing printed; reprint with `printer.print_slip(result.slip)`).

    Args:
        outcome: an Outcome or its value ("printed", "warning", "failed").
        url: the printer's URL.
        number: the ticket number ("" for a fault found by a status poll).
        reason: a Fault or its value; "" when nothing is wrong.
        detail: one line on what went wrong (the OS error, the time limit...).
        status: what the printer said about itself, if it was asked.
        name: the printer's name, e.g. "kiosk K1 printer".
        slip: the slip, to reprint it.
        bytes_sent: bytes sent to the printer.
        elapsed: seconds the job took.
        png_path: the rendered PNG (preview printers only).

    Raises:
        ValueError: `outcome` or `reason` is not one of the codes.
    """

    outcome: Outcome
    url: str
    number: str
    reason: Fault
    detail: str
    status: PrinterStatus | None
    name: str
    slip: Slip | None = field(repr=False)
    bytes_sent: int
    elapsed: float
    png_path: str | None

    def __init__(
        self,
        outcome: Outcome | str,
        url: str,
        number: str = "",
        reason: Fault | str = Fault.NONE,
        detail: str = "",
        status: PrinterStatus | None = None,
        name: str = "printer",
        slip: Slip | None = None,
        bytes_sent: int = 0,
        elapsed: float = 0.0,
        png_path: str | None = None,
    ) -> None:
        self.outcome = Outcome(outcome)
        self.url = url
        self.number = number
        self.reason = Fault(reason)
        self.detail = detail
        self.status = status
        self.name = name
        self.slip = slip
        self.bytes_sent = bytes_sent
        self.elapsed = elapsed
        self.png_path = png_path

    @property
    def ok(self) -> bool:
        """True if the slip was printed (outcome printed or warning)."""
        return self.outcome in (Outcome.PRINTED, Outcome.WARNING)

    @property
    def citizen_text(self) -> Text | None:
        """What a citizen at the kiosk should read, or None when there is nothing to say:
        why no slip came out, or, when the printer did not answer the status query, that
        staff can reprint it."""
        if self.outcome == Outcome.FAILED:
            return CITIZEN.get(self.reason, T.NOT_PRINTED)
        if self.reason == Fault.UNKNOWN:
            return T.MAYBE_NOT_PRINTED
        return None

    def citizen_message(self, lang: str = "zh") -> str:
        """citizen_text in a language.

        Args:
            lang: "zh" or "en".

        Returns:
            The message, or "" when there is nothing to say.
        """
        text = self.citizen_text
        return text.text(lang) if text is not None else ""

    @property
    def clerk_line(self) -> Text:
        """One line a clerk can act on: the printer's name and URL, then what happened
        and what to do (e.g. load paper, then reprint A001)."""
        template = CLERK[self.reason]
        values: dict[str, object] = {"number": self.number or T.THE_TICKET, "detail": self.detail or self.reason.value}
        action = template(**{k: v for k, v in values.items() if k in template.fields()})
        return T.CLERK_LINE(printer=self.name, url=self.url, action=action)

    def clerk_text(self, lang: str = "en") -> str:
        """clerk_line in a language.

        Args:
            lang: "zh" or "en".

        Returns:
            The line.
        """
        return self.clerk_line.text(lang)

    @property
    def clerk_message(self) -> str:
        """clerk_line in English: the form that is logged and reported to the hall engine."""
        return self.clerk_text("en")

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready values (`hallq printer test --json`).

        Returns:
            {"outcome": an Outcome value, "ok": bool, "url", "number": str, "reason": a
            Fault value, "detail": str, "status": PrinterStatus.as_dict() or None,
            "bytes_sent": int, "elapsed": seconds rounded to ms, "png_path": str or None,
            "clerk_message": str (English)}.
        """
        return {
            "outcome": self.outcome.value,
            "ok": self.ok,
            "url": self.url,
            "number": self.number,
            "reason": self.reason.value,
            "detail": self.detail,
            "status": self.status.as_dict() if self.status else None,
            "bytes_sent": self.bytes_sent,
            "elapsed": round(self.elapsed, 3),
            "png_path": self.png_path,
            "clerk_message": self.clerk_message,
        }


class SlipPrinter(Protocol):
    """What the apps need of a printer: Printer and PreviewPrinter both are one.

    Attributes:
        url: the printer's URL.
        name: the printer's name, for clerks and logs.
        profile: the paper and what the printer can do.
    """

    url: str
    name: str
    profile: PrinterProfile

    async def print_slip(self, slip: Slip, *, timeout: float | None = None) -> PrintResult:
        """Print a slip; never raises for printer faults (see Printer.print_slip)."""
        ...

    async def status(self, *, timeout: float | None = None) -> PrinterStatus:
        """The printer's status; never raises (see Printer.status)."""
        ...


async def run_bounded(fn: Callable[[], _R], timeout: float, on_timeout: Callable[[], object]) -> _R:
    """Run a blocking function in a daemon thread and wait for it, with a deadline.

    The thread is a daemon so a stuck device never holds up interpreter exit.

    Args:
        fn: the blocking work.
        timeout: seconds to wait for it.
        on_timeout: called (in the event loop) when the time is up, to unblock the
            thread; what it raises is logged, not raised.

    Returns:
        What `fn` returned.

    Raises:
        TimeoutError: `fn` did not finish within `timeout` seconds.
        Exception: whatever `fn` raised.
    """
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[_R] = loop.create_future()

    def settle_result(result: _R) -> None:
        if not fut.done():
            fut.set_result(result)

    def settle_exception(exc: BaseException) -> None:
        if not fut.done():
            fut.set_exception(exc)

    def work() -> None:
        try:
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
                loop.call_soon_threadsafe(settle_exception, exc)
            else:
                loop.call_soon_threadsafe(settle_result, result)
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
    """An ESC/POS printer reached through a transport (tcp, serial, usb, file, cups).

    Nothing is connected until a job: each print_slip() or status() opens the
    transport, does its work and closes it; one job at a time per printer.

    Args:
        target: the parsed printer URL.
        profile: the paper and what the printer can do.
        name: the printer's name, for clerks and logs.
        timeout: seconds a whole print job may take.
        status_timeout: seconds to wait for each DLE EOT status answer.
        connect_timeout: seconds to wait for the connection or device.
    """

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

    def _result(self, outcome: Outcome, slip: Slip, reason: Fault = Fault.NONE, detail: str = "", *,
                status: PrinterStatus | None = None, bytes_sent: int = 0) -> PrintResult:
        return PrintResult(outcome, self.url, slip.number, reason, detail, name=self.name, slip=slip, status=status,
                           bytes_sent=bytes_sent)

    async def print_slip(self, slip: Slip, *, timeout: float | None = None) -> PrintResult:
        """Print a slip: read the status where the transport can (a cover open, paper end,
        error or offline printer gets nothing), send the bytes, close.

        Never raises for printer faults: every fault is a failed result with its reason.

        Args:
            slip: what to print.
            timeout: seconds the whole job may take; None for the printer's timeout.

        Returns:
            printed; warning (sent, but paper near end or status unknown); or failed, with
            the reason and detail. Returned within `timeout` seconds (plus a few ms).
        """
        timeout = self.timeout if timeout is None else timeout
        started = time.monotonic()
        deadline = started + timeout
        current: list[Transport] = []
        try:
            data = render_slip(slip, self.profile)
        except Exception as exc:  # noqa: BLE001 - a layout bug must not crash the kiosk
            log.exception("rendering slip %s failed", slip.number)
            return self._result(Outcome.FAILED, slip, Fault.UNSUPPORTED, f"the slip could not be laid out: {exc}")

        def job() -> PrintResult:
            if not self._lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                return self._result(Outcome.FAILED, slip, Fault.TIMEOUT, "the printer is busy with another slip")
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
            result = self._result(Outcome.FAILED, slip, Fault.TIMEOUT, f"no answer within {timeout:g} s")
        except Exception as exc:  # noqa: BLE001 - any other fault is a failed print
            log.exception("printing slip %s on %s failed", slip.number, self.url)
            result = self._result(Outcome.FAILED, slip, Fault.IO_ERROR, f"{type(exc).__name__}: {exc}")
        result.elapsed = time.monotonic() - started
        level = logging.INFO if result.outcome == Outcome.PRINTED else logging.WARNING
        log.log(level, "slip %s on %s: %s %s %s", slip.number, self.url, result.outcome, result.reason, result.detail)
        return result

    def _print(self, t: Transport, slip: Slip, data: bytes, deadline: float) -> PrintResult:
        """The job in the worker thread: open, status, write, close."""

        def left() -> float:
            return max(0.05, deadline - time.monotonic())

        try:
            t.open(min(self.connect_timeout, left()))
            status = None
            if self.profile.status_query and t.can_status:
                status = t.read_status(min(self.status_timeout, left()))
                if status.reason in STOPPING:
                    return self._result(Outcome.FAILED, slip, status.reason, status.problem, status=status)
            t.write(data, left())
        except TransportError as exc:
            return self._result(Outcome.FAILED, slip, exc.reason, exc.detail)
        finally:
            t.close()
        if status is not None and status.reason in WARNING:
            return self._result(Outcome.WARNING, slip, status.reason, status.problem, status=status,
                                bytes_sent=len(data))
        return self._result(Outcome.PRINTED, slip, status=status, bytes_sent=len(data))

    async def status(self, *, timeout: float | None = None) -> PrinterStatus:
        """The printer's status: DLE EOT 1, 2 and 4 where the transport can answer.

        Never raises: a printer that cannot be reached is reported unreachable.

        Args:
            timeout: seconds the whole read may take; None for the printer's timeout.

        Returns:
            The status; unknown (online None) when the transport cannot answer or the
            printer did not answer in time; unreachable (reachable False) when it cannot
            be opened or this machine lacks what the URL needs.
        """
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
                return PrinterStatus(reachable=exc.reason not in (Fault.UNREACHABLE, Fault.UNSUPPORTED),
                                     detail=exc.detail)
            finally:
                t.close()

        def abort() -> None:
            for t in current:
                t.abort()

        try:
            return await run_bounded(job, timeout, abort)
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
    preview_dir: str | Path | None = None,
) -> Printer | PreviewPrinter:
    """A printer for a URL (forms in printers.urls). Nothing is connected yet.

    Args:
        url: the printer's URL; None or "" for the preview printer (preview:).
        profile: "58mm", "80mm" or a PrinterProfile; None for 80mm. A ?profile= option
            in the URL wins over it, and the URL's other profile options change it.
        name: the printer's name, for clerks and logs.
        timeout: seconds a whole print job (or status read) may take.
        status_timeout: seconds to wait for each DLE EOT status answer.
        connect_timeout: seconds to wait for the connection or device.
        preview_dir: where preview: saves its PNGs when the URL names no folder (callers pass
            printers.preview.preview_folder(db_path): one folder per hall database).

    Returns:
        A PreviewPrinter for preview:, else a Printer.

    Raises:
        PrinterUrlError: the URL (or the profile) cannot be used; the message names the URL.
    """
    target = parse_url(url if url else "preview:")
    try:
        prof = get_profile(target.options.get("profile", profile))
        prof = prof.with_options(**profile_options(target.options))
    except PrinterProfileError as exc:
        raise PrinterUrlError(target.url, str(exc)) from None
    if target.scheme == "preview":
        from hallq.printers.preview import PreviewPrinter

        return PreviewPrinter(target, prof, name=name, dir=preview_dir)
    return Printer(target, prof, name=name, timeout=timeout, status_timeout=status_timeout,
                   connect_timeout=connect_timeout)
