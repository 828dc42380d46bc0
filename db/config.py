"""hall.toml: the hall's services, windows, kiosks, clerks and policy knobs.

Every problem is reported as a ConfigError naming the file, the key and, where it
can be found in the text, the line (a `ConfigProblem`, which also carries the problem as
a `Text` from db/report_texts.py, so tests and callers can tell which one it was).
"""
from __future__ import annotations

import re
import string
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import NoReturn, TypeVar, cast

from hallq.db import report_texts as R
from hallq.db import texts as T
from hallq.db.clock import DEFAULT_ZONE, zone_of
from hallq.db.errors import ConfigError
from hallq.db.vocabulary import Role
from hallq.i18n import Text, literal

PREFIX_RE = re.compile(r"^[A-Z]$")
HOURS_RE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")  # clerk and kiosk ids: they go into addresses and logs
MIN_TOKEN = 16  # characters of a kiosk token set in hall.toml

V = TypeVar("V")


class ConfigProblem(ConfigError):
    """A ConfigError whose problem is also kept as a `Text` (`reason`).

    `problem` (and so the one-line message) stays the English text, as ConfigError has it.

    Args:
        path: the file (or "hall config in database", "demo hall", …).
        key: the key with its table, e.g. `services[1].prefix`, or `(file)`, `(syntax)`.
        reason: the problem, a db.report_texts CONFIG_* or SIM_* text.
        line: the line of the key in the file, when it can be found.
    """

    def __init__(self, path: str, key: str, reason: Text, line: int | None = None):
        super().__init__(path, key, reason.text("en"), line)
        self.reason = reason


@dataclass(frozen=True)
class CalendarConfig:
    """The hall's own days, over China's public-holiday calendar (`[calendar]` in hall.toml).

    Attributes:
        closed: days the hall is closed though the national calendar says they are working
            days (a local closure, or a holiday of a year the calendar does not know yet).
        open: days the hall is open though the national calendar says they are rest days
            (a make-up working day, 调休, the calendar does not know yet; a Saturday service).
        half_days: days with shorter hours: the day and its opening hours for every service.
    """

    closed: tuple[date, ...] = ()
    open: tuple[date, ...] = ()
    half_days: tuple[tuple[date, tuple[tuple[time, time], ...]], ...] = ()

    def years(self) -> set[int]:
        """The years the hall has listed days for (it then knows those years itself)."""
        return {d.year for d in (*self.closed, *self.open, *(d for d, _ in self.half_days))}


@dataclass(frozen=True)
class Policy:
    """The hall's `[policy]` knobs; every value is a whole number (minutes where named).

    Attributes:
        appointment_early_minutes: a booking may check in this long before its slot.
        appointment_late_minutes: … and this long after its slot began.
        max_priority_in_a_row: priority tickets a window calls in a row before a walk-in.
        recalls_before_no_show: recalls a window must make before marking a ticket 过号.
        rejoin_places_behind_head: a rejoining no-show waits this many places behind the head.
        long_wait_minutes: a wait longer than this is a long wait (alerts, reports).
        pin_attempts: wrong PINs before a clerk is locked out.
        pin_lockout_minutes: how long the lockout lasts.
        login_tries_per_minute: wrong PINs one place (a window, the supervisor terminal) takes
            in a minute, whatever the ids, before it refuses tries for the rest of the minute.
        rating_default_days: a finished ticket unrated this many days gets …
        rating_default_level: … this rating (4 满意).
        appointment_call_minutes: a checked-in appointment not called within this is an alert.
        called_minutes: a ticket called and not started within this is an alert (叫号中 too long).
        long_pause_minutes: a window paused this long is an alert.
        terminal_grace_minutes: a counter whose browser session ended is logged out after this.
    """

    appointment_early_minutes: int = 15
    appointment_late_minutes: int = 15
    max_priority_in_a_row: int = 2
    recalls_before_no_show: int = 2
    rejoin_places_behind_head: int = 3
    long_wait_minutes: int = 30
    pin_attempts: int = 5
    pin_lockout_minutes: int = 5
    login_tries_per_minute: int = 10
    rating_default_days: int = 7
    rating_default_level: int = 4
    appointment_call_minutes: int = 10
    called_minutes: int = 10
    long_pause_minutes: int = 20
    terminal_grace_minutes: int = 2


class Voice(StrEnum):
    """How the hall screen speaks a call."""

    ESPEAK = "espeak"   # speech synthesis
    CLIPS = "clips"     # recorded clips from a folder
    NONE = "none"       # silent


class Player(StrEnum):
    """The program that plays a call's sound on the hall host."""

    AUTO = "auto"       # aplay (alsa-utils) if installed, else paplay (pulseaudio-utils)
    APLAY = "aplay"
    PAPLAY = "paplay"


#: the fields an announcement template may name (see AnnounceConfig.template)
TEMPLATE_FIELDS = ("number", "window", "window_name")
#: one pinyin syllable with its tone number (5: neutral tone); ü may be written v
PINYIN_SYLLABLE_RE = re.compile(r"^[a-zü]+[1-5]$")


