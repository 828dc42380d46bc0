"""Thermal slip printers: slip layout → ESC/POS bytes, printer backends by URL, status
and faults. Never imports textual or the hall engine (db/)."""
import printers._escpos  # noqa: F401  (first: undo python-escpos's logging.basicConfig)
from printers.encoding import REPLACEMENT
from printers.printer import PrintResult, Printer, open_printer
from printers.profiles import PROFILES, PrinterProfile
from printers.slip import Slip, layout_slip, render_slip
from printers.status import PrinterStatus
from printers.urls import PrinterUrlError

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
