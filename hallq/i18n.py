"""One bilingual text type for every layer: Chinese first, English with `lang="en"`.

Every string a citizen, clerk or supervisor reads is a `Text`: an error from the engine, a
printer's fault, a label on a screen, a line of a report. Each part keeps its texts as
module constants in its `texts.py`; code fills a template's fields and renders it in the
language of the terminal:

    WINDOW_PAUSED = Text("{window}号窗口已暂停", "Window {window} is paused")
    WINDOW_PAUSED(window=3).text("en")   # 'Window 3 is paused'

Both languages name the same fields (a test checks every constant), so a filled text
renders in either. A field's value may itself be a `Text`; it is rendered in the same
language. Tests assert on codes (refusal codes, outcomes), not on this copy.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True)
class Text:
    """A text in Chinese and English, optionally with its `{field}`s filled in.

    Attributes:
        zh: the Chinese template (shown by default).
        en: the English template.
        values: the filled-in fields as (name, value) pairs; empty for a template.
    """

    zh: str
    en: str
    values: tuple[tuple[str, Any], ...] = ()

    def __call__(self, **values: Any) -> Text:
        """The same text with `values` filled in (keeps earlier values it does not replace).

        Raises:
            KeyError: a value names a field neither template has.
        """
        unknown = set(values) - self.fields()
        if unknown:
            raise KeyError(f"{sorted(unknown)} not in {self.zh!r} / {self.en!r}")
        return Text(self.zh, self.en, tuple({**dict(self.values), **values}.items()))

    def text(self, lang: str = "zh") -> str:
        """The text in `lang` ("en" for English, anything else Chinese), fields filled.

        Raises:
            KeyError: a field of the template has no value.
        """
        template = self.en if lang == "en" else self.zh
        if not self.values and self.fields():
            return template  # a template shown unfilled (a programming slip): show it as written
        filled = {k: v.text(lang) if isinstance(v, Text) else v for k, v in self.values}
        return template.format(**filled)

    def is_from(self, template: Text) -> bool:
        """Whether this text is `template`, filled or not: lets tests check which message
        was given without matching its wording."""
        return (self.zh, self.en) == (template.zh, template.en)

    def value(self, name: str) -> Any:
        """The value filled into field `name`.

        Raises:
            KeyError: the field has no value.
        """
        return dict(self.values)[name]

    def fields(self, lang: Lang | None = None) -> set[str]:
        """The names of the `{field}`s of one template, or of both when `lang` is None."""
        templates = (self.zh, self.en) if lang is None else (self.zh if lang == "zh" else self.en,)
        return {name.split(".")[0].split("[")[0] for t in templates
                for _, name, _, _ in string.Formatter().parse(t) if name}

    def __str__(self) -> str:
        """Chinese, then English in brackets when it differs: for logs and command lines."""
        zh, en = self.text("zh"), self.text("en")
        return zh if zh == en else f"{zh} ({en})"


def literal(zh: str, en: str | None = None) -> Text:
    """Text that is not a template: a name from the hall's config, a file path, a message
    from a library. Braces in it are kept as they are. `en` defaults to `zh`."""
    def escape(s: str) -> str:
        return s.replace("{", "{{").replace("}", "}}")

    return Text(escape(zh), escape(zh if en is None else en))