@dataclass(frozen=True)
class AnnounceConfig:
    """How the hall screen shows and speaks a call: "请A001号到3号窗口办理" (`[announce]`).

    Attributes:
        repeat: times each call is spoken, 1–5.
        english: also speak it in English.
        voice: espeak, clips or none.
        clips: the folder of recorded clips for voice = "clips".
        template: the Chinese call line, both shown and spoken, with the fields {number},
            {window} (the window's number) and {window_name}; None: the display's default
            "请{number}号到{window}号窗口办理".
        template_en: the same in English; None: "Number {number}, please go to window {window}".
        letters: how a ticket prefix letter is spoken in Chinese, as (letter, pinyin with
            tone numbers) pairs overriding the display's default names, e.g. ("A", "ei1").
        chime: play a short two-tone chime before each call.
        volume: loudness of the chime and the speech, percent of full scale, 0–100.
        speed: speech rate of the espeak-ng voice in words a minute (a Chinese syllable is
            a word: 175 says a call in about 4 seconds), 80–400.
        player: the program that plays the sound (auto: aplay, else paplay).
        device: the sound device for the player (ALSA `plughw:1,0`, a PulseAudio sink
            name); None: the system's default device.
    """

    repeat: int = 2
    english: bool = False
    voice: Voice = Voice.ESPEAK
    clips: str | None = None
    template: str | None = None
    template_en: str | None = None
    letters: tuple[tuple[str, str], ...] = ()
    chime: bool = True
    volume: int = 100
    speed: int = 175
    player: Player = Player.AUTO
    device: str | None = None

    def letter(self, letter: str) -> str | None:
        """The hall's pinyin for a prefix letter ("A" → "ei1"), or None when it keeps the default."""
        return dict(self.letters).get(letter)


def template_problem(template: str) -> Text | None:
    """What is wrong with an announcement template, or None when it is fine.

    A template names {number} and at least one of {window} and {window_name}, and no other
    field; a field has no format spec or conversion (it is also spoken, digit by digit or
    as a count, so "{window:02d}" could not be said as shown).

    Args:
        template: e.g. "请{number}号到{window}号窗口办理".

    Returns:
        A CONFIG_TEMPLATE text saying what is wrong, or None.
    """
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        return R.CONFIG_TEMPLATE(problem=R.CONFIG_TEMPLATE_SYNTAX(problem=str(exc)))
    names = set()
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in TEMPLATE_FIELDS:
            return R.CONFIG_TEMPLATE(problem=R.CONFIG_TEMPLATE_FIELD(name=name))
        if spec or conversion:
            return R.CONFIG_TEMPLATE(problem=R.CONFIG_TEMPLATE_FORMAT(name=name))
        names.add(name)
    if "number" not in names or not names & {"window", "window_name"}:
        return R.CONFIG_TEMPLATE(problem=R.CONFIG_TEMPLATE_MISSING)
    return None


def pinyin_problem(value: str) -> Text | None:
    """None when `value` is pinyin syllables with tone numbers ("ai4 fu5"), else the problem."""
    syllables = value.split()
    if syllables and all(PINYIN_SYLLABLE_RE.match(s.replace("v", "ü")) for s in syllables):
        return None
    return R.CONFIG_PINYIN(value=value)


@dataclass(frozen=True)
class ServiceConfig:
    """A service (业务类别) as configured.

    Attributes:
        prefix: the ticket prefix, one capital letter.
        name: its name in Chinese; `name_en` in English (default the prefix).
        handling_minutes: the usual service time, for estimates (0–480).
        hours: opening hours as (start, end) pairs; empty: always open.
        daily_limit: walk-in numbers given out a day at most (1–999); None: no limit.
        appointment_only: only bookings, checked in at the kiosk.
        aliases: other names booking files give the service ("社保", "医保"): a booking
            names its service by prefix, name, English name or one of these.
        wait_target_minutes: the longest wait this service aims at (alerts); None: the
            policy's long_wait_minutes.
    """

    prefix: str
    name: str
    name_en: str
    handling_minutes: float = 10
    hours: tuple[tuple[time, time], ...] = ()
    daily_limit: int | None = None
    appointment_only: bool = False
    aliases: tuple[str, ...] = ()
    wait_target_minutes: int | None = None

    @property
    def title(self) -> Text:
        """The service's name in both languages."""
        return literal(self.name, self.name_en)

    def label(self, lang: str = "zh") -> str:
        """The service's name in `lang` ("en" for English, else Chinese)."""
        return self.title.text(lang)


@dataclass(frozen=True)
class WindowConfig:
    """A window (窗口): its number (1–999), name and services in order of preference."""

    number: int
    name: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class KioskConfig:
    """A kiosk: its id, printer URL (None: preview), the services it offers and its
    terminal token for `hallq serve` (None: one is made)."""

    id: str
    printer: str | None
    services: tuple[str, ...]
    token: str | None = None


@dataclass(frozen=True)
class ClerkConfig:
    """A clerk to create on load (an existing clerk's PIN is never reset by a reload)."""

    id: str
    name: str
    pin: str
    role: Role = Role.CLERK


#: the green channel's reason given by the ID number's age (not listed in [priority] reasons)
ELDERLY = "elderly"
REASON_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True)
class PriorityReason:
    """A green-channel reason a citizen claims at the kiosk and a clerk verifies at the window.

    Attributes:
        key: what tickets store, e.g. "military" (lower case, digits, _).
        name: its label in Chinese; `name_en` in English.
    """

    key: str
    name: str
    name_en: str

    @property
    def label(self) -> Text:
        """The reason's name in both languages."""
        return literal(self.name, self.name_en)


def _default_reasons() -> tuple[PriorityReason, ...]:
    return tuple(PriorityReason(key, text.zh, text.en) for key, text in T.DEFAULT_PRIORITY_REASONS.items())


