"""GB18030 text: widths, wrapping, visible replacement."""
from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from hallq.printers.encoding import REPLACEMENT, centre, char_width, clean, encode, text_width, wrap


def test_widths():
    assert text_width("A001") == 4
    assert text_width("综合受理") == 8
    assert text_width("前面还有 3 人") == 13
    assert char_width("，") == char_width("·") == char_width("—") == 2  # GB glyphs are full width on paper


def test_centre_counts_hanzi_as_two():
    assert centre("综合受理", 32) == " " * 12 + "综合受理"
    assert centre("A001", 32) == " " * 14 + "A001"


def test_wrap_keeps_words_and_punctuation():
    lines = wrap("请留意叫号，过号请到服务台", 10)
    assert all(text_width(line) <= 10 for line in lines)
    assert not any(line.startswith("，") for line in lines)  # no line starts with a comma
    assert "".join(lines) == "请留意叫号，过号请到服务台"
    assert wrap("Scan to follow your place in the queue", 16) == ["Scan to follow", "your place in", "the queue"]


def test_replacement_is_visible_and_reported():
    c = clean("王䶮😀\x07", "gbk")
    assert c.text == f"王䶮{REPLACEMENT}{REPLACEMENT}"
    assert c.replaced == ["😀", "\x07"]
    assert encode(c.text).decode("gb18030") == c.text


printable_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
)


@settings(max_examples=150, deadline=None)
@given(printable_text, st.sampled_from(["gb2312", "gbk", "gb18030"]))
def test_any_text_becomes_printable_bytes(text, charset):
    c = clean(text, charset)
    data = encode(c.text, charset)
    assert b"\x1b" not in data and b"\x1d" not in data and b"\x10" not in data and b"\n" not in data
    codec = "gb2312" if charset == "gb2312" else "gb18030"
    assert data.decode(codec) == c.text
    assert len(c.text) == len(text)  # nothing dropped: one character in, one out


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="综合受理政务服务中心，。ABC xyz123", max_size=60), st.integers(4, 48))
@example("综1。。", 5)  # moving "1。" down with the next "。" would make a line of 5 on 4 … 5 columns
@example("x1。。。", 4)
def test_wrap_never_overflows(text, width):
    for line in wrap(text, width):
        assert text_width(line) <= width
    assert "".join(wrap(text, width)).replace(" ", "") == text.replace(" ", "")
