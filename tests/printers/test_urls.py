"""Printer URLs: what is accepted, and clear errors naming the URL."""
from __future__ import annotations

import pytest

from hallq.printers import PROFILES, PrinterProfileError, PrinterUrlError, open_printer
from hallq.printers.preview import PreviewPrinter
from hallq.printers.profiles import get_profile
from hallq.printers.urls import parse_url


def test_good_urls():
    t = parse_url("tcp://10.0.0.21:9100")
    assert (t.scheme, t.host, t.port) == ("tcp", "10.0.0.21", 9100)
    assert parse_url("tcp://printer.local").port == 9100
    t = parse_url("serial:///dev/ttyUSB0?baudrate=19200&rtscts=1")
    assert (t.scheme, t.path, t.options["baudrate"], t.options["rtscts"]) == ("serial", "/dev/ttyUSB0", "19200", "1")
    t = parse_url("usb://0416:5011")
    assert (t.vid, t.pid) == (0x0416, 0x5011)
    assert parse_url("file:///dev/usb/lp0").path == "/dev/usb/lp0"
    assert parse_url("cups://kiosk1").path == "kiosk1"
    assert parse_url("preview:").scheme == "preview"
    assert parse_url("preview:?dir=/srv/slips").path == "/srv/slips"


def test_profile_options_in_the_url():
    p = open_printer("tcp://10.0.0.21?profile=58mm&qr=bitmap&chinese_mode=0&charset=gb2312&cut=full&status=0")
    prof = p.profile
    assert (prof.name, prof.native_qr, prof.chinese_mode, prof.charset, prof.cut, prof.status_query) == (
        "58mm", False, False, "gb2312", "full", False)
    assert open_printer("tcp://10.0.0.21", profile="58mm").profile.columns == 32
    assert isinstance(open_printer(None), PreviewPrinter)
    assert isinstance(open_printer(""), PreviewPrinter)


@pytest.mark.parametrize(
    "url, why",
    [
        ("lpt://1", "unknown scheme lpt:"),
        ("10.0.0.21:9100", "unknown scheme"),
        ("tcp://", "no host"),
        ("tcp://10.0.0.21:99999", "port"),
        ("tcp://10.0.0.21:abc", "port"),
        ("tcp://10.0.0.21:9100/queue", "no path"),
        ("serial://ttyUSB0", "absolute device path"),
        ("serial:///dev/ttyUSB0?baudrate=fast", "baudrate"),
        ("serial:///dev/ttyUSB0?speed=9600", "unknown option 'speed'"),
        ("usb://0416", "usb://VID:PID"),
        ("usb://zzzz:5011", "usb://VID:PID"),
        ("file://", "absolute device path"),
        ("cups://", "cups://QUEUE"),
        ("preview:somewhere", "preview:"),
        ("tcp://10.0.0.21?profile=76mm", "unknown profile"),
        ("tcp://10.0.0.21?qr=image", "qr must be"),
        ("tcp://10.0.0.21?charset=big5", "charset"),
        ("tcp://10.0.0.21?chinese_mode=maybe", "chinese_mode"),
        ("   ", "empty"),
    ],
)
def test_bad_urls_name_the_url(url, why):
    with pytest.raises(PrinterUrlError) as err:
        open_printer(url)
    assert err.value.code == 20 and err.value.url in (url, url.strip())
    # the message is the point here: it names the URL and says what is wrong, for the log
    message = str(err.value)
    assert repr(url.strip() or url) in message or repr(url) in message
    assert why in message


def test_bad_profile_name():
    with pytest.raises(PrinterUrlError, match="unknown printer profile '76mm'"):
        open_printer("tcp://10.0.0.21", profile="76mm")
    with pytest.raises(PrinterProfileError):
        get_profile("76mm")
    with pytest.raises(PrinterProfileError):
        PROFILES["80mm"].with_options(cut="sideways")
