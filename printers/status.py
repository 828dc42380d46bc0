"""Printer status: DLE EOT (real-time status transmission) queries and their answers.

The bits are those of the Epson ESC/POS command reference, "DLE EOT n — Transmit
real-time status". Every answer byte has bits 1 and 4 set and bits 0 and 7 clear:

    n = 1  printer status    bit 3: offline
    n = 2  offline cause     bit 2: cover open; bit 5: printing stopped by paper end;
                             bit 6: error (cutter jam, head overheating...)
    n = 4  roll paper sensor bits 2–3: paper near end; bits 5–6: paper end (each pair
                             is 00 or 11, never mixed)

A printer answers DLE EOT even while it is offline or out of paper, so the status can be
read before a slip is sent. A peer that answers with anything else (text from a service
that is not a printer: "r" has the fixed bits and the paper-end bits) is "not a printer /
no status" (printers.transports.Transport.read_status), never a paper fault.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hallq.i18n import Text
from hallq.printers import texts as T
from hallq.printers.vocabulary import Fault

#: DLE EOT (0x10 0x04), the real-time status request
DLE_EOT = b"\x10\x04"

#: the detail of a status read from a peer that answered with other bytes
NOT_A_PRINTER = "not a printer, or no status: it answered {sample!r}, not ESC/POS status bytes"

#: the queries sent, in order: printer status, offline cause, roll paper sensor
QUERIES = (1, 2, 4)

#: the few words that name each fault a status can report
PROBLEMS: dict[Fault, Text] = {
    Fault.UNREACHABLE: T.PROBLEM_UNREACHABLE,
    Fault.COVER_OPEN: T.PROBLEM_COVER_OPEN,
    Fault.PAPER_END: T.PROBLEM_PAPER_END,
    Fault.ERROR: T.PROBLEM_ERROR,
    Fault.OFFLINE: T.PROBLEM_OFFLINE,
    Fault.PAPER_NEAR_END: T.PROBLEM_PAPER_NEAR_END,
    Fault.UNKNOWN: T.PROBLEM_UNKNOWN,
}


def dle_eot(n: int) -> bytes:
    """The status request DLE EOT n.

    Args:
        n: which status: 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor.

    Returns:
        The three bytes 0x10 0x04 n.
    """
    return DLE_EOT + bytes([n])


def valid_answer(b: int, n: int | None = None) -> bool:
    """Whether a byte read back can be an answer to DLE EOT n.

    Args:
        b: one byte read from the printer.
        n: the query (1, 2, 4); None: any of them.

    Returns:
        True if bits 1 and 4 are set and bits 0 and 7 clear, as in every DLE EOT answer,
        and, for n = 4, bits 2–3 and bits 5–6 are each 00 or 11.
    """
    if b & 0x93 != 0x12:
        return False
    if n == 4:
        return (b >> 2) & 3 in (0, 3) and (b >> 5) & 3 in (0, 3)
    return True


@dataclass
class PrinterStatus:
    """What the printer said about itself. None means "not known" (the transport cannot
    answer, or the printer did not answer in time).

    Attributes:
        reachable: the printer (host, device, queue) could be opened.
        online: the printer is online (DLE EOT 1, bit 3 clear).
        paper_end: the roll is out (DLE EOT 4, bits 5–6; or DLE EOT 2, bit 5).
        paper_near_end: the roll is nearly out (DLE EOT 4, bits 2–3).
        cover_open: the paper cover is open (DLE EOT 2, bit 2).
        error: the printer reports an error: cutter jam, head overheating (DLE EOT 2, bit 6).
        detail: one line on why, e.g. the connection error or why the status is unknown.
    """

    reachable: bool = True
    online: bool | None = None
    paper_end: bool | None = None
    paper_near_end: bool | None = None
    cover_open: bool | None = None
    error: bool | None = None
    detail: str = ""

    @property
    def known(self) -> bool:
        """True if the printer answered the status queries."""
        return self.online is not None

    @property
    def ok(self) -> bool:
        """True if the printer is reachable and nothing known stops it printing."""
        return self.reachable and not (self.paper_end or self.cover_open or self.error or self.online is False)

    @property
    def reason(self) -> Fault:
        """The worst problem, in this order: unreachable, cover_open, paper_end, error,
        offline, paper_near_end, unknown; Fault.NONE ("") when all is well."""
        if not self.reachable:
            return Fault.UNREACHABLE
        if self.cover_open:
            return Fault.COVER_OPEN
        if self.paper_end:
            return Fault.PAPER_END
        if self.error:
            return Fault.ERROR
        if self.online is False:
            return Fault.OFFLINE
        if self.paper_near_end:
            return Fault.PAPER_NEAR_END
        if not self.known:
            return Fault.UNKNOWN
        return Fault.NONE

    @property
    def problem_text(self) -> Text:
        """The worst problem in a few words, with the detail in brackets if there is one;
        NO_PROBLEM ("无" / "none") when the printer is fine."""
        problem = PROBLEMS.get(self.reason)
        if problem is None:
            return T.NO_PROBLEM
        if self.detail:
            return T.PROBLEM_WITH_DETAIL(problem=problem, detail=self.detail)
        return problem

    @property
    def problem(self) -> str:
        """problem_text in English, "" when the printer is fine: the form that is logged,
        sent as JSON and reported to the hall engine (db.supervision reads it back)."""
        return "" if self.reason == Fault.NONE else self.problem_text.text("en")

    def as_dict(self) -> dict[str, Any]:
        """The status as JSON-ready values.

        Returns:
            {"reachable": bool, "known": bool, "online", "paper_end", "paper_near_end",
            "cover_open", "error": bool or None (not known), "reason": a Fault value,
            "problem": the English problem or ""}.
        """
        return {
            "reachable": self.reachable,
            "known": self.known,
            "online": self.online,
            "paper_end": self.paper_end,
            "paper_near_end": self.paper_near_end,
            "cover_open": self.cover_open,
            "error": self.error,
            "reason": self.reason.value,
            "problem": self.problem,
        }


def parse_answers(answers: dict[int, int]) -> PrinterStatus:
    """A status from the printer's answers to DLE EOT (bits as in the module docstring).

    Args:
        answers: answer bytes keyed by query number (1, 2, 4); a query that got no
            valid answer is left out and its fields stay unknown (None).

    Returns:
        The status. With answers but none to query 1, `online` is inferred: online
        unless the cover is open, the paper out or an error reported.
    """
    st = PrinterStatus()
    if 1 in answers:
        st.online = not answers[1] & 0x08
    if 2 in answers:
        b = answers[2]
        st.cover_open = bool(b & 0x04)
        st.error = bool(b & 0x40)
        if b & 0x20:
            st.paper_end = True
    if 4 in answers:
        b = answers[4]
        st.paper_near_end = bool(b & 0x0C)
        st.paper_end = bool(b & 0x60) or bool(st.paper_end)
    if st.online is None and answers:
        st.online = not (st.cover_open or st.paper_end or st.error)
    return st
