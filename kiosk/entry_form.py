"""EntryForm: the part of a kiosk panel where a citizen types one value (a booking code,
an ID number, a mobile number): a prompt, the value echoed in block letters where there is
room (portrait), the field, an error line, and the on-screen keypad beside the form
(landscape) or under it (portrait: kiosk.tcss `.entry`).

The ids are `<name>-body` (the form), `-prompt`, `-echo`, `-input`, `-error`, `-keypad`.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from hallq.kiosk.keypad import Keypad
from hallq.ui.big_text import BigText


class EntryForm(Horizontal):
    """Args:
        name: the panel's name, the prefix of the ids.
        max_length: the longest value, characters.
        x, letters: the keypad's X key and letters (see Keypad).
        upper: echo the value in capitals (codes and ID numbers are shown so).
    """

    def __init__(self, name: str, *, max_length: int, x: bool = True, letters: bool = False,
                 upper: bool = True) -> None:
        super().__init__(name=name, id=f"{name}-body", classes="entry")
        self.prefix = name
        self.max_length, self.x, self.letters, self.upper = max_length, x, letters, upper

    def compose(self) -> ComposeResult:
        name = self.prefix
        with Vertical(classes="form"):
            yield Static(id=f"{name}-prompt")
            yield BigText(id=f"{name}-echo", classes="echo")
            yield Input(id=f"{name}-input", max_length=self.max_length, select_on_focus=False)
            yield Static(id=f"{name}-error", classes="error")
        yield Keypad(f"{name}-input", x=self.x, letters=self.letters, id=f"{name}-keypad")

    @property
    def input(self) -> Input:
        return self.query_one(f"#{self.prefix}-input", Input)

    def reset(self, text: str = "") -> None:
        """Put `text` in the field (cursor at its end) and take any error away."""
        self.input.value = text
        self.input.cursor_position = len(text)
        self.show_error(None)

    def show_error(self, message: str | None) -> None:
        """Show `message` under the field; None hides the error line."""
        error = self.query_one(f"#{self.prefix}-error", Static)
        error.update(message or "")
        error.display = bool(message)

    def set_texts(self, prompt: str, placeholder: str, lang: str) -> None:
        """The prompt and the field's placeholder, already in `lang`; the keys in `lang`."""
        self.query_one(f"#{self.prefix}-prompt", Static).update(prompt)
        self.input.placeholder = placeholder
        self.query_one(Keypad).set_lang(lang)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(f"#{self.prefix}-echo", BigText).text = event.value.upper() if self.upper else event.value
