"""Tile: one big touch target (a service, check-in, priority, a reason or an answer)."""
from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from hallq.i18n import Text
from hallq.kiosk import texts as T
from hallq.ui import font, pixel_text


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

    @property
    def heading(self) -> str:
        """The first line: the key digit and the title."""
        head = f"{self.digit}  " if self.digit is not None else ""
        return head + self.title.text(self.lang)

    def big_size(self, width: int, height: int) -> int | None:
        """The pixel size (hallq.ui.pixel_text) at which this tile's heading would be drawn
        in `width` × `height` cells of content, with its other lines below it; None when
        it would be plain text."""
        lines = (self.subtitle is not None) + (self.note is not None)
        return pixel_text.fit(self.heading, width, height - lines)

    @property
    def drawn_size(self) -> int | None:
        """The pixel size the heading is drawn at now (None: plain text). Tiles side by
        side (one parent) share the largest size that fits them all, so a row of service
        names is even."""
        sizes = [t.big_size(*t.content_size) for t in self._row()]
        return None if not sizes or None in sizes else min(s for s in sizes if s is not None)

    def _row(self) -> list[Tile]:
        parent = self.parent
        if parent is None:
            return [self]
        return [t for t in parent.children if isinstance(t, Tile) and t.display] or [self]

    def render(self) -> Content:
        size = self.drawn_size
        drawn = pixel_text.bitmap(self.heading, size) if size is not None else None
        if drawn is not None:
            parts = [Content("\n".join(font.draw_pixels(drawn)))]
        else:
            parts = [Content.styled(self.heading, "bold")]
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
