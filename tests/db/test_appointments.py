"""Importing bookings as booking systems and Excel send them, and what is kept of
personal data.

The proof of issue 15: fixture files made here (tests/db/bookings.py: no personal data) —
a GBK CSV, a UTF-16 text file, an .xlsx written with openpyxl (real datetime cells, a text
ID column), a CSV with Excel's times and mangled IDs, a JSON with offsets — each imports
the right rows with the right hall-time slots, and check-in by code, ID and phone works
afterwards; every error names the file, the line (or sheet and row) and the column.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time

import pytest

from hallq.db import privacy
from hallq.db import report_texts as R
from hallq.db import texts as T
from hallq.db.appointments import validate
from hallq.db.booking_files import decode, parse_csv, parse_json, read_file
from hallq.db.booking_values import parse_datetime, parse_slot
from hallq.db.clock import zone_of
from hallq.db.config import load_demo
from hallq.db.core import Keys
from hallq.db.errors import DataError
from hallq.db.models import ImportOutcome
from tests.db.bookings import (
    CODES,
    DAY,
    EXPECTED,
    HEADER_ZH,
    ID_1,
    ID_2,
    ID_3,
    ROWS_ZH,
    assert_imported,
    check_in_each_way,
    csv_text,
    excel_serial,
    make_id,
)

SHANGHAI = zone_of("Asia/Shanghai")


# ---------------------------------------------------------------- the five files of the issue
async def test_a_gbk_csv_with_chinese_headers_and_excel_times(engine, tmp_path):
    path = tmp_path / "预约名单.csv"
    path.write_bytes(csv_text(HEADER_ZH, ROWS_ZH).encode("gbk"))  # Excel's "CSV" on a Chinese PC
    source = read_file(path)
    assert source.encoding == "GB18030" and len(source.rows) == 3
    report = await engine.import_appointments(source, skip_bad_rows=False)
    assert report.encoding == "GB18030" and report.source == str(path)
    await assert_imported(engine, report)
    assert [a.name for a in await engine.appointments()] == ["测试乙", "测试甲", "测试丙"]  # by slot
    await check_in_each_way(engine)


async def test_a_utf16_text_file_with_a_date_and_a_slot_column(engine, tmp_path):
    # Excel's "Unicode text": UTF-16 with a BOM, tab-separated; English headers, date + slot
    header = ["code", "name", "id_number", "phone", "service", "date", "slot"]
    rows = [[code, name, id_number, phone, service, start.split()[0], f"{start.split()[1]}-{end.split()[1]}"]
            for code, name, id_number, phone, service, start, end in ROWS_ZH]
    path = tmp_path / "bookings.txt"
    path.write_bytes(csv_text(header, rows, sep="\t").encode("utf-16"))
    source = read_file(path)
    assert source.encoding == "UTF-16"
    await assert_imported(engine, await engine.import_appointments(source, skip_bad_rows=False))
    await check_in_each_way(engine)


async def test_an_xlsx_with_datetime_cells_and_a_text_id_column(engine, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "预约名单"
    sheet.append(["杭锦旗政务服务中心 2026年11月25日预约名单"])  # a title row above the header
    sheet.append(["序号", *HEADER_ZH])
    for n, (code, name, id_number, phone, service, start, end) in enumerate(ROWS_ZH, 1):
        sheet.append([n, code, name, id_number, int(privacy.normalise_phone(phone)), service,
                      datetime.strptime(start, "%Y/%m/%d %H:%M"), datetime.strptime(end, "%Y/%m/%d %H:%M")])
    for row in sheet.iter_rows(min_row=3, min_col=4, max_col=4):
        row[0].number_format = "@"  # the ID column formatted as text, as it should be
    path = tmp_path / "bookings.xlsx"
    book.save(path)
    source = read_file(path)
    assert source.encoding is None and source.ignored_columns == ("序号",)
    assert [r.place.row for r in source.rows] == [3, 4, 5] and source.rows[0].place.sheet == "预约名单"
    await assert_imported(engine, await engine.import_appointments(source, skip_bad_rows=False))
    await check_in_each_way(engine, by_id=ID_2.lower())


async def test_a_csv_with_excel_serial_times_and_ids_excel_turned_into_numbers(engine, tmp_path):
    rows = [[code, name, id_number, phone, service, start, end] for code, name, id_number, phone, service, start, end
            in ROWS_ZH]
    rows[0][2] = "1.50627E+17"  # General format: six digits left
    rows[1][2] = ID_2[:15] + "000"  # a number format: 15 digits kept, the rest 0
    rows[2][5:7] = [excel_serial(EXPECTED[CODES[2]][1]), excel_serial(EXPECTED[CODES[2]][2])]
    path = tmp_path / "bookings.csv"
    path.write_bytes(csv_text(HEADER_ZH, rows).encode("utf-8-sig"))  # Excel's "CSV UTF-8"
    report = await engine.import_appointments(read_file(path), skip_bad_rows=False)
    assert read_file(path).encoding == "UTF-8 (BOM)"
    await assert_imported(engine, report, ids=False)  # imported, without the IDs
    assert [(w.row, w.column, w.letter) for w in report.warnings] == [(2, "身份证号", "C"), (3, "身份证号", "C")]
    assert all(w.message.is_from(R.BOOKING_ID_EXCEL) for w in report.warnings)
    assert report.warnings[0].message.value("value") == "1.50627E+17"
    assert ID_2[:15] not in report.warnings[1].text("en")  # the digits left are not printed
    assert report.warnings[0].where("en") == f"{path}, line 2, column C '身份证号'"
    assert (await engine.check_in(ID_1)).outcome == "unknown"  # no ID kept
    await check_in_each_way(engine, by_id=None)  # by code and phone all the same


async def test_a_json_with_offsets_is_converted_to_hall_time(engine, tmp_path):
    items = [
        {"code": CODES[0], "name": "测试甲", "id_number": ID_1, "phone": "+86 138 0013 8005", "service": "A",
         "slot_start": "2026-11-25T01:30:00+00:00", "slot_end": "2026-11-25T02:00:00Z"},
        {"预约号": CODES[1], "身份证号": ID_2, "手机号": "0086-13800138006", "事项": "Real estate registration",
         "预约开始时间": "2026-11-24T20:00:00-05:00", "预约结束时间": "2026-11-25T09:30+08:00"},
        {"code": CODES[2], "phone": 8613800138007, "service": "一件事一次办",
         "date": "2026-11-25", "slot": "09:30-10:00"},
    ]
    path = tmp_path / "bookings.json"
    path.write_text(json.dumps({"appointments": items}, ensure_ascii=False, indent=2), encoding="utf-8")
    source = read_file(path)
    assert [r.place.line for r in source.rows] == [3, 12, 20]
    report = await engine.import_appointments(source, skip_bad_rows=False)
    ids = {code: masked for code, masked in ((a.code, a.id_masked) for a in await engine.appointments())}
    assert ids[CODES[0]] == ID_1[:4] + "*" * 10 + ID_1[-4:]
    assert report.errors == () and report.imported == 3
    assert {a.code: (a.service, a.slot_start, a.slot_end) for a in await engine.appointments()} == EXPECTED
    # 01:30 UTC is 09:30 in the hall: the citizen is not told the slot is long past
    await check_in_each_way(engine)


# ---------------------------------------------------------------- every error names file, line and column
BAD = [  # (column, value, the problem)
    ("身份证号", ID_3[:17] + ("0" if ID_3[-1] != "0" else "1"), R.BOOKING_ID_CHECKSUM),
    ("身份证号", ID_3[:6] + ID_3[8:17], R.BOOKING_ID_15),
    ("身份证号", "1234", R.BOOKING_ID_LENGTH),
    ("身份证号", make_id("11010519701332789"), R.BOOKING_ID_BIRTH),
    ("手机号", "+86 138 0013", R.BOOKING_BAD_PHONE),
    ("事项", "户籍", R.BOOKING_UNKNOWN_SERVICE),
    ("预约开始时间", "明天上午", R.BOOKING_BAD_TIME),
    ("预约结束时间", "2026/11/25 9:00", R.BOOKING_END_BEFORE_START),
    ("预约结束时间", "2026/11/26 10:00", R.BOOKING_TWO_DAYS),
    ("预约号", "Y!", R.BOOKING_BAD_CODE),
    ("预约号", "", R.BOOKING_EMPTY),
    ("事项", "", R.BOOKING_EMPTY),
]


@pytest.mark.parametrize("column, value, problem", BAD, ids=[f"{c}-{p.en[:24]}" for c, _, p in BAD])
async def test_a_bad_csv_row_names_file_line_and_column(engine, tmp_path, column, value, problem):
    rows = [list(r) for r in ROWS_ZH]
    index = HEADER_ZH.index(column)
    rows[1][index] = value
    path = tmp_path / "bookings.csv"
    path.write_bytes(csv_text(HEADER_ZH, rows).encode("gbk"))
    report = await engine.import_appointments(read_file(path), skip_bad_rows=False)
    [error] = report.errors
    assert error.message.is_from(problem)
    letter = "ABCDEFG"[index]
    assert (error.row, error.column, error.letter) == (3, column, letter)
    assert error.where("en") == f"{path}, line 3, column {letter} '{column}'"
    assert error.where("zh") == f"{path} 第 3 行，{letter} 列“{column}”"
    assert value not in error.text("en") or problem in (R.BOOKING_BAD_TIME, R.BOOKING_UNKNOWN_SERVICE,
                                                        R.BOOKING_ID_LENGTH, R.BOOKING_BAD_CODE,
                                                        R.BOOKING_END_BEFORE_START, R.BOOKING_TWO_DAYS,
                                                        R.BOOKING_EMPTY)  # no ID or phone printed
    # all or nothing: the two good rows are not imported either
    assert (report.written, report.imported, await engine.appointments()) == (False, 2, [])


async def test_unknown_service_lists_what_is_accepted(engine, tmp_path):
    path = tmp_path / "b.csv"
    path.write_text(csv_text(HEADER_ZH, [[CODES[0], "x", "", "", "户籍", "2026/11/25 9:30", "2026/11/25 10:00"]]),
                    encoding="utf-8")
    [error] = (await engine.import_appointments(read_file(path))).errors
    assert "A 综合受理" in error.message.value("services") and "aliases" in error.text("en")


async def test_an_xlsx_error_names_sheet_row_and_column(engine, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active.append(["导出说明：本表由预约系统生成"])
    sheet = book.create_sheet("预约")
    sheet.append(HEADER_ZH)
    sheet.append([CODES[0], "测试甲", float(ID_1), "13800138005", "社保", datetime(2026, 11, 25, 9, 30),
                  datetime(2026, 11, 25, 10, 0)])
    sheet.append([CODES[1], "测试乙", ID_3[:17] + "X" if ID_3[-1] != "X" else "0", "1380013", "C",
                  datetime(2026, 11, 25, 9, 0), datetime(2026, 11, 25, 9, 30)])
    path = tmp_path / "b.xlsx"
    book.save(path)
    report = await engine.import_appointments(read_file(path), skip_bad_rows=True)
    assert [(e.place.sheet, e.row, e.letter, e.column) for e in report.errors] == [
        ("预约", 3, "C", "身份证号"), ("预约", 3, "D", "手机号")]
    assert report.errors[0].where("en") == f"{path}, sheet '预约', row 3, column C '身份证号'"
    # the ID typed as a number in Excel: imported without it, with its own message
    [warning] = report.warnings
    assert warning.message.is_from(R.BOOKING_ID_EXCEL) and (warning.row, warning.letter) == (2, "C")
    assert report.imported == 1 and (await engine.check_in("138-0013-8005")).ok


async def test_a_code_given_twice_is_refused_on_both_lines(engine, tmp_path):
    rows = [list(r) for r in ROWS_ZH] + [[CODES[0], "测试丁", "", "", "A", "2026/11/25 11:00", "2026/11/25 11:30"]]
    path = tmp_path / "b.csv"
    path.write_bytes(csv_text(HEADER_ZH, rows).encode("gbk"))
    report = await engine.import_appointments(read_file(path), skip_bad_rows=True)
    assert [(e.row, e.letter) for e in report.errors] == [(2, "A"), (5, "A")]
    assert all(e.message.is_from(R.BOOKING_CODE_TWICE_LINES) and e.message.value("rows").text("en") == "2, 5"
               for e in report.errors)
    assert report.imported == 2 and CODES[0] not in {a.code for a in await engine.appointments()}
    same_code = [{"code": "YY0001", "service": "A", "date": DAY, "slot": "09:30-10:00"},
                 {"code": "yy0001", "service": "B", "date": DAY, "slot": "10:00-10:30"}]
    twice = await engine.import_appointments(same_code)
    assert [e.row for e in twice.errors] == [1, 2] and twice.errors[0].message.is_from(R.BOOKING_CODE_TWICE_ITEMS)


async def test_one_id_number_under_two_names_is_a_warning_on_both_rows(engine):
    same_id = [{"code": "YY0101", "name": "李四", "id_number": "11010519491231002X", "service": "A", "date": DAY,
                "slot": "09:30-10:00"},
               {"code": "YY0102", "name": "李四", "id_number": "11010519491231002X", "service": "B", "date": DAY,
                "slot": "10:00-10:30"},  # the same person twice: fine
               {"code": "YY0103", "name": "王五", "id_number": "11010519491231002x", "service": "A", "date": DAY,
                "slot": "10:30-11:00"}]
    report = await engine.import_appointments(same_id)
    assert report.imported == 3 and not report.errors
    assert [(w.row, w.message.value("rows").text("en")) for w in report.warnings
            if w.message.is_from(R.BOOKING_ID_TWO_NAMES)] == [(1, "2, 3"), (2, "1, 3"), (3, "1, 2")]


# ---------------------------------------------------------------- all or nothing, dry run, idempotent
async def test_dry_run_all_or_nothing_skip_bad_rows_and_reimport(engine, tmp_path):
    rows = [list(r) for r in ROWS_ZH]
    rows[2][3] = "12345"
    path = tmp_path / "b.csv"
    path.write_bytes(csv_text(HEADER_ZH, rows).encode("gbk"))
    dry = await engine.import_appointments(read_file(path), skip_bad_rows=False, dry_run=True)
    assert (dry.dry_run, dry.written, dry.imported, len(dry.errors)) == (True, False, 2, 1)
    assert [(b.code, b.outcome, b.place.row) for b in dry.bookings] == [(CODES[0], ImportOutcome.NEW, 2),
                                                                        (CODES[1], ImportOutcome.NEW, 3)]
    assert dry.bookings[0].slot_start == EXPECTED[CODES[0]][1] and dry.bookings[0].phone_masked == "138****8005"
    refused = await engine.import_appointments(read_file(path), skip_bad_rows=False)
    assert (refused.written, await engine.appointments()) == (False, [])
    events = [e.kind for e in await engine.events()]
    skipped = await engine.import_appointments(read_file(path), skip_bad_rows=True)
    assert (skipped.written, skipped.imported, len(skipped.errors)) == (True, 2, 1)
    assert [e.kind for e in await engine.events()] == [*events, "appointments.imported"]
    again = await engine.import_appointments(read_file(path), skip_bad_rows=True)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)  # idempotent by code
    moved = [list(r) for r in rows]
    moved[0][5:7] = ["2026/11/25 11:00", "2026/11/25 11:30"]
    path.write_bytes(csv_text(HEADER_ZH, moved[:2]).encode("gbk"))
    changed = await engine.import_appointments(read_file(path), skip_bad_rows=False, dry_run=True)
    assert [b.outcome for b in changed.bookings] == [ImportOutcome.UPDATED, ImportOutcome.UNCHANGED]
    assert (await engine.appointments())[1].slot_start == EXPECTED[CODES[0]][1]  # the dry run changed nothing
    assert (await engine.import_appointments(read_file(path), skip_bad_rows=False)).updated == 1


async def test_a_booking_changed_after_check_in_is_kept_with_a_warning(engine, clock):
    row = dict(code="YY0001", name="张三", service="A", slot_start="2026-11-25 10:00", slot_end="2026-11-25 10:30")
    await engine.import_appointments([row])
    clock.advance(minutes=30)
    assert (await engine.check_in("YY0001")).ok
    late = await engine.import_appointments([{**row, "name": "张三丰"}], skip_bad_rows=False)
    assert (late.written, late.updated, late.unchanged, late.errors) == (True, 0, 0, ())
    [warning] = late.warnings
    assert warning.message.is_from(R.BOOKING_CHECKED_IN) and warning.column == "code"
    assert late.bookings[0].outcome == ImportOutcome.KEPT and (await engine.appointments())[0].name == "张三"


# ---------------------------------------------------------------- headers
def test_headers_in_chinese_after_a_title_row_and_columns_not_used():
    source = parse_csv("2026年11月25日预约名单\n"
                       "序号,预约码,申请人姓名,证件号码,联系电话,业务类别,预约日期,预约时段,状态\n"
                       "1,YY0001,甲,,13800138000,A,2026-11-25,09:30-10:00,已预约\n", "b.csv")
    [row] = source.rows
    assert row.place.row == 3 and set(row.cells or {}) == {"code", "name", "id_number", "phone", "service", "date",
                                                           "slot"}
    assert source.ignored_columns == ("序号", "状态")


def test_missing_columns_are_named_with_the_accepted_names(tmp_path):
    with pytest.raises(DataError) as err:
        parse_csv("预约号,姓名,手机号\nYY0001,甲,13800138000\n", "b.csv")
    message = err.value.message
    assert message.is_from(R.BOOKING_MISSING_SLOT_COLUMNS)
    assert message.value("fields") == "service, slot_start, slot_end"
    assert "事项" in message.value("names") and "预约开始时间" in message.value("names")
    assert "预约时段" in message.value("names")
    assert message.text("en").startswith("b.csv, line 1: the header row has no column for service")
    with pytest.raises(DataError) as err:
        parse_csv("名单\n姓名,电话\n甲,1\n", "b.csv")
    assert err.value.message.is_from(R.BOOKING_NO_HEADER) and "预约号" in err.value.message.value("names")


def test_two_columns_for_one_field_use_the_first_and_say_so():
    source = parse_csv("预约号,手机号,事项,联系电话,预约时间\n"
                       "YY0001,13800138000,A,13900139000,2026-11-25 09:30-10:00\n", "b.csv")
    [note] = source.notes
    assert note.message.is_from(R.BOOKING_COLUMN_TWICE) and (note.letter, note.column) == ("B", "手机号")
    assert source.rows[0].cells["phone"].value == "13800138000"


# ---------------------------------------------------------------- encodings
def test_encodings_are_read_strictly_in_order():
    text = csv_text(HEADER_ZH, ROWS_ZH)
    assert decode(text.encode("utf-8"), "f") == (text, "UTF-8")
    assert decode(text.encode("utf-8-sig"), "f") == (text, "UTF-8 (BOM)")
    assert decode(text.encode("gbk"), "f") == (text, "GB18030")
    assert decode(text.encode("gb18030"), "f") == (text, "GB18030")
    assert decode(text.encode("utf-16"), "f") == (text, "UTF-16")
    assert decode(text.encode("utf-16-le"), "f") == (text, "UTF-16LE")  # no BOM
    assert decode(text.encode("utf-16-be"), "f") == (text, "UTF-16BE")
    # a GBK file whose only Chinese (a name) happens to be valid UTF-8: its UTF-8 reading
    # holds no Chinese character, its GB18030 reading is all Chinese
    lone = "code,name,service,slot_start,slot_end\nYY0001,散路,A,2026-11-25 09:30,2026-11-25 10:00\n"
    lone.encode("gbk").decode("utf-8")  # (it is valid UTF-8)
    assert decode(lone.encode("gbk"), "f") == (lone, "GB18030")
    # a UTF-8 file with Chinese and another script stays UTF-8
    mixed = "code,name\nYY0001,阿依古丽·Алия\n"
    assert decode(mixed.encode("utf-8"), "f") == (mixed, "UTF-8")


def test_bytes_no_encoding_reads_name_the_line(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(b"code,name\nYY0001,x\nYY0002,\x80\xff\n")
    with pytest.raises(DataError) as err:
        read_file(path)
    assert err.value.message.is_from(R.BOOKING_UNKNOWN_ENCODING) and err.value.message.value("line") == 3
    path.write_bytes(b"\xff\xfe" + "code".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(DataError) as err:
        read_file(path)
    assert err.value.message.is_from(R.BOOKING_BAD_ENCODING)
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(DataError) as err:
        read_file(path)
    assert err.value.message.is_from(R.BOOKING_OLD_EXCEL)


def test_unreadable_booking_files(tmp_path):
    with pytest.raises(DataError) as err:
        read_file(tmp_path / "none.csv")
    assert err.value.message.is_from(T.NO_FILE)
    with pytest.raises(DataError) as err:
        parse_json("[1,", "x.json")
    assert err.value.message.is_from(T.BAD_JSON) and err.value.message.value("line") == 1
    with pytest.raises(DataError) as err:
        parse_json('{"bookings": []}', "x.json")
    assert err.value.message.is_from(T.JSON_NOT_A_LIST)


async def test_a_quote_left_open_names_its_line_and_imports_nothing(engine, tmp_path):
    # line 4 (a title row, the header, a booking, then this one) opens a quote around the name
    # and never closes it: Python's csv would read the rest of the file as that one name
    rows = [list(r) for r in ROWS_ZH]
    rows[1][1] = '"测试乙'
    path = tmp_path / "预约名单.csv"
    path.write_bytes(("2026年11月25日预约名单\r\n" + csv_text(HEADER_ZH, rows)).encode("gbk"))
    with pytest.raises(DataError) as err:
        read_file(path)
    assert err.value.message.is_from(R.BOOKING_OPEN_QUOTE)
    assert (err.value.message.value("file"), err.value.message.value("line")) == (str(path), 4)
    assert await engine.appointments(DAY) == []
    # quotes as Excel writes them are no open quote: a doubled quote in a quoted field, and a
    # field over two lines (Alt+Enter in a cell) in the last row
    rows = [list(r) for r in ROWS_ZH]
    rows[0][1] = '"测试""甲"""'
    rows[2][1] = '"测试\n丙"'
    path.write_bytes(csv_text(HEADER_ZH, rows).encode("gbk"))
    source = read_file(path)
    assert [r.cells["name"].value for r in source.rows] == ['测试"甲"', "测试乙", "测试\n丙"]


