"""Errors of the printers part: one base class, one small class per failure, each with a
numbered code (the python-escpos way, see escpos.exceptions).

Codes:

    - `10` = base class of every printers error :py:exc:`PrinterError`
    - `20` = a printer URL that cannot be used :py:exc:`PrinterUrlError`
    - `21` = an unknown printer profile or a bad profile option :py:exc:`PrinterProfileError`
    - `22` = a slip that cannot be laid out as given :py:exc:`SlipError`
    - `30` = base class of the transport failures below :py:exc:`TransportError`
    - `31` = the printer cannot be reached (host, device or queue) :py:exc:`PrinterUnreachable`
    - `32` = a step of the job did not finish in time :py:exc:`PrinterTimeout`
    - `33` = sending to or reading from the printer failed :py:exc:`PrinterIOError`
    - `34` = this machine lacks what the URL needs (pyusb, the CUPS client) :py:exc:`PrinterUnsupported`

A configuration error (20–22) is raised to the caller: `open_printer` and `Slip` refuse
what cannot work. A transport error (30–34) never leaves `Printer.print_slip` or
`Printer.status`: they turn it into a failed PrintResult or an unreachable
PrinterStatus, with the error's `reason` (a printers.vocabulary.Fault) as the code. The
messages are for logs and the command line (they name the URL, the device or the OS
error); what citizens and clerks read comes from printers.texts.
"""
from __future__ import annotations

from typing import ClassVar

from hallq.printers.vocabulary import Fault


class PrinterError(Exception):
    """Base class of every error the printers part raises.

    Attributes:
        code: the error's number (see the module docstring).
    """

    code: ClassVar[int] = 10


class PrinterUrlError(PrinterError, ValueError):
    """A printer URL that cannot be used; the message names the URL and says why.

    Args:
        url: the URL as given (any object: a config value may not be a string).
        why: what is wrong with it and, where it helps, an example of a good one.

    Attributes:
        url: the URL as given.
        why: what is wrong with it.
    """

    code: ClassVar[int] = 20

    def __init__(self, url: object, why: str) -> None:
        super().__init__(f"bad printer URL {url!r}: {why}")
        self.url = url
        self.why = why


class PrinterProfileError(PrinterError, ValueError):
    """An unknown printer profile name, or a profile option out of range."""

    code: ClassVar[int] = 21


class SlipError(PrinterError, ValueError):
    """A slip that cannot be laid out as given (e.g. a language other than zh or en)."""

    code: ClassVar[int] = 22


class TransportError(PrinterError):
    """A printer could not be reached or written to (raised by printers.transports).

    Args:
        detail: what went wrong, in one line (the OS error, the time limit...).

    Attributes:
        reason: the fault code a PrintResult or PrinterStatus reports for it.
        detail: what went wrong, in one line.
    """

    code: ClassVar[int] = 30
    reason: ClassVar[Fault] = Fault.IO_ERROR

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class PrinterUnreachable(TransportError):
    """The printer cannot be reached: no route, connection refused, no such device."""

    code, reason = 31, Fault.UNREACHABLE


class PrinterTimeout(TransportError):
    """Opening, sending or printing did not finish within its time limit."""

    code, reason = 32, Fault.TIMEOUT


class PrinterIOError(TransportError):
    """Sending to or reading from an open connection failed."""

    code, reason = 33, Fault.IO_ERROR


class PrinterUnsupported(TransportError):
    """This machine lacks what the URL needs (pyusb for usb://, the lp command for cups://)."""

    code, reason = 34, Fault.UNSUPPORTED
