"""DisplayApp: the hall screen (HallBoard) or the screen above one window (WindowBoard),
with spoken announcements of every call that reaches it; when calls cannot be heard, the
board's status line says why (once, until sound works again)."""
from __future__ import annotations

from textual.app import App, ComposeResult

from hallq.db.clock import Clock
from hallq.db.engine import HallEngine
from hallq.display import texts as T
from hallq.display.announcer import Announcer
from hallq.display.hall_board import HallBoard
from hallq.display.hall_header import HallHeader
from hallq.display.window_board import WindowBoard
from hallq.i18n import Text


class DisplayApp(App):
    TITLE = "hallq display"

    def __init__(self, engine: HallEngine, clock: Clock | None = None, *, services: list[str] | None = None,
                 window: int | None = None, announcer: Announcer | None = None, recent: int = 6,
                 lang: str = "zh") -> None:
        super().__init__()
        self.engine = engine
        self.clock = clock or engine.clock
        self.services = services
        self.window_number = window
        self.announcer = announcer
        self.recent = recent
        self.lang = lang
        if announcer is not None:
            announcer.on_silent = self._silent

    def compose(self) -> ComposeResult:
        if self.window_number is not None:
            yield WindowBoard(self.engine, self.window_number, self.clock, lang=self.lang)
        else:
            yield HallBoard(self.engine, self.clock, services=self.services, recent=self.recent, lang=self.lang)

    def on_mount(self) -> None:
        if self.announcer is not None:
            self.announcer.probe()

    def on_hall_board_called(self, message: HallBoard.Called) -> None:
        if self.announcer is not None:
            self.announcer.announce(message.call)

    def on_hall_board_configured(self, message: HallBoard.Configured) -> None:
        if self.announcer is not None:
            self.announcer.configure(message.announce)

    def on_window_board_called(self, message: WindowBoard.Called) -> None:
        if self.announcer is not None:
            self.announcer.announce(message.call)

    def _silent(self, reason: Text | None) -> None:
        """Say in the status line why calls are silent (None: they are heard again)."""
        text = T.SILENT(reason=reason).text(self.lang) if reason is not None else None
        for header in self.query(HallHeader):
            header.show_sound(text)

    async def on_unmount(self) -> None:
        if self.announcer is not None:
            await self.announcer.stop()
