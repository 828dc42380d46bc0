"""Reading a booking file as booking systems and Excel write it: CSV in any of the
encodings a Chinese PC saves, an Excel workbook, or JSON; headers in English or Chinese.

The morning's bookings reach a hall as the province's booking platform exported them,
usually opened and saved once in Excel on a Chinese Windows PC. So a "CSV" may be
UTF-8 (with or without the BOM Excel writes for "CSV UTF-8"), GBK (Excel's plain "CSV" on
a Chinese PC) or UTF-16 with tabs (Excel's "Unicode text"); or the .xlsx itself, whose
cells hold real dates, times and numbers. The column headers may be the platform's
Chinese ones (预约号, 姓名, 身份证号, …) or ours (code, name, id_number, …), with a title
row above them and a total ("合计：12 条") below; the slot may be start and end columns or a
date and a "09:00-09:30" column. Lines may end in CR LF, LF or a lone CR (Excel for Mac). A
file the csv module would misread is refused at its line: a quote never closed (the rest of
the file would be one field) or a field over the module's 128 KB.

What comes out is a `BookingFile`: every row's cells by booking field, each cell with the
column it came from, so every problem can name the file, the line (or sheet and row) and
the column. The values are read as they are; db.appointments checks and normalises them.

Which encoding (`decode`): a strict try in order, no guessing from statistics.
1. A byte-order mark says it: UTF-8 (EF BB BF) or UTF-16 (FF FE, FE FF).
2. NUL bytes mean UTF-16 without a mark (no GBK or UTF-8 text of a booking holds a NUL):
   little- or big-endian by which half of the byte pairs the NULs are in.
3. UTF-8, strictly. GBK text is almost never valid UTF-8: the lead bytes of the commonest
   characters (B0–BF: 啊…剥 and on) are UTF-8 continuation bytes, which cannot start a
   character, and a multi-byte UTF-8 character needs exactly its count of continuation bytes.
   Measured on random 2–3 character names from GB2312's level-1 characters, about 2 in 100
   lone names pass as UTF-8, and no line holding a usual Chinese header or service name
   does. For those few files the UTF-8 reading then holds no Chinese character at all (only
   Latin, Cyrillic or Hangul letters, or private-use characters), while the GB18030
   reading is Chinese throughout: such a file is read as GB18030 (step 4). A UTF-8 file
   whose non-ASCII text holds no Chinese character either (foreign names only) and reads as
   Chinese in GB18030 would be taken for GB18030; the import says which encoding it used.
4. GB18030, strictly: the national standard that contains GBK and GB2312, so any file a
   Chinese Windows PC writes as "ANSI" decodes.
Whatever is chosen, only non-ASCII text can differ between the readings: codes, ID and
phone numbers and times are ASCII and read the same, and headers and service names are
checked against the names the hall accepts. A wrong reading can only garble a name, and
the dry run shows the names. (charset-normalizer was tried: on a one-row GBK file it
answered Big5 every time.)
"""
from __future__ import annotations

import codecs
import csv
import functools
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hallq.db import report_texts as R
from hallq.db import texts as T
from hallq.db.errors import DataError
from hallq.db.models import Place, RowProblem, SourceKind