async def test_a_field_over_128_kb_names_its_line(engine, tmp_path):
    rows = [list(r) for r in ROWS_ZH]
    rows[2][1] = '"' + "丙" * 140_000 + '"'  # over csv's 131072 characters
    path = tmp_path / "b.csv"
    path.write_bytes(csv_text(HEADER_ZH, rows).encode("gbk"))
    with pytest.raises(DataError) as err:
        read_file(path)
    assert err.value.message.is_from(R.BOOKING_FIELD_TOO_LONG)
    assert (err.value.message.value("line"), err.value.message.value("kb")) == (4, 128)
    assert await engine.appointments(DAY) == []


async def test_excel_for_mac_line_ends_and_a_total_row_under_the_bookings(engine, tmp_path):
    # Excel for Mac's "CSV" ends lines with a lone CR; platforms end the list with a total
    text = csv_text(HEADER_ZH, ROWS_ZH).replace("\r\n", "\r") + "合计：3 条\r"
    path = tmp_path / "b.csv"
    path.write_bytes(text.encode("gbk"))
    source = read_file(path)
    assert [r.place.row for r in source.rows] == [2, 3, 4]
    report = await engine.import_appointments(source, skip_bad_rows=False)
    [note] = report.warnings
    assert note.message.is_from(R.BOOKING_FOOTER_SKIPPED) and (note.row, note.letter) == (5, "A")
    await assert_imported(engine, report)
    # a booking with only its code is no total: it stays an error
    path.write_bytes((csv_text(HEADER_ZH, ROWS_ZH) + "MSB-20261125-0009\r\n").encode("gbk"))
    refused = await engine.import_appointments(read_file(path), skip_bad_rows=False)
    assert {(e.row, e.column) for e in refused.errors} == {(5, "事项"), (5, "预约开始时间")}


