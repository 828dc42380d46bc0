"""NotifyPanel: a mobile number for "your turn is near" (a text when `[notify] ahead`
people are ahead, and when called), typed on the keypad or kept from a check-in by phone.
The number goes to the engine (kept encrypted, for the day) and is forgotten here."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from hallq.kiosk import texts as T
from hallq.kiosk.entry_form import EntryForm
from hallq.kiosk.panel import Panel
from hallq.kiosk.tile import Tile
from hallq.ui.big_label import BigLabel


class NotifyPanel(Panel):
    def __init__(self, ahead: int = 3, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ahead = ahead
        self.number = ""  # the ticket's number, shown in the prompt

    def compose(self) -> ComposeResult:
        yield BigLabel(id="notify-title", classes="prompt title")
        yield EntryForm("notify", max_length=11, x=False, upper=False)
        with Horizontal(classes="actions"):
            yield Tile(T.NOTIFY_OK, action="notify-submit", id="notify-submit")
            yield Tile(T.BACK, action="notify-back", classes="back")

    @property
    def form(self) -> EntryForm:
        return self.query_one(EntryForm)

    @property
    def input(self) -> Input:
        return self.form.input

    def reset(self, number: str, phone: str = "") -> None:
        """Ask for a number for ticket `number`, `phone` filled in (a check-in by phone)."""
        self.number = number
        self.form.reset(phone)
        self._paint()

    def show_error(self, message: str | None) -> None:
        self.form.show_error(message)

    def _paint(self) -> None:
        lang = self.lang
        self.query_one("#notify-title", BigLabel).text = T.NOTIFY_TITLE.text(lang)
        self.form.set_texts(T.NOTIFY_PROMPT(number=self.number, n=self.ahead).text(lang),
                            T.NOTIFY_PLACEHOLDER.text(lang), lang)