#: the booking fields and the column names accepted for each (compared as `header_key` does)
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "code": ("code", "booking_code", "appointment_code", "booking_no", "reservation_code",
             "预约号", "预约码", "预约编号", "预约单号", "预约号码", "预约编码"),
    "name": ("name", "applicant", "姓名", "申请人", "申请人姓名", "预约人", "预约人姓名", "办事人", "办事人姓名"),
    "id_number": ("id_number", "id_no", "id_card", "idcard", "身份证号", "身份证号码", "身份证", "证件号码", "证件号",
                  "身份证件号码", "申请人证件号码"),
    "phone": ("phone", "mobile", "phone_number", "tel", "手机号", "手机号码", "手机", "联系电话", "电话", "电话号码",
              "联系方式"),
    "service": ("service", "事项", "事项名称", "业务", "业务类别", "业务类型", "业务名称", "办理事项", "预约事项",
                "预约业务"),
    "slot_start": ("slot_start", "start", "start_time", "预约开始时间", "开始时间", "时段开始"),
    "slot_end": ("slot_end", "end", "end_time", "预约结束时间", "结束时间", "时段结束"),
    "date": ("date", "day", "booking_date", "预约日期", "日期", "办理日期"),
    "slot": ("slot", "time_slot", "period", "预约时段", "时段", "预约时间段", "时间段", "预约时间"),
}
FIELDS = tuple(HEADER_NAMES)
#: rows searched for the header row (a title row may stand above it)
HEADER_SEARCH_ROWS = 10
#: a row is the header when it names at least this many booking fields
HEADER_MIN_FIELDS = 3
#: field delimiters tried for a text file: comma (CSV), tab (Excel's "Unicode text"), semicolon
DELIMITERS = (",", "\t", ";")
#: a row below the header that is a total or a note, as platforms end their exports
#: ("合计：12 条", "共12条", "导出时间：…"): skipped, with a warning, when it is the row's only
#: booking cell (a booking with only its code filled in stays an error)
FOOTER_RE = re.compile(r"\s*(合计|总计|小计|共计|统计|共\s*\d|导出|制表|打印|备注|说明|注[:：]"
                       r"|total|count|sum\b|exported|printed)", re.IGNORECASE)
#: the files a booking file may be (named when a folder is given instead of a file)
BOOKING_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".json")
#: JSON keys holding the list of bookings in an object
JSON_LIST_KEYS = ("appointments", "items")
_HEADER_CHARS = str.maketrans({c: "" for c in "*:"})
_BRACKETED = re.compile(r"[(\[【].*?[)\]】]")


@dataclass(frozen=True)
class Cell:
    """One booking field of a row, as read.

    Attributes:
        value: str for text; an XLSX cell's datetime, time, int or float as Excel stored
            it; a JSON value; None for an empty cell.
        column: the column as the file names it (its header, or the JSON key).
        letter: the spreadsheet column (A, B, …) of a CSV or XLSX column; None for JSON.
    """

    value: object
    column: str
    letter: str | None = None


@dataclass(frozen=True)
class RawBooking:
    """One row of a booking file: its place and its cells by booking field (FIELDS).

    `cells` is None when a JSON item is not an object.
    """

    place: Place
    cells: dict[str, Cell] | None


@dataclass(frozen=True)
class BookingFile:
    """A booking file read: its rows, how it was read, and notes on its columns.

    Attributes:
        source: the file as given ("request body" for the booking API).
        kind: csv, xlsx or json.
        rows: the bookings, blank rows left out.
        encoding: how a text file was decoded (see `decode`); None for XLSX.
        ignored_columns: columns that are not booking fields (序号, 状态, …).
        notes: problems of the header that do not stop the import (a field given twice).
    """

    source: str
    kind: SourceKind
    rows: tuple[RawBooking, ...]
    encoding: str | None = None
    ignored_columns: tuple[str, ...] = ()
    notes: tuple[RowProblem, ...] = ()


def header_key(text: object) -> str:
    """A column name as compared: NFKC (full-width → ASCII), bracketed notes ("(必填)")
    and * or : dropped, spaces and dashes as _, case folded."""
    key = _BRACKETED.sub("", unicodedata.normalize("NFKC", str(text))).translate(_HEADER_CHARS).strip()
    return re.sub(r"[\s\-]+", "_", key).casefold()


_FIELD_OF = {header_key(name): f for f, names in HEADER_NAMES.items() for name in names}


def field_of(header: object) -> str | None:
    """The booking field a column name stands for, or None."""
    return _field_of_name(str(header)) if header is not None else None


@functools.lru_cache(maxsize=1024)
def _field_of_name(name: str) -> str | None:
    """(field_of for a name: JSON gives every item's keys, mostly the same few)"""
    return _FIELD_OF.get(header_key(name))


def accepted_names(fields: Iterable[str] = FIELDS) -> str:
    """The accepted column names of `fields`, for a message: "code: code, 预约号, …; name: …"."""
    return "; ".join(f"{f}: {', '.join(HEADER_NAMES[f])}" for f in fields)


