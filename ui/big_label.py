"""BigLabel: a line of text, Chinese included, drawn as large as its size allows; the
kiosk's prompts on a portrait touch screen. Plain text where not even the smallest
drawn size fits (an 80×24 terminal), so the same screen works everywhere."""
from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from hallq.ui import font, pixel_text


def big_lines(text: str, width: int, height: int, largest: int = pixel_text.SIZES[0]) -> list[str] | None:
    """`text` as half-block lines at the largest pixel size (at most `largest`) that fits
    `width` × `height` cells; None when none fits (or there is no CJK font).

    Args:
        text: one line of text.
        width, height: the room, in cells.
        largest: the largest pixel size to use.
    """
    size = pixel_text.fit(text, width, height, tuple(s for s in pixel_text.SIZES if s <= largest))
    if size is None:
        return None
    drawn = pixel_text.bitmap(text, size)
    return font.draw_pixels(drawn) if drawn else None


class BigLabel(Widget):
    """One line of text, drawn big when it fits the widget (set its height in CSS), else
    shown plain (bold, wrapped). `drawn` says which it is."""

    DEFAULT_CSS = """
    BigLabel { width: 1fr; height: auto; content-align: center middle; text-align: center; text-style: bold; }
    """

    text: reactive[str] = reactive("", layout=True)

    def __init__(self, text: str = "", largest: int = 24, **kwargs) -> None:
        super().__init__(**kwargs)
        self.largest = largest
        self.set_reactive(BigLabel.text, text)

    @property
    def drawn(self) -> bool:
        """Whether the text is drawn in big letters now (not plain)."""
        size = self.content_size
        return big_lines(self.text, size.width, size.height, self.largest) is not None

    def render(self) -> Content:
        size = self.content_size
        lines = big_lines(self.text, size.width, size.height, self.largest) if self.text else None
        if lines is None:
            return Content(self.text)
        return Content("\n".join(lines))
