"""Slip size and serial send time: native QR (GS ( k) vs a bitmap QR (GS v 0) as
python-escpos sends it by default.

    .venv/bin/python bench/slip.py [--profile 80mm] [--baud 9600]

Prints JSON. Each slip is sent through a pty to a fake printer that reads no faster
than a 9600-baud UART; the baseline measured in the same run is the line time
(bytes × 10 bits / baud), which the measured times are compared against.
"""
from __future__ import annotations

import argparse
import asyncio
import copy
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from escpos.constants import QR_ECLEVEL_M  # noqa: E402
from escpos.printer import Dummy  # noqa: E402

from hallq.printers import PROFILES, layout_slip, open_printer  # noqa: E402
from hallq.printers.commands import ALIGN_CENTRE, ALIGN_LEFT, LF, encode_blocks, qr_native, qr_raster  # noqa: E402
from hallq.printers.layout import QrBlock  # noqa: E402
from tests.printers.conftest import make_slip  # noqa: E402
from tests.printers.fakes import FakeSerialPrinter  # noqa: E402

# the printer tests' sample slip, with a priority mark and a real-length token
SLIP = make_slip(priority_reason="老年人", qr_payload="https://hall.example/t/7F3K9QZ2MX")


def escpos_bitmap_qr(payload: str, module: int, dots: int, *, centred: bool) -> bytes:
    """What python-escpos sends for `printer.qr(payload, ...)` with native=False (its
    default): a qrcode image through GS v 0; centred by padding to the paper width."""
    d = Dummy()
    d.profile.profile_data = copy.deepcopy(d.profile.profile_data)
    # (with an unknown width python-escpos prints a notice on stdout, even uncentred)
    d.profile.profile_data["media"]["width"]["pixels"] = dots if centred else 10_000
    d.qr(payload, ec=QR_ECLEVEL_M, size=module, center=centred)
    return d.output


def slips(profile_name: str) -> dict[str, bytes]:
    prof = PROFILES[profile_name]
    blocks = layout_slip(SLIP, prof)
    qr = next(b for b in blocks if isinstance(b, QrBlock))
    native = encode_blocks(blocks, prof)
    native_qr = ALIGN_CENTRE + qr_native(qr.payload, qr.module) + LF + ALIGN_LEFT
    assert native_qr in native

    def swap(qr_bytes: bytes) -> bytes:
        return native.replace(native_qr, qr_bytes)

    return {
        "native_qr": native,
        # same physical size as the native code, centred the way python-escpos centres
        "escpos_bitmap_qr": swap(escpos_bitmap_qr(qr.payload, qr.module, prof.dots, centred=True)),
        # python-escpos's defaults exactly (3-dot modules, not centred): a smaller code
        "escpos_default_qr": swap(escpos_bitmap_qr(qr.payload, 3, prof.dots, centred=False)),
        # this project's fallback for printers without GS ( k (left padding only)
        "hallq_bitmap_fallback": swap(qr_raster(qr.payload, qr.module, prof.dots)),
    }


def send_time(data: bytes, baud: int) -> float:
    """Seconds from opening the serial line to the fake printer holding the last byte
    of `data`, sent with the project's serial transport (python-escpos Serial)."""
    from hallq.printers.transports import SerialTransport
    from hallq.printers.urls import parse_url

    with FakeSerialPrinter("ok", baud=baud) as fake:
        t = SerialTransport(parse_url(f"serial://{fake.path}?baudrate={baud}"))
        started = time.monotonic()
        t.open(5)
        try:
            t.write(data, 120)
        finally:
            t.close()
        assert fake.cut.wait(120) and bytes(fake.received) == data
        return fake.cut_at - started


async def job_time(baud: int, profile: str) -> float:
    """A whole print_slip() job (status queries, then the slip) over the same line."""
    with FakeSerialPrinter("ok", baud=baud) as fake:
        printer = open_printer(f"serial://{fake.path}?baudrate={baud}", profile=profile, timeout=30)
        started = time.monotonic()
        result = await printer.print_slip(SLIP)
        assert result.outcome == "printed", result.clerk_message
        assert await asyncio.to_thread(fake.cut.wait, 30)
        return fake.cut_at - started


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", default="80mm", choices=sorted(PROFILES))
    ap.add_argument("--baud", type=int, default=9600)
    ap.add_argument("--skip-bitmap-send", action="store_true", help="don't time the (slow) bitmap slip")
    args = ap.parse_args()
    data = slips(args.profile)
    sizes = {k: len(v) for k, v in data.items()}
    seconds = {"native_qr": send_time(data["native_qr"], args.baud)}
    if not args.skip_bitmap_send:
        for key in ("escpos_bitmap_qr", "hallq_bitmap_fallback"):
            seconds[key] = send_time(data[key], args.baud)
    report = {
        "profile": args.profile,
        "baud": args.baud,
        "bytes": sizes,
        "ratio_escpos_bitmap_to_native": round(sizes["escpos_bitmap_qr"] / sizes["native_qr"], 1),
        "ratio_escpos_default_to_native": round(sizes["escpos_default_qr"] / sizes["native_qr"], 1),
        "seconds_measured": {k: round(v, 3) for k, v in seconds.items()},
        # baseline from the same numbers: the time the bytes need on the wire
        "seconds_line_time": {k: round(sizes[k] * 10 / args.baud, 3) for k in seconds},
        "seconds_print_job_native_with_status": round(await job_time(args.baud, args.profile), 3),
    }
    native_s = seconds["native_qr"]
    report["goals"] = {
        "native_slip_at_most_700_bytes": sizes["native_qr"] <= 700,
        "at_least_10x_smaller_than_escpos_bitmap": sizes["escpos_bitmap_qr"] >= 10 * sizes["native_qr"],
        "native_under_1s_at_baud": native_s < 1.0,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
