"""Any text, Chinese included, as a small bitmap: what lets a terminal draw a service's
name several cells tall.

A terminal cannot change its font size, and the block letters of hallq.ui.font cover only
ticket numbers (0–9, A–Z). Here an outline font with Chinese glyphs (Noto Sans CJK, found
as the slip preview finds it: hallq.printers.preview.find_cjk_font) is rasterised by
Pillow at a pixel height of 12 or more, the smallest at which hanzi keep their strokes;
hallq.ui.font.draw_pixels then draws each pixel as half a terminal cell (▀ ▄ █). In a
browser terminal of 9.6 × 21 px cells (textual-serve's 16 px Roboto Mono), a 12-pixel
line is 6 cells, 126 px, tall.

Pure functions, no Textual; results are cached (a kiosk draws the same names all day).
Without a CJK font every function answers None and callers show plain text.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from hallq.printers.preview import find_cjk_font

log = logging.getLogger("hallq.ui")

#: pixel heights tried, largest first; below 12 px hanzi lose strokes
SIZES = (40, 32, 28, 24, 20, 16, 14, 12)
SMALLEST = SIZES[-1]
#: a pixel is ink from this grey level (of 255) up: below half, so thin strokes of a
#: rasterised hanzi stay connected
THRESHOLD = 100

Bitmap = tuple[tuple[bool, ...], ...]


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | None:
    found = find_cjk_font()
    if found is None:
        return None
    try:
        return ImageFont.truetype(found[0], size, index=found[1])
    except OSError:
        log.warning("cannot open the CJK font %s: names are drawn as plain text", found[0])
        return None


def available() -> bool:
    """Whether a CJK font was found (else every function here answers None)."""
    return _font(SMALLEST) is not None


@lru_cache(maxsize=2048)
def measure(text: str, size: int) -> tuple[int, int] | None:
    """(width, height) in pixels of `text` drawn at `size` pixels; None without a font.

    Lines start at the top of a hanzi (0.88 em above the baseline), so texts of one size
    line up across tiles; they end at the lowest ink below the baseline (a hanzi's foot,
    a Latin descender), at most 0.24 em down.
    """
    font = _font(size)
    if font is None or not text:
        return None
    left, _, right, bottom = (int(v) for v in font.getbbox(text, anchor="ls"))
    return max(0, right) + max(0, -left), _ascent(size) + min(max(0, bottom), round(size * 0.24))


def _ascent(size: int) -> int:
    """Rows above the baseline: the top of a hanzi."""
    return round(size * 0.88)


@lru_cache(maxsize=512)
def bitmap(text: str, size: int) -> Bitmap | None:
    """`text` at `size` pixels as rows of pixels (True: ink), `measure(text, size)` big.

    Returns:
        The rows, top to bottom; None without a CJK font or for empty text.
    """
    font = _font(size)
    dims = measure(text, size)
    if font is None or dims is None:
        return None
    width, height = dims
    left = int(font.getbbox(text, anchor="ls")[0])
    image = Image.new("L", (max(width, 1), height), 0)
    ImageDraw.Draw(image).text((-min(left, 0), _ascent(size)), text, font=font, fill=255, anchor="ls")
    data = image.tobytes()
    w = image.width
    return tuple(tuple(data[y * w + x] >= THRESHOLD for x in range(width)) for y in range(height))


def fit(text: str, width: int, height: int, sizes: tuple[int, ...] = SIZES) -> int | None:
    """The largest of `sizes` at which `text` fits `width` cells by `height` cells (a pixel
    is one cell wide and half a cell tall).

    Returns:
        The pixel size, or None when not even the smallest fits (or there is no font).
    """
    for size in sizes:
        dims = measure(text, size)
        if dims is None:
            return None
        if dims[0] <= width and (dims[1] + 1) // 2 <= height:
            return size
    return None
