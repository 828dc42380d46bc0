"""PrinterBanner: stays on top while the kiosk's printer has a fault."""
from __future__ import annotations

from textual.widgets import Static


class PrinterBanner(Static):
    """Shows the printer's message for citizens; hidden while the printer is fine."""

    def show(self, message: str | None) -> None:
        self.update(f"⚠ {message}" if message else "")
        self.display = bool(message)
