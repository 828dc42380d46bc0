"""BigText: a ticket number (or "A001→3", or a time) in block letters, as large as its size
allows: the kiosk's ticket, the counter's ticket card, the hall screen's calls."""
from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from hallq.ui import font


class BigText(Widget):
    """Draws `text` with hallq.ui.font at the largest scale that fits the widget, centred.
    When not even scale 1 fits, the plain text is shown in bold instead."""

    DEFAULT_CSS = """
    BigText { width: 1fr; height: 1fr; }
    """

    text: reactive[str] = reactive("")

    def __init__(self, text: str = "", largest: int = 64, **kwargs) -> None:
        super().__init__(**kwargs)
        self.largest = largest
        self.set_reactive(BigText.text, text)
        self._cache: tuple[tuple[str, int, int], list[str]] | None = None

    @property
    def scale(self) -> font.Scale | None:
        size = self.content_size
        return font.fit(self.text, size.width, size.height, self.largest)

    def _lines(self) -> list[str]:
        size = self.content_size
        key = (self.text, size.width, size.height)
        if self._cache is None or self._cache[0] != key:
            scale = self.scale
            lines = font.draw(self.text, scale) if scale else [self.text]
            self._cache = (key, lines)
        return self._cache[1]

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        lines = self._lines()
        top = max(0, (height - len(lines)) // 2)
        style = self.rich_style
        if self.scale is None:
            style += Style(bold=True)
        if top <= y < top + len(lines):
            line = lines[y - top]
            pad = max(0, (width - len(line)) // 2)
            text = (" " * pad + line).ljust(width)[:width]
        else:
            text = " " * width
        return Strip([Segment(text, style)], width)
