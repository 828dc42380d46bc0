"""NotifyPanel: a mobile number for "your turn is near" (a text when `[notify] ahead`
people are ahead, and when called), typed on the keypad or kept from a check-in by phone.
The number goes to the engine (kept encrypted, for the day) and is forgotten here."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from hallq.kiosk import texts as T
from hallq.kiosk.keypad import Keypad
from hallq.kiosk.panel import Panel
from hallq.kiosk.tile import Tile
from hallq.ui.big_label import BigLabel
from hallq.ui.big_text import BigText


class NotifyPanel(Panel):
    def __init__(self, ahead: int = 3, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ahead = ahead
        self.number = ""  # the ticket's number, shown in the prompt

    def compose(self) -> ComposeResult:
        yield BigLabel(id="notify-title", classes="prompt title")
        with Horizontal(id="notify-body", classes="entry"):
            with Vertical(classes="form"):
                yield Static(id="notify-prompt")
                yield BigText(id="notify-echo", classes="echo")
                yield Input(id="notify-input", max_length=11, select_on_focus=False)
                yield Static(id="notify-error", classes="error")
            yield Keypad("notify-input", x=False, id="notify-keypad")
        with Horizontal(classes="actions"):
            yield Tile(T.NOTIFY_OK, action="notify-submit", id="notify-submit")
            yield Tile(T.BACK, action="notify-back", classes="back")

    @property
    def input(self) -> Input:
        return self.query_one("#notify-input", Input)

    def reset(self, number: str, phone: str = "") -> None:
        """Ask for a number for ticket `number`, `phone` filled in (a check-in by phone)."""
        self.number = number
        self.input.value = phone
        self.input.cursor_position = len(phone)
        self.show_error(None)
        self._paint()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#notify-echo", BigText).text = event.value

    def show_error(self, message: str | None) -> None:
        error = self.query_one("#notify-error", Static)
        error.update(message or "")
        error.display = bool(message)

    def _paint(self) -> None:
        lang = self.lang
        self.query_one("#notify-title", BigLabel).text = T.NOTIFY_TITLE.text(lang)
        self.query_one("#notify-prompt", Static).update(
            T.NOTIFY_PROMPT(number=self.number, n=self.ahead).text(lang))
        self.input.placeholder = T.NOTIFY_PLACEHOLDER.text(lang)
        self.query_one(Keypad).set_lang(lang)
