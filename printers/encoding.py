"""Chinese text for ESC/POS printers: GB18030 bytes, column widths, visible replacement.

A thermal printer in Chinese mode (FS &) prints a byte below 0x80 as a half-width
character (one column, 12 dots wide in font A) and a GB18030 multi-byte sequence as a
full-width glyph (two columns, 24 dots). So the width of a character *on paper* is
decided by how it is encoded, not by Unicode's East Asian Width: "·" and "—" are two
columns on a Chinese printer even though a terminal draws them one column wide.

A character the printer cannot print (outside its font's character set, a control
character, an emoji...) is replaced by REPLACEMENT ("□", visible on paper) and logged,
never dropped silently and never sent as bytes that would become "?" or mojibake.
"""
from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field

log = logging.getLogger("hallq.printers")

#: printed in place of a character the printer cannot print (GB2312 0xA1F5)
REPLACEMENT = "□"

#: character sets of printer fonts, smallest first
CHARSETS = ("gb2312", "gbk", "gb18030")


@dataclass
class CleanText:
    """Text made printable for one character set, with what had to be replaced."""

    text: str
    replaced: list[str] = field(default_factory=list)


def _encode_char(ch: str, charset: str) -> bytes | None:
    """Bytes of one character in the printer's Chinese mode, or None if not printable."""
    o = ord(ch)
    if 0x20 <= o < 0x7F:
        return ch.encode("ascii")
    if o < 0x20 or 0x7F <= o < 0xA0 or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return None
    try:
        if charset == "gb2312":
            return ch.encode("gb2312")
        data = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    if charset == "gbk" and len(data) != 2:
        # four-byte GB18030 (rare hanzi, accented Latin, emoji) is not in a GBK font
        return None
    return data


def printable(ch: str, charset: str = "gbk") -> bool:
    """True if a printer with a `charset` font prints `ch`."""
    return _encode_char(ch, charset) is not None


def char_width(ch: str) -> int:
    """Columns a character takes on paper (1 for ASCII, 2 for a GB multi-byte glyph)."""
    return 1 if ord(ch) < 0x80 else 2


def text_width(text: str) -> int:
    """Columns `text` takes on paper at normal size."""
    return sum(char_width(c) for c in text)


def clean(text: str, charset: str = "gbk", *, context: str = "") -> CleanText:
    """Make `text` printable: whitespace controls become spaces, anything the printer
    cannot print becomes REPLACEMENT. Every replacement is logged with its code point."""
    out: list[str] = []
    replaced: list[str] = []
    for ch in text:
        if ch in "\t\r\n":
            out.append(" ")
        elif _encode_char(ch, charset) is None:
            out.append(REPLACEMENT)
            replaced.append(ch)
        else:
            out.append(ch)
    if replaced:
        log.warning(
            "printer cannot print %s in %s%r (charset %s): printed as %s",
            ", ".join(f"U+{ord(c):04X} {c!r}" for c in replaced),
            f"{context} " if context else "",
            text,
            charset,
            REPLACEMENT,
        )
    return CleanText("".join(out), replaced)


def encode(text: str, charset: str = "gbk") -> bytes:
    """GB18030 (or GB2312) bytes for text already passed through clean()."""
    parts = []
    for ch in text:
        data = _encode_char(ch, charset)
        parts.append(data if data is not None else _encode_char(REPLACEMENT, "gb2312"))
    return b"".join(parts)


def wrap(text: str, width: int) -> list[str]:
    """Break `text` into lines of at most `width` columns. Hanzi may break anywhere
    (but not before closing punctuation); Latin words break at spaces where possible."""
    if width < 2:
        width = 2
    lines: list[str] = []
    line = ""
    i = 0
    no_line_start = set("，。、；：？！）》」』】”’,.;:?!)")
    while i < len(text):
        ch = text[i]
        if ord(ch) < 0x80 and ch != " ":
            # a Latin word: keep it together if it fits on a line by itself
            j = i
            while j < len(text) and ord(text[j]) < 0x80 and text[j] != " ":
                j += 1
            word = text[i:j]
            if text_width(line) + len(word) <= width:
                line += word
                i = j
                continue
            if len(word) <= width and line.strip():
                lines.append(line.rstrip())
                line = ""
                continue
            # a word longer than a line: break it
        w = char_width(ch)
        if text_width(line) + w > width:
            if ch in no_line_start and len(line) > 1:
                # move the last character down with the punctuation (and any
                # punctuation before it, so that no line starts with punctuation)
                k = 1
                while k < min(4, len(line) - 1) and line[-k] in no_line_start:
                    k += 1
                lines.append(line[:-k].rstrip())
                line = line[-k:]
            else:
                lines.append(line.rstrip())
                line = ""
            if ch == " ":
                i += 1
                continue
        line += ch
        i += 1
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def centre(text: str, width: int) -> str:
    """`text` with leading spaces to centre it in `width` columns (no trailing spaces)."""
    pad = max(0, (width - text_width(text)) // 2)
    return " " * pad + text
