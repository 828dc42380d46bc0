"""NoticePanel: one answer in large type (a closed service, a check-in outcome) and
what the citizen can do next, as tiles."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from hallq.i18n import Text
from hallq.kiosk import texts as T
from hallq.kiosk.panel import Panel
from hallq.kiosk.tile import Tile
from hallq.ui.big_text import BigText


@dataclass
class Notice:
    kind: str  # e.g. "closed", "too_early", "too_late", "unknown", "invalid", "already", "error"
    title: Text
    message: Any  # anything with .text(lang): a Text, a CheckIn, a HallError
    big: str | None = None  # shown in block letters: a number or a time
    actions: list[tuple[Text, str]] = field(default_factory=list)


class NoticePanel(Panel):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.notice: Notice | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="notice-title", classes="prompt")
        yield BigText(id="notice-big")
        yield Static(id="notice-message")
        yield Horizontal(id="notice-actions", classes="actions")

    async def show(self, notice: Notice) -> None:
        self.notice = notice
        self.set_classes(f"-{notice.kind}")
        actions = self.query_one("#notice-actions", Horizontal)
        await actions.remove_children()
        tiles = [Tile(text, action=action, digit=i) for i, (text, action) in enumerate(notice.actions, 1)]
        tiles.append(Tile(T.BACK, action="back", classes="back"))
        for tile in tiles:
            tile.lang = self.lang
        await actions.mount_all(tiles)
        self._paint()

    def _paint(self) -> None:
        if self.notice is None:
            return
        n, lang = self.notice, self.lang
        self.query_one("#notice-title", Static).update(n.title.text(lang))
        big = self.query_one("#notice-big", BigText)
        big.display = n.big is not None
        big.text = n.big or ""
        self.query_one("#notice-message", Static).update(n.message.text(lang))
