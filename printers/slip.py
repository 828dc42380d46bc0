"""The ticket slip: plain data, and its layout for a printer profile.

    data = render_slip(slip, PROFILES["80mm"])   # ESC/POS bytes, a pure function
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from hallq.printers.commands import encode_blocks
from hallq.printers.encoding import clean
from hallq.printers.layout import Block, Cut, Feed, fit_lines, qr_block
from hallq.printers.profiles import PrinterProfile, get_profile

#: priority reasons known by key or by Chinese name → (中文, English)
PRIORITY_REASONS = {
    "elderly": ("老年人", "Senior citizen"),
    "military": ("军人", "Military"),
    "pregnant": ("孕妇", "Pregnant"),
    "disabled": ("残疾人", "Disability"),
}

LABELS = {
    "zh": {
        "number": "您的号码",
        "ahead": "前面还有 {n} 人等候",
        "ahead0": "前面没有人等候，请留意叫号",
        "wait": "预计等候约 {m} 分钟",
        "taken": "取号时间：{t:%Y-%m-%d %H:%M}",
        "appointment": "【预约】{code}",
        "priority": "【优先】{reason}",
        "priority_note": "请到窗口出示证件，由工作人员核验",
        "qr": "扫码查看排队进度",
        "reprint": "（补打）",
    },
    "en": {
        "number": "Your number",
        "ahead": "{n} people ahead of you",
        "ahead0": "You are next, please watch the screen",
        "wait": "Estimated wait: about {m} min",
        "taken": "Taken at {t:%Y-%m-%d %H:%M}",
        "appointment": "[Appointment] {code}",
        "priority": "[Priority] {reason}",
        "priority_note": "A clerk will check your priority at the window",
        "qr": "Scan to follow your place in the queue",
        "reprint": "(reprint)",
    },
}


@dataclass
class Slip:
    """Everything printed on a ticket slip. Plain data: keep it to reprint."""

    hall_name: str
    service_name: str
    number: str
    taken_at: datetime
    people_ahead: int = 0
    estimated_wait_min: int | None = None
    service_name_en: str | None = None
    appointment_code: str | None = None
    priority_reason: str | None = None  # e.g. "老年人" or "military"; printed as a mark
    qr_payload: str | None = None
    footer_lines: list[str] = field(default_factory=list)
    lang: str = "zh"  # labels in "zh" or "en"
    reprint: bool = False  # marks the slip as a reprint (补打)

    def __post_init__(self) -> None:
        if self.lang not in LABELS:
            raise ValueError(f"slip language must be zh or en, not {self.lang!r}")


def priority_text(reason: str, lang: str) -> str:
    """The priority reason in the slip's language."""
    key = reason.strip().lower()
    for k, (zh, en) in PRIORITY_REASONS.items():
        if key in (k, zh, en.lower()):
            return zh if lang == "zh" else en
    return reason


def layout_slip(slip: Slip, profile: PrinterProfile | str | None = None) -> list[Block]:
    """The slip as layout blocks for `profile`."""
    profile = get_profile(profile)
    cols = profile.columns
    lab = LABELS[slip.lang]
    blocks: list[Block] = []

    def txt(text: str, what: str) -> str:
        return clean(text, profile.charset, context=f"slip {slip.number} {what}").text

    def add(text: str, what: str, mag: int = 1, **style) -> None:
        blocks.extend(fit_lines(txt(text, what), cols, mag, **style))

    add(slip.hall_name, "hall name", 2, bold=True)
    blocks.append(Feed(1))
    add(slip.service_name, "service name", 2)
    if slip.lang == "en" and slip.service_name_en:
        add(slip.service_name_en, "service name (en)")
    blocks.append(Feed(1))
    add(lab["number"], "label")
    add(slip.number, "number", profile.number_mag, min_mag=2, bold=True)
    if slip.reprint:
        add(lab["reprint"], "reprint mark")
    if slip.appointment_code:
        add(lab["appointment"].format(code=slip.appointment_code), "appointment", 1, hmag=2, reverse=True, bold=True)
    if slip.priority_reason:
        reason = priority_text(slip.priority_reason, slip.lang)
        add(lab["priority"].format(reason=reason), "priority", 1, hmag=2, reverse=True, bold=True)
        add(lab["priority_note"], "priority note")
    blocks.append(Feed(1))
    if slip.people_ahead > 0:
        add(lab["ahead"].format(n=slip.people_ahead), "people ahead", 1, hmag=2)
    else:
        add(lab["ahead0"], "people ahead", 1, hmag=2)
    if slip.estimated_wait_min is not None and slip.people_ahead > 0:
        add(lab["wait"].format(m=slip.estimated_wait_min), "wait")
    add(lab["taken"].format(t=slip.taken_at), "time")
    if slip.qr_payload:
        blocks.append(Feed(1))
        blocks.append(qr_block(slip.qr_payload, profile.dots, profile.qr_module))
        add(lab["qr"], "qr caption")
    if slip.footer_lines:
        blocks.append(Feed(1))
        for line in slip.footer_lines:
            add(line, "footer")
    blocks.append(Cut(feed=profile.feed_before_cut, mode=profile.cut))
    return blocks


def render_slip(slip: Slip, profile: PrinterProfile | str | None = None) -> bytes:
    """ESC/POS bytes for `slip` on a printer of `profile` (default 80mm). Pure."""
    profile = get_profile(profile)
    return encode_blocks(layout_slip(slip, profile), profile)
