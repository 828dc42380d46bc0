"""Thermal slip printers: slip layout → ESC/POS bytes, printer backends by URL, status
and faults. Never imports textual or the hall engine (db/).

    from hallq.printers import open_printer, Slip
    printer = open_printer("tcp://10.0.0.21:9100")      # or serial://, usb://, file://, cups://, preview:
    result = await printer.print_slip(slip)              # a PrintResult; never raises for printer faults

The modules, bottom up: vocabulary (Outcome, Fault), errors (numbered exceptions), texts
(every bilingual text), encoding (GB18030, widths on paper), profiles, layout (blocks),
commands (blocks → ESC/POS bytes), slip (Slip → blocks), status (DLE EOT), urls,
transports (tcp, serial, file, usb, cups), printer (open_printer, Printer, PrintResult),
preview (PNG and on-screen text), cli (`hallq printer test|status`).

The names below are imported when first used, not with the package: `hallq printer`'s
parser (printers.cli), which every `hallq` command builds, must not pay for
python-escpos, Pillow and qrcode.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hallq.printers.encoding import REPLACEMENT
    from hallq.printers.errors import (
        PrinterError,
        PrinterIOError,
        PrinterProfileError,
        PrinterTimeout,
        PrinterUnreachable,
        PrinterUnsupported,
        PrinterUrlError,
        SlipError,
        TransportError,
    )
    from hallq.printers.preview import PreviewPrinter
    from hallq.printers.printer import Printer, PrintResult, SlipPrinter, open_printer
    from hallq.printers.profiles import PROFILES, PrinterProfile
    from hallq.printers.slip import Slip, layout_slip, render_slip
    from hallq.printers.status import PrinterStatus
    from hallq.printers.vocabulary import Fault, Outcome

#: where each public name lives
_MODULES = {
    "REPLACEMENT": "encoding",
    "PrinterError": "errors",
    "PrinterIOError": "errors",
    "PrinterProfileError": "errors",
    "PrinterTimeout": "errors",
    "PrinterUnreachable": "errors",
    "PrinterUnsupported": "errors",
    "PrinterUrlError": "errors",
    "SlipError": "errors",
    "TransportError": "errors",
    "PreviewPrinter": "preview",
    "Printer": "printer",
    "PrintResult": "printer",
    "SlipPrinter": "printer",
    "open_printer": "printer",
    "PROFILES": "profiles",
    "PrinterProfile": "profiles",
    "Slip": "slip",
    "layout_slip": "slip",
    "render_slip": "slip",
    "PrinterStatus": "status",
    "Fault": "vocabulary",
    "Outcome": "vocabulary",
}

__all__ = [
    "Fault",
    "Outcome",
    "PROFILES",
    "PreviewPrinter",
    "PrintResult",
    "Printer",
    "PrinterError",
    "PrinterIOError",
    "PrinterProfile",
    "PrinterProfileError",
    "PrinterStatus",
    "PrinterTimeout",
    "PrinterUnreachable",
    "PrinterUnsupported",
    "PrinterUrlError",
    "REPLACEMENT",
    "Slip",
    "SlipError",
    "SlipPrinter",
    "TransportError",
    "layout_slip",
    "open_printer",
    "render_slip",
]


def __getattr__(name: str) -> object:
    """Import a public name's module when the name is first used (PEP 562).

    Args:
        name: the attribute asked for.

    Returns:
        The public object.

    Raises:
        AttributeError: `name` is not a public name of hallq.printers.
    """
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names, with the module's own (for completion in a REPL)."""
    return sorted(set(globals()) | set(__all__))
