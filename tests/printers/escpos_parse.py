"""A small ESC/POS interpreter for tests: turns captured bytes back into what the
paper would show — text lines (GB18030 in Chinese mode), character sizes, alignment,
QR codes, raster images and cuts — so tests assert on meaning, not on raw bytes."""
from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image


@dataclass
class Char:
    ch: str
    cols: int  # base columns taken on paper (width × magnification)
    wmag: int
    hmag: int
    bold: bool
    reverse: bool


@dataclass
class Line:
    chars: list[Char] = field(default_factory=list)
    align: int = 0  # ESC a at the end of the line

    @property
    def text(self) -> str:
        return "".join(c.ch for c in self.chars)

    @property
    def content(self) -> str:
        return self.text.strip()

    @property
    def indent(self) -> int:
        """Base columns of leading spaces."""
        n = 0
        for c in self.chars:
            if c.ch != " ":
                break
            n += c.cols
        return n

    @property
    def width(self) -> int:
        """Base columns from the first to the last non-space character."""
        body = self.chars[:]
        while body and body[-1].ch == " ":
            body.pop()
        return sum(c.cols for c in body) - self.indent

    def content_chars(self) -> list[Char]:
        return [c for c in self.chars if c.ch != " "]

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) magnification of the line's non-space characters (the largest)."""
        cs = self.content_chars()
        return max(((c.wmag, c.hmag) for c in cs), default=(1, 1))

    @property
    def bold(self) -> bool:
        return any(c.bold for c in self.content_chars())

    @property
    def reverse(self) -> bool:
        return any(c.reverse for c in self.content_chars())


@dataclass
class Qr:
    payload: str
    module: int | None
    ec: int | None
    model: int | None
    align: int  # ESC a when printed
    line_index: int  # number of text lines printed before it


@dataclass
class Raster:
    image: Image.Image
    line_index: int


@dataclass
class Parsed:
    lines: list[Line] = field(default_factory=list)
    qrs: list[Qr] = field(default_factory=list)
    images: list[Raster] = field(default_factory=list)
    cuts: list[str] = field(default_factory=list)
    status_queries: list[int] = field(default_factory=list)
    chinese_mode_set: bool = False
    unknown: list[bytes] = field(default_factory=list)
    trailing_after_cut: bytes = b""

    @property
    def text_lines(self) -> list[str]:
        return [line.content for line in self.lines]

    def find(self, needle: str) -> Line:
        for line in self.lines:
            if needle in line.text:
                return line
        raise AssertionError(f"{needle!r} not on the slip: {self.text_lines}")


class ParseError(Exception):
    pass


