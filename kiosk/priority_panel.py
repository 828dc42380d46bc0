"""PriorityPanel: the green channel (绿色通道) in three steps: ID number (a citizen of the
hall's priority age is recognised from it), else a reason a clerk will verify, then the
service. The age and the reasons come from hall.toml `[priority]`."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Input, Static

from hallq.db.config import PriorityConfig, ServiceConfig
from hallq.db.models import ServiceQueue
from hallq.i18n import literal
from hallq.kiosk import texts as T
from hallq.kiosk.entry_form import EntryForm
from hallq.kiosk.panel import Panel
from hallq.kiosk.start_panel import TileGrid, listed_labels, service_tiles, set_queue_notes
from hallq.kiosk.tile import Tile
from hallq.ui.big_label import BigLabel

ID_STEP, REASON_STEP, SERVICE_STEP = "priority-id", "priority-reason", "priority-service"


class PriorityPanel(Panel):
    def __init__(self, services: list[ServiceConfig], priority: PriorityConfig | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.config = priority or PriorityConfig()
        self.labels = self.config.labels()
        self.service_tiles = service_tiles(services, "priority-service")
        self.priority: str | None = None
        self.under_age = False

    def compose(self) -> ComposeResult:
        yield BigLabel(id="priority-title", classes="prompt title")
        with ContentSwitcher(initial=ID_STEP, id="priority-steps"):
            with Vertical(id=ID_STEP):
                yield EntryForm("priority", max_length=18)
                with Horizontal(classes="actions"):
                    if self.config.reasons:
                        yield Tile(T.PRIORITY_NO_ID, listed_labels([r.label for r in self.config.reasons]),
                                   action="priority-no-id", id="priority-no-id")
                    yield Tile(T.BACK, action="back", classes="back")
            with Vertical(id=REASON_STEP):
                yield Static(id="priority-reason-prompt")
                with TileGrid(classes="tiles"):
                    for i, reason in enumerate(self.config.reasons, 1):  # the subtitle is the other language
                        yield Tile(reason.label, literal(reason.name_en, reason.name),
                                   action=f"priority-reason:{reason.key}", digit=i if i <= 9 else None)
                with Horizontal(classes="actions"):
                    yield Tile(T.BACK, action="back", classes="back")
            with Vertical(id=SERVICE_STEP):
                yield Static(id="priority-service-prompt")
                with TileGrid(classes="tiles"):
                    yield from self.service_tiles
                with Horizontal(classes="actions"):
                    yield Tile(T.BACK, action="back", classes="back")

    @property
    def form(self) -> EntryForm:
        return self.query_one(EntryForm)

    @property
    def input(self) -> Input:
        return self.form.input

    @property
    def step(self) -> str:
        return self.query_one(ContentSwitcher).current or ID_STEP

    def show_step(self, step: str, priority: str | None = None, under_age: bool = False) -> None:
        self.priority, self.under_age = priority, under_age
        self.query_one(ContentSwitcher).current = step
        if step == ID_STEP:
            self.form.reset()
        self._paint()

    def show_error(self, message: str | None) -> None:
        self.form.show_error(message)

    def set_queues(self, queues: dict[str, ServiceQueue]) -> None:
        set_queue_notes(self.service_tiles, self.services, queues)

    def _paint(self) -> None:
        lang, age = self.lang, self.config.age
        self.query_one("#priority-title", BigLabel).text = T.PRIORITY_TITLE.text(lang)
        self.form.set_texts(T.PRIORITY_ID_PROMPT(age=age).text(lang), T.PRIORITY_ID_PLACEHOLDER.text(lang), lang)
        reason_prompt = T.PRIORITY_REASON_PROMPT.text(lang)
        if self.under_age:
            reason_prompt = T.PRIORITY_UNDER_AGE(age=age).text(lang) + "\n" + reason_prompt
        self.query_one("#priority-reason-prompt", Static).update(reason_prompt)
        if self.priority:
            label = self.labels.get(self.priority) or literal(self.priority)
            self.query_one("#priority-service-prompt", Static).update(
                T.PRIORITY_SERVICE_PROMPT(reason=label).text(lang))
