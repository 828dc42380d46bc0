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
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from escpos.constants import QR_ECLEVEL_M  # noqa: E402
from escpos.printer import Dummy  # noqa: E402

from printers import PROFILES, Slip, layout_slip, open_printer  # noqa: E402
from printers.commands import ALIGN_CENTRE, ALIGN_LEFT, LF, encode_blocks, qr_native, qr_raster  # noqa: E402
from printers.layout import QrBlock  # noqa: E402
from tests.printers.fakes import FakeSerialPrinter  # noqa: E402

SLIP = Slip(
    hall_name="杭锦旗政务服务中心",
    service_name="综合受理",
    service_name_en="General services",
    number="A001",
    people_ahead=3,
    estimated_wait_min=12,
    taken_at=datetime(2024, 5, 6, 9, 12),
    priority_reason="老年人",
    qr_payload="https://hall.example/t/7F3K9QZ2MX",
    footer_lines=["请留意叫号，过号请到服务台"],
    lang="zh",
)


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


async def send_time(data_profile, baud: int) -> float:
    """Seconds from starting the job to the fake printer holding the last byte."""
    with FakeSerialPrinter("ok", baud=baud) as fake:
        printer = open_printer(f"serial://{fake.path}?baudrate={baud}&status=0", profile=data_profile, timeout=120)
        started = time.monotonic()
        result = await printer.print_slip(SLIP)
        assert result.ok, result.clerk_message
        assert await asyncio.to_thread(fake.cut.wait, 120)
        return fake.cut_at - started, len(fake.received)


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", default="80mm", choices=sorted(PROFILES))
    ap.add_argument("--baud", type=int, default=9600)
    ap.add_argument("--skip-bitmap-send", action="store_true", help="don't time the (slow) bitmap slip")
    args = ap.parse_args()
    sizes = {k: len(v) for k, v in slips(args.profile).items()}
    prof = PROFILES[args.profile]
    native_s, native_n = await send_time(prof, args.baud)
    report = {
        "profile": args.profile,
        "baud": args.baud,
        "bytes": sizes,
        "ratio_escpos_bitmap_to_native": round(sizes["escpos_bitmap_qr"] / sizes["native_qr"], 1),
        "ratio_escpos_default_to_native": round(sizes["escpos_default_qr"] / sizes["native_qr"], 1),
        "seconds_native": round(native_s, 3),
        "line_time_native": round(native_n * 10 / args.baud, 3),
    }
    if not args.skip_bitmap_send:
        bitmap_prof = prof.with_options(native_qr=False)
        # the bitmap the project's fallback sends (same physical QR, left padding only)
        fb_s, fb_n = await send_time(bitmap_prof, args.baud)
        report["seconds_hallq_bitmap_fallback"] = round(fb_s, 3)
        report["line_time_hallq_bitmap_fallback"] = round(fb_n * 10 / args.baud, 3)
        report["line_time_escpos_bitmap_qr"] = round(sizes["escpos_bitmap_qr"] * 10 / args.baud, 3)
    report["goals"] = {
        "native_slip_at_most_700_bytes": sizes["native_qr"] <= 700,
        "at_least_10x_smaller_than_escpos_bitmap": sizes["escpos_bitmap_qr"] >= 10 * sizes["native_qr"],
        "native_under_1s_at_baud": native_s < 1.0,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
