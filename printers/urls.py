"""Printer URLs.

    tcp://10.0.0.21:9100          raw TCP (port defaults to 9100)
    serial:///dev/ttyUSB0?baudrate=9600[&rtscts=1|xonxoff=1|dsrdtr=1]
    usb://0416:5011               vendor:product, hex
    file:///dev/usb/lp0           a device file
    cups://kiosk1                 a CUPS queue, sent raw
    preview: / preview:?dir=/some/folder

Any URL may also carry profile options: profile=58mm|80mm, qr=native|bitmap,
chinese_mode=1|0, charset=gb2312|gbk|gb18030, status=1|0, cut=partial|full|none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from hallq.printers.encoding import CHARSETS
from hallq.printers.errors import PrinterUrlError
from hallq.printers.profiles import PROFILES

__all__ = ["PROFILE_OPTIONS", "SCHEMES", "SCHEME_OPTIONS", "PrinterUrlError", "Target", "parse_url", "profile_options"]

SCHEMES = ("tcp", "serial", "usb", "file", "cups", "preview")

PROFILE_OPTIONS = ("profile", "qr", "chinese_mode", "charset", "status", "cut")
SCHEME_OPTIONS: dict[str, tuple[str, ...]] = {
    "tcp": (),
    "serial": ("baudrate", "bytesize", "parity", "stopbits", "rtscts", "xonxoff", "dsrdtr"),
    "usb": ("in_ep", "out_ep"),
    "file": (),
    "cups": (),
    "preview": ("dir",),
}
_BOOL = ("1", "0", "true", "false", "yes", "no", "on", "off")


@dataclass
class Target:
    """A parsed printer URL: where the bytes go.

    Attributes:
        url: the URL as given (stripped).
        scheme: tcp, serial, usb, file, cups or preview.
        host: tcp: the host name or address.
        port: tcp: the port (default 9100, the raw printing port).
        path: serial and file: the device path; cups: the queue; preview: the folder
            ("" for the default).
        vid: usb: the vendor id.
        pid: usb: the product id.
        options: the URL's query options, checked against the scheme's known ones.
    """

    url: str
    scheme: str
    host: str = ""
    port: int = 9100
    path: str = ""
    vid: int = 0
    pid: int = 0
    options: dict[str, str] = field(default_factory=dict)


def parse_url(url: str) -> Target:
    """Parse and check a printer URL (forms in the module docstring).

    Args:
        url: the printer URL, e.g. tcp://10.0.0.21:9100 or preview:.

    Returns:
        Where the bytes go, with the URL's options.

    Raises:
        PrinterUrlError: the URL is empty, has an unknown scheme or option, or a part
            that cannot be used; the message names the URL and says why.
    """
    if not isinstance(url, str) or not url.strip():
        raise PrinterUrlError(url, "empty; expected e.g. tcp://10.0.0.21:9100 or preview:")
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise PrinterUrlError(url, str(exc)) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        known = ", ".join(s + ":" for s in SCHEMES)
        raise PrinterUrlError(url, f"unknown scheme {scheme + ':' if scheme else '(none)'}; use one of {known}")
    options: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in PROFILE_OPTIONS + SCHEME_OPTIONS[scheme]:
            known = ", ".join(PROFILE_OPTIONS + SCHEME_OPTIONS[scheme])
            raise PrinterUrlError(url, f"unknown option {key!r} (known: {known})")
        options[key] = value
    _check_options(url, options)
    t = Target(url=url, scheme=scheme, options=options)

    if scheme == "tcp":
        if not parts.hostname:
            raise PrinterUrlError(url, "no host; expected tcp://HOST:9100")
        t.host = parts.hostname
        try:
            t.port = parts.port or 9100
        except ValueError:
            raise PrinterUrlError(url, "the port must be a number from 1 to 65535") from None
        if parts.path not in ("", "/"):
            raise PrinterUrlError(url, "a tcp:// URL has no path; expected tcp://HOST:PORT")
    elif scheme in ("serial", "file"):
        path = unquote(parts.netloc + parts.path) if parts.netloc else unquote(parts.path)
        if not path.startswith("/"):
            raise PrinterUrlError(url, f"expected an absolute device path, e.g. {scheme}:///dev/ttyUSB0")
        t.path = path
        if scheme == "serial":
            try:
                baud = int(options.get("baudrate", "9600"))
                if baud <= 0:
                    raise ValueError
            except ValueError:
                raise PrinterUrlError(url, "baudrate must be a positive number, e.g. 9600") from None
    elif scheme == "usb":
        ids = parts.netloc or parts.path.strip("/")
        try:
            vid, pid = ids.split(":")
            t.vid, t.pid = int(vid, 16), int(pid, 16)
            if not (0 <= t.vid <= 0xFFFF and 0 <= t.pid <= 0xFFFF):
                raise ValueError
        except ValueError:
            raise PrinterUrlError(url, "expected usb://VID:PID in hex, e.g. usb://0416:5011") from None
    elif scheme == "cups":
        queue = unquote(parts.netloc or parts.path.strip("/"))
        if not queue or "/" in queue:
            raise PrinterUrlError(url, "expected cups://QUEUE, e.g. cups://kiosk1")
        t.path = queue
    elif scheme == "preview":
        if parts.netloc or parts.path.strip("/"):
            raise PrinterUrlError(url, "expected preview: or preview:?dir=/some/folder")
        t.path = options.get("dir", "")
    return t


def _check_options(url: str, o: dict[str, str]) -> None:
    """Raise PrinterUrlError for an option value that cannot be used."""
    if "profile" in o and o["profile"] not in PROFILES:
        raise PrinterUrlError(url, f"unknown profile {o['profile']!r} (known: {', '.join(PROFILES)})")
    if o.get("qr", "native") not in ("native", "bitmap"):
        raise PrinterUrlError(url, "qr must be native or bitmap")
    if o.get("charset", "gbk") not in CHARSETS:
        raise PrinterUrlError(url, f"charset must be one of {', '.join(CHARSETS)}")
    if o.get("cut", "partial") not in ("partial", "full", "none"):
        raise PrinterUrlError(url, "cut must be partial, full or none")
    for key in ("chinese_mode", "status", "rtscts", "xonxoff", "dsrdtr"):
        if key in o and o[key].lower() not in _BOOL:
            raise PrinterUrlError(url, f"{key} must be 1 or 0")


def _on(value: str) -> bool:
    return value.lower() in ("1", "true", "yes", "on")


def profile_options(options: dict[str, str]) -> dict[str, object]:
    """The PrinterProfile changes a URL's options ask for.

    Args:
        options: the URL's options (Target.options), already checked by parse_url.

    Returns:
        PrinterProfile field names and values, for PrinterProfile.with_options: qr →
        native_qr, chinese_mode, charset, status → status_query, cut.
    """
    changes: dict[str, object] = {}
    if "qr" in options:
        changes["native_qr"] = options["qr"] == "native"
    if "chinese_mode" in options:
        changes["chinese_mode"] = _on(options["chinese_mode"])
    if "charset" in options:
        changes["charset"] = options["charset"]
    if "status" in options:
        changes["status_query"] = _on(options["status"])
    if "cut" in options:
        changes["cut"] = options["cut"]
    return changes
