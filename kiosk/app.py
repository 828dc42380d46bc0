"""KioskApp: the ticket kiosk full screen (engine, printer and clock injected)."""
from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer

from hallq.db.clock import Clock
from hallq.db.engine import HallEngine
from hallq.kiosk.view import KioskView


class KioskApp(App):
    TITLE = "hallq kiosk"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, engine: HallEngine, printer, *, clock: Clock | None = None, kiosk_id: str = "K1",
                 lang: str = "zh", **view_options) -> None:
        super().__init__()
        self.view = KioskView(engine, printer, clock=clock, kiosk_id=kiosk_id, lang=lang, **view_options)

    def compose(self) -> ComposeResult:
        yield self.view
        yield Footer()
