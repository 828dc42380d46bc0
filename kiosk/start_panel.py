"""StartPanel: the tiles a citizen sees first (services, check-in, priority)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Static

from hallq.db.config import ServiceConfig
from hallq.db.models import ServiceQueue
from hallq.db.vocabulary import Refusal
from hallq.i18n import Text, literal
from hallq.kiosk import texts as T
from hallq.kiosk.tile import Tile


def service_tiles(services: list[ServiceConfig], action: str) -> list[Tile]:
    """One tile per service, numbered 1…, its action `"{action}:{prefix}"`."""
    return [Tile(literal(s.name, s.name_en), literal(s.name_en, s.name), action=f"{action}:{s.prefix}", digit=i)
            for i, s in enumerate(services, 1)]


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


class TileGrid(Grid):
    """A grid of tiles with as many columns as the width allows; rows share the height."""

    def on_resize(self) -> None:
        count = len(self.children) or 1
        columns = 1 if self.size.width < 40 else 2 if self.size.width < 120 else 3
        columns = min(columns, count)
        rows = -(-count // columns)
        self.styles.grid_size_columns = columns
        self.styles.grid_size_rows = rows


class StartPanel(Vertical):
    def __init__(self, services: list[ServiceConfig], **kwargs) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.service_tiles = service_tiles(services, "service")
        n = len(services)
        self.other_tiles = [
            Tile(T.CHECK_IN_TILE, T.CHECK_IN_SUB, note=T.CHECK_IN_NOTE, action="checkin",
                 digit=n + 1 if n + 1 <= 9 else None, classes="checkin"),
            Tile(T.PRIORITY_TILE, T.PRIORITY_SUB, note=T.PRIORITY_NOTE_TILE, action="priority",
                 digit=n + 2 if n + 2 <= 9 else None, classes="priority"),
        ]
        self.tiles = self.service_tiles + self.other_tiles

    def compose(self) -> ComposeResult:
        yield Static(id="welcome", classes="prompt")
        with TileGrid(id="start-tiles", classes="tiles"):
            yield from self.tiles

    def set_lang(self, lang: str) -> None:
        last = max((t.digit for t in self.tiles if t.digit), default=1)
        keys = "1" if last == 1 else f"1–{last}"
        hint = T.WELCOME_HINT(keys=keys).text(lang)
        self.query_one("#welcome", Static).update(f"{T.WELCOME.text(lang)}    [dim]{hint}[/]")
        for tile in self.tiles:
            tile.set_lang(lang)

    def set_queues(self, queues: dict[str, ServiceQueue]) -> None:
        set_queue_notes(self.service_tiles, self.services, queues)