@dataclass(frozen=True)
class PriorityConfig:
    """The green channel (绿色通道), `[priority]` in hall.toml.

    Attributes:
        age: a citizen this old or older by the ID number's date of birth (GB 11643) gets
            the green channel without a clerk's check: 60, 65 or 70 in most halls.
        reasons: the other reasons, in the order the kiosk shows them; a clerk verifies
            them at the window (military, pregnant, disabled by default).
    """

    age: int = 60
    reasons: tuple[PriorityReason, ...] = field(default_factory=_default_reasons)

    def labels(self) -> dict[str, Text]:
        """Every reason a ticket may carry, key → label: "elderly" first, then `reasons`."""
        return {ELDERLY: T.ELDERLY_REASON, **{r.key: r.label for r in self.reasons}}

    def label(self, key: str) -> Text:
        """The label of a reason key; a key no longer configured is shown as it is."""
        return self.labels().get(key) or literal(key)


#: the channels a "your turn is near" message can go by (`[notify] channel`)
NOTIFY_CHANNELS = ("none", "webhook", "aliyun_sms")


@dataclass(frozen=True)
class NotifyConfig:
    """"Your turn is near" (`[notify]` in hall.toml): a citizen who leaves a mobile number
    at the kiosk is told when `ahead` people are ahead and when called.

    Secrets are never here: the webhook's HMAC key and the SMS provider's AccessKey
    secret come from the environment (HALLQ_NOTIFY_SECRET) or a file of 0600 rights
    (`secret_file`); see hallq.cli.notify.

    Attributes:
        channel: "none" (the kiosk offers nothing), "webhook" (a signed JSON POST to
            `url`, for the hall's own WeChat or SMS platform) or "aliyun_sms" (Alibaba
            Cloud SMS SendSms, with `sign_name` and the two template codes).
        ahead: tell the citizen when this many people or fewer are ahead (default 3).
        url: the webhook's URL, or the SMS API's endpoint (default Alibaba Cloud's).
        access_key_id: the SMS provider's AccessKey ID (not a secret).
        sign_name: the SMS signature (短信签名) approved by the provider.
        template_near, template_called: the approved SMS template codes; their
            variables: number, ahead, service (near); number, window (called).
        secret_file: where the secret is read from when HALLQ_NOTIFY_SECRET is not set.
        max_attempts: sends before a message is marked failed (default 5).
        timeout_seconds: one send's time limit (default 10).
        retry_seconds: the wait before the first retry; each next one waits 3 times
            longer, at most 5 minutes (default 10).
    """

    channel: str = "none"
    ahead: int = 3
    url: str = ""
    access_key_id: str = ""
    sign_name: str = ""
    template_near: str = ""
    template_called: str = ""
    secret_file: str = ""
    max_attempts: int = 5
    timeout_seconds: int = 10
    retry_seconds: int = 10

    @property
    def enabled(self) -> bool:
        """Whether the kiosk offers the service."""
        return self.channel != "none"


@dataclass(frozen=True)
class ServeConfig:
    """`[serve]`: how many browser terminal sessions `hallq serve` runs at once. Each is
    one app process (about 60 MB, see README), so a token copied from a kiosk's address
    bar must not be able to start them without end.

    Attributes:
        sessions_per_token: sessions one terminal (its token) may have; a new one beyond it
            replaces the oldest (a reloaded kiosk page takes over from its old self).
        display_sessions: the same for the hall display's token (several screens may show it).
        sessions: sessions in all; None: one per kiosk and window plus `display_sessions`.
        starts_per_minute: sessions one terminal may start in a minute (reloads in a loop).
    """

    sessions_per_token: int = 1
    display_sessions: int = 2
    sessions: int | None = None
    starts_per_minute: int = 12


@dataclass(frozen=True)
class HallConfig:
    """A parsed hall.toml; `source` names where it was read from."""

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
    timezone: str = DEFAULT_ZONE
    calendar: CalendarConfig = field(default_factory=lambda: CalendarConfig())
    priority: PriorityConfig = field(default_factory=PriorityConfig)
    #: booking codes contain letters (`[appointments] code_letters`): the kiosk's keypad shows A–Z
    code_letters: bool = False
    notify: NotifyConfig = field(default_factory=NotifyConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)

    @property
    def session_cap(self) -> int:
        """Browser terminal sessions `hallq serve` runs at once: `[serve] sessions`, or by
        default one per kiosk, counter, rating screen (one each per window) and the
        supervisor's, plus the display's."""
        if self.serve.sessions is not None:
            return self.serve.sessions
        return len(self.kiosks) + 2 * len(self.windows) + 1 + self.serve.display_sessions

    @property
    def title(self) -> Text:
        """The hall's name in both languages."""
        return literal(self.name, self.name_en)

    def service(self, prefix: str) -> ServiceConfig | None:
        """The service with this prefix, or None."""
        return next((s for s in self.services if s.prefix == prefix), None)

    def window(self, number: int) -> WindowConfig | None:
        """The window with this number, or None."""
        return next((w for w in self.windows if w.number == number), None)

    def kiosk(self, kiosk_id: str) -> KioskConfig | None:
        """The kiosk with this id, or None."""
        return next((k for k in self.kiosks if k.id == kiosk_id), None)


#: (lowest, highest) of a policy knob; the others are 0–1440 (minutes in a day)
POLICY_RANGES = {"rating_default_level": (1, 5), "pin_attempts": (1, 100), "pin_lockout_minutes": (1, 1440),
                 "login_tries_per_minute": (1, 1000)}

DEMO_PATH = "db/demo_hall.toml"


def service_key(text: object) -> str:
    """A service's name as bookings are matched to it: Unicode NFKC (full-width letters
    → ASCII), case folded, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).casefold()


def demo_text() -> str:
    """The demo hall's hall.toml text (the reference hall of DESIGN.md)."""
    return resources.files("hallq.db").joinpath("demo_hall.toml").read_text(encoding="utf-8")


