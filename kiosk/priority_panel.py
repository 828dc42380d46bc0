"""PriorityPanel: the green channel (绿色通道) in three steps: ID number (60+ is
recognised from it), else a reason a clerk will verify, then the service."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Input, Static

from hallq.db.config import ServiceConfig
from hallq.db.models import PRIORITY_REASONS, ServiceQueue
from hallq.i18n import Text
from hallq.kiosk import texts as T
from hallq.kiosk.panel import Panel
from hallq.kiosk.start_panel import TileGrid, service_tiles, set_queue_notes
from hallq.kiosk.tile import Tile

ID_STEP, REASON_STEP, SERVICE_STEP = "priority-id", "priority-reason", "priority-service"
CLAIMED_REASONS = ("military", "pregnant", "disabled")  # "elderly" comes from the ID number


class PriorityPanel(Panel):
    def __init__(self, services: list[ServiceConfig], **kwargs) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.service_tiles = service_tiles(services, "priority-service")
        self.priority: str | None = None
        self.under_60 = False

    def compose(self) -> ComposeResult:
        yield Static(id="priority-title", classes="prompt")
        with ContentSwitcher(initial=ID_STEP, id="priority-steps"):
            with Vertical(id=ID_STEP):
                yield Static(id="priority-id-prompt")
                yield Input(id="priority-input", max_length=18, select_on_focus=False)
                yield Static(id="priority-error", classes="error")
                with Horizontal(classes="actions"):
                    yield Tile(T.PRIORITY_NO_ID, T.PRIORITY_NO_ID_SUB, action="priority-no-id")
                    yield Tile(T.BACK, action="back", classes="back")
            with Vertical(id=REASON_STEP):
                yield Static(id="priority-reason-prompt")
                with TileGrid(classes="tiles"):
                    for i, reason in enumerate(CLAIMED_REASONS, 1):
                        label = PRIORITY_REASONS[reason]  # the subtitle is the other language
                        yield Tile(label, Text(label.en, label.zh), action=f"priority-reason:{reason}", digit=i)
                with Horizontal(classes="actions"):
                    yield Tile(T.BACK, action="back", classes="back")
            with Vertical(id=SERVICE_STEP):
                yield Static(id="priority-service-prompt")
                with TileGrid(classes="tiles"):
                    yield from self.service_tiles
                with Horizontal(classes="actions"):
                    yield Tile(T.BACK, action="back", classes="back")

    @property
    def input(self) -> Input:
        return self.query_one("#priority-input", Input)

    @property
    def step(self) -> str:
        return self.query_one(ContentSwitcher).current or ID_STEP

    def show_step(self, step: str, priority: str | None = None, under_60: bool = False) -> None:
        self.priority, self.under_60 = priority, under_60
        self.query_one(ContentSwitcher).current = step
        if step == ID_STEP:
            self.input.value = ""
            self.show_error(None)
        self._paint()

    def show_error(self, message: str | None) -> None:
        error = self.query_one("#priority-error", Static)
        error.update(message or "")
        error.display = bool(message)

    def set_queues(self, queues: dict[str, ServiceQueue]) -> None:
        set_queue_notes(self.service_tiles, self.services, queues)

    def _paint(self) -> None:
        lang = self.lang
        self.query_one("#priority-title", Static).update(T.PRIORITY_TITLE.text(lang))
        self.query_one("#priority-id-prompt", Static).update(T.PRIORITY_ID_PROMPT.text(lang))
        self.input.placeholder = T.PRIORITY_ID_PLACEHOLDER.text(lang)
        reason_prompt = T.PRIORITY_REASON_PROMPT.text(lang)
        if self.under_60:
            reason_prompt = T.PRIORITY_UNDER_60.text(lang) + "\n" + reason_prompt
        self.query_one("#priority-reason-prompt", Static).update(reason_prompt)
        if self.priority:
            self.query_one("#priority-service-prompt", Static).update(
                T.PRIORITY_SERVICE_PROMPT(reason=PRIORITY_REASONS[self.priority]).text(lang))
