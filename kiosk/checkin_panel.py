"""CheckInPanel: one field for a booking code, an ID number or a phone number."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from hallq.kiosk import texts as T
from hallq.kiosk.tile import Tile


class CheckInPanel(Vertical):
    def compose(self) -> ComposeResult:
        yield Static(id="checkin-title", classes="prompt")
        yield Static(id="checkin-prompt")
        yield Input(id="checkin-input", max_length=40, select_on_focus=False)
        yield Static(id="checkin-error", classes="error")
        with Horizontal(classes="actions"):
            yield Tile(T.CHECK_IN_OK, action="checkin-submit", id="checkin-submit")
            yield Tile(T.BACK, action="back", classes="back")

    @property
    def input(self) -> Input:
        return self.query_one("#checkin-input", Input)

    def reset(self, text: str = "") -> None:
        self.input.value = text
        self.input.cursor_position = len(text)
        self.show_error(None)

    def show_error(self, message: str | None) -> None:
        error = self.query_one("#checkin-error", Static)
        error.update(message or "")
        error.display = bool(message)

    def set_lang(self, lang: str) -> None:
        self.query_one("#checkin-title", Static).update(T.CHECK_IN_TITLE.text(lang))
        self.query_one("#checkin-prompt", Static).update(T.CHECK_IN_PROMPT.text(lang))
        self.input.placeholder = T.CHECK_IN_PLACEHOLDER.text(lang)
        for tile in self.query(Tile):
            tile.set_lang(lang)
