"""Printer status: DLE EOT (real-time status transmission) queries and their answers."""
from __future__ import annotations

from dataclasses import dataclass

from escpos.constants import DLE, EOT

#: the queries sent, in order: printer status, offline cause, roll paper sensor
QUERIES = (1, 2, 4)


def dle_eot(n: int) -> bytes:
    return DLE + EOT + bytes([n])


def valid_answer(b: int) -> bool:
    """A DLE EOT answer byte has bits 1 and 4 set and bits 0 and 7 clear."""
    return b & 0x93 == 0x12


@dataclass
class PrinterStatus:
    """What the printer said about itself. None means "not known" (the transport cannot
    answer, or the printer did not answer in time)."""

    reachable: bool = True
    online: bool | None = None
    paper_end: bool | None = None
    paper_near_end: bool | None = None
    cover_open: bool | None = None
    error: bool | None = None
    detail: str = ""  # e.g. the connection error, or why the status is unknown

    @property
    def known(self) -> bool:
        """True if the printer answered the status queries."""
        return self.online is not None

    @property
    def ok(self) -> bool:
        """Reachable and nothing known to stop printing."""
        return self.reachable and not (self.paper_end or self.cover_open or self.error or self.online is False)

    @property
    def reason(self) -> str:
        """A short code for the worst problem: unreachable, cover_open, paper_end, error,
        offline, paper_near_end, unknown, or "" when all is well."""
        if not self.reachable:
            return "unreachable"
        if self.cover_open:
            return "cover_open"
        if self.paper_end:
            return "paper_end"
        if self.error:
            return "error"
        if self.online is False:
            return "offline"
        if self.paper_near_end:
            return "paper_near_end"
        if not self.known:
            return "unknown"
        return ""

    @property
    def problem(self) -> str:
        """One line for a clerk, "" when the printer is fine."""
        texts = {
            "unreachable": "not reachable",
            "cover_open": "cover open",
            "paper_end": "paper end",
            "error": "printer error (cutter jam or overheating?)",
            "offline": "offline",
            "paper_near_end": "paper near end",
            "unknown": "status unknown",
        }
        text = texts.get(self.reason, "")
        if text and self.detail:
            text += f" ({self.detail})"
        return text

    def as_dict(self) -> dict:
        return {
            "reachable": self.reachable,
            "known": self.known,
            "online": self.online,
            "paper_end": self.paper_end,
            "paper_near_end": self.paper_near_end,
            "cover_open": self.cover_open,
            "error": self.error,
            "problem": self.problem,
        }


def parse_answers(answers: dict[int, int]) -> PrinterStatus:
    """A PrinterStatus from DLE EOT answer bytes keyed by query number (1, 2, 4).
    Queries that got no valid answer leave their fields unknown."""
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