def load_config(path: str | Path) -> HallConfig:
    """Read and check a hall.toml file.

    Raises:
        ConfigError: no such file, not UTF-8, or a problem in it (see parse_config).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigProblem(str(path), "(file)", R.CONFIG_NO_FILE) from None
    except UnicodeDecodeError:
        raise ConfigProblem(str(path), "(file)", R.CONFIG_NOT_UTF8) from None
    return parse_config(text, str(path))


def load_demo() -> HallConfig:
    """The demo hall, parsed."""
    return parse_config(demo_text(), DEMO_PATH)


def window_number(text: str) -> int:
    """A window number typed on a command line (`--window 3`): 1–999 as in hall.toml, so
    `--window 99999999999999999999` is refused by argparse instead of failing in SQLite.

    Raises:
        argparse.ArgumentTypeError: not a whole number from 1 to 999.
    """
    import argparse

    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 999:
        raise argparse.ArgumentTypeError(f"{text!r}: {R.CONFIG_WINDOW_NUMBER.text('en')}")
    return number


class _Required:
    """The default of a key that must be given."""


REQUIRED = _Required()


class ConfigReader:
    """Reads typed values out of the parsed TOML, pointing at lines on error.

    Args:
        text: the TOML text (for finding lines).
        source: the file name that errors give.
    """

    def __init__(self, text: str, source: str):
        self.lines = text.splitlines()
        self.source = source

    def line_of(self, table: str, index: int | None, key: str | None) -> int | None:
        """Best-effort line number of `key` inside the `index`-th [[table]] (or [table]).

        Args:
            table: the table's name.
            index: which [[table]] from 0; None for a [table].
            key: the key; None for the table's header line.

        Returns:
            The line from 1: the key's, else the table header's; None without the table.
        """
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]" if index is not None
                            else rf"^\s*\[\s*{re.escape(table)}\s*\]")
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
        key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for no in range(start + 1, len(self.lines) + 1):
            line = self.lines[no - 1]
            if re.match(r"^\s*\[", line):
                break
            if key_re.match(line):
                return no
        return start

    def table(self, data: Mapping[str, object], key: str) -> Mapping[str, object]:
        """The top-level table `[key]` ({} when absent).

        Raises:
            ConfigProblem: `key` is there but not a table (`announce = 3`).
        """
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail_top(key, R.CONFIG_WRONG_TABLE(key=key, value=value))
        return value

    def tables(self, data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
        """The array of tables `[[key]]` ([] when absent).

        Raises:
            ConfigProblem: `key` is there but not tables (`windows = [1]`).
        """
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail_top(key, R.CONFIG_WRONG_TABLES(key=key, value=value))
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail_top(key, R.CONFIG_WRONG_TABLES(key=key, value=item), f"{key}[{i}]")
        return value

    def fail_top(self, key: str, problem: Text, name: str | None = None) -> NoReturn:
        """Raise the problem at a top-level key (`key = …` before any table, or its table).

        Raises:
            ConfigProblem: always.
        """
        line = next((no for no, text in enumerate(self.lines, 1) if re.match(rf"^\s*{re.escape(key)}\s*=", text)),
                    None)
        if line is None:
            line = next((no for no, text in enumerate(self.lines, 1)
                         if re.match(rf"^\s*\[+\s*{re.escape(key)}\s*\]", text)), None)
        raise ConfigProblem(self.source, name or key, problem, line)

    def fail(self, table: str, index: int | None, key: str | None, problem: Text) -> NoReturn:
        """Raise the problem at `table[index].key`.

        Args:
            table, index, key: where (see line_of); the error's key is e.g. `services[1].prefix`.
            problem: a CONFIG_* or SIM_* text of db.report_texts.

        Raises:
            ConfigProblem: always.
        """
        where = table if index is None else f"{table}[{index}]"
        name = f"{where}.{key}" if key else where
        raise ConfigProblem(self.source, name, problem, self.line_of(table, index, key))

    def get(self, data: Mapping[str, object], table: str, index: int | None, key: str, kind: type[V],
            default: V | _Required = REQUIRED, check: Callable[[V], Text | None] | None = None) -> V:
        """The value of `key` in `data` (the table `table[index]`), of type `kind`.

        A bool is not a number; for `kind=float` an int is taken (as a float).

        Args:
            data: the table's keys and values, as parsed.
            table, index: which table it is (see line_of).
            key: the key.
            kind: str, int, float, bool or list.
            default: the value when the key is absent; REQUIRED: it must be there.
            check: given a value that is present, returns its problem, or None when it is fine.

        Returns:
            The value, or `default` when the key is absent.

        Raises:
            ConfigProblem: the key is missing (and required), of another type, or fails `check`.
        """
        if key not in data:
            if isinstance(default, _Required):
                self.fail(table, index, None, R.CONFIG_MISSING_KEY(key=key))
            return default
        value = data[key]
        kinds = (int, float) if kind is float else (kind,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and kind is not bool):
            names = [k.__name__ for k in kinds]  # one, or int and float
            either = R.CONFIG_EITHER(first=names[0], second=names[-1]) if len(names) > 1 else names[0]
            self.fail(table, index, key, R.CONFIG_WRONG_TYPE(kinds=either, value=value))
        if kind is float and isinstance(value, int):
            value = float(value)
        checked = cast(V, value)  # of type `kind`: checked just above
        if check is not None:
            problem = check(checked)
            if problem is not None:
                self.fail(table, index, key, problem)
        return checked

    def optional(self, data: Mapping[str, object], table: str, index: int | None, key: str, kind: type[V],
                 check: Callable[[V], Text | None] | None = None) -> V | None:
        """Like `get`, with None when the key is absent.

        Args:
            data, table, index, key, kind, check: see `get`.
        """
        return self.get(data, table, index, key, kind, check=check) if key in data else None

    def no_unknown(self, data: Mapping[str, object], table: str, index: int | None, known: set[str]) -> None:
        """Raise on the first key of `data` not in `known`.

        Args:
            data: the table's keys and values.
            table, index: which table it is (see line_of).
            known: the keys it may have.

        Raises:
            ConfigProblem: an unknown key.
        """
        for key in data:
            if key not in known:
                self.fail(table, index, key, R.CONFIG_UNKNOWN_KEY(names=", ".join(sorted(known))))


def parse_config(text: str, source: str = "hall.toml") -> HallConfig:
    """Parse and check a hall.toml text (see db/demo_hall.toml for every table and key).

    Args:
        text: the TOML text.
        source: the file it came from, named in errors.

    Returns:
        The hall config; keys left out get their defaults.

    Raises:
        ConfigError (a ConfigProblem): the first problem found, with file, key and line.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigProblem(source, "(syntax)", R.CONFIG_NOT_TOML(problem=str(exc)),
                            int(match.group(1)) if match else None) from None
    r = ConfigReader(text, source)

    hall = data.get("hall")
    if hall is not None and not isinstance(hall, dict):
        r.fail_top("hall", R.CONFIG_WRONG_TABLE(key="hall", value=hall))
    if not isinstance(hall, dict):
        raise ConfigProblem(source, "hall", R.CONFIG_NO_HALL, None)
    name = r.get(hall, "hall", None, "name", str, check=lambda v: None if v.strip() else R.CONFIG_EMPTY)
    # [simulation] is the staffing simulator's (db.simulate.parse_profile checks it)
    known_top = {"hall", "services", "windows", "kiosks", "clerks", "policy", "announce", "calendar", "simulation",
                 "priority", "appointments", "notify", "serve"}
    for key in data:
        if key not in known_top:
            r.fail(key, None, None, R.CONFIG_UNKNOWN_TABLE(names=", ".join(sorted(known_top))))

    services: list[ServiceConfig] = []
    raw_services = r.tables(data, "services")
    if not raw_services:
        raise ConfigProblem(source, "services", R.CONFIG_NO_SERVICES, None)
    for i, s in enumerate(raw_services):
        prefix = r.get(s, "services", i, "prefix", str,
                       check=lambda v: None if PREFIX_RE.match(v) else R.CONFIG_PREFIX)
        if any(x.prefix == prefix for x in services):
            r.fail("services", i, "prefix", R.CONFIG_PREFIX_TWICE(prefix=prefix))
        hours = _no_overlap(r, i, tuple(_parse_hours(r, i, h) for h in r.get(s, "services", i, "hours", list, [])))
        services.append(ServiceConfig(
            prefix=prefix,
            name=r.get(s, "services", i, "name", str),
            name_en=r.get(s, "services", i, "name_en", str, prefix),
            handling_minutes=r.get(s, "services", i, "handling_minutes", float, 10.0,
                                   check=lambda v: None if 0 < v <= 480 else R.CONFIG_HANDLING),
            hours=hours,
            daily_limit=r.optional(s, "services", i, "daily_limit", int,
                                   check=lambda v: None if 1 <= v <= 999 else R.CONFIG_DAILY_LIMIT),
            appointment_only=r.get(s, "services", i, "appointment_only", bool, False),
            aliases=_aliases(r, i, r.get(s, "services", i, "aliases", list, [])),
            wait_target_minutes=r.optional(s, "services", i, "wait_target_minutes", int,
                                           check=lambda v: None if 1 <= v <= 480 else R.CONFIG_WAIT_TARGET),
        ))
        r.no_unknown(s, "services", i, {"prefix", "name", "name_en", "handling_minutes", "hours", "daily_limit",
                                        "appointment_only", "aliases", "wait_target_minutes"})
    _check_service_names(r, services)
    prefixes = {s.prefix for s in services}

    def known_services(v: list[object]) -> Text | None:
        bad = [p for p in v if p not in prefixes]
        if not v:
            return R.CONFIG_NO_SERVICE_LISTED
        if bad:
            return R.CONFIG_UNKNOWN_SERVICE(prefix=bad[0], services=", ".join(sorted(prefixes)))
        if len(set(v)) != len(v):
            return R.CONFIG_SERVICE_TWICE
        return None

    def service_list(value: list[object]) -> tuple[str, ...]:
        return tuple(str(p) for p in value)  # known_services found each in `prefixes`

    windows: list[WindowConfig] = []
    for i, w in enumerate(r.tables(data, "windows")):
        number = r.get(w, "windows", i, "number", int,
                       check=lambda v: None if 1 <= v <= 999 else R.CONFIG_WINDOW_NUMBER)
        if any(x.number == number for x in windows):
            r.fail("windows", i, "number", R.CONFIG_WINDOW_TWICE(number=number))
        windows.append(WindowConfig(
            number=number,
            name=r.get(w, "windows", i, "name", str, f"{number}号窗口"),
            services=service_list(r.get(w, "windows", i, "services", list, check=known_services)),
        ))
        r.no_unknown(w, "windows", i, {"number", "name", "services"})
    if not windows:
        raise ConfigProblem(source, "windows", R.CONFIG_NO_WINDOWS, None)

    kiosks: list[KioskConfig] = []
    for i, k in enumerate(r.tables(data, "kiosks")):
        kiosk_id = r.get(k, "kiosks", i, "id", str, check=lambda v: None if ID_RE.match(v) else R.CONFIG_ID_LIKE)
        if any(x.id == kiosk_id for x in kiosks):
            r.fail("kiosks", i, "id", R.CONFIG_KIOSK_TWICE(kiosk=kiosk_id))
        kiosks.append(KioskConfig(
            id=kiosk_id,
            printer=r.optional(k, "kiosks", i, "printer", str),
            services=service_list(r.get(k, "kiosks", i, "services", list, [s.prefix for s in services],
                                        check=known_services)),
            token=r.optional(k, "kiosks", i, "token", str,
                             check=lambda v: None if len(v) >= MIN_TOKEN else R.CONFIG_TOKEN_SHORT(n=MIN_TOKEN)),
        ))
        r.no_unknown(k, "kiosks", i, {"id", "printer", "services", "token"})

    clerks: list[ClerkConfig] = []
    for i, c in enumerate(r.tables(data, "clerks")):
        clerk_id = r.get(c, "clerks", i, "id", str, check=lambda v: None if ID_RE.match(v) else R.CONFIG_ID_LIKE)
        if any(x.id == clerk_id for x in clerks):
            r.fail("clerks", i, "id", R.CONFIG_CLERK_TWICE(clerk=clerk_id))
        clerks.append(ClerkConfig(
            id=clerk_id,
            name=r.get(c, "clerks", i, "name", str),
            pin=r.get(c, "clerks", i, "pin", str,
                      check=lambda v: None if v.isdigit() and 4 <= len(v) <= 12 else R.CONFIG_PIN),
            role=Role(r.get(c, "clerks", i, "role", str, Role.CLERK.value,
                            check=lambda v: None if v in tuple(Role) else R.CONFIG_ROLE)),
        ))
        r.no_unknown(c, "clerks", i, {"id", "name", "pin", "role"})

    raw_policy = r.table(data, "policy")
    defaults = Policy()
    values: dict[str, int] = {}
    for key, default in defaults.__dict__.items():
        low, high = POLICY_RANGES.get(key, (0, 1440))
        values[key] = r.get(raw_policy, "policy", None, key, int, default, check=_between(low, high))
    r.no_unknown(raw_policy, "policy", None, set(defaults.__dict__))

    announce = _parse_announce(r, r.table(data, "announce"))

    r.no_unknown(hall, "hall", None, {"name", "name_en", "notice", "status_url", "timezone"})
    timezone = r.get(hall, "hall", None, "timezone", str, DEFAULT_ZONE, check=_zone)

    return HallConfig(
        name=name,
        name_en=r.get(hall, "hall", None, "name_en", str, name),
        services=tuple(services),
        windows=tuple(windows),
        kiosks=tuple(kiosks),
        clerks=tuple(clerks),
        policy=Policy(**values),
        announce=announce,
        notice=r.get(hall, "hall", None, "notice", str, ""),
        status_url=r.get(hall, "hall", None, "status_url", str, ""),
        source=source,
        timezone=timezone,
        calendar=_parse_calendar(r, r.table(data, "calendar")),
        priority=_parse_priority(r, data.get("priority", {})),
        code_letters=_parse_appointments(r, data.get("appointments", {})),
        notify=_parse_notify(r, data.get("notify", {})),
        serve=_parse_serve(r, r.table(data, "serve")),
    )


