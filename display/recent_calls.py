"""RecentCalls: the last calls before the newest, one per number, in block letters when
there is room for them (a TV) and as plain lines when there is not (80×24)."""
from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from hallq.db.models import Call
from hallq.display import texts as T
from hallq.ui import font
from hallq.ui.styles import css_beside


class RecentCalls(Widget):
    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, rows: int = 6, lang: str = "zh", **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows = rows
        self.lang = lang
        self.calls: list[Call] = []

    def on_mount(self) -> None:
        self.border_title = T.RECENT.text(self.lang)

    def show(self, calls: list[Call]) -> None:
        self.calls = calls[: self.rows]
        self.refresh()

    def big_text(self, call: Call) -> str:
        return f"{call.number}→{call.window}"

    def plain_text(self, call: Call) -> str:
        text = T.RECENT_ROW(number=call.number, window=call.window, window_name=call.window_name).text(self.lang)
        return f"{text}  {T.RECALL.text(self.lang)}" if call.recall else text

    def _widest(self) -> str:
        return max((self.big_text(c) for c in self.calls), key=font.pixel_width, default="A000→00")

    def layout_grid(self) -> tuple[int, int, font.Scale | None]:
        """(columns, rows, scale) of the arrangement that draws the calls largest."""
        width, height = self.content_size
        best: tuple[int, int, font.Scale | None] = (1, self.rows, None)
        for columns in range(1, self.rows + 1):
            rows = -(-self.rows // columns)
            scale = font.fit(self._widest(), width // columns - 2, height // rows)
            if scale is not None and (best[2] is None or scale[::-1] > best[2][::-1]):
                best = (columns, rows, scale)
        return best

    @property
    def scale(self) -> font.Scale | None:
        """The block-letter scale every call fits at (None: plain lines)."""
        return self.layout_grid()[2]

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        style = self.rich_style
        columns, rows, scale = self.layout_grid()
        if scale is None:
            line = self.plain_text(self.calls[y]) if y < len(self.calls) else ""
            return Strip([Segment(" " + line, style)]).adjust_cell_length(width, style)
        cell_width, cell_height = width // columns, height // rows
        row, inner = divmod(y, cell_height)
        big_width, big_height = font.size_at(self._widest(), scale)
        top = (cell_height - big_height) // 2
        pad = (cell_width - big_width) // 2
        segments = []
        for column in range(columns):
            index = row * columns + column
            line = ""
            if index < len(self.calls) and 0 <= inner - top < big_height:
                line = font.draw(self.big_text(self.calls[index]), scale)[inner - top]
            segments.append(Segment((" " * pad + line).ljust(cell_width), style))
        return Strip(segments).adjust_cell_length(width, style)
