"""Importing bookings, and what is kept of personal data."""
from __future__ import annotations

import sqlite3

import pytest

from hallq.db import privacy
from hallq.db import report_texts as R
from hallq.db import texts as T
from hallq.db.appointments import parse_csv, parse_json, read_file, validate
from hallq.db.core import Keys
from hallq.db.errors import DataError

CSV = """code,name,id_number,phone,service,slot_start,slot_end
YY0001,张三,11010519491231002X,13812345678,A,2026-11-25 10:00,2026-11-25 10:30
YY0002,李四,110105194912310021,13912345678,A,2026-11-25 10:00,2026-11-25 10:30
YY0003,王五,,1381234,A,2026-11-25 10:00,2026-11-25 10:30
YY0004,赵六,,,Q,2026-11-25 10:00,2026-11-25 10:30
YY0005,钱七,,,B,2026-11-25 11:00,2026-11-25 10:30
YY0006,孙八,,13700000000,F,2026/11/25 14:00,2026/11/25 14:30
"""


async def test_import_reports_bad_rows_by_line_and_imports_good_ones(engine, tmp_path):
    path = tmp_path / "bookings.csv"
    path.write_text(CSV, encoding="utf-8")
    report = await engine.import_appointments(read_file(path))
    assert (report.imported, report.updated, report.unchanged) == (2, 0, 0)
    assert [line for line, _ in report.errors] == [3, 4, 5, 6]
    # ImportReport keeps each problem as its English text
    assert dict(report.errors) == {3: R.BOOKING_BAD_ID.text("en"), 4: R.BOOKING_BAD_PHONE(phone="1381234").text("en"),
                                   5: R.BOOKING_UNKNOWN_SERVICE(service="Q", services="A, B, C, D, E, F").text("en"),
                                   6: R.BOOKING_END_BEFORE_START.text("en")}


ROW = {"code": "YY0001", "name": "张三", "service": "A", "slot_start": "2026-11-25 10:00",
       "slot_end": "2026-11-25 10:30"}


@pytest.mark.parametrize("change, problem", [
    ({"code": "Y!"}, R.BOOKING_BAD_CODE),
    ({"service": "Q"}, R.BOOKING_UNKNOWN_SERVICE),
    ({"slot_start": "noon"}, R.BOOKING_BAD_TIME),
    ({"slot_end": "2026-11-25 09:30"}, R.BOOKING_END_BEFORE_START),
    ({"slot_end": "2026-11-26 10:30"}, R.BOOKING_TWO_DAYS),
    ({"id_number": "110105194912310021"}, R.BOOKING_BAD_ID),
    ({"phone": "1381234"}, R.BOOKING_BAD_PHONE),
])
def test_a_bad_booking_row_says_which_problem(change, problem):
    keys = Keys(privacy.new_key())
    assert validate(ROW, {"A"}, keys)["code"] == "YY0001"
    with pytest.raises(DataError) as err:
        validate({**ROW, **change}, {"A"}, keys)
    assert err.value.code == "data" and err.value.message.is_from(problem)
    with pytest.raises(DataError) as err:
        validate(["not", "a", "dict"], {"A"}, keys)
    assert err.value.message.is_from(R.BOOKING_NOT_AN_OBJECT)


def test_unreadable_booking_files(tmp_path):
    with pytest.raises(DataError) as err:
        read_file(tmp_path / "none.csv")
    assert err.value.message.is_from(T.NO_FILE)
    with pytest.raises(DataError) as err:
        parse_csv("code,name\nYY0001,x\n")
    assert err.value.message.is_from(T.CSV_MISSING_COLUMNS)
    with pytest.raises(DataError) as err:
        parse_json("[1,", "x.json")
    assert err.value.message.is_from(T.BAD_JSON) and err.value.message.value("line") == 1
    with pytest.raises(DataError) as err:
        parse_json('{"bookings": []}', "x.json")
    assert err.value.message.is_from(T.JSON_NOT_A_LIST)


async def test_reimport_is_idempotent_and_updates_changes(engine, clock, tmp_path):
    path = tmp_path / "bookings.csv"
    path.write_text(CSV, encoding="utf-8")
    await engine.import_appointments(read_file(path))
    again = await engine.import_appointments(read_file(path))
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)
    moved = CSV.replace("2026/11/25 14:00,2026/11/25 14:30", "2026-11-25 15:00,2026-11-25 15:30")
    path.write_text(moved, encoding="utf-8")
    changed = await engine.import_appointments(read_file(path))
    assert (changed.imported, changed.updated, changed.unchanged) == (0, 1, 1)
    assert len(await engine.appointments()) == 2
    clock.advance(minutes=30)  # into YY0001's slot
    assert (await engine.check_in("YY0001")).ticket is not None
    path.write_text(moved.replace("张三", "张三丰"), encoding="utf-8")
    late = await engine.import_appointments(read_file(path))
    assert (late.updated, late.unchanged) == (0, 1)
    assert (2, R.BOOKING_CHECKED_IN(code="YY0001").text("en")) in late.errors


async def test_json_import(engine, tmp_path):
    path = tmp_path / "bookings.json"
    path.write_text('{"appointments": [{"code": "W9", "name": "x", "service": "A",'
                    ' "slot_start": "2026-11-25T10:00", "slot_end": "2026-11-25T10:30"}, {"code": "!"}]}',
                    encoding="utf-8")
    report = await engine.import_appointments(read_file(path))
    assert report.imported == 0 and [line for line, _ in report.errors] == [1, 2]  # W9 is too short a code
    path.write_text('[{"code": "WX-0009", "name": "x", "service": "a",'
                    ' "slot_start": "2026-11-25T10:00", "slot_end": "2026-11-25T10:30"}]', encoding="utf-8")
    assert (await engine.import_appointments(read_file(path))).imported == 1


async def test_id_and_phone_are_stored_only_hashed_and_masked(engine, db_path):
    await engine.import_appointments([dict(code="YY0001", name="张三", id_number="11010519491231002X",
                                           phone="13812345678", service="A",
                                           slot_start="2026-11-25 10:00", slot_end="2026-11-25 10:30")])
    dump = "\n".join(sqlite3.connect(db_path).iterdump())
    assert "11010519491231002X" not in dump and "13812345678" not in dump
    [booking] = await engine.appointments()
    assert booking.id_masked == "1101**********002X" and booking.phone_masked == "138****5678"


def test_id_checksum_age_and_masks():
    assert privacy.valid_id("11010519491231002X")
    assert not privacy.valid_id("110105194912310021")
    assert not privacy.valid_id("11010519491331002X")  # month 13
    from datetime import date
    assert privacy.age_on("11010519491231002X", date(2026, 11, 25)) == 76
    assert privacy.mask_id("150123199001011234") == "1501**********1234"
    assert privacy.mask_phone("13812345678") == "138****5678"


def test_pins_are_scrypt_hashed():
    salt, digest = privacy.hash_pin("1234")
    assert privacy.pin_matches("1234", salt, digest) and not privacy.pin_matches("1235", salt, digest)
