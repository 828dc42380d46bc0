"""The layout model: what goes on a slip, line by line, before it becomes bytes.

The same blocks are turned into ESC/POS bytes (printers.commands), into a PNG and into
on-screen text (printers.preview), so the preview shows what the paper will show.
"""
from __future__ import annotations

from dataclasses import dataclass

import qrcode
import qrcode.constants

from hallq.printers.encoding import text_width, wrap


@dataclass(frozen=True)
class TextLine:
    """One printed line. `text` is already cleaned for the printer's charset."""

    text: str
    align: str = "centre"  # centre | left
    wmag: int = 1  # character width multiplier (GS !)
    hmag: int = 1  # character height multiplier (GS !)
    bold: bool = False
    reverse: bool = False  # white on black (GS B)

    @property
    def columns(self) -> int:
        """Columns (normal size) the text takes on paper."""
        return text_width(self.text) * self.wmag


@dataclass(frozen=True)
class QrBlock:
    payload: str
    module: int  # dots per module
    version: int  # QR version the payload needs at error correction M


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    feed: int = 4
    mode: str = "partial"  # partial | full | none


Block = TextLine | QrBlock | Feed | Cut


def fit_lines(text: str, columns: int, mag: int, *, hmag: int | None = None, min_mag: int = 1, **style) -> list[TextLine]:
    """`text` at the largest size ≤ mag (and ≥ min_mag) that fits one line, else wrapped at min_mag."""
    width = text_width(text)
    for m in range(mag, min_mag - 1, -1):
        if width * m <= columns:
            if hmag is not None:
                h = hmag
            elif m == 1 and mag > 1:
                h = 2  # wanted big but only fits at normal width: at least double height
            else:
                h = m
            return [TextLine(text, wmag=m, hmag=h, **style)]
    h = hmag if hmag is not None else min_mag
    return [TextLine(part, wmag=min_mag, hmag=h, **style) for part in wrap(text, columns // min_mag)]


def qr_matrix(payload: str, border: int = 0) -> list[list[bool]]:
    """The QR modules for `payload` (error correction M), True = dark."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    qr.add_data(payload.encode("utf-8"))
    qr.make(fit=True)
    return qr.get_matrix()


def qr_block(payload: str, dots: int, max_module: int) -> QrBlock:
    """A QR block with the largest module size ≤ max_module whose symbol (plus a
    2-module quiet zone each side) fits in 3/4 of the paper width."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(payload.encode("utf-8"))
    qr.make(fit=True)
    size = 17 + 4 * qr.version
    module = max(1, min(max_module, (dots * 3 // 4) // (size + 4)))
    return QrBlock(payload=payload, module=module, version=qr.version)
