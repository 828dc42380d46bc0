"""Keypad: the on-screen keys of a touch kiosk without a keyboard, for one input field.

Digits, X (the check character of an ID number), backspace, clear and confirm; letters
A–Z only where the hall's booking codes have them (hall.toml `[appointments]
code_letters`): beside the digits when the screen has room (portrait), else behind an
"ABC" key. A key edits its field as typing would: confirm submits the field
(Input.Submitted), so touch, a keyboard and a scanner all end in the same handler.

Keys never take the focus: the field keeps it, so a keyboard or a scanner types into it
at any time, between touches too.
"""
from __future__ import annotations

import string

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from hallq.i18n import Text
from hallq.kiosk import texts as T
from hallq.ui import font
from hallq.ui.big_label import big_lines

BACKSPACE, CLEAR, CONFIRM, LETTERS, DIGITS = "backspace", "clear", "confirm", "letters", "digits"
#: what a key that is not a character shows
LABELS: dict[str, Text] = {BACKSPACE: T.KEY_BACKSPACE, CLEAR: T.KEY_CLEAR, CONFIRM: T.KEY_CONFIRM,
                           LETTERS: T.KEY_LETTERS, DIGITS: T.KEY_DIGITS}
#: the keypad shows letters beside the digits from this height (cells) up, else behind a key
BOTH_FROM_HEIGHT = 36


class KeyCap(Widget, can_focus=False):
    """One key: a character ("0"–"9", "X", "A"–"Z") or a named key (BACKSPACE, CLEAR,
    CONFIRM, LETTERS, DIGITS). A click or touch posts Keypad.Pressed."""

    def __init__(self, key: str, classes: str = "") -> None:
        kind = "-named" if key in LABELS else "-char"
        special = f"-{key}" if key in (CONFIRM, CLEAR, BACKSPACE) else ""
        # given to the constructor: add_class() would restyle each of the 126 keys again
        super().__init__(classes=" ".join(filter(None, (classes, kind, special))))
        self.key = key
        self.lang = "zh"

    @property
    def label(self) -> str:
        return LABELS[self.key].text(self.lang) if self.key in LABELS else self.key

    def render(self) -> Content:
        width, height = self.content_size
        if self.key not in LABELS:  # a character in the block letters of ticket numbers
            scale = font.fit(self.key, width, height, largest=8)
            return Content("\n".join(font.draw(self.key, scale)) if scale else self.key)
        if self.key == BACKSPACE:  # an arrow, and its name under it when there is room
            scale = font.fit("←", width, height - 1, largest=4)
            return Content("\n".join([*font.draw("←", scale), self.label]) if scale else "← " + self.label)
        lines = big_lines(self.label, width, height, largest=24)
        return Content("\n".join(lines) if lines else self.label)

    def on_click(self) -> None:
        self.post_message(Keypad.Pressed(self.key))


class Keypad(Vertical):
    """The keys for one Input (`field`: its id, looked up in the keypad's panel).

    Args:
        field: the id of the Input the keys type into.
        x: show the X key (ID numbers end in X); off for a phone number.
        letters: show letters (booking codes with letters).
    """

    class Pressed(Message):
        """A key was touched; the keypad applies it to its field."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, field: str, *, x: bool = True, letters: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.field = field
        self.x, self.letters = x, letters
        self.page = DIGITS  # which page shows when only one fits: DIGITS or LETTERS

    def compose(self) -> ComposeResult:
        with Grid(classes="keys-letters"):
            for ch in string.ascii_uppercase:
                yield KeyCap(ch)
            yield KeyCap(BACKSPACE)
            yield KeyCap(DIGITS, classes="page-key")
        with Grid(classes="keys-digits"):
            for ch in "123456789":
                yield KeyCap(ch)
            yield KeyCap("X") if self.x else Static("", classes="blank")
            yield KeyCap("0")
            yield KeyCap(BACKSPACE)
            yield KeyCap(CLEAR)
            if self.letters:
                yield KeyCap(LETTERS, classes="page-key")
            yield KeyCap(CONFIRM)  # two columns wide when there is no page key

    def on_mount(self) -> None:
        self._show_pages()

    def on_resize(self) -> None:
        self._show_pages()

    @property
    def both(self) -> bool:
        """Letters and digits on screen together (letters wanted, room enough)."""
        return self.letters and self.size.height >= BOTH_FROM_HEIGHT

    def _show_pages(self) -> None:
        both = self.both
        self.set_class(both, "-both")
        self.query_one(".keys-letters").display = self.letters and (both or self.page == LETTERS)
        self.query_one(".keys-digits").display = both or self.page == DIGITS or not self.letters
        paged = self.letters and not both
        for key in self.query(".page-key"):
            key.display = paged
        self.query_one(f"KeyCap.-{CONFIRM}").styles.column_span = 1 if paged else 2

    def set_lang(self, lang: str) -> None:
        for key in self.query(KeyCap):
            key.lang = lang
            key.refresh()

    @property
    def input(self) -> Input:
        node = self.parent
        while node is not None:
            found = node.query(f"#{self.field}")
            if found:
                return found.first(Input)
            node = node.parent
        raise LookupError(f"keypad: no field #{self.field}")

    def on_keypad_pressed(self, message: Pressed) -> None:
        """Apply a key to the field, as typing it would."""
        field = self.input
        key = message.key
        if key in (LETTERS, DIGITS):
            message.stop()
            self.page = key
            self._show_pages()
            return
        if key == BACKSPACE:
            field.action_delete_left()
        elif key == CLEAR:
            field.clear()
        elif key == CONFIRM:
            field.call_later(field.action_submit)  # after any keys already on their way to the field
        elif field.max_length is None or len(field.value) < field.max_length:
            field.insert_text_at_cursor(key)
        if not field.has_focus:
            field.focus()
        # the message goes on up: the kiosk counts a touch as activity (its idle timer)