async def test_a_name_too_long_to_be_a_name_is_refused_at_its_column(engine, tmp_path):
    rows = [list(r) for r in ROWS_ZH]
    rows[1][1] = "乙" * 70_000  # under csv's limit, but no name: a column of something else
    rows[2][1] = "阿卜杜热西提·阿卜杜热合曼·" * 7  # 98 characters: a long name is still a name
    path = tmp_path / "b.csv"
    path.write_bytes(csv_text(HEADER_ZH, rows).encode("gbk"))
    report = await engine.import_appointments(read_file(path), skip_bad_rows=True)
    [error] = report.errors
    assert error.message.is_from(R.BOOKING_NAME_TOO_LONG) and (error.row, error.letter) == (3, "B")
    assert error.message.value("length") == 70_000
    assert {b.code: len(b.name) for b in report.bookings} == {CODES[0]: 3, CODES[2]: 98}


def test_a_folder_is_named_as_a_folder_with_the_files_in_it(tmp_path):
    folder = tmp_path / "预约"
    folder.mkdir()
    with pytest.raises(DataError) as err:
        read_file(folder)
    assert err.value.message.is_from(R.BOOKING_EMPTY_FOLDER) and "Errno" not in err.value.message.text("en")
    for name in ("预约名单.xlsx", "~$预约名单.xlsx", "b.csv", "readme.doc"):
        (folder / name).write_bytes(b"")
    with pytest.raises(DataError) as err:
        read_file(folder)
    assert err.value.message.is_from(R.BOOKING_IS_A_FOLDER)
    assert err.value.message.value("files") == "b.csv, 预约名单.xlsx"  # Excel's ~$ lock file is no booking file


