"""The morning's bookings as booking systems and Excel write them, for the import tests.

No personal data: the ID numbers are made up, with a right GB 11643 check character
computed here (not by hallq.db.privacy, so the tests do not take the code's word for it);
the phones are the 138-0013-8xxx numbers of documentation; the names are 测试甲/乙/丙.
Every file holds the same three bookings, so each import can be held to EXPECTED, and
each is checked in afterwards: one by its code, one by its ID number, one by its phone.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from hallq.db.models import CheckIn

_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # ISO 7064 MOD 11-2, place i from the left


def make_id(first17: str) -> str:
    """An 18-character ID number: the 17 digits and their GB 11643-1999 check character."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def id_ending_in_x() -> str:
    """A made-up ID number whose check character is X (to type as a lowercase x)."""
    return next(i for i in (make_id(f"15062719880808{n:03d}") for n in range(1, 999)) if i.endswith("X"))


ID_1 = make_id("15062719900101123")
ID_2 = id_ending_in_x()
ID_3 = make_id("11010519700707789")
PHONE_1, PHONE_2, PHONE_3 = "13800138005", "13800138006", "13800138007"

DAY = "2026-11-25"  # the conftest engine's day (a Wednesday, 09:30)
CODES = ("MSB-20261125-0001", "MSB-20261125-0002", "MSB-20261125-0003")
#: code → (service prefix, slot start, slot end) as the hall stores them
EXPECTED = {
    CODES[0]: ("A", datetime(2026, 11, 25, 9, 30), datetime(2026, 11, 25, 10, 0)),
    CODES[1]: ("C", datetime(2026, 11, 25, 9, 0), datetime(2026, 11, 25, 9, 30)),
    CODES[2]: ("B", datetime(2026, 11, 25, 9, 30), datetime(2026, 11, 25, 10, 0)),
}
#: code → (ID masked, phone masked) as the hall stores them
MASKED = {
    CODES[0]: (ID_1[:4] + "*" * 10 + ID_1[-4:], "138****8005"),
    CODES[1]: (ID_2[:4] + "*" * 10 + ID_2[-4:], "138****8006"),
    CODES[2]: (None, "138****8007"),
}

HEADER_ZH = ["预约号", "姓名", "身份证号", "手机号", "事项", "预约开始时间", "预约结束时间"]
#: as a Chinese booking platform exports them, after a round trip through Excel:
#: "2026/11/25 9:30", +86 / 0086 / 86 phones, services by 事项 name, alias or English name
ROWS_ZH = [
    [CODES[0], "测试甲", ID_1, "+86 138 0013 8005", "社保医保", "2026/11/25 9:30", "2026/11/25 10:00"],
    [CODES[1], "测试乙", ID_2.lower(), "0086-13800138006", "不动产登记", "2026/11/25 9:00", "2026/11/25 9:30"],
    [CODES[2], "测试丙", "", "8613800138007", "One-stop bundles", "2026/11/25 9:30", "2026/11/25 10:00"],
]


def excel_serial(when: datetime) -> str:
    """`when` as Excel writes a date cell's number into a CSV: days since 1899-12-30, 10 decimals."""
    return f"{(when - datetime(1899, 12, 30)) / timedelta(days=1):.10f}"


def csv_text(header: list[str], rows: list[list[str]], sep: str = ",") -> str:
    """A CSV as Excel saves it: CRLF line ends."""
    return "".join(sep.join(row) + "\r\n" for row in [header, *rows])


async def assert_imported(engine, report, *, ids: bool = True) -> None:
    """The three bookings are stored with the right services, hall-time slots and masks."""
    assert report.errors == (), [e.text("en") for e in report.errors]
    assert (report.imported, report.written) == (3, True)
    stored = {a.code: a for a in await engine.appointments(DAY)}
    assert {code: (a.service, a.slot_start, a.slot_end) for code, a in stored.items()} == EXPECTED
    masked = {code: (a.id_masked, a.phone_masked) for code, a in stored.items()}
    assert masked == (MASKED if ids else {code: (None, phone) for code, (_, phone) in MASKED.items()})


async def check_in_each_way(engine, *, by_id: str | None = ID_2, by_phone: str = "+86 138 0013 8005") -> list[CheckIn]:
    """Check in the three bookings: the first by phone (as typed at the kiosk), the second
    by ID number (or code, when `by_id` is None), the third by code; each gets a ticket of
    its service."""
    results = [await engine.check_in(by_phone), await engine.check_in(by_id or CODES[1]),
               await engine.check_in(CODES[2].lower())]
    assert [r.outcome for r in results] == ["checked_in"] * 3, [r.text("en") for r in results]
    assert [r.appointment.code for r in results] == list(CODES)
    assert [r.ticket.number for r in results] == ["A001", "C001", "B001"]
    return results
