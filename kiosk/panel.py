"""Panel: a kiosk screen of tiles that repaints itself in the citizen's language."""
from __future__ import annotations

from textual.containers import Vertical

from hallq.kiosk.tile import Tile


class Panel(Vertical):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = "zh"

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        for tile in self.query(Tile):
            tile.set_lang(lang)
        self._paint()

    def _paint(self) -> None:
        """Show the panel's content in self.lang."""