def _parse_serve(r: ConfigReader, raw: object) -> ServeConfig:
    """`[serve]`: the caps on browser terminal sessions (see ServeConfig).

    Raises:
        ConfigProblem: not a table, an unknown key, or a number out of range.
    """
    if not isinstance(raw, dict):
        r.fail("serve", None, None, R.CONFIG_WRONG_TYPE(kinds="table", value=raw))
    r.no_unknown(raw, "serve", None, {"sessions_per_token", "display_sessions", "sessions", "starts_per_minute"})
    return ServeConfig(
        sessions_per_token=r.get(raw, "serve", None, "sessions_per_token", int, 1, check=_between(1, 20)),
        display_sessions=r.get(raw, "serve", None, "display_sessions", int, 2, check=_between(1, 50)),
        sessions=r.optional(raw, "serve", None, "sessions", int, check=_between(1, 2000)),
        starts_per_minute=r.get(raw, "serve", None, "starts_per_minute", int, 12, check=_between(1, 600)),
    )


def _parse_notify(r: ConfigReader, raw: object) -> NotifyConfig:
    """`[notify]`: channel, ahead, url, access_key_id, sign_name, template_near,
    template_called, secret_file, max_attempts, timeout_seconds (see NotifyConfig).

    Raises:
        ConfigProblem: not a table, an unknown key (a secret written here among them),
            an unknown channel, a webhook without a URL, an SMS channel without its
            signature or templates.
    """
    if not isinstance(raw, dict):
        r.fail("notify", None, None, R.CONFIG_WRONG_TYPE(kinds="table", value=raw))
    fields = {"channel", "ahead", "url", "access_key_id", "sign_name", "template_near", "template_called",
              "secret_file", "max_attempts", "timeout_seconds", "retry_seconds"}
    r.no_unknown(raw, "notify", None, fields)

    def text(key: str) -> str:
        return r.get(raw, "notify", None, key, str, "")

    channel = r.get(raw, "notify", None, "channel", str, "none",
                    check=lambda v: None if v in NOTIFY_CHANNELS else R.CONFIG_ONE_OF(values=" ".join(NOTIFY_CHANNELS)))
    config = NotifyConfig(
        channel=channel, ahead=r.get(raw, "notify", None, "ahead", int, 3, check=_between(1, 20)),
        url=text("url"), access_key_id=text("access_key_id"), sign_name=text("sign_name"),
        template_near=text("template_near"), template_called=text("template_called"), secret_file=text("secret_file"),
        max_attempts=r.get(raw, "notify", None, "max_attempts", int, 5, check=_between(1, 20)),
        timeout_seconds=r.get(raw, "notify", None, "timeout_seconds", int, 10, check=_between(1, 120)),
        retry_seconds=r.get(raw, "notify", None, "retry_seconds", int, 10, check=_between(0, 300)))
    needed = {"webhook": ("url",), "aliyun_sms": ("access_key_id", "sign_name", "template_near", "template_called")}
    for key in needed.get(channel, ()):
        if not getattr(config, key).strip():
            r.fail("notify", None, key, R.CONFIG_NOTIFY_NEEDS(channel=channel))
    return config


