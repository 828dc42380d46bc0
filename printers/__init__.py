"""Thermal slip printers: slip layout → ESC/POS bytes, printer backends by URL, status
and faults. Never imports textual or the hall engine (db/)."""
import hallq.printers._escpos  # noqa: F401  (first: undo python-escpos's logging.basicConfig)
from hallq.printers.encoding import REPLACEMENT
from hallq.printers.printer import Printer, PrintResult, open_printer
from hallq.printers.profiles import PROFILES, PrinterProfile
from hallq.printers.slip import Slip, layout_slip, render_slip
from hallq.printers.status import PrinterStatus
from hallq.printers.urls import PrinterUrlError

__all__ = [
    "PROFILES",
    "REPLACEMENT",
    "PrintResult",
    "Printer",
    "PrinterProfile",
    "PrinterStatus",
    "PrinterUrlError",
    "Slip",
    "layout_slip",
    "open_printer",
    "render_slip",
]
