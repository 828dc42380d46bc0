"""Chinese first, English with lang="en": one lookup for every part's table of texts."""
from __future__ import annotations

from typing import Callable


def translator(texts: dict[str, tuple[str, str]]) -> Callable[..., str]:
    """`t(key, lang="zh", **fields)`: the Chinese or English text of `key`, filled in."""
    def t(key: str, lang: str = "zh", **fields) -> str:
        zh, en = texts[key]
        text = en if lang == "en" else zh
        return text.format(**fields) if fields else text

    return t