def parse(data: bytes, *, chinese_mode_at_start: bool = False) -> Parsed:
    out = Parsed()
    i = 0
    n = len(data)
    chinese = chinese_mode_at_start
    wmag = hmag = 1
    bold = reverse = False
    align = 0
    qr_store: dict = {}
    line = Line()

    def need(k: int) -> bytes:
        if i + k > n:
            raise ParseError(f"truncated command at {i}: {data[i:i + 8]!r}")
        return data[i:i + k]

    def end_line() -> None:
        nonlocal line
        line.align = align
        out.lines.append(line)
        line = Line()

    while i < n:
        b = data[i]
        if out.cuts and not out.trailing_after_cut:
            out.trailing_after_cut = data[i:]
        if b == 0x0A:
            end_line()
            i += 1
        elif b == 0x0D:
            i += 1
        elif b == 0x1B:  # ESC
            cmd = need(2)[1]
            if cmd == ord("@"):
                chinese, wmag, hmag, bold, reverse, align = chinese_mode_at_start, 1, 1, False, False, 0
                i += 2
            elif cmd == ord("a"):
                align = need(3)[2] % 48
                i += 3
            elif cmd == ord("E"):
                bold = bool(need(3)[2] & 1)
                i += 3
            elif cmd == ord("!"):
                m = need(3)[2]
                wmag, hmag, bold = (2 if m & 0x20 else 1), (2 if m & 0x10 else 1), bool(m & 0x08)
                i += 3
            elif cmd == ord("d"):
                if line.chars:
                    end_line()
                    count = need(3)[2] - 1
                else:
                    count = need(3)[2]
                for _ in range(count):
                    end_line()
                i += 3
            elif cmd in (ord("2"),):
                i += 2
            elif cmd in (ord("3"), ord("-"), ord("M"), ord("t"), ord("J"), ord("G")):
                i += 3
            else:
                raise ParseError(f"unknown ESC command {data[i:i + 4]!r} at {i}")
        elif b == 0x1D:  # GS
            cmd = need(2)[1]
            if cmd == ord("!"):
                m = need(3)[2]
                wmag, hmag = (m >> 4) + 1, (m & 0x0F) + 1
                i += 3
            elif cmd == ord("B"):
                reverse = bool(need(3)[2] & 1)
                i += 3
            elif cmd == ord("V"):
                m = need(3)[2]
                if line.chars:
                    end_line()
                if m in (0, 48):
                    out.cuts.append("full")
                    i += 3
                elif m in (1, 49):
                    out.cuts.append("partial")
                    i += 3
                elif m in (65, 66):
                    out.cuts.append("full" if m == 65 else "partial")
                    i += 4
                else:
                    raise ParseError(f"bad GS V mode {m}")
            elif cmd == ord("(") and need(3)[2] in (ord("k"), ord("L")):
                kind = data[i + 2]
                hdr = need(5)
                length = hdr[3] | hdr[4] << 8
                body = need(5 + length)[5:]
                i += 5 + length
                if kind == ord("k"):
                    cn, fn = body[0], body[1]
                    if cn != 49:
                        raise ParseError(f"2D code type {cn} is not QR")
                    if fn == 65:
                        qr_store["model"] = body[2] - 48
                    elif fn == 67:
                        qr_store["module"] = body[2]
                    elif fn == 69:
                        qr_store["ec"] = body[2] - 48
                    elif fn == 80:
                        qr_store["data"] = body[3:]
                    elif fn == 81:
                        out.qrs.append(
                            Qr(qr_store["data"].decode("utf-8"), qr_store.get("module"), qr_store.get("ec"),
                               qr_store.get("model"), align, len(out.lines))
                        )
                else:
                    out.unknown.append(b"GS ( L")
            elif cmd == ord("v") and need(3)[2] == ord("0"):
                hdr = need(8)
                xb = hdr[4] | hdr[5] << 8
                h = hdr[6] | hdr[7] << 8
                raw = need(8 + xb * h)[8:]
                i += 8 + xb * h
                img = Image.frombytes("1", (xb * 8, h), raw)  # 1 bits = black in ESC/POS
                img = Image.eval(img.convert("L"), lambda v: 255 - v)
                m = hdr[3] % 48  # bit 0: double width, bit 1: double height
                if m:
                    size = (img.width * (2 if m & 1 else 1), img.height * (2 if m & 2 else 1))
                    img = img.resize(size, Image.Resampling.NEAREST)
                out.images.append(Raster(img, len(out.lines)))
            else:
                raise ParseError(f"unknown GS command {data[i:i + 4]!r} at {i}")
        elif b == 0x1C:  # FS
            cmd = need(2)[1]
            if cmd == ord("&"):
                chinese = True
                out.chinese_mode_set = True
                i += 2
            elif cmd == ord("."):
                chinese = False
                i += 2
            elif cmd in (ord("!"), ord("C")):
                i += 3
            else:
                raise ParseError(f"unknown FS command {data[i:i + 4]!r} at {i}")
        elif b == 0x10:  # DLE
            if need(3)[1] == 0x04:
                out.status_queries.append(data[i + 2])
                i += 3
            else:
                raise ParseError(f"unknown DLE command at {i}")
        elif b < 0x20 or b == 0x7F:
            out.unknown.append(bytes([b]))
            i += 1
        else:
            if b < 0x80:
                ch, k, w = chr(b), 1, 1
            elif chinese:
                k = 4 if i + 1 < n and 0x30 <= data[i + 1] <= 0x39 else 2
                ch = need(k).decode("gb18030")
                w = 2
            else:
                ch, k, w = bytes([b]).decode("cp437"), 1, 1  # what a printer not in Chinese mode prints
            line.chars.append(Char(ch, w * wmag, wmag, hmag, bold, reverse))
            i += k
    if line.chars:
        end_line()
    return out