# ---------------------------------------------------------------- values
@pytest.mark.parametrize("text", [
    "2026-11-25 09:30", "2026-11-25T09:30", "2026-11-25 09:30:00", "2026-11-25T09:30:00.000", "2026/11/25 9:30",
    "2026-11-25 9:30", "2026年11月25日 9:30", "2026/11/25 上午9:30", "2026-11-25T01:30:00Z",
    "2026-11-25T01:30:00+00:00", "2026-11-24T20:30-0500", "2026-11-25T09:30+08:00", "２０２６/１１/２５ ９：３０",
    "46351.3958333333", 46351.395833333336, datetime(2026, 11, 25, 9, 30)])
def test_times_as_booking_systems_and_excel_write_them(text):
    assert parse_datetime(text, SHANGHAI) == datetime(2026, 11, 25, 9, 30)


@pytest.mark.parametrize("text", ["", "noon", "2026-13-01 09:00", "9:30", "2026/11/25", "46351", "2026-11-25 25:00"])
def test_not_times(text):
    with pytest.raises(ValueError):
        parse_datetime(text, SHANGHAI)


def test_slots():
    assert parse_slot("09:30-10:00") == (None, time(9, 30), time(10, 0))
    assert parse_slot("9:30～10:00") == (None, time(9, 30), time(10, 0))
    assert parse_slot("２０２６/１１/２５ ０９：３０至１０：００") == (date(2026, 11, 25), time(9, 30), time(10, 0))