def _parse_priority(r: ConfigReader, raw: object) -> PriorityConfig:
    """`[priority]`: age = 60, and reasons = [{ key = "military", name = "军人", name_en =
    "Military" }, …] (or [[priority.reasons]] tables); without `reasons` the three defaults.

    Raises:
        ConfigProblem: an age outside 40–100, a bad or repeated key, a missing name.
    """
    if not isinstance(raw, dict):
        r.fail("priority", None, None, R.CONFIG_WRONG_TYPE(kinds="table", value=raw))
    r.no_unknown(raw, "priority", None, {"age", "reasons"})
    age = r.get(raw, "priority", None, "age", int, 60, check=_between(40, 100))
    if "reasons" not in raw:
        return PriorityConfig(age)
    reasons: list[PriorityReason] = []
    for i, item in enumerate(r.get(raw, "priority", None, "reasons", list)):
        if not isinstance(item, dict):
            r.fail("priority.reasons", i, None, R.CONFIG_WRONG_TYPE(kinds="table", value=item))
        key = r.get(item, "priority.reasons", i, "key", str,
                    check=lambda v: None if REASON_KEY_RE.match(v) and v != ELDERLY else R.CONFIG_REASON_KEY)
        if any(x.key == key for x in reasons):
            r.fail("priority.reasons", i, "key", R.CONFIG_REASON_TWICE(key=key))
        name = r.get(item, "priority.reasons", i, "name", str, check=lambda v: None if v.strip() else R.CONFIG_EMPTY)
        reasons.append(PriorityReason(key, name, r.get(item, "priority.reasons", i, "name_en", str, name)))
        r.no_unknown(item, "priority.reasons", i, {"key", "name", "name_en"})
    return PriorityConfig(age, tuple(reasons))


