"""CheckInPanel: one field for a booking code, an ID number or a phone number, with an
on-screen keypad; what is typed is echoed in block letters where there is room."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from hallq.kiosk import texts as T
from hallq.kiosk.keypad import Keypad
from hallq.kiosk.tile import Tile
from hallq.ui.big_label import BigLabel
from hallq.ui.big_text import BigText


class CheckInPanel(Vertical):
    def __init__(self, letters: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.letters = letters

    def compose(self) -> ComposeResult:
        yield BigLabel(id="checkin-title", classes="prompt title")
        with Horizontal(id="checkin-body", classes="entry"):
            with Vertical(classes="form"):
                yield Static(id="checkin-prompt")
                yield BigText(id="checkin-echo", classes="echo")
                yield Input(id="checkin-input", max_length=40, select_on_focus=False)
                yield Static(id="checkin-error", classes="error")
            yield Keypad("checkin-input", letters=self.letters, id="checkin-keypad")
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

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#checkin-echo", BigText).text = event.value.upper()

    def show_error(self, message: str | None) -> None:
        error = self.query_one("#checkin-error", Static)
        error.update(message or "")
        error.display = bool(message)

    def set_lang(self, lang: str) -> None:
        self.query_one("#checkin-title", BigLabel).text = T.CHECK_IN_TITLE.text(lang)
        self.query_one("#checkin-prompt", Static).update(T.CHECK_IN_PROMPT.text(lang))
        self.input.placeholder = T.CHECK_IN_PLACEHOLDER.text(lang)
        self.query_one(Keypad).set_lang(lang)
        for tile in self.query(Tile):
            tile.set_lang(lang)
