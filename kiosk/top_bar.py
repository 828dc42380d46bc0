"""TopBar: the hall's name, the time and the language toggle."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from hallq.kiosk import texts as T
from hallq.kiosk.tile import Tile


class TopBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(id="hall-name")
        yield Static(id="clock")
        yield Tile(T.LANG_TOGGLE, action="toggle-lang", id="lang-toggle")

    def show(self, hall_name: str, time_text: str, lang: str) -> None:
        self.query_one("#hall-name", Static).update(f"[b]{hall_name}[/b]")
        self.query_one("#clock", Static).update(time_text)
        self.query_one("#lang-toggle", Tile).set_lang(lang)
