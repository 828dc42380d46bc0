"""The ticket slip: plain data, and its layout for a printer profile.

    data = render_slip(slip, PROFILES["80mm"])   # ESC/POS bytes, a pure function
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from hallq.i18n import LANGS, Text
from hallq.printers import texts as T
from hallq.printers.commands import encode_blocks
from hallq.printers.encoding import clean
from hallq.printers.errors import SlipError
from hallq.printers.layout import Block, Cut, Feed, fit_lines, qr_block
from hallq.printers.profiles import PrinterProfile, get_profile
from hallq.printers.vocabulary import Align

#: priority reasons known by key (db's PRIORITY_REASONS), printed in the slip's language
PRIORITY_REASONS: dict[str, Text] = {
    "elderly": T.PRIORITY_ELDERLY,
    "military": T.PRIORITY_MILITARY,
    "pregnant": T.PRIORITY_PREGNANT,
    "disabled": T.PRIORITY_DISABLED,
}


@dataclass
class Slip:
    """Everything printed on a ticket slip. Plain data: keep it to reprint.

    Attributes:
        hall_name: the hall's name, as printed at the top.
        service_name: the service (业务类别), in Chinese.
        number: the ticket number, e.g. A001.
        taken_at: when the ticket was taken (hall time).
        people_ahead: people waiting before this ticket.
        estimated_wait_min: the estimated wait in minutes, or None for no estimate.
        wait_line: the wait as the hall words it (a range, or "no window serves this");
            printed instead of estimated_wait_min when given.
        service_name_en: the service in English, printed under the Chinese on an English slip.
        appointment_code: an appointment's code (预约), printed as a mark.
        priority_reason: a priority reason (绿色通道): a key such as "elderly", or its
            Chinese or English name, printed in the slip's language; any other text is
            printed as it is.
        qr_payload: the text of the QR code (e.g. the ticket's status page), or None.
        footer_lines: lines printed at the bottom (the hall's notice).
        lang: the language of the labels: "zh" or "en" (Chinese stays first either way).
        reprint: mark the slip as a reprint (补打).

    Raises:
        SlipError: `lang` is not zh or en.
    """

    hall_name: str
    service_name: str
    number: str
    taken_at: datetime
    people_ahead: int = 0
    estimated_wait_min: int | None = None
    wait_line: Text | None = None
    service_name_en: str | None = None
    appointment_code: str | None = None
    priority_reason: str | None = None
    qr_payload: str | None = None
    footer_lines: list[str] = field(default_factory=list)
    lang: str = "zh"
    reprint: bool = False

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise SlipError(f"slip language must be zh or en, not {self.lang!r}")


def priority_text(reason: str, lang: str) -> str:
    """A priority reason in a slip's language.

    Args:
        reason: a key of PRIORITY_REASONS ("elderly"...), or its Chinese or English name
            (any case).
        lang: "zh" or "en".

    Returns:
        The reason's name in `lang`, or `reason` unchanged when it is not a known one.
    """
    key = reason.strip().lower()
    for k, text in PRIORITY_REASONS.items():
        if key in (k, text.zh, text.en.lower()):
            return text.text(lang)
    return reason


def layout_slip(slip: Slip, profile: PrinterProfile | str | None = None) -> list[Block]:
    """The slip as layout blocks for a printer.

    From the top: hall name, service (and its English name on an English slip), "your
    number" and the number as large as the paper allows, the reprint, appointment and
    priority marks, people ahead and the wait, the time taken, the QR code and its
    caption, the footer, the cut. Every text is cleaned for the profile's charset
    (printers.encoding.clean: what cannot be printed becomes a visible □, and is logged).

    Args:
        slip: what to print.
        profile: the printer's profile or its name; None for 80mm.

    Returns:
        The blocks, top first, ending with the cut.

    Raises:
        PrinterProfileError: an unknown profile name.
    """
    profile = get_profile(profile)
    cols = profile.columns
    lang = slip.lang
    blocks: list[Block] = []

    def add(text: str | Text, what: str, mag: int = 1, *, hmag: int | None = None, min_mag: int = 1,
            align: Align = "centre", bold: bool = False, reverse: bool = False) -> None:
        plain = text.text(lang) if isinstance(text, Text) else text
        cleaned = clean(plain, profile.charset, context=f"slip {slip.number} {what}").text
        blocks.extend(fit_lines(cleaned, cols, mag, hmag=hmag, min_mag=min_mag, align=align, bold=bold,
                                reverse=reverse))

    add(slip.hall_name, "hall name", 2, bold=True)
    blocks.append(Feed(1))
    add(slip.service_name, "service name", 2)
    if lang == "en" and slip.service_name_en:
        add(slip.service_name_en, "service name (en)")
    blocks.append(Feed(1))
    add(T.SLIP_NUMBER, "label")
    add(slip.number, "number", profile.number_mag, min_mag=2, bold=True)
    if slip.reprint:
        add(T.SLIP_REPRINT, "reprint mark")
    if slip.appointment_code:
        add(T.SLIP_APPOINTMENT(code=slip.appointment_code), "appointment", 1, hmag=2, reverse=True, bold=True)
    if slip.priority_reason:
        reason = priority_text(slip.priority_reason, lang)
        add(T.SLIP_PRIORITY(reason=reason), "priority", 1, hmag=2, reverse=True, bold=True)
        add(T.SLIP_PRIORITY_NOTE, "priority note")
    blocks.append(Feed(1))
    if slip.people_ahead > 0:
        add(T.SLIP_PEOPLE_AHEAD(people=slip.people_ahead), "people ahead", 1, hmag=2)
    else:
        add(T.SLIP_NOBODY_AHEAD, "people ahead", 1, hmag=2)
    if slip.wait_line is not None:
        add(slip.wait_line, "wait")
    elif slip.estimated_wait_min is not None and slip.people_ahead > 0:
        add(T.SLIP_WAIT(minutes=slip.estimated_wait_min), "wait")
    add(T.SLIP_TAKEN_AT(taken_at=slip.taken_at), "time")
    if slip.qr_payload:
        blocks.append(Feed(1))
        blocks.append(qr_block(slip.qr_payload, profile.dots, profile.qr_module))
        add(T.SLIP_QR, "qr caption")
    if slip.footer_lines:
        blocks.append(Feed(1))
        for line in slip.footer_lines:
            add(line, "footer")
    blocks.append(Cut(feed=profile.feed_before_cut, mode=profile.cut))
    return blocks


def render_slip(slip: Slip, profile: PrinterProfile | str | None = None) -> bytes:
    """The ESC/POS bytes of a slip. A pure function: the same slip gives the same bytes.

    Args:
        slip: what to print.
        profile: the printer's profile or its name; None for 80mm.

    Returns:
        The bytes to send (printers.commands.encode_blocks of layout_slip).

    Raises:
        PrinterProfileError: an unknown profile name.
    """
    profile = get_profile(profile)
    return encode_blocks(layout_slip(slip, profile), profile)
