"""The preview printer: renders a slip to a PNG and to text instead of printing it.

It is the default when no printer is configured. `last_text` holds the slip as lines of
text (as they would appear on paper, QR code drawn with block characters) for an app to
show on screen; `last_png` is the path of a PNG drawn with a CJK font on a canvas as
wide as the paper (1 px = 1 printer dot), from the same layout the printer gets.
"""
from __future__ import annotations

import glob
import logging
import os
import re
import subprocess
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

from hallq.printers.encoding import char_width, text_width
from hallq.printers.layout import Block, Cut, Feed, QrBlock, TextLine, qr_matrix
from hallq.printers.profiles import PrinterProfile, get_profile
from hallq.printers.slip import Slip, layout_slip
from hallq.printers.status import PrinterStatus
from hallq.printers.urls import Target
from hallq.printers.vocabulary import Fault, Outcome

if TYPE_CHECKING:
    from hallq.printers.printer import PrintResult

log = logging.getLogger("hallq.printers")

#: dots per half-width column (font A)
COL = 12
#: dots per character row (font A)
ROW = 24
#: the default line spacing, dots (ESC 2)
PITCH = 30
#: white margin around the drawn paper, pixels
MARGIN = 16

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)


@lru_cache(maxsize=1)
def find_cjk_font() -> tuple[str, int] | None:
    """A font with Chinese glyphs for the preview, preferring Simplified Chinese forms.

    Looks at $HALLQ_CJK_FONT first, then the usual places on Linux, macOS and Windows,
    then what fontconfig (`fc-list :lang=zh`) knows. The answer is cached.

    Returns:
        (path, face index) of the font, or None if there is none.
    """
    paths = [os.environ.get("HALLQ_CJK_FONT", "")] + list(FONT_CANDIDATES)
    paths += sorted(glob.glob("/usr/share/fonts/**/*CJK*Regular*.tt[cf]", recursive=True))
    paths += sorted(glob.glob("/usr/share/fonts/**/*CJK*Regular*.otf", recursive=True))
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=5).stdout
        paths += sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    for path in paths:
        if not path or not os.path.exists(path):
            continue
        best = None
        for index in range(8):
            try:
                font = ImageFont.truetype(path, ROW, index=index)
            except OSError:
                break
            if best is None:
                best = index
            family = font.getname()[0] or ""
            if family.endswith(" SC") or "GB" in family or "SC" in family.split():
                best = index
                break
        if best is not None:
            return path, best
    return None


_warned = False


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The CJK font at `size` pixels, or Pillow's default font (with a warning, once)."""
    global _warned
    found = find_cjk_font()
    if found:
        return ImageFont.truetype(found[0], size, index=found[1])
    if not _warned:
        log.warning("no CJK font found (install fonts-noto-cjk or set HALLQ_CJK_FONT): "
                    "Chinese in slip previews will not show")
        _warned = True
    return ImageFont.load_default(size=size)


