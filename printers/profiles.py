"""Printer profiles: paper width and what the printer can do.

Widths are for font A, the ESC/POS default: 12×24 dots per half-width character at
203 dpi (8 dots per mm). 80 mm paper has 72 mm printable (576 dots, 48 columns); 58 mm
paper has 48 mm (384 dots, 32 columns).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from hallq.printers.encoding import CHARSETS
from hallq.printers.errors import PrinterProfileError
from hallq.printers.vocabulary import Charset, CutMode


@dataclass(frozen=True)
class PrinterProfile:
    """What the slip layout needs to know about a printer model.

    Attributes:
        name: the profile's name, e.g. "80mm".
        columns: half-width characters per line in font A (12 dots each).
        dots: printable width in dots (203 dpi).
        chinese_mode: send FS & (Chinese character mode) first; some printers start in
            Chinese mode, some do not.
        charset: what the printer's Chinese font covers: gb2312, gbk or gb18030.
        native_qr: print QR codes with GS ( k; False sends them as a raster image (GS v 0).
        qr_module: the largest QR module size, in dots (1–16).
        number_mag: the character size (GS !, 1–8) of the ticket number.
        status_query: ask DLE EOT status before a slip where the transport can answer.
        cut: what the cutter does: partial (GS V 1), full (GS V 0) or none.
        feed_before_cut: lines fed between the last text and the cutter.

    Raises:
        PrinterProfileError: an option is out of range.
    """

    name: str
    columns: int
    dots: int
    chinese_mode: bool = True
    charset: Charset = "gbk"
    native_qr: bool = True
    qr_module: int = 6
    number_mag: int = 5
    status_query: bool = True
    cut: CutMode = "partial"
    feed_before_cut: int = 4

    def __post_init__(self) -> None:
        if self.charset not in CHARSETS:
            raise PrinterProfileError(f"profile {self.name}: charset must be one of {', '.join(CHARSETS)}")
        if self.cut not in ("partial", "full", "none"):
            raise PrinterProfileError(f"profile {self.name}: cut must be partial, full or none")
        if not 1 <= self.number_mag <= 8:
            raise PrinterProfileError(f"profile {self.name}: number_mag must be 1–8")
        if not 1 <= self.qr_module <= 16:
            raise PrinterProfileError(f"profile {self.name}: qr_module must be 1–16")

    def with_options(self, **options: Any) -> PrinterProfile:
        """A copy with some options changed.

        Args:
            **options: fields of PrinterProfile and their new values, e.g. native_qr=False.

        Returns:
            The changed copy (this profile is not changed).

        Raises:
            PrinterProfileError: a new value is out of range.
            TypeError: an option is not a field of PrinterProfile.
        """
        return replace(self, **options)


PROFILES: dict[str, PrinterProfile] = {
    "58mm": PrinterProfile(name="58mm", columns=32, dots=384, qr_module=6, number_mag=5, feed_before_cut=4),
    "80mm": PrinterProfile(name="80mm", columns=48, dots=576, qr_module=6, number_mag=6, feed_before_cut=4),
}


def get_profile(profile: str | PrinterProfile | None) -> PrinterProfile:
    """A printer profile by name, or the profile itself.

    Args:
        profile: "58mm", "80mm", a PrinterProfile, or None for 80mm.

    Returns:
        The profile.

    Raises:
        PrinterProfileError: an unknown profile name.
    """
    if profile is None:
        return PROFILES["80mm"]
    if isinstance(profile, PrinterProfile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise PrinterProfileError(f"unknown printer profile {profile!r} (known: {', '.join(PROFILES)})") from None