def test_validate_one_row_names_its_column():
    keys = Keys(privacy.new_key())
    row = {"code": "yy0001", "service": "社保", "slot_start": "2026/11/25 9:30", "slot_end": "2026/11/25 10:00",
           "phone": "１３８ ００１３ ８０００"}
    booking = validate(row, load_demo(), keys)
    assert (booking["code"], booking["service"], booking["phone_masked"]) == ("YY0001", "A", "138****8000")
    with pytest.raises(DataError) as err:
        validate({**row, "phone": "12"}, load_demo(), keys)
    assert err.value.message.is_from(R.BOOKING_BAD_PHONE) and err.value.detail["column"] == "phone"


# ---------------------------------------------------------------- personal data
@pytest.mark.parametrize("typed", ["13800138000", "+86 138 0013 8000", "+86-138-0013-8000", "0086-13800138000",
                                   "8613800138000", "(+86) 138 0013 8000", "１３８００１３８０００", "138.0013.8000",
                                   "'13800138000"])
def test_phones_are_normalised_to_the_11_digits(typed):
    assert privacy.normalise_phone(typed) == "13800138000"


def test_ids_are_normalised_and_their_problems_named():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in ID_2.lower())
    for typed in (ID_2.lower(), f" {ID_2} ", f"'{ID_2}", f'"{ID_2}"', f'="{ID_2}"', full_width, f"“{ID_2}”"):
        assert privacy.normalise_id(typed) == ID_2, typed
    assert privacy.id_problem(ID_2) is None
    assert privacy.id_problem("1.50627E+17") == privacy.IdProblem.EXCEL_NUMBER
    assert privacy.id_problem(ID_1[:15] + "000") == privacy.IdProblem.EXCEL_NUMBER
    assert privacy.id_problem(ID_1[:6] + ID_1[8:17]) == privacy.IdProblem.FIFTEEN_DIGITS
    assert privacy.id_problem(ID_1[:17] + ("1" if ID_1[-1] == "0" else "0")) == privacy.IdProblem.CHECKSUM


