"""Layout blocks → ESC/POS bytes.

Text is ours (GB18030 in Chinese mode, centred by padding with spaces computed from
on-paper widths); QR codes, raster images and command constants come from
python-escpos. The commands are those of the Epson ESC/POS command reference, which
the Chinese thermal printers this is for follow:

    ESC @        initialize printer
    FS &         select Kanji (Chinese) character mode: GB18030 multi-byte text
    ESC a n      select justification (0 left, 1 centre); used around QR codes only
    GS ! n       select character size (bits 4–6 width − 1, bits 0–2 height − 1)
    ESC E n      turn emphasized (bold) mode on/off
    GS B n       turn white/black reverse printing on/off
    ESC d n      print and feed n lines
    GS V m       cut paper (m = 0 full cut, 1 partial cut)
    GS ( k       QR code: model, module size, error correction, store, print
    GS v 0       print raster bit image
"""
from __future__ import annotations

from PIL import Image

from hallq.printers._escpos import ESC, FS, GS, HW_INIT, QR_ECLEVEL_M, Dummy
from hallq.printers.encoding import encode
from hallq.printers.layout import Block, Cut, Feed, QrBlock, TextLine, qr_matrix
from hallq.printers.profiles import PrinterProfile

#: FS & — select Kanji (Chinese) character mode
CHINESE_MODE_ON: bytes = FS + b"&"
#: ESC a 0 — left justification
ALIGN_LEFT: bytes = ESC + b"a\x00"
#: ESC a 1 — centre justification
ALIGN_CENTRE: bytes = ESC + b"a\x01"
#: LF — print and line feed
LF = b"\n"


def size_byte(wmag: int, hmag: int) -> int:
    """The argument of GS ! n (select character size).

    Args:
        wmag: width multiplier, 1–8.
        hmag: height multiplier, 1–8.

    Returns:
        n: the high nibble is the width multiplier − 1, the low nibble the height
        multiplier − 1 (Epson ESC/POS reference, GS !).
    """
    return ((wmag - 1) << 4) | (hmag - 1)


def qr_native(payload: str, module: int) -> bytes:
    """A QR code as the printer's own command, via python-escpos.

    Args:
        payload: the text the code holds.
        module: the size of one module, in dots.

    Returns:
        The GS ( k commands for model 2 at error correction level M: set model, module
        size and level, store the data, print it.
    """
    d = Dummy()
    d.qr(payload, ec=QR_ECLEVEL_M, size=module, native=True)
    output: bytes = d.output
    return output


def qr_image(payload: str, module: int, dots: int, border: int = 2) -> Image.Image:
    """A QR code as a 1-bit image that sits centred on the paper.

    Args:
        payload: the text the code holds.
        module: the size of one module, in pixels (= dots).
        dots: the paper's printable width, in dots.
        border: modules of quiet zone around the symbol.

    Returns:
        The image, left-padded with white to centre the symbol on paper `dots` wide (no
        right padding is sent); 0 = black.
    """
    matrix = qr_matrix(payload, border=border)
    n = len(matrix)
    side = n * module
    pad = max(0, (dots - side) // 2)
    img = Image.new("1", (pad + side, side), 1)
    px = img.load()
    assert px is not None  # load() returns None only for images without pixel data
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
    """A QR code as a raster bit image, for printers without GS ( k.

    With an even module size the image is sent at half resolution in quadruple-density
    mode (GS v 0 m = 3: each dot printed 2×2), a quarter of the bytes for the same
    printed code.

    Args:
        payload: the text the code holds.
        module: the size of one module, in dots on paper.
        dots: the paper's printable width, in dots.

    Returns:
        The GS v 0 command with the image, centred by left padding.
    """
    if module % 2 == 0:
        d = _dummy(dots // 2)
        d.image(qr_image(payload, module // 2, dots // 2), impl="bitImageRaster",
                high_density_vertical=False, high_density_horizontal=False)
    else:
        d = _dummy(dots)
        d.image(qr_image(payload, module, dots), impl="bitImageRaster")
    output: bytes = d.output
    return output


class _Encoder:
    """Collects the bytes of a slip, sending each style command only when it changes."""

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
    """The ESC/POS bytes of a slip.

    Args:
        blocks: the slip's layout (printers.layout), top first.
        profile: the printer it is for (width, Chinese mode, charset, QR support).

    Returns:
        ESC @, FS & (if the profile asks for Chinese mode), then the blocks: text lines
        centred by spaces counted in columns on paper, QR codes (GS ( k or GS v 0), feeds
        and the cut (GS V).

    Raises:
        TypeError: an item of `blocks` is not a layout block.
    """
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