def missing_fields(fields: Iterable[str]) -> list[str]:
    """The fields a header lacks: code, service, and a slot (slot_start and slot_end, or slot)."""
    have = set(fields)
    missing = [f for f in ("code", "service") if f not in have]
    if "slot" not in have:
        missing += [f for f in ("slot_start", "slot_end") if f not in have]
    return missing


# ---------------------------------------------------------------------- reading
def read_file(path: str | Path) -> BookingFile:
    """The bookings of a .csv (or tab-separated .txt), .xlsx or .json file.

    JSON also when the text starts with [ or {; an Excel workbook also by its content.

    Returns:
        The BookingFile.

    Raises:
        DataError: no such file, a folder (naming the booking files in it), a file that
            cannot be read (no permission), an old .xls, an encoding that cannot be read,
            no header row or required columns missing (naming the accepted names), a CSV
            broken at a line (parse_csv), not JSON.
    """
    path = Path(path)
    if path.is_dir():
        files = _booking_files_in(path)
        if files is None:
            raise DataError(R.BOOKING_EMPTY_FOLDER(path=str(path)))
        raise DataError(R.BOOKING_IS_A_FOLDER(path=str(path), files=files))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(T.NO_FILE(path=str(path))) from None
    except PermissionError:
        raise DataError(R.BOOKING_NO_PERMISSION(path=str(path))) from None
    except OSError as exc:  # a device, a broken network drive: say which and why, without "[Errno …]"
        raise DataError(R.BOOKING_CANNOT_READ(path=str(path), reason=exc.strerror or type(exc).__name__)) from None
    source = str(path)
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, source)
    if data.startswith(b"\xd0\xcf\x11\xe0") or path.suffix.lower() == ".xls":
        raise DataError(R.BOOKING_OLD_EXCEL(file=source))
    text, encoding = decode(data, source)
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        return parse_json(text, source, encoding)
    return parse_csv(text, source, encoding)


def _booking_files_in(folder: Path, most: int = 5) -> str | None:
    """The names of the booking files a folder holds (at most `most`, then "…"), for the
    error that a folder was given; None when it holds none."""
    try:
        names = sorted(p.name for p in folder.iterdir()
                       if p.suffix.lower() in BOOKING_SUFFIXES and not p.name.startswith(("~$", ".")))
    except OSError:
        names = []
    return ", ".join(names[:most]) + (" …" if len(names) > most else "") if names else None


