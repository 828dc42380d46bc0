"""Block letters for ticket numbers: 5×7 pixel glyphs for 0–9, A–Z and a few signs
(zero without a slash, narrower than the letter O).

Textual's Digits widget draws only 0–9 and A–F; a hall may use any prefix A–Z, so the
kiosk, the counter and the hall screen draw numbers with this font (through
hallq.ui.big_text.BigText). Pure functions, no Textual: `pixels(text)` gives the
text as rows of booleans, `draw(text, scale)` as rows of terminal cells.

A terminal cell is about twice as tall as it is wide, so each cell holds two pixel rows
(the half-block characters ▀ ▄ █). A scale (x, y) draws a pixel x cells wide and y
half-cells tall: (k, k) is square; letters may be drawn up to twice as tall as wide
(y ≤ 2x), which keeps them legible and lets a number use the height of a wide screen.
"""
from __future__ import annotations

import math

HEIGHT = 7
GAP = 1  # blank pixel columns between glyphs

_GLYPHS: dict[str, tuple[str, ...]] = {
    "0": (" ## ", "#  #", "#  #", "#  #", "#  #", "#  #", " ## "),  # narrower than O, no slash
    "1": (" # ", "## ", " # ", " # ", " # ", " # ", "###"),
    "2": (" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"),
    "3": ("#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "),
    "4": ("   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "),
    "5": ("#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "),
    "6": ("  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "),
    "8": (" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "),
    "9": (" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "),
    "A": (" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"),
    "B": ("#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### "),
    "C": (" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "),
    "D": ("#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "),
    "E": ("#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"),
    "F": ("#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#    "),
    "G": (" ### ", "#   #", "#    ", "# ###", "#   #", "#   #", " ####"),
    "H": ("#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"),
    "I": (" ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "),
    "J": ("  ###", "   # ", "   # ", "   # ", "   # ", "#  # ", " ##  "),
    "K": ("#   #", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "#   #"),
    "L": ("#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"),
    "M": ("#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"),
    "N": ("#   #", "#   #", "##  #", "# # #", "#  ##", "#   #", "#   #"),
    "O": (" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "P": ("#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "),
    "Q": (" ### ", "#   #", "#   #", "#   #", "# # #", "#  # ", " ## #"),
    "R": ("#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"),
    "S": (" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "),
    "T": ("#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "),
    "U": ("#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "V": ("#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  "),
    "W": ("#   #", "#   #", "#   #", "# # #", "# # #", "# # #", " # # "),
    "X": ("#   #", "#   #", " # # ", "  #  ", " # # ", "#   #", "#   #"),
    "Y": ("#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "),
    "Z": ("#####", "    #", "   # ", "  #  ", " #   ", "#    ", "#####"),
    "→": ("     ", "  #  ", "   # ", "#####", "   # ", "  #  ", "     "),
    "-": ("     ", "     ", "     ", "#####", "     ", "     ", "     "),
    ":": ("  ", "##", "##", "  ", "##", "##", "  "),
    " ": ("   ",) * HEIGHT,
}

CHARACTERS = frozenset(_GLYPHS)


def glyph(ch: str) -> tuple[str, ...]:
    """The 7 pixel rows of one character ("#" is ink); unknown characters draw as a box."""
    found = _GLYPHS.get(ch.upper())
    if found is None:
        return ("#####",) + ("#   #",) * (HEIGHT - 2) + ("#####",)
    return found


def pixels(text: str) -> list[list[bool]]:
    """The text as HEIGHT rows of pixels, GAP blank columns between glyphs."""
    glyphs = [glyph(ch) for ch in text]
    rows = []
    for y in range(HEIGHT):
        row: list[bool] = []
        for i, g in enumerate(glyphs):
            if i:
                row.extend([False] * GAP)
            row.extend(p == "#" for p in g[y])
        rows.append(row)
    return rows


def pixel_width(text: str) -> int:
    return sum(len(glyph(ch)[0]) for ch in text) + GAP * max(0, len(text) - 1)


Scale = tuple[int, int]  # (cells per pixel across, half-cells per pixel down)


def size_at(text: str, scale: Scale) -> tuple[int, int]:
    """(width, height) in cells of the text drawn at this scale."""
    x, y = scale
    return pixel_width(text) * x, math.ceil(HEIGHT * y / 2)


def fit(text: str, width: int, height: int, largest: int = 64) -> Scale | None:
    """The largest scale at which the text fits in width × height cells (tallest first,
    at most twice as tall as wide), or None when not even (1, 1) fits."""
    if not text:
        return None
    tallest = min(2 * height // HEIGHT, 2 * largest)
    x = min(width // pixel_width(text), tallest, largest)
    if x < 1:
        return None
    return x, min(tallest, 2 * x)


_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def draw(text: str, scale: Scale) -> list[str]:
    """The text at this scale as lines of half-block characters."""
    sx, sy = scale
    rows = pixels(text)
    tall = [[p for p in rows[y // sy] for _ in range(sx)] for y in range(HEIGHT * sy)]
    if len(tall) % 2:
        tall.append([False] * len(tall[0]))
    return ["".join(_HALF[top, bottom] for top, bottom in zip(tall[y], tall[y + 1], strict=True))
            for y in range(0, len(tall), 2)]
