"""The preview printer: PNG (its QR must scan) and on-screen text."""
from __future__ import annotations

import logging

import pytest
import zxingcpp
from PIL import Image

from hallq.printers import open_printer
from hallq.printers import preview as preview_mod
from tests.printers.conftest import make_slip


@pytest.mark.parametrize("profile", ["58mm", "80mm"])
async def test_preview_png_qr_decodes(tmp_path, slip, profile):
    printer = open_printer(f"preview:?dir={tmp_path}", profile=profile)
    result = await printer.print_slip(slip)
    assert result.outcome == "printed" and result.png_path == str(printer.last_png)
    img = Image.open(printer.last_png)
    assert img.width == printer.profile.dots + 2 * preview_mod.MARGIN
    decoded = zxingcpp.read_barcodes(img)
    assert [d.text for d in decoded] == ["https://hall.example/t/TOKEN"]


async def test_preview_text(tmp_path, slip):
    printer = open_printer(f"preview:?dir={tmp_path}")
    await printer.print_slip(slip)
    text = printer.last_text
    stripped = [t.strip() for t in text]
    assert "杭锦旗政务服务中心" in stripped and "A001" in stripped
    assert "请留意叫号，过号请到服务台" in stripped
    assert any("█" in t for t in text)  # the QR code, drawn with blocks
    line = next(t for t in text if t.strip() == "综合受理")
    assert len(line) - len(line.lstrip()) == (48 - 8) // 2  # centred, hanzi two columns wide
    assert printer.last_bytes.startswith(b"\x1b@")


async def test_preview_is_the_default(tmp_path, monkeypatch):
    monkeypatch.setattr(preview_mod.tempfile, "gettempdir", lambda: str(tmp_path))
    printer = open_printer(None)
    assert printer.url == "preview:"
    result = await printer.print_slip(make_slip(number="B017"))
    assert result.ok and "B017" in result.png_path and str(tmp_path) in result.png_path
    st = await printer.status()
    assert st.ok and st.known


async def test_preview_without_cjk_font_still_renders(tmp_path, slip, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="hallq.printers")
    monkeypatch.setattr(preview_mod, "find_cjk_font", lambda: None)
    monkeypatch.setattr(preview_mod, "_warned", False)
    preview_mod._font.cache_clear()
    try:
        printer = open_printer(f"preview:?dir={tmp_path}")
        result = await printer.print_slip(slip)
    finally:
        preview_mod._font.cache_clear()
    assert result.ok
    assert "no CJK font found" in caplog.text
    assert [d.text for d in zxingcpp.read_barcodes(Image.open(printer.last_png))] == ["https://hall.example/t/TOKEN"]


async def test_preview_into_an_unwritable_folder_fails_cleanly(tmp_path, slip):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    printer = open_printer(f"preview:?dir={blocker}/sub")
    result = await printer.print_slip(slip)
    assert result.outcome == "failed" and str(blocker) in result.detail


def test_cjk_font_is_found():
    found = preview_mod.find_cjk_font()
    if found is None:
        pytest.skip("no CJK font installed (./run installs fonts-noto-cjk)")
    from PIL import ImageFont

    font = ImageFont.truetype(found[0], 24, index=found[1])
    left, top, right, bottom = font.getbbox("中")
    assert right - left > 16  # a real hanzi glyph, not a narrow placeholder box
