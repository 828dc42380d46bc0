"""The printers' vocabulary as types: how a print job ended, and what is wrong with a printer.

The values are the strings other parts keep and send: `PrintResult.as_dict()` and
`hallq printer test|status --json` carry them, the kiosk compares `status.reason` with
them, and the kiosk stores the printer's problem with the hall engine. A StrEnum member
compares equal to its value, so `result.reason == "paper_end"` and `Fault.PAPER_END`
agree. The words people read for these codes are in printers.texts.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Literal


class Outcome(StrEnum):
    """How printing one slip ended."""

    PRINTED = "printed"  # the slip went out and the printer reported nothing wrong
    WARNING = "warning"  # the slip went out, but look at the printer (paper near end, status unknown)
    FAILED = "failed"    # nothing was printed; reprint the slip once the fault is cleared


class Fault(StrEnum):
    """What is wrong with a printer or a print job; NONE ("") when nothing is.

    The first seven are what a printer's status says (PrinterStatus.reason, worst first);
    the last four are how a job can fail on the way (transports and the job deadline).
    """

    NONE = ""
    # from the printer's status (DLE EOT, see printers.status)
    UNREACHABLE = "unreachable"  # the host, device or queue cannot be opened
    COVER_OPEN = "cover_open"
    PAPER_END = "paper_end"
    ERROR = "error"  # an error the printer reports: cutter jam, head overheating
    OFFLINE = "offline"
    PAPER_NEAR_END = "paper_near_end"
    UNKNOWN = "unknown"  # the printer did not answer the status query
    # from the job
    TIMEOUT = "timeout"
    IO_ERROR = "io_error"
    UNSUPPORTED = "unsupported"  # this machine lacks what the URL needs, or the slip cannot be laid out


#: status faults that stop a slip before it is sent: the paper would not come out
STOPPING = frozenset({Fault.COVER_OPEN, Fault.PAPER_END, Fault.ERROR, Fault.OFFLINE})
#: status faults after which the slip is sent anyway, as a warning
WARNING = frozenset({Fault.PAPER_NEAR_END, Fault.UNKNOWN})

#: how a text line sits on the paper
Align = Literal["centre", "left"]
#: what the cutter does after a slip (GS V 0 full, GS V 1 partial, or nothing)
CutMode = Literal["partial", "full", "none"]
#: what a printer's Chinese font covers, smallest first (see printers.encoding.CHARSETS)
Charset = Literal["gb2312", "gbk", "gb18030"]
