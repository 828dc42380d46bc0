"""Layout blocks → ESC/POS bytes.

Text is ours (GB18030 in Chinese mode, centred by padding with spaces computed from
on-paper widths); QR codes, raster images and command constants come from
python-escpos.
"""
from __future__ import annotations

from escpos.constants import ESC, FS, GS, HW_INIT, QR_ECLEVEL_M
from escpos.printer import Dummy
from PIL import Image

from hallq.printers.encoding import encode
from hallq.printers.layout import Block, Cut, Feed, QrBlock, TextLine, qr_matrix
from hallq.printers.profiles import PrinterProfile

CHINESE_MODE_ON = FS + b"&"
ALIGN_LEFT = ESC + b"a\x00"
ALIGN_CENTRE = ESC + b"a\x01"
LF = b"\n"


def size_byte(wmag: int, hmag: int) -> int:
    """GS ! n: high nibble = width multiplier − 1, low nibble = height multiplier − 1."""
    return ((wmag - 1) << 4) | (hmag - 1)


def qr_native(payload: str, module: int) -> bytes:
    """GS ( k commands for a native QR code (model 2, EC level M), via python-escpos."""
    d = Dummy()
    d.qr(payload, ec=QR_ECLEVEL_M, size=module, native=True)
    return d.output


def qr_image(payload: str, module: int, dots: int, border: int = 2) -> Image.Image:
    """The QR code as a 1-bit image, left-padded with white so that it sits centred on
    paper `dots` wide (no right padding is sent)."""
    matrix = qr_matrix(payload, border=border)
    n = len(matrix)
    side = n * module
    pad = max(0, (dots - side) // 2)
    img = Image.new("1", (pad + side, side), 1)
    px = img.load()
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(module):
                    for dx in range(module):
                        px[pad + x * module + dx, y * module + dy] = 0
    return img


def _dummy(dots: int) -> Dummy:
    """A python-escpos byte collector that knows the paper width."""
    d = Dummy()
    data = dict(d.profile.profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": "Unknown", "pixels": dots}}
    d.profile.profile_data = data
    return d


def qr_raster(payload: str, module: int, dots: int) -> bytes:
    """GS v 0 raster bit image of the QR code (fallback for printers without GS ( k).
    With an even module size the image is sent at half resolution in quadruple-density
    mode (each dot printed 2×2), a quarter of the bytes for the same printed code."""
    if module % 2 == 0:
        d = _dummy(dots // 2)
        d.image(qr_image(payload, module // 2, dots // 2), impl="bitImageRaster",
                high_density_vertical=False, high_density_horizontal=False)
    else:
        d = _dummy(dots)
        d.image(qr_image(payload, module, dots), impl="bitImageRaster")
    return d.output


class _Encoder:
    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self.out = bytearray(HW_INIT)
        if profile.chinese_mode:
            self.out += CHINESE_MODE_ON
        self.size = 0
        self.bold = False
        self.reverse = False

    def _set_size(self, n: int) -> None:
        if n != self.size:
            self.out += GS + b"!" + bytes([n])
            self.size = n

    def _set_bold(self, on: bool) -> None:
        if on != self.bold:
            self.out += ESC + b"E" + bytes([int(on)])
            self.bold = on

    def _set_reverse(self, on: bool) -> None:
        if on != self.reverse:
            self.out += GS + b"B" + bytes([int(on)])
            self.reverse = on

    def text(self, line: TextLine) -> None:
        pad = 0
        if line.align == "centre":
            pad = max(0, (self.profile.columns - line.columns) // 2)
        if pad:
            self._set_reverse(False)
            self._set_size(0)
            self.out += b" " * pad
        self._set_size(size_byte(line.wmag, line.hmag))
        self._set_bold(line.bold)
        self._set_reverse(line.reverse)
        self.out += encode(line.text, self.profile.charset)
        self._set_reverse(False)
        self.out += LF

    def feed(self, lines: int) -> None:
        self._set_size(0)
        self.out += LF if lines == 1 else ESC + b"d" + bytes([lines])

    def qr(self, block: QrBlock) -> None:
        self._set_size(0)
        if self.profile.native_qr:
            self.out += ALIGN_CENTRE + qr_native(block.payload, block.module) + LF + ALIGN_LEFT
        else:
            self.out += qr_raster(block.payload, block.module, self.profile.dots)

    def cut(self, block: Cut) -> None:
        self._set_size(0)
        self._set_bold(False)
        if block.feed:
            self.out += ESC + b"d" + bytes([block.feed])
        if block.mode == "partial":
            self.out += GS + b"V\x01"
        elif block.mode == "full":
            self.out += GS + b"V\x00"


def encode_blocks(blocks: list[Block], profile: PrinterProfile) -> bytes:
    """ESC/POS bytes for a list of layout blocks."""
    enc = _Encoder(profile)
    for block in blocks:
        if isinstance(block, TextLine):
            enc.text(block)
        elif isinstance(block, Feed):
            enc.feed(block.lines)
        elif isinstance(block, QrBlock):
            enc.qr(block)
        elif isinstance(block, Cut):
            enc.cut(block)
        else:  # pragma: no cover - a programming error
            raise TypeError(f"not a layout block: {block!r}")
    return bytes(enc.out)
