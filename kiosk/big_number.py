"""BigNumber: a ticket number (or a time) in block letters, as large as the space allows."""
from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

# 4×5 pixel glyphs; "#" is ink
_FONT_ROWS = {
    "0": ("####", "#  #", "#  #", "#  #", "####"), "1": (" ## ", "  # ", "  # ", "  # ", " ###"),
    "2": ("####", "   #", "####", "#   ", "####"), "3": ("####", "   #", " ###", "   #", "####"),
    "4": ("#  #", "#  #", "####", "   #", "   #"), "5": ("####", "#   ", "####", "   #", "####"),
    "6": ("####", "#   ", "####", "#  #", "####"), "7": ("####", "   #", "  # ", " #  ", " #  "),
    "8": ("####", "#  #", "####", "#  #", "####"), "9": ("####", "#  #", "####", "   #", "####"),
    "A": (" ## ", "#  #", "####", "#  #", "#  #"), "B": ("### ", "#  #", "### ", "#  #", "### "),
    "C": (" ###", "#   ", "#   ", "#   ", " ###"), "D": ("### ", "#  #", "#  #", "#  #", "### "),
    "E": ("####", "#   ", "### ", "#   ", "####"), "F": ("####", "#   ", "### ", "#   ", "#   "),
    "G": (" ###", "#   ", "# ##", "#  #", " ###"), "H": ("#  #", "#  #", "####", "#  #", "#  #"),
    "I": ("###", " # ", " # ", " # ", "###"), "J": ("  ##", "   #", "   #", "#  #", " ## "),
    "K": ("#  #", "# # ", "##  ", "# # ", "#  #"), "L": ("#   ", "#   ", "#   ", "#   ", "####"),
    "M": ("#   #", "## ##", "# # #", "#   #", "#   #"), "N": ("#  #", "## #", "# ##", "#  #", "#  #"),
    "O": (" ## ", "#  #", "#  #", "#  #", " ## "), "P": ("### ", "#  #", "### ", "#   ", "#   "),
    "Q": (" ## ", "#  #", "#  #", "# ##", " ###"), "R": ("### ", "#  #", "### ", "# # ", "#  #"),
    "S": (" ###", "#   ", " ## ", "   #", "### "), "T": ("###", " # ", " # ", " # ", " # "),
    "U": ("#  #", "#  #", "#  #", "#  #", " ## "), "V": ("#   #", "#   #", "#   #", " # # ", "  #  "),
    "W": ("#   #", "#   #", "# # #", "## ##", "#   #"), "X": ("#  #", "#  #", " ## ", "#  #", "#  #"),
    "Y": ("#   #", " # # ", "  #  ", "  #  ", "  #  "), "Z": ("####", "   #", " ## ", "#   ", "####"),
    ":": (" ", "#", " ", "#", " "), "-": ("   ", "   ", "###", "   ", "   "), " ": ("  ", "  ", "  ", "  ", "  "),
}
GLYPH_HEIGHT = 5


def pixel_rows(text: str) -> list[str]:
    """The text as 5 rows of pixels ("#" ink), one blank pixel column between glyphs."""
    glyphs = [_FONT_ROWS.get(ch, _FONT_ROWS[" "]) for ch in text.upper()]
    return [" ".join(g[row] for g in glyphs) for row in range(GLYPH_HEIGHT)]


class BigNumber(Widget):
    """Shows `value` in block letters scaled to fit; each pixel is 2 cells wide (cells are
    about twice as tall as they are wide). Falls back to plain text when too small."""

    DEFAULT_CSS = """
    BigNumber { height: 1fr; min-height: 5; width: 1fr; }
    """

    value: reactive[str] = reactive("", layout=False)

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(BigNumber.value, value)

    def scale(self, size: Size) -> int:
        rows = pixel_rows(self.value)
        width = len(rows[0]) * 2
        if not width:
            return 0
        return max(0, min(size.height // GLYPH_HEIGHT, size.width // width, 4))

    def render_line(self, y: int) -> Strip:
        size = self.content_size if self.is_mounted else self.size
        style = self.rich_style
        k = self.scale(size)
        if k == 0:  # too small for block letters: the plain number, centred
            text = self.value if y == size.height // 2 else ""
            pad = max(0, (size.width - len(text)) // 2)
            line = (" " * pad + text).ljust(size.width)
            return Strip([Segment(line, style + Style(bold=True))], size.width)
        rows = pixel_rows(self.value)
        top = (size.height - GLYPH_HEIGHT * k) // 2
        row = (y - top) // k if y >= top else -1
        if not 0 <= row < GLYPH_HEIGHT:
            return Strip([Segment(" " * size.width, style)], size.width)
        pixels = rows[row]
        cells = "".join(("█" if p == "#" else " ") * 2 * k for p in pixels)
        pad = max(0, (size.width - len(cells)) // 2)
        return Strip([Segment((" " * pad + cells).ljust(size.width)[: size.width], style)], size.width)