async def test_id_and_phone_are_stored_only_hashed_and_masked(engine, db_path):
    await engine.import_appointments([dict(code="YY0001", name="张三", id_number="11010519491231002X",
                                           phone="+86 138 1234 5678", service="A",
                                           slot_start="2026-11-25 10:00", slot_end="2026-11-25 10:30")])
    dump = "\n".join(sqlite3.connect(db_path).iterdump())
    assert "11010519491231002X" not in dump and "13812345678" not in dump
    [booking] = await engine.appointments()
    assert booking.id_masked == "1101**********002X" and booking.phone_masked == "138****5678"


async def test_check_in_reads_what_people_type(engine, clock):
    await engine.import_appointments([dict(code="YY0001", name="张三", id_number=ID_2, phone="13800138000",
                                           service="A", slot_start="2026-11-25 09:30", slot_end="2026-11-25 10:00"),
                                      dict(code="13900139000", service="B", slot_start="2026-11-25 09:30",
                                           slot_end="2026-11-25 10:00")])
    assert (await engine.check_in("+86 138 0013 8000")).appointment.code == "YY0001"
    assert (await engine.check_in(" ｙｙ０００１ ")).outcome == "already"
    assert (await engine.check_in(ID_2.lower())).outcome == "already"
    # a code that looks like a phone number: no booking has that phone, so it is a code
    assert (await engine.check_in("13900139000")).appointment.code == "13900139000"
    assert (await engine.check_in(ID_1[:17] + ("1" if ID_1[-1] == "0" else "0"))).outcome == "invalid"
    fifteen = await engine.check_in(ID_1[:6] + ID_1[8:17])
    assert fifteen.outcome == "invalid" and fifteen.message.is_from(T.CHECKIN_ID_15_DIGITS)


def test_id_checksum_age_and_masks():
    assert privacy.valid_id("11010519491231002X")
    assert not privacy.valid_id("110105194912310021")
    assert not privacy.valid_id("11010519491331002X")  # month 13
    assert privacy.age_on("11010519491231002X", date(2026, 11, 25)) == 76
    assert privacy.mask_id("150123199001011234") == "1501**********1234"
    assert privacy.mask_phone("13812345678") == "138****5678"
    assert all(privacy.valid_id(i) for i in (ID_1, ID_2, ID_3))


def test_pins_are_scrypt_hashed():
    salt, digest = privacy.hash_pin("1234")
    assert privacy.pin_matches("1234", salt, digest) and not privacy.pin_matches("1235", salt, digest)
