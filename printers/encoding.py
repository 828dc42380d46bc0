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

from hallq.printers.vocabulary import Charset

log = logging.getLogger("hallq.printers")

#: printed in place of a character the printer cannot print (GB2312 0xA1F5)
REPLACEMENT = "□"

#: character sets of printer fonts, smallest first
CHARSETS: tuple[Charset, ...] = ("gb2312", "gbk", "gb18030")


@dataclass
class CleanText:
    """Text made printable for one character set, with what had to be replaced.

    Attributes:
        text: the printable text, as long as the original (one character in, one out).
        replaced: the characters that became REPLACEMENT, in order.
    """

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
    """Whether a printer prints a character.

    Args:
        ch: one character.
        charset: what the printer's Chinese font covers: gb2312, gbk or gb18030.

    Returns:
        True if a printer with a `charset` font prints `ch` (in Chinese mode, FS &).
    """
    return _encode_char(ch, charset) is not None


def char_width(ch: str) -> int:
    """The columns a character takes on paper at normal size.

    Args:
        ch: one character.

    Returns:
        1 for ASCII (a half-width cell, 12 dots in font A), 2 for anything sent as a
        GB18030 multi-byte glyph (24 dots).
    """
    return 1 if ord(ch) < 0x80 else 2


def text_width(text: str) -> int:
    """The columns a text takes on paper at normal size.

    Args:
        text: the text, already cleaned for the printer.

    Returns:
        The sum of char_width() over its characters (half-width columns).
    """
    return sum(char_width(c) for c in text)


def clean(text: str, charset: str = "gbk", *, context: str = "") -> CleanText:
    """Make a text printable: tab, CR and LF become spaces, anything the printer cannot
    print becomes REPLACEMENT. Every replacement is logged (a warning on the
    "hallq.printers" logger) with its code point.

    Args:
        text: any text.
        charset: what the printer's Chinese font covers: gb2312, gbk or gb18030.
        context: what the text is, for the log (e.g. "slip A001 hall name").

    Returns:
        The printable text and the characters replaced.
    """
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
    """The bytes a printer in Chinese mode (FS &) prints as `text`.

    Args:
        text: text already passed through clean(); anything unprintable left in it is
            sent as REPLACEMENT.
        charset: what the printer's Chinese font covers: gb2312, gbk or gb18030.

    Returns:
        ASCII for ASCII, GB2312 or GB18030 (two or four bytes) for the rest.
    """
    replacement = REPLACEMENT.encode("gb2312")
    parts: list[bytes] = []
    for ch in text:
        data = _encode_char(ch, charset)
        parts.append(data if data is not None else replacement)
    return b"".join(parts)


def wrap(text: str, width: int) -> list[str]:
    """Break a text into lines that fit the paper.

    Hanzi may break anywhere but not before closing punctuation (the Chinese line-breaking
    rule 避头: no line starts with ，。、；：？！ or a closing bracket); Latin words break at
    spaces where possible, and only a word longer than a line is split.

    Args:
        text: the text, already cleaned for the printer.
        width: the line's width in half-width columns (at least 2 is used).

    Returns:
        The lines, without trailing spaces; at least one (maybe empty).
    """
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
                if text_width(line[-k:]) + w <= width:
                    lines.append(line[:-k].rstrip())
                    line = line[-k:]
                else:  # the paper's width wins over the rule
                    lines.append(line.rstrip())
                    line = ""
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
    """A text with leading spaces that centre it on a line.

    Args:
        text: the text, already cleaned for the printer.
        width: the line's width in half-width columns.

    Returns:
        `text` after (width − text_width(text)) // 2 spaces; no trailing spaces.
    """
    pad = max(0, (width - text_width(text)) // 2)
    return " " * pad + text
