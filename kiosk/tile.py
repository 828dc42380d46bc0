"""Tile: one big touch target (a service, check-in, priority, a reason or an answer)."""
from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from hallq.i18n import Text
from hallq.kiosk import texts as T


class Tile(Widget, can_focus=True):
    """A focusable tile with a key digit, a title and a second line (the other language).
    Posts Tile.Pressed on click, touch, Enter or Space."""

    BINDINGS = [Binding("enter,space", "press", T.both(T.KEY_SELECT), show=False)]

    class Pressed(Message):
        def __init__(self, tile: Tile) -> None:
            super().__init__()
            self.tile = tile

        @property
        def control(self) -> Tile:
            return self.tile

    def __init__(self, title: Text, subtitle: Text | None = None, *, action: Any = None,
                 digit: int | None = None, note: Text | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.subtitle = subtitle
        self.note = note
        self.action = action  # what the owner does when it is pressed (a service prefix, a reason…)
        self.digit = digit
        self.lang = "zh"

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.refresh(layout=True)

    def set_note(self, note: Text | None) -> None:
        if note != self.note:
            self.note = note
            self.refresh(layout=True)

    def render(self) -> Content:
        head = f"{self.digit}  " if self.digit is not None else ""
        parts = [Content.styled(head + self.title.text(self.lang), "bold")]
        if self.subtitle is not None:
            parts.append(Content.styled(self.subtitle.text(self.lang), "dim"))
        if self.note is not None:
            parts.append(Content.styled(self.note.text(self.lang), "italic"))
        return Content("\n").join(parts)

    def press(self) -> None:
        self.post_message(self.Pressed(self))

    def action_press(self) -> None:
        self.press()

    def on_click(self) -> None:
        self.press()
