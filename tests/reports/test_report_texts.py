"""db/report_texts.py: every text in both languages, with the same fields."""
from __future__ import annotations

from hallq.db import report_texts as R
from hallq.i18n import Text


def texts() -> dict[str, Text]:
    return {name: value for name, value in vars(R).items() if isinstance(value, Text)}


def test_both_languages_name_the_same_fields():
    assert len(texts()) > 100
    for name, text in texts().items():
        assert text.zh.strip() and text.en.strip(), name
        assert text.fields("zh") == text.fields("en"), name
        assert text.zh == text.zh.strip() and text.en == text.en.strip(), f"{name}: whitespace at an end"


def test_a_text_without_fields_holds_no_braces():
    # such a template is rendered as written: "{{" would show doubled
    for name, text in texts().items():
        if not text.fields():
            assert "{" not in text.zh + text.en and "}" not in text.zh + text.en, name


def test_filled_templates_render_in_both_languages():
    text = R.SIM_TABLE_LIKE(what=R.SIM_HOUR)
    assert text.text("zh") == "应为表，例如 {0–23 的小时 = …}"
    assert text.text("en") == "must be a table like {hour 0–23 = …}"