def _line_image(line: TextLine) -> Image.Image:
    """The line on a grid of 12×24-dot cells (24×24 for a hanzi), magnified as the
    printer magnifies it. Drawn at the magnified size so big text stays sharp."""
    k = line.hmag
    cell_w, cell_h = COL * k, ROW * k
    w = max(1, text_width(line.text)) * cell_w
    img = Image.new("L", (w, cell_h), 0 if line.reverse else 255)
    draw = ImageDraw.Draw(img)
    fg = 255 if line.reverse else 0
    half_font, full_font = _font(20 * k), _font(23 * k)  # a hanzi fills its 24×24 cell
    baseline = round(21 * k)
    x = 0
    for ch in line.text:
        cw = char_width(ch) * cell_w
        if ch != " ":
            draw.text(
                (x + cw / 2, baseline), ch, font=full_font if cw > cell_w else half_font, fill=fg, anchor="ms",
                stroke_width=max(1, k // 2) if line.bold else 0, stroke_fill=fg,
            )
        x += cw
    width = max(1, text_width(line.text)) * COL * line.wmag
    if width != w:
        img = img.resize((width, cell_h), Image.Resampling.LANCZOS)
    return img


def render_png(blocks: list[Block], profile: PrinterProfile) -> Image.Image:
    """A slip drawn as the printer would print it.

    Args:
        blocks: the slip's layout (printers.layout), top first.
        profile: the printer it is for.

    Returns:
        A greyscale image of the paper, 1 px = 1 dot: `profile.dots` wide plus MARGIN
        each side, text on a 12×24-dot grid (24×24 for a hanzi), ending with a dashed cut.
    """
    parts: list[tuple[int, Image.Image | None, int]] = []  # (x, image, height)
    for block in blocks:
        if isinstance(block, TextLine):
            img = _line_image(block)
            pad = max(0, (profile.columns - block.columns) // 2) if block.align == "centre" else 0
            parts.append((pad * COL, img, max(PITCH, ROW * block.hmag + 6)))
        elif isinstance(block, Feed):
            parts.append((0, None, PITCH * block.lines))
        elif isinstance(block, QrBlock):
            matrix = qr_matrix(block.payload, border=0)
            n = len(matrix) * block.module
            img = Image.new("L", (n, n), 255)
            draw = ImageDraw.Draw(img)
            for y, row in enumerate(matrix):
                for x, dark in enumerate(row):
                    if dark:
                        m = block.module
                        draw.rectangle([x * m, y * m, x * m + m - 1, y * m + m - 1], fill=0)
            parts.append(((profile.dots - n) // 2, img, n + PITCH))
        elif isinstance(block, Cut):
            parts.append((0, None, PITCH * block.feed))
    height = sum(h for _, _, h in parts) + 2 * MARGIN
    page = Image.new("L", (profile.dots + 2 * MARGIN, height), 255)
    y = MARGIN
    for x, part, h in parts:
        if part is not None:
            page.paste(part, (MARGIN + x, y))
        y += h
    draw = ImageDraw.Draw(page)
    for x in range(0, page.width, 12):  # the cut
        draw.line([(x, height - 2), (x + 6, height - 2)], fill=128)
    return page


def render_text(blocks: list[Block], profile: PrinterProfile) -> list[str]:
    """A slip as lines of text, for an app to show on screen.

    Args:
        blocks: the slip's layout (printers.layout), top first.
        profile: the printer it is for.

    Returns:
        The lines, centred in the paper's columns at normal size (a hanzi counts two);
        reversed text in 【】, the QR code drawn with half-block characters, the cut as
        a dashed line.
    """
    lines: list[str] = []
    cols = profile.columns
    for block in blocks:
        if isinstance(block, TextLine):
            pad = max(0, (cols - text_width(block.text)) // 2) if block.align == "centre" else 0
            text = f"【{block.text}】" if block.reverse and not block.text.startswith(("【", "[")) else block.text
            lines.append(" " * pad + text)
        elif isinstance(block, Feed):
            lines.extend([""] * block.lines)
        elif isinstance(block, QrBlock):
            matrix = qr_matrix(block.payload, border=2)
            if len(matrix) % 2:
                matrix.append([False] * len(matrix[0]))
            indent = " " * max(0, (cols - len(matrix[0])) // 2)
            for top, bottom in zip(matrix[::2], matrix[1::2], strict=True):
                row = "".join(
                    "█" if t and b else "▀" if t else "▄" if b else " " for t, b in zip(top, bottom, strict=True)
                )
                lines.append((indent + row).rstrip())
        elif isinstance(block, Cut):
            lines.append("- " * (cols // 2))
    return lines


def preview_folder(db_path: str | Path | None = None) -> Path:
    """Where preview slips of a hall are saved: beside its database (`hallq.db.previews`),
    so two halls (or two checkouts) on one machine never share or overwrite each other's;
    without a database, a folder of this user in the temp folder.

    Args:
        db_path: the hall database file, or None.

    Returns:
        The folder (not created here).
    """
    if db_path is not None:
        return Path(f"{db_path}.previews")
    return Path(tempfile.gettempdir()) / f"hallq-preview-{os.getuid() if hasattr(os, 'getuid') else 'user'}"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name) or "slip"


class PreviewPrinter:
    """Renders slips to a PNG file and to text; never fails for printer reasons.

    Args:
        target: the parsed preview: URL (its path is the folder for the PNGs).
        profile: the paper to draw, or its name; None for 80mm.
        name: the printer's name, for clerks and logs.
        dir: the folder for the PNGs when the URL names none (default: preview_folder()).

    Attributes:
        dir: the folder the PNGs are saved in (mode 0700 when made here).
        last_text: the last slip as lines of text (render_text).
        last_png: the last slip's PNG, or None before the first.
        last_blocks: the last slip's layout.
        last_bytes: the ESC/POS bytes a printer would have got for the last slip.

    Raises:
        PrinterProfileError: an unknown profile name.
    """

    def __init__(self, target: Target, profile: PrinterProfile | str | None = None, *, name: str = "preview",
                 dir: str | Path | None = None) -> None:
        self.target = target
        self.url = target.url
        self.profile = get_profile(profile)
        self.name = name
        self.dir = Path(target.path) if target.path else Path(dir) if dir is not None else preview_folder()
        self.last_text: list[str] = []
        self.last_png: Path | None = None
        self.last_blocks: list[Block] = []
        self.last_bytes: bytes = b""

    def __repr__(self) -> str:
        return f"<PreviewPrinter {self.url} {self.profile.name} → {self.dir}>"

    def render(self, slip: Slip) -> Path:
        """Lay out, render and save a slip (blocking: disk and drawing).

        Args:
            slip: what to print.

        Returns:
            The PNG's path: slip-NUMBER-YYYYMMDD-HHMMSS.png in `dir`, or with -2, -3, …
            before .png when that file exists: a slip never overwrites another.

        Raises:
            OSError: the folder or the file cannot be written.
        """
        from hallq.printers.commands import encode_blocks

        blocks = layout_slip(slip, self.profile)
        self.last_blocks = blocks
        self.last_text = render_text(blocks, self.profile)
        self.last_bytes = encode_blocks(blocks, self.profile)
        self.dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        image = render_png(blocks, self.profile)
        stem = f"slip-{_safe(slip.number)}-{slip.taken_at:%Y%m%d-%H%M%S}"
        for n in range(1, 10_000):
            path = self.dir / (f"{stem}.png" if n == 1 else f"{stem}-{n}.png")
            try:
                with open(path, "xb") as f:  # exclusive: another slip (or process) has not taken the name
                    image.save(f, format="PNG")
            except FileExistsError:
                continue
            self.last_png = path
            return path
        raise FileExistsError(f"{self.dir / stem}: too many slips of that number and second")

    async def print_slip(self, slip: Slip, *, timeout: float | None = None) -> PrintResult:
        """Render a slip to a PNG and to text (see render); never raises.

        Args:
            slip: what to print.
            timeout: not used (kept for the same call as Printer.print_slip).

        Returns:
            printed, with png_path and the bytes a printer would have got; failed with
            io_error when the PNG cannot be saved.
        """
        import asyncio

        from hallq.printers.printer import PrintResult

        started = time.monotonic()
        try:
            path = await asyncio.to_thread(self.render, slip)
        except OSError as exc:
            log.warning("slip preview %s could not be saved in %s: %s", slip.number, self.dir, exc)
            return PrintResult(
                Outcome.FAILED, self.url, slip.number, Fault.IO_ERROR, f"cannot save the preview in {self.dir}: {exc}",
                name=self.name, slip=slip, elapsed=time.monotonic() - started,
            )
        return PrintResult(
            Outcome.PRINTED, self.url, slip.number, name=self.name, slip=slip, png_path=str(path),
            bytes_sent=len(self.last_bytes), elapsed=time.monotonic() - started,
            status=PrinterStatus(online=True, paper_end=False, paper_near_end=False, cover_open=False, error=False),
        )

    async def status(self, *, timeout: float | None = None) -> PrinterStatus:
        """A preview printer is always ready.

        Args:
            timeout: not used (kept for the same call as Printer.status).

        Returns:
            Online, with paper, cover closed, no error; detail "preview".
        """
        return PrinterStatus(online=True, paper_end=False, paper_near_end=False, cover_open=False, error=False,
                             detail="preview")
