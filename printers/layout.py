"""The layout model: what goes on a slip, line by line, before it becomes bytes.

The same blocks are turned into ESC/POS bytes (printers.commands), into a PNG and into
on-screen text (printers.preview), so the preview shows what the paper will show.
"""
from __future__ import annotations

from dataclasses import dataclass

import qrcode
import qrcode.constants

from hallq.printers.encoding import text_width, wrap
from hallq.printers.vocabulary import Align, CutMode


@dataclass(frozen=True)
class TextLine:
    """One printed line.

    Attributes:
        text: the text, already cleaned for the printer's charset.
        align: centre (padded with spaces counted in columns on paper) or left.
        wmag: character width multiplier, 1–8 (GS !).
        hmag: character height multiplier, 1–8 (GS !).
        bold: emphasized (ESC E).
        reverse: white on black (GS B).
    """

    text: str
    align: Align = "centre"
    wmag: int = 1
    hmag: int = 1
    bold: bool = False
    reverse: bool = False

    @property
    def columns(self) -> int:
        """The half-width columns (at normal size) the text takes on paper, magnified."""
        return text_width(self.text) * self.wmag


@dataclass(frozen=True)
class QrBlock:
    """A QR code, centred on the paper (error correction level M).

    Attributes:
        payload: the text the code holds (sent as UTF-8).
        module: the size of one module, in dots.
        version: the QR version (1–40) the payload needs at level M.
    """

    payload: str
    module: int
    version: int


@dataclass(frozen=True)
class Feed:
    """Blank paper.

    Attributes:
        lines: how many empty lines (at normal size).
    """

    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """The end of the slip.

    Attributes:
        feed: lines fed first, to bring the last text past the cutter.
        mode: partial (GS V 1), full (GS V 0) or none.
    """

    feed: int = 4
    mode: CutMode = "partial"


Block = TextLine | QrBlock | Feed | Cut


def fit_lines(
    text: str,
    columns: int,
    mag: int,
    *,
    hmag: int | None = None,
    min_mag: int = 1,
    align: Align = "centre",
    bold: bool = False,
    reverse: bool = False,
) -> list[TextLine]:
    """A text at the largest size that fits one line, else wrapped.

    Args:
        text: the text, already cleaned for the printer.
        columns: the paper's width in half-width columns at normal size.
        mag: the size wanted (width multiplier, 1–8).
        hmag: the height multiplier; None: the same as the width, except that a text
            wanted big that only fits at normal width is printed at double height.
        min_mag: the smallest width multiplier to try; below it the text is wrapped.
        align: centre or left.
        bold: emphasized (ESC E).
        reverse: white on black (GS B).

    Returns:
        One line at the largest width multiplier in min_mag..mag at which `text` fits, or
        else the text wrapped at min_mag into as many lines as it needs.
    """
    width = text_width(text)
    for m in range(mag, min_mag - 1, -1):
        if width * m <= columns:
            if hmag is not None:
                h = hmag
            elif m == 1 and mag > 1:
                h = 2  # wanted big but only fits at normal width: at least double height
            else:
                h = m
            return [TextLine(text, align=align, wmag=m, hmag=h, bold=bold, reverse=reverse)]
    h = hmag if hmag is not None else min_mag
    return [TextLine(part, align=align, wmag=min_mag, hmag=h, bold=bold, reverse=reverse)
            for part in wrap(text, columns // min_mag)]


def _qr_code(payload: str, border: int) -> qrcode.QRCode:
    """A QR code at error correction level M, at the smallest version that holds `payload`
    (qrcode ships no type information: the object is typed Any)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    qr.add_data(payload.encode("utf-8"))
    qr.make(fit=True)
    return qr


def qr_matrix(payload: str, border: int = 0) -> list[list[bool]]:
    """The modules of a QR code (error correction level M).

    Args:
        payload: the text the code holds (encoded as UTF-8).
        border: modules of quiet zone around the symbol.

    Returns:
        The rows of modules, top first, True = dark; square, 17 + 4 × version + 2 × border
        modules a side.
    """
    matrix: list[list[bool]] = _qr_code(payload, border).get_matrix()
    return matrix


def qr_block(payload: str, dots: int, max_module: int) -> QrBlock:
    """A QR block as large as the paper allows.

    Args:
        payload: the text the code holds.
        dots: the paper's printable width, in dots.
        max_module: the largest module size wanted, in dots.

    Returns:
        A block with the largest module size ≤ max_module (and at least 1) whose symbol,
        with a 2-module quiet zone each side, fits in 3/4 of the paper width.
    """
    version: int = _qr_code(payload, 0).version
    size = 17 + 4 * version
    module = max(1, min(max_module, (dots * 3 // 4) // (size + 4)))
    return QrBlock(payload=payload, module=module, version=version)
