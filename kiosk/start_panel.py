"""StartPanel: the tiles a citizen sees first (services, check-in, priority)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Static

from hallq.db.config import PriorityConfig, ServiceConfig
from hallq.db.models import ServiceQueue
from hallq.db.vocabulary import Refusal
from hallq.i18n import Text, literal
from hallq.kiosk import texts as T
from hallq.kiosk.tile import Tile
from hallq.ui.big_label import BigLabel


def service_tiles(services: list[ServiceConfig], action: str) -> list[Tile]:
    """One tile per service, numbered 1…, its action `"{action}:{prefix}"`."""
    return [Tile(literal(s.name, s.name_en), literal(s.name_en, s.name), action=f"{action}:{s.prefix}", digit=i)
            for i, s in enumerate(services, 1)]


def listed_labels(labels: list[Text]) -> Text:
    """Labels from the hall's config in one line: "老年人 · 军人" / "Senior citizen · Military"."""
    return literal(*(" · ".join(label.text(lang) for label in labels) for lang in ("zh", "en")))


def queue_note(queue: ServiceQueue | None) -> Text | None:
    """The third line of a service tile: how many wait, or why no ticket can be had now."""
    if queue is None:
        return None
    closed = CLOSED_NOTES.get(queue.closed_reason) if queue.closed_reason is not None else None
    return closed or T.WAITING(n=queue.waiting)


CLOSED_NOTES: dict[str, Text] = {Refusal.HALL_CLOSED: T.HALL_CLOSED, Refusal.CLOSED: T.CLOSED,
                Refusal.APPOINTMENT_ONLY: T.BY_APPOINTMENT, Refusal.HOURS: T.OUT_OF_HOURS, Refusal.LIMIT: T.ALL_TAKEN}


def set_queue_notes(tiles: list[Tile], services: list[ServiceConfig], queues: dict[str, ServiceQueue]) -> None:
    for tile, service in zip(tiles, services, strict=True):
        tile.set_note(queue_note(queues.get(service.prefix)))


#: cells a tile's border and padding take across and down (kiosk.tcss: round border, padding 0 1)
TILE_FRAME = (4, 2)


class TileGrid(Grid):
    """A grid of tiles, its columns chosen from the terminal's size: the number of
    columns (1–3) at which the tiles' names are drawn largest (a portrait touch screen
    gets one column of tall names); where no name can be drawn big, as many columns as
    the width allows. Rows share the height."""

    columns: int = 0  # as chosen at the last resize

    def on_resize(self) -> None:
        self.choose_columns()

    def choose_columns(self) -> None:
        """Choose the columns for the grid's size and its tiles' names now."""
        tiles = [t for t in self.children if isinstance(t, Tile)]
        count = len(tiles) or 1
        width, height = self.size
        best: tuple[int, int] | None = None  # (pixel size, columns)
        for columns in range(1, min(3, count) + 1):
            rows = -(-count // columns)
            tile_w = (width - (columns - 1)) // columns - TILE_FRAME[0]  # a gutter of 1 between columns
            tile_h = height // rows - TILE_FRAME[1]
            sizes = [t.big_size(tile_w, tile_h) for t in tiles]
            if tiles and None not in sizes:
                size = min(s for s in sizes if s is not None)
                if best is None or size >= best[0]:
                    best = (size, columns)
        if best is not None:
            columns = best[1]
        else:
            columns = min(1 if width < 40 else 2 if width < 120 else 3, count)
        self.columns = columns
        self.styles.grid_size_columns = columns
        self.styles.grid_size_rows = -(-count // columns)


class StartPanel(Vertical):
    def __init__(self, services: list[ServiceConfig], priority: PriorityConfig | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.service_tiles = service_tiles(services, "service")
        n = len(services)
        reasons = (priority or PriorityConfig()).labels()
        self.other_tiles = [
            Tile(T.CHECK_IN_TILE, T.CHECK_IN_SUB, note=T.CHECK_IN_NOTE, action="checkin",
                 digit=n + 1 if n + 1 <= 9 else None, classes="checkin"),
            Tile(T.PRIORITY_TILE, T.PRIORITY_SUB, note=listed_labels(list(reasons.values())), action="priority",
                 digit=n + 2 if n + 2 <= 9 else None, classes="priority"),
        ]
        self.tiles = self.service_tiles + self.other_tiles

    def compose(self) -> ComposeResult:
        with Horizontal(id="welcome-line"):
            yield BigLabel(id="welcome", classes="prompt title")
            yield Static(id="welcome-hint")
        with TileGrid(id="start-tiles", classes="tiles"):
            yield from self.tiles

    def set_lang(self, lang: str) -> None:
        last = max((t.digit for t in self.tiles if t.digit), default=1)
        keys = "1" if last == 1 else f"1–{last}"
        self.query_one("#welcome", BigLabel).text = T.WELCOME.text(lang)
        self.query_one("#welcome-hint", Static).update(T.WELCOME_HINT(keys=keys).text(lang))
        for tile in self.tiles:
            tile.set_lang(lang)
        self.query_one(TileGrid).choose_columns()

    def set_queues(self, queues: dict[str, ServiceQueue]) -> None:
        set_queue_notes(self.service_tiles, self.services, queues)
