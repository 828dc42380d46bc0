"""Importing bookings from the online booking system (CSV or JSON).

Each row: code, name, id_number, phone, service, slot_start, slot_end. Bad rows are
reported with their line number and skipped; good rows are imported; importing the
same file again changes nothing (rows are keyed by code). ID and phone numbers are
kept only as keyed hashes and masked forms.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hallq.db import privacy
from hallq.db import texts as T
from hallq.db.clock import iso
from hallq.db.errors import DataError
from hallq.db.models import ImportReport
from hallq.db.store import append_event
from hallq.db.vocabulary import EventKind

if TYPE_CHECKING:
    from hallq.db.core import Keys
    from hallq.db.engine import HallEngine

FIELDS = ("code", "name", "id_number", "phone", "service", "slot_start", "slot_end")
CODE_RE = re.compile(r"^[A-Z0-9-]{4,32}$")


def read_file(path: str | Path) -> list[tuple[int, dict]]:
    """(line number, row) pairs from a .csv or .json file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(T.NO_FILE(path=str(path))) from None
    except UnicodeDecodeError:
        raise DataError(T.NOT_UTF8(path=str(path))) from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        return parse_json(text, str(path))
    return parse_csv(text)


def parse_csv(text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in ("code", "service", "slot_start", "slot_end") if f not in (reader.fieldnames or [])]
    if missing:
        raise DataError(T.CSV_MISSING_COLUMNS(columns=", ".join(missing)))
    return [(reader.line_num, row) for row in reader]


def parse_json(text: str, source: str) -> list[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(T.BAD_JSON(path=source, line=exc.lineno, problem=exc.msg)) from None
    if isinstance(data, dict):
        data = data.get("appointments", data.get("items"))
    if not isinstance(data, list):
        raise DataError(T.JSON_NOT_A_LIST)
    return [(i + 1, row) for i, row in enumerate(data)]


def _parse_time(value) -> datetime:
    text = str(value or "").strip().replace("/", "-")
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None, second=0, microsecond=0)
    except ValueError:
        raise ValueError(f"'{value}' is not a date and time like 2026-11-25 09:00") from None


def validate(row: dict, services: set[str], keys: Keys) -> dict:
    """One booking row → the values to store; raises ValueError with the problem."""
    if not isinstance(row, dict):
        raise ValueError("not an object with fields")
    code = str(row.get("code") or "").strip().upper()
    if not CODE_RE.match(code):
        raise ValueError(f"code '{row.get('code')}' must be 4–32 letters, digits or '-'")
    service = str(row.get("service") or "").strip().upper()
    if service not in services:
        raise ValueError(f"unknown service '{row.get('service')}' (services: {', '.join(sorted(services))})")
    start, end = _parse_time(row.get("slot_start")), _parse_time(row.get("slot_end"))
    if end <= start:
        raise ValueError("slot_end must be after slot_start")
    if start.date() != end.date():
        raise ValueError("a slot must start and end on the same day")
    out = {"code": code, "name": str(row.get("name") or "").strip(), "service": service,
           "slot_start": iso(start), "slot_end": iso(end),
           "id_hash": None, "id_masked": None, "phone_hash": None, "phone_masked": None}
    id_number = privacy.normalise_id(str(row.get("id_number") or ""))
    if id_number:
        if not privacy.valid_id(id_number):
            raise ValueError("id_number is not a valid 18-digit ID number (checksum)")
        out["id_hash"] = keys.id_hash(id_number)
        out["id_masked"] = privacy.mask_id(id_number)
    phone = re.sub(r"[\s-]", "", str(row.get("phone") or ""))
    if phone:
        if not privacy.valid_phone(phone):
            raise ValueError(f"phone '{privacy.mask_phone(phone) if len(phone) > 7 else phone}' is not an 11-digit mobile number")
        out["phone_hash"] = keys.phone_hash(phone)
        out["phone_masked"] = privacy.mask_phone(phone)
    return out


async def import_rows(engine: HallEngine, rows: Iterable, actor: str) -> ImportReport:
    rows = list(rows)
    numbered = rows if rows and isinstance(rows[0], tuple) else list(enumerate(rows, 1))
    now = engine.now()
    services = {s.prefix for s in (await engine.config()).services}
    errors, good = [], []
    for line, row in numbered:
        try:
            good.append((line, validate(row, services, engine.keys)))
        except ValueError as exc:
            errors.append((line, str(exc)))

    def tx(db):
        imported = updated = unchanged = 0
        for line, values in good:
            old = db.execute("SELECT * FROM appointments WHERE code=?", (values["code"],)).fetchone()
            if old is None:
                db.execute("INSERT INTO appointments (code, name, service, slot_start, slot_end, id_hash, id_masked,"
                           " phone_hash, phone_masked, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                           (*values.values(), iso(now)))
                imported += 1
            elif all(old[k] == v for k, v in values.items()):
                unchanged += 1
            elif old["ticket_id"] is not None:
                errors.append((line, f"booking {values['code']} is already checked in; not changed"))
            else:
                db.execute("UPDATE appointments SET name=?, service=?, slot_start=?, slot_end=?, id_hash=?, id_masked=?,"
                           " phone_hash=?, phone_masked=? WHERE code=?",
                           (values["name"], values["service"], values["slot_start"], values["slot_end"], values["id_hash"],
                            values["id_masked"], values["phone_hash"], values["phone_masked"], values["code"]))
                updated += 1
        append_event(db, now, EventKind.APPOINTMENTS_IMPORTED, actor=actor, imported=imported, updated=updated,
                     unchanged=unchanged, errors=len(errors))
        return imported, updated, unchanged

    imported, updated, unchanged = await engine.write(tx)
    return ImportReport(imported, updated, unchanged, tuple(sorted(errors)))