def _parse_appointments(r: ConfigReader, raw: object) -> bool:
    """`[appointments]`: code_letters = true when the booking system's codes contain letters.

    Raises:
        ConfigProblem: not a table, an unknown key, not a boolean.
    """
    if not isinstance(raw, dict):
        r.fail("appointments", None, None, R.CONFIG_WRONG_TYPE(kinds="table", value=raw))
    r.no_unknown(raw, "appointments", None, {"code_letters"})
    return r.get(raw, "appointments", None, "code_letters", bool, False)
def _aliases(r: ConfigReader, index: int, value: list[object]) -> tuple[str, ...]:
    """A service's `aliases`: a list of names, none empty.

    Raises:
        ConfigProblem: an alias that is not a string or is empty.
    """
    out = []
    for alias in value:
        if not isinstance(alias, str):
            r.fail("services", index, "aliases", R.CONFIG_WRONG_TYPE(kinds="str", value=alias))
        if not alias.strip():
            r.fail("services", index, "aliases", R.CONFIG_EMPTY)
        out.append(alias.strip())
    return tuple(out)


def _check_service_names(r: ConfigReader, services: list[ServiceConfig]) -> None:
    """A booking's service must name one service: no alias may be another service's
    prefix, name, English name or alias (compared as `service_key` does).

    Raises:
        ConfigProblem: at the later service's `aliases`.
    """
    owner: dict[str, str] = {}
    for s in services:
        for name in (s.prefix, s.name, s.name_en):
            owner.setdefault(service_key(name), s.prefix)
    for i, s in enumerate(services):
        for alias in s.aliases:
            other = owner.setdefault(service_key(alias), s.prefix)
            if other != s.prefix:
                r.fail("services", i, "aliases", R.CONFIG_ALIAS_TAKEN(alias=alias, prefix=other))


ANNOUNCE_KEYS = {"repeat", "english", "voice", "clips", "template", "template_en", "letters", "chime", "volume",
                 "speed", "player", "device"}


