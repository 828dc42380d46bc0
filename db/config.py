"""hall.toml: the hall's services, windows, kiosks, clerks and policy knobs.

Every problem is reported as a ConfigError naming the file, the key and, where it
can be found in the text, the line.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import time
from importlib import resources
from pathlib import Path

from hallq.db.errors import ConfigError

PREFIX_RE = re.compile(r"^[A-Z]$")
HOURS_RE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Policy:
    appointment_early_minutes: int = 15
    appointment_late_minutes: int = 15
    max_priority_in_a_row: int = 2
    recalls_before_no_show: int = 2
    rejoin_places_behind_head: int = 3
    long_wait_minutes: int = 30
    pin_attempts: int = 5
    pin_lockout_minutes: int = 5
    rating_default_days: int = 7   # a finished ticket unrated this long gets …
    rating_default_level: int = 4  # … this level (4 满意)


@dataclass(frozen=True)
class AnnounceConfig:
    """How the hall screen speaks a call: "请A001号到3号窗口办理"."""

    repeat: int = 2
    english: bool = False
    voice: str = "espeak"  # espeak | clips | none
    clips: str | None = None  # folder of recorded clips for voice = "clips"


@dataclass(frozen=True)
class ServiceConfig:
    prefix: str
    name: str
    name_en: str
    handling_minutes: float = 10
    hours: tuple[tuple[time, time], ...] = ()
    daily_limit: int | None = None
    appointment_only: bool = False

    def label(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class WindowConfig:
    number: int
    name: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class KioskConfig:
    id: str
    printer: str | None
    services: tuple[str, ...]
    token: str | None = None


@dataclass(frozen=True)
class ClerkConfig:
    id: str
    name: str
    pin: str
    role: str = "clerk"


@dataclass(frozen=True)
class HallConfig:
    name: str
    name_en: str
    services: tuple[ServiceConfig, ...]
    windows: tuple[WindowConfig, ...]
    kiosks: tuple[KioskConfig, ...] = ()
    clerks: tuple[ClerkConfig, ...] = ()
    policy: Policy = field(default_factory=Policy)
    announce: AnnounceConfig = field(default_factory=AnnounceConfig)
    notice: str = ""
    status_url: str = ""
    source: str = ""

    def service(self, prefix: str) -> ServiceConfig | None:
        return next((s for s in self.services if s.prefix == prefix), None)

    def window(self, number: int) -> WindowConfig | None:
        return next((w for w in self.windows if w.number == number), None)

    def kiosk(self, kiosk_id: str) -> KioskConfig | None:
        return next((k for k in self.kiosks if k.id == kiosk_id), None)


POLICY_RANGES = {"rating_default_level": (1, 5), "pin_attempts": (1, 100)}

DEMO_PATH = "db/demo_hall.toml"


def demo_text() -> str:
    return resources.files("hallq.db").joinpath("demo_hall.toml").read_text(encoding="utf-8")


def load_config(path: str | Path) -> HallConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "(file)", "no such file") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "(file)", "not UTF-8 text") from None
    return parse_config(text, str(path))


def load_demo() -> HallConfig:
    return parse_config(demo_text(), DEMO_PATH)


class _Reader:
    """Reads typed values out of the parsed TOML, pointing at lines on error."""

    def __init__(self, text: str, source: str):
        self.lines = text.splitlines()
        self.source = source

    def line_of(self, table: str, index: int | None, key: str | None) -> int | None:
        """Best-effort line number of `key` inside the `index`-th [[table]] (or [table])."""
        header = re.compile(r"^\s*\[\[\s*%s\s*\]\]" % re.escape(table) if index is not None
                            else r"^\s*\[\s*%s\s*\]" % re.escape(table))
        seen, start = -1, None
        for no, line in enumerate(self.lines, 1):
            if header.match(line):
                seen += 1
                if index is None or seen == index:
                    start = no
                    break
        if start is None:
            return None
        if key is None:
            return start
        key_re = re.compile(r"^\s*%s\s*=" % re.escape(key))
        for no in range(start + 1, len(self.lines) + 1):
            line = self.lines[no - 1]
            if re.match(r"^\s*\[", line):
                break
            if key_re.match(line):
                return no
        return start

    def fail(self, table: str, index: int | None, key: str | None, problem: str):
        where = table if index is None else f"{table}[{index}]"
        name = f"{where}.{key}" if key else where
        raise ConfigError(self.source, name, problem, self.line_of(table, index, key))


def parse_config(text: str, source: str = "hall.toml") -> HallConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(source, "(syntax)", f"not valid TOML: {exc}", int(match.group(1)) if match else None) from None
    r = _Reader(text, source)

    def get(table: dict, tname: str, idx: int | None, key: str, kind, default=..., check=None):
        if key not in table:
            if default is ...:
                r.fail(tname, idx, None, f"missing required key '{key}'")
            return default
        value = table[key]
        ok = isinstance(value, kind) and not (kind in (int, float, (int, float)) and isinstance(value, bool))
        if not ok:
            kinds = kind if isinstance(kind, tuple) else (kind,)
            r.fail(tname, idx, key, f"expected {' or '.join(k.__name__ for k in kinds)}, got {value!r}")
        if check:
            problem = check(value)
            if problem:
                r.fail(tname, idx, key, problem)
        return value

    hall = data.get("hall")
    if not isinstance(hall, dict):
        raise ConfigError(source, "hall", "missing [hall] table with at least name = \"…\"", None)
    name = get(hall, "hall", None, "name", str, check=lambda v: None if v.strip() else "must not be empty")
    # [simulation] is the staffing simulator's (db.simulate.parse_profile checks it)
    known_top = {"hall", "services", "windows", "kiosks", "clerks", "policy", "announce", "simulation"}
    for key in data:
        if key not in known_top:
            r.fail(key, None, None, f"unknown table (expected one of: {', '.join(sorted(known_top))})")

    services: list[ServiceConfig] = []
    raw_services = data.get("services")
    if not isinstance(raw_services, list) or not raw_services:
        raise ConfigError(source, "services", "at least one [[services]] table is required", None)
    for i, s in enumerate(raw_services):
        prefix = get(s, "services", i, "prefix", str,
                     check=lambda v: None if PREFIX_RE.match(v) else "must be one capital letter A–Z")
        if any(x.prefix == prefix for x in services):
            r.fail("services", i, "prefix", f"prefix {prefix!r} is used twice")
        hours = tuple(_parse_hours(r, i, h) for h in get(s, "services", i, "hours", list, []))
        services.append(ServiceConfig(
            prefix=prefix,
            name=get(s, "services", i, "name", str),
            name_en=get(s, "services", i, "name_en", str, prefix),
            handling_minutes=float(get(s, "services", i, "handling_minutes", (int, float), 10,
                                       check=lambda v: None if 0 < v <= 480 else "must be between 0 and 480 minutes")),
            hours=hours,
            daily_limit=get(s, "services", i, "daily_limit", int, None,
                            check=lambda v: None if 1 <= v <= 999 else "must be 1–999 (numbers have three digits)"),
            appointment_only=get(s, "services", i, "appointment_only", bool, False),
        ))
        _no_unknown(r, s, "services", i, {"prefix", "name", "name_en", "handling_minutes", "hours", "daily_limit", "appointment_only"})
    prefixes = {s.prefix for s in services}

    def known_services(v):
        bad = [p for p in v if p not in prefixes]
        if not v:
            return "must list at least one service prefix"
        if bad:
            return f"unknown service {bad[0]!r} (services are: {', '.join(sorted(prefixes))})"
        if len(set(v)) != len(v):
            return "lists a service twice"
        return None

    windows: list[WindowConfig] = []
    for i, w in enumerate(data.get("windows", [])):
        number = get(w, "windows", i, "number", int, check=lambda v: None if 1 <= v <= 999 else "must be 1–999")
        if any(x.number == number for x in windows):
            r.fail("windows", i, "number", f"window {number} is defined twice")
        windows.append(WindowConfig(
            number=number,
            name=get(w, "windows", i, "name", str, f"{number}号窗口"),
            services=tuple(get(w, "windows", i, "services", list, check=known_services)),
        ))
        _no_unknown(r, w, "windows", i, {"number", "name", "services"})
    if not windows:
        raise ConfigError(source, "windows", "at least one [[windows]] table is required", None)

    kiosks: list[KioskConfig] = []
    for i, k in enumerate(data.get("kiosks", [])):
        kid = get(k, "kiosks", i, "id", str)
        kiosks.append(KioskConfig(
            id=kid,
            printer=get(k, "kiosks", i, "printer", str, None),
            services=tuple(get(k, "kiosks", i, "services", list, [s.prefix for s in services], check=known_services)),
            token=get(k, "kiosks", i, "token", str, None),
        ))
        _no_unknown(r, k, "kiosks", i, {"id", "printer", "services", "token"})

    clerks: list[ClerkConfig] = []
    for i, c in enumerate(data.get("clerks", [])):
        clerks.append(ClerkConfig(
            id=get(c, "clerks", i, "id", str),
            name=get(c, "clerks", i, "name", str),
            pin=get(c, "clerks", i, "pin", str, check=lambda v: None if v.isdigit() and 4 <= len(v) <= 12 else "must be 4–12 digits"),
            role=get(c, "clerks", i, "role", str, "clerk", check=lambda v: None if v in ("clerk", "supervisor") else "must be 'clerk' or 'supervisor'"),
        ))

    raw_policy = data.get("policy", {})
    defaults = Policy()
    values = {}
    for key, default in defaults.__dict__.items():
        low, high = POLICY_RANGES.get(key, (0, 1440))
        values[key] = get(raw_policy, "policy", None, key, int, default,
                          check=lambda v, low=low, high=high: None if low <= v <= high else f"must be between {low} and {high}")
    _no_unknown(r, raw_policy, "policy", None, set(defaults.__dict__))

    raw_announce = data.get("announce", {})
    announce = AnnounceConfig(
        repeat=get(raw_announce, "announce", None, "repeat", int, 2,
                   check=lambda v: None if 1 <= v <= 5 else "must be 1–5"),
        english=get(raw_announce, "announce", None, "english", bool, False),
        voice=get(raw_announce, "announce", None, "voice", str, "espeak",
                  check=lambda v: None if v in ("espeak", "clips", "none") else "must be espeak, clips or none"),
        clips=get(raw_announce, "announce", None, "clips", str, None),
    )
    _no_unknown(r, raw_announce, "announce", None, {"repeat", "english", "voice", "clips"})

    return HallConfig(
        name=name,
        name_en=get(hall, "hall", None, "name_en", str, name),
        services=tuple(services),
        windows=tuple(windows),
        kiosks=tuple(kiosks),
        clerks=tuple(clerks),
        policy=Policy(**values),
        announce=announce,
        notice=get(hall, "hall", None, "notice", str, ""),
        status_url=get(hall, "hall", None, "status_url", str, ""),
        source=source,
    )


def _no_unknown(r: _Reader, table: dict, tname: str, idx: int | None, known: set[str]) -> None:
    for key in table:
        if key not in known:
            r.fail(tname, idx, key, f"unknown key (expected one of: {', '.join(sorted(known))})")


def _parse_hours(r: _Reader, idx: int, text) -> tuple[time, time]:
    m = HOURS_RE.match(text) if isinstance(text, str) else None
    if not m:
        r.fail("services", idx, "hours", f"{text!r} is not a range like \"09:00-12:00\"")
    h1, m1, h2, m2 = map(int, m.groups())
    try:
        start, end = time(h1, m1), time(h2, m2)
    except ValueError:
        r.fail("services", idx, "hours", f"{text!r} is not a valid time range")
    if end <= start:
        r.fail("services", idx, "hours", f"{text!r} ends before it starts")
    return start, end
