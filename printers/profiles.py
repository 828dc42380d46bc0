"""Printer profiles: paper width and what the printer can do."""
from __future__ import annotations

from dataclasses import dataclass, replace

from hallq.printers.encoding import CHARSETS


@dataclass(frozen=True)
class PrinterProfile:
    """What the slip layout needs to know about a printer model.

    columns/dots are for font A (12×24 dots per half-width character).
    """

    name: str
    columns: int  # half-width characters per line in font A
    dots: int  # printable width in dots (203 dpi)
    chinese_mode: bool = True  # send FS & (some printers start in Chinese mode, some don't)
    charset: str = "gbk"  # what the printer's Chinese font covers: gb2312 | gbk | gb18030
    native_qr: bool = True  # GS ( k; False: send the QR as a raster image (GS v 0)
    qr_module: int = 6  # largest QR module size in dots
    number_mag: int = 5  # character size (1–8) of the ticket number
    status_query: bool = True  # ask DLE EOT status before a slip where the transport can answer
    cut: str = "partial"  # partial | full | none
    feed_before_cut: int = 4  # lines between the last text and the cutter

    def __post_init__(self) -> None:
        if self.charset not in CHARSETS:
            raise ValueError(f"profile {self.name}: charset must be one of {', '.join(CHARSETS)}")
        if self.cut not in ("partial", "full", "none"):
            raise ValueError(f"profile {self.name}: cut must be partial, full or none")
        if not 1 <= self.number_mag <= 8:
            raise ValueError(f"profile {self.name}: number_mag must be 1–8")
        if not 1 <= self.qr_module <= 16:
            raise ValueError(f"profile {self.name}: qr_module must be 1–16")

    def with_options(self, **options) -> PrinterProfile:
        """A copy with some options changed, e.g. native_qr=False."""
        return replace(self, **options)


PROFILES: dict[str, PrinterProfile] = {
    "58mm": PrinterProfile(name="58mm", columns=32, dots=384, qr_module=6, number_mag=5, feed_before_cut=4),
    "80mm": PrinterProfile(name="80mm", columns=48, dots=576, qr_module=6, number_mag=6, feed_before_cut=4),
}


def get_profile(profile: str | PrinterProfile | None) -> PrinterProfile:
    """A profile by name ("58mm", "80mm"), or the profile itself; None means 80mm."""
    if profile is None:
        return PROFILES["80mm"]
    if isinstance(profile, PrinterProfile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(f"unknown printer profile {profile!r} (known: {', '.join(PROFILES)})") from None
