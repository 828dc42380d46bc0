"""From an issued ticket to the slip the printer gets (no Textual, no SQL)."""
from __future__ import annotations

from hallq.db.config import HallConfig
from hallq.db.estimate import wait_text
from hallq.db.models import Ticket
from hallq.printers import Slip


def slip_for(ticket: Ticket, config: HallConfig, lang: str = "zh", reprint: bool = False) -> Slip:
    service = config.service(ticket.service)
    return Slip(
        hall_name=config.name_en if lang == "en" else config.name,
        service_name=service.name if service else ticket.service,
        service_name_en=service.name_en if service else None,
        number=ticket.number,
        people_ahead=ticket.ahead or 0,
        estimated_wait_min=ticket.estimate_min,
        wait_line=wait_text(ticket),
        taken_at=ticket.taken_at,
        appointment_code=ticket.appointment_code,
        priority_reason=ticket.priority,
        qr_payload=config.status_url + ticket.token if config.status_url and ticket.token else None,
        footer_lines=[config.notice] if config.notice and lang == "zh" else [],
        lang=lang,
        reprint=reprint,
    )