def decode(data: bytes, source: str) -> tuple[str, str]:
    """A text file's text, and the name of the encoding it was read in (see the module doc).

    Args:
        data: the file's bytes.
        source: the file, for the error.

    Returns:
        (text, encoding): encoding "UTF-8", "UTF-8 (BOM)", "UTF-16", "UTF-16LE",
        "UTF-16BE" or "GB18030".

    Raises:
        DataError: none of them reads it (naming the first bad byte's line).
    """
    boms = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (BOM)"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
            (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
    for bom, codec, name in boms:
        if data.startswith(bom):
            return _strict(data, codec, name, source), name
    if b"\x00" in data[:4096]:
        little = data[1:4096:2].count(0) >= data[0:4096:2].count(0)
        codec, name = ("utf-16-le", "UTF-16LE") if little else ("utf-16-be", "UTF-16BE")
        return _strict(data, codec, name, source), name
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            return data.decode("gb18030"), "GB18030"
        except UnicodeDecodeError:
            line = data.count(b"\n", 0, exc.start) + 1
            raise DataError(R.BOOKING_UNKNOWN_ENCODING(file=source, line=line)) from None
    if not _has_chinese(text) and not text.isascii():
        try:
            other = data.decode("gb18030")
        except UnicodeDecodeError:
            return text, "UTF-8"
        if all(_is_chinese(c) for c in other if not c.isascii()):
            return other, "GB18030"
    return text, "UTF-8"


def _strict(data: bytes, codec: str, name: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].decode(codec, errors="replace").count("\n") + 1
        raise DataError(R.BOOKING_BAD_ENCODING(file=source, encoding=name, line=line)) from None


def _is_chinese(char: str) -> bool:
    """A Han character, CJK punctuation, a full-width form or the middle dot of
    minority names (阿依古丽·买买提)."""
    code = ord(char)
    return (0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x2FFFF or char in "·•")


def _has_chinese(text: str) -> bool:
    return any(0x3400 <= ord(c) <= 0x9FFF for c in text)


def _letter(index: int) -> str:
    """The spreadsheet letter of a column (0 → A, 26 → AA)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def blank(value: object) -> bool:
    """An empty cell: None, or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class _Header:
    """The header row found in a table: its row, the column of each field, the notes."""

    row: int
    columns: dict[str, int]
    names: tuple[str, ...]
    ignored: tuple[str, ...]
    twice: tuple[tuple[str, int, int], ...]  # (field, the column used, the column left out)


def _find_header(rows: Sequence[tuple[int, Sequence[object]]]) -> _Header | None:
    """The first of the first rows that names at least HEADER_MIN_FIELDS booking fields."""
    looked = 0
    for number, cells in rows:
        if all(blank(c) for c in cells):
            continue
        looked += 1
        if looked > HEADER_SEARCH_ROWS:
            break
        columns: dict[str, int] = {}
        twice = []
        ignored = []
        for i, cell in enumerate(cells):
            field = field_of(cell) if isinstance(cell, str) else None
            if field is None:
                if not blank(cell):
                    ignored.append(str(cell).strip())
            elif field in columns:
                twice.append((field, columns[field], i))
            else:
                columns[field] = i
        if len(columns) >= HEADER_MIN_FIELDS:
            names = tuple("" if c is None else str(c).strip() for c in cells)
            return _Header(number, columns, names, tuple(ignored), tuple(twice))
    return None


def _table(rows: Sequence[tuple[int, Sequence[object]]], source: str, kind: SourceKind, encoding: str | None,
           sheet: str | None = None) -> BookingFile:
    """A BookingFile from a table's (row number, cells) rows.

    Raises:
        DataError: no header row, or one without the required fields.
    """
    first = next((n for n, cells in rows if not all(blank(c) for c in cells)), 1)
    header = _find_header(rows)
    if header is None:
        raise DataError(R.BOOKING_NO_HEADER(place=_place(source, kind, first, sheet).label(),
                                            rows=HEADER_SEARCH_ROWS, names=accepted_names()))
    missing = missing_fields(header.columns)
    if missing:
        slot = [f for f in ("slot", "date") if f not in header.columns and {"slot_start", "slot_end"} & set(missing)]
        text = R.BOOKING_MISSING_SLOT_COLUMNS if slot else R.BOOKING_MISSING_COLUMNS
        raise DataError(text(place=_place(source, kind, header.row, sheet).label(), fields=", ".join(missing),
                             names=accepted_names([*missing, *slot])))
    notes = tuple(RowProblem(_place(source, kind, header.row, sheet),
                             R.BOOKING_COLUMN_TWICE(field=field, used=_letter(used), other=_letter(other),
                                                    other_name=header.names[other]),
                             header.names[used], _letter(used))
                  for field, used, other in header.twice)
    out = []
    for number, cells in rows:
        if number <= header.row or all(blank(c) for c in cells):
            continue
        found = {field: Cell(cells[i] if i < len(cells) else None, header.names[i], _letter(i))
                 for field, i in header.columns.items()}
        filled = [c for c in found.values() if not blank(c.value)]
        if not filled:
            continue  # a row with only columns that are not booking fields (a footnote)
        if len(filled) == 1 and isinstance(filled[0].value, str) and FOOTER_RE.match(filled[0].value):
            notes += (RowProblem(_place(source, kind, number, sheet),
                                 R.BOOKING_FOOTER_SKIPPED(text=filled[0].value.strip()), filled[0].column,
                                 filled[0].letter),)
            continue
        out.append(RawBooking(_place(source, kind, number, sheet), found))
    return BookingFile(source, kind, tuple(out), encoding, header.ignored, notes)


def _place(source: str, kind: SourceKind, row: int, sheet: str | None) -> Place:
    return Place(source, kind, row, sheet=sheet)


def parse_csv(text: str, source: str = "", encoding: str | None = None) -> BookingFile:
    """CSV (or tab- or semicolon-separated) bookings with a header row.

    The delimiter is the one with which a header row is found naming the most fields.

    Args:
        text: the file's text.
        source: the file, named in errors.
        encoding: how it was decoded, kept in the result.

    Raises:
        DataError: no header row, or required columns missing; a quote never closed or a
            field over the csv module's limit (naming the line its record starts on).
    """
    best: tuple[int, list[tuple[int, list[str]]], _Broken | None] | None = None
    first_broken: _Broken | None = None
    for delimiter in DELIMITERS:
        rows, broken = _csv_rows(text, delimiter)
        first_broken = first_broken or broken
        header = _find_header(rows)
        score = len(header.columns) if header else 0
        if best is None or score > best[0]:
            best = (score, rows, broken)
    assert best is not None
    score, rows, broken = best
    broken = broken or (first_broken if score == 0 else None)  # no header: the break is the likelier cause
    if broken is not None:
        if broken.open_quote:
            raise DataError(R.BOOKING_OPEN_QUOTE(file=source, line=broken.line))
        if broken.reason is not None:
            raise DataError(R.BOOKING_NOT_CSV(file=source, line=broken.line, reason=broken.reason))
        raise DataError(R.BOOKING_FIELD_TOO_LONG(file=source, line=broken.line, kb=csv.field_size_limit() // 1024))
    return _table(rows, source, SourceKind.CSV, encoding)


@dataclass(frozen=True)
class _Broken:
    """Where a CSV text stops being a table: a record with a field longer than the csv
    module's limit (131072 characters), or a quote opened and never closed (the rest of
    the file would read as one field)."""

    line: int
    open_quote: bool
    reason: str | None = None  # the csv module's words for a break other than these two


def _csv_rows(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], _Broken | None]:
    """(line the record starts on, its cells) of every record, and where the text breaks.

    A quote left open makes Python's csv module read the rest of the file as one field,
    without an error: the last record is checked for it (`_ends_in_quote`). A field over
    the limit raises csv.Error: the record it is in is named.
    """
    # newline="": lines end at CR LF, LF or a lone CR (Excel for Mac's "CSV"), and a quoted
    # field keeps its own line breaks (the csv module's advice)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            out.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        return out, _Broken(line, open_quote=False, reason=None if "field larger" in str(exc) else str(exc))
    if out:
        last = out[-1][0]
        rest = "".join(io.StringIO(text, newline="").readlines()[last - 1:])
        if _ends_in_quote(rest, delimiter):
            return out[:-1], _Broken(last, open_quote=True)
    return out, None


def _ends_in_quote(text: str, delimiter: str) -> bool:
    """Whether CSV text ends inside a quoted field: the states of Python's csv reader (not
    strict, quote '"' doubled inside a field), in which a quote opens a field only as its
    first character and one inside a quoted field closes it unless doubled."""
    start, plain, quoted, quote_in_quoted = range(4)
    state = start
    for char in text:
        if state == quoted:
            if char == '"':
                state = quote_in_quoted
        elif char == delimiter or char in "\r\n":
            state = start
        elif state == start:
            state = quoted if char == '"' else plain
        elif state == quote_in_quoted:
            state = quoted if char == '"' else plain
    return state == quoted


def read_xlsx(data: bytes, source: str) -> BookingFile:
    """The bookings of an Excel workbook: the first sheet with a header row.

    Cells keep what Excel stored: datetime and time cells, numbers (an ID Excel turned
    into a number stays a float, so the import can tell), text.

    Raises:
        DataError: not a workbook, or no sheet with a header row (naming the first sheet).
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises several kinds for a broken file
        raise DataError(R.BOOKING_NOT_XLSX(file=source)) from None
    try:
        first_problem: DataError | None = None
        for sheet in book.worksheets:
            rows = [(n, list(cells)) for n, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)]
            try:
                return _table(rows, source, SourceKind.XLSX, None, sheet.title)
            except DataError as exc:
                first_problem = first_problem or exc
        raise first_problem or DataError(R.BOOKING_NOT_XLSX(file=source))
    finally:
        book.close()


def parse_json(text: str, source: str, encoding: str | None = None) -> BookingFile:
    """JSON bookings: a list of objects, or {"appointments": [...]} (or "items"); keys
    named as CSV columns are (code, 预约号, …).

    Args:
        text: the JSON text.
        source: the file (or "request body") errors name.
        encoding: how it was decoded.

    Returns:
        The BookingFile: each item's place is its number from 1 and the line it starts on.

    Raises:
        DataError: not JSON (with its line), or no list of bookings.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(T.BAD_JSON(path=source, line=exc.lineno, problem=exc.msg)) from None
    except RecursionError:  # [[[[…]]]] deeper than Python's stack: not bookings either
        raise DataError(T.JSON_TOO_DEEP(path=source)) from None
    found = _json_item_starts(text)
    if isinstance(data, dict):
        key = next((k for k in JSON_LIST_KEYS if k in data), None)
        data = data.get(key) if key else None
        starts = found.get(key, []) if key else []
    else:
        starts = found.get("", [])
    if not isinstance(data, list):
        raise DataError(T.JSON_NOT_A_LIST)
    rows = []
    line, counted = 1, 0  # the line of offset `counted`: counted on from the last item, not from 0 each time
    for i, item in enumerate(data):
        if i < len(starts):
            line += text.count("\n", counted, starts[i])
            counted = starts[i]
        place = Place(source, SourceKind.JSON, i + 1, line=line if i < len(starts) else None)
        if not isinstance(item, dict):
            rows.append(RawBooking(place, None))
            continue
        cells: dict[str, Cell] = {}
        for key, value in item.items():
            field = field_of(key)
            if field is not None and field not in cells:
                cells[field] = Cell(value, key)
        rows.append(RawBooking(place, cells))
    return BookingFile(source, SourceKind.JSON, tuple(rows), encoding)


def _json_item_starts(text: str) -> dict[str, list[int]]:
    """Where each item of the bookings list starts in valid JSON text: under "" for a
    top-level list, else under each key of the top-level object whose value is a list."""
    decoder = json.JSONDecoder()
    space = re.compile(r"\s*")

    def skip(i: int) -> int:
        match = space.match(text, i)
        return match.end() if match else i

    def items(i: int) -> list[int]:
        starts = []
        i = skip(i + 1)
        while text[i] != "]":
            starts.append(i)
            _, i = decoder.raw_decode(text, i)
            i = skip(i)
            if text[i] == ",":
                i = skip(i + 1)
        return starts

    i = skip(0)
    if text.startswith("[", i):
        return {"": items(i)}
    found: dict[str, list[int]] = {}
    if text.startswith("{", i):
        i = skip(i + 1)
        while text[i] != "}":
            key, i = decoder.raw_decode(text, i)
            i = skip(skip(i) + 1)  # past the colon
            if text.startswith("[", i):
                found[str(key)] = items(i)
            _, i = decoder.raw_decode(text, i)
            i = skip(i)
            if text[i] == ",":
                i = skip(i + 1)
    return found


def from_rows(rows: Iterable[object]) -> BookingFile:
    """Booking dicts given in code (the demo, the simulator, a replay): keys as JSON's.

    Returns:
        The BookingFile; places are the rows' numbers from 1.
    """
    out = []
    for i, item in enumerate(rows, 1):
        place = Place("", SourceKind.ROWS, i)
        if not isinstance(item, dict):
            out.append(RawBooking(place, None))
            continue
        cells = {}
        for key, value in item.items():
            field = field_of(key)
            if field is not None and field not in cells:
                cells[field] = Cell(value, str(key))
        out.append(RawBooking(place, cells))
    return BookingFile("", SourceKind.ROWS, tuple(out))
