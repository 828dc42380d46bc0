import string

import pytest

from hallq.ui import font


@pytest.mark.parametrize("ch", string.ascii_uppercase + string.digits)
def test_every_letter_and_digit_has_its_own_glyph(ch):
    g = font.glyph(ch)
    assert len(g) == font.HEIGHT
    assert len({len(row) for row in g}) == 1
    assert any("#" in row for row in g)
    assert g != font.glyph("\0")  # not the unknown-character box
    others = [font.glyph(o) for o in string.ascii_uppercase + string.digits if o != ch]
    assert g not in others


def test_zero_is_not_slashed_and_is_not_the_letter_o():
    zero = font.glyph("0")
    assert zero != font.glyph("O")
    inside = [row[1:-1] for row in zero[1:-1]]
    assert all("#" not in row for row in inside)  # a slash or dot would be ink inside the oval


def test_glyphs_are_distinct_from_lowercase_input():
    assert font.draw("m012", (1, 1)) == font.draw("M012", (1, 1))


@pytest.mark.parametrize("scale", [(1, 1), (1, 2), (2, 3), (5, 10)])
def test_drawn_size_matches_size_at(scale):
    lines = font.draw("M016→16", scale)
    width, height = font.size_at("M016→16", scale)
    assert len(lines) == height
    assert {len(line) for line in lines} == {width}


def test_fit_picks_the_largest_scale_at_most_twice_as_tall_as_wide():
    text = "A001→3"  # 31 pixels wide ("0" and "1" are narrow), 7 tall
    assert font.pixel_width(text) == 31
    assert font.fit(text, 80, 24) == (2, 4)
    assert font.fit(text, 80, 5) == (1, 1)  # never wider than square
    assert font.fit(text, 240, 67) == (7, 14)
    assert font.fit(text, 31, 24) == (1, 2)
    assert font.fit(text, 30, 24) is None
    assert font.fit(text, 80, 3) is None
    assert font.fit(text, 10_000, 10_000, largest=9) == (9, 18)
    assert font.fit("", 80, 24) is None


def test_sizes_grow_with_the_space():
    sizes = [font.size_at("Z999→15", font.fit("Z999→15", w, h)) for w, h in
             [(80, 24), (120, 40), (160, 50), (240, 67), (400, 120)]]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    for (w, h), (fw, fh) in zip([(80, 24), (120, 40), (160, 50), (240, 67), (400, 120)], sizes, strict=True):
        assert fw <= w and fh <= h
