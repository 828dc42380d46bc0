"""CheckInPanel: one field for a booking code, an ID number or a phone number, with an
on-screen keypad; what is typed is echoed in block letters where there is room."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from hallq.kiosk import texts as T
from hallq.kiosk.entry_form import EntryForm
from hallq.kiosk.tile import Tile
from hallq.ui.big_label import BigLabel


class CheckInPanel(Vertical):
    def __init__(self, letters: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.letters = letters

    def compose(self) -> ComposeResult:
        yield BigLabel(id="checkin-title", classes="prompt title")
        yield EntryForm("checkin", max_length=40, letters=self.letters)
        with Horizontal(classes="actions"):
            yield Tile(T.CHECK_IN_OK, action="checkin-submit", id="checkin-submit")
            yield Tile(T.BACK, action="back", classes="back")

    @property
    def form(self) -> EntryForm:
        return self.query_one(EntryForm)

    @property
    def input(self) -> Input:
        return self.form.input

    def reset(self, text: str = "") -> None:
        self.form.reset(text)

    def show_error(self, message: str | None) -> None:
        self.form.show_error(message)

    def set_lang(self, lang: str) -> None:
        self.query_one("#checkin-title", BigLabel).text = T.CHECK_IN_TITLE.text(lang)
        self.form.set_texts(T.CHECK_IN_PROMPT.text(lang), T.CHECK_IN_PLACEHOLDER.text(lang), lang)
        for tile in self.query(Tile):
            tile.set_lang(lang)