def _parse_announce(r: ConfigReader, raw: object) -> AnnounceConfig:
    """`[announce]`: how calls are shown and spoken (see AnnounceConfig), with
    `[announce.letters]` (or `letters = {A = "ei1"}`): a prefix letter → its pinyin.

    Raises:
        ConfigProblem: a value of the wrong type or out of range, a template with unknown
            fields, a letter that is not A–Z, pinyin without tone numbers, an unknown key.
    """
    if not isinstance(raw, dict):
        r.fail("announce", None, None, R.CONFIG_WRONG_TYPE(kinds="table", value=raw))

    def template(key: str) -> str | None:
        return r.optional(raw, "announce", None, key, str, check=template_problem)

    def non_empty(value: str) -> Text | None:
        return None if value.strip() else R.CONFIG_EMPTY

    letters: list[tuple[str, str]] = []
    for letter, value in r.get(raw, "announce", None, "letters", dict, {}).items():
        problem = (R.CONFIG_LETTER if not PREFIX_RE.match(letter) else
                   R.CONFIG_WRONG_TYPE(kinds="str", value=value) if not isinstance(value, str) else
                   pinyin_problem(value))
        if problem is not None:
            line = r.line_of("announce.letters", None, letter) or r.line_of("announce", None, "letters")
            raise ConfigProblem(r.source, f"announce.letters.{letter}", problem, line)
        letters.append((letter, " ".join(value.split()).replace("v", "ü")))
    announce = AnnounceConfig(
        repeat=r.get(raw, "announce", None, "repeat", int, 2,
                     check=lambda v: None if 1 <= v <= 5 else R.CONFIG_REPEAT),
        english=r.get(raw, "announce", None, "english", bool, False),
        voice=Voice(r.get(raw, "announce", None, "voice", str, Voice.ESPEAK.value,
                          check=lambda v: None if v in tuple(Voice) else R.CONFIG_VOICE)),
        clips=r.optional(raw, "announce", None, "clips", str, check=non_empty),
        template=template("template"),
        template_en=template("template_en"),
        letters=tuple(sorted(letters)),
        chime=r.get(raw, "announce", None, "chime", bool, True),
        volume=r.get(raw, "announce", None, "volume", int, 100, check=_between(0, 100)),
        speed=r.get(raw, "announce", None, "speed", int, 175, check=_between(80, 400)),
        player=Player(r.get(raw, "announce", None, "player", str, Player.AUTO.value,
                            check=lambda v: None if v in tuple(Player) else R.CONFIG_PLAYER)),
        device=r.optional(raw, "announce", None, "device", str, check=non_empty),
    )
    r.no_unknown(raw, "announce", None, ANNOUNCE_KEYS)
    return announce


def _zone(name: str) -> Text | None:
    try:
        zone_of(name)
    except ValueError:
        return R.CONFIG_TIMEZONE
    return None


def _parse_calendar(r: ConfigReader, raw: object) -> CalendarConfig:
    """`[calendar]`: closed = ["YYYY-MM-DD", …], open = [...], and [[calendar.half_days]]
    tables of date = "YYYY-MM-DD" and hours = ["09:00-12:00", …].

    Raises:
        ConfigProblem: a value that is not a day, or hours that are not ranges.
    """
    if not isinstance(raw, dict):
        r.fail("calendar", None, None, R.CONFIG_WRONG_TYPE(kinds="table", value=raw))

    def days(key: str) -> tuple[date, ...]:
        out = []
        for value in r.get(raw, "calendar", None, key, list, []):
            try:
                out.append(date.fromisoformat(str(value)))
            except ValueError:
                r.fail("calendar", None, key, R.CONFIG_NOT_A_DAY(value=value))
        return tuple(sorted(out))

    closed, opened = days("closed"), days("open")
    both = set(closed) & set(opened)
    if both:
        r.fail("calendar", None, "open", R.CONFIG_DAY_BOTH(day=min(both).isoformat()))
    half: list[tuple[date, tuple[tuple[time, time], ...]]] = []
    for i, h in enumerate(r.get(raw, "calendar", None, "half_days", list, [])):
        if not isinstance(h, dict):
            r.fail("calendar.half_days", i, None, R.CONFIG_WRONG_TYPE(kinds="table", value=h))
        text = r.get(h, "calendar.half_days", i, "date", str)
        try:
            day = date.fromisoformat(text)
        except ValueError:
            r.fail("calendar.half_days", i, "date", R.CONFIG_NOT_A_DAY(value=text))
        ranges = r.get(h, "calendar.half_days", i, "hours", list)
        hours = _no_overlap(r, i, tuple(_parse_hours(r, i, x, "calendar.half_days") for x in ranges),
                            "calendar.half_days")
        r.no_unknown(h, "calendar.half_days", i, {"date", "hours"})
        half.append((day, hours))
    r.no_unknown(raw, "calendar", None, {"closed", "open", "half_days"})
    return CalendarConfig(closed, opened, tuple(sorted(half)))


def _between(low: int, high: int) -> Callable[[int], Text | None]:
    """A check that a number is from `low` to `high`."""
    def check(value: int) -> Text | None:
        return None if low <= value <= high else R.CONFIG_BETWEEN(low=low, high=high)

    return check


def _no_overlap(r: ConfigReader, idx: int, hours: tuple[tuple[time, time], ...],
                table: str = "services") -> tuple[tuple[time, time], ...]:
    """The hours as given, once checked that no two ranges overlap.

    Raises:
        ConfigProblem: two ranges overlap (naming both).
    """
    ordered = sorted(hours)
    for (s1, e1), (s2, e2) in zip(ordered, ordered[1:], strict=False):
        if s2 < e1:
            r.fail(table, idx, "hours", R.CONFIG_HOURS_OVERLAP(first=f"{s1:%H:%M}-{e1:%H:%M}",
                                                                second=f"{s2:%H:%M}-{e2:%H:%M}"))
    return hours


def _parse_hours(r: ConfigReader, idx: int, text: object, table: str = "services") -> tuple[time, time]:
    """One "HH:MM-HH:MM" of a service's `hours`.

    Raises:
        ConfigProblem: not such a range, not valid times, or it ends before it starts.
    """
    m = HOURS_RE.match(text) if isinstance(text, str) else None
    if not m:
        r.fail(table, idx, "hours", R.CONFIG_HOURS_LIKE(text=text))
    h1, m1, h2, m2 = map(int, m.groups())
    try:
        start, end = time(h1, m1), time(h2, m2)
    except ValueError:
        r.fail(table, idx, "hours", R.CONFIG_HOURS_INVALID(text=text))
    if end <= start:
        r.fail(table, idx, "hours", R.CONFIG_HOURS_BACKWARDS(text=text))
    return start, end
