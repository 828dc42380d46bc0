"""The staffing simulator: the real engine on a virtual clock through whole days.

Simulation — a discrete-event simulation whose every state change goes through the
real `HallEngine` on its own SQLite file. A `VirtualClock` is set to the time of each
next event; the event is an engine operation:

    a citizen arrives       → issue_ticket (walk-in) or check_in (a booking imported first)
    a window is free        → call_next, and start when the citizen has walked up
    the service ends        → finish, then call_next again
    the citizen never comes → recall (policy.recalls_before_no_show times), then no_show
    a clerk's break         → pause once the current ticket is done, resume after it
    the day ends            → close_day: what still waits expires (unserved)

Waits, served and unserved are then read back from the engine's tickets, so the figures
are the engine's own. The citizens of a day (arrival times, services, service times,
who never comes) are drawn from the seed before any window acts, so two runs with the
same seed and different windows see the very same citizens: a fair "what if".

The arrival profile and its neighbours come from an optional [simulation] table in the
hall.toml (see `parse_profile` for the keys), else from the defaults below, modelled on
the reference hall: peaks at 9–10 and 14–15 o'clock, about 550 citizens a day. A service
only gets arrivals while it is open (its `hours`), so its hours never refuse a simulated
walk-in; a daily limit can (those are counted as turned away).
"""
from __future__ import annotations

import logging
import math
import random
import re
import tomllib
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from heapq import heappop, heappush
from pathlib import Path
from time import perf_counter
from typing import Any, ParamSpec, TypeVar

from hallq.db import report_texts as R
from hallq.db.clock import VirtualClock
from hallq.db.config import ConfigProblem, ConfigReader, HallConfig, ServiceConfig, WindowConfig, parse_config
from hallq.db.engine import HallEngine
from hallq.db.errors import DataError, Refused
from hallq.db.vocabulary import Refusal, TicketState
from hallq.i18n import Text, literal

log = logging.getLogger("hallq.simulate")

P = ParamSpec("P")
Out = TypeVar("Out")
K = TypeVar("K")

# Citizens per hour for the whole hall, while the services are open (reference hall).
DEFAULT_ARRIVALS = {9: 110, 10: 95, 11: 70, 13: 40, 14: 100, 15: 85, 16: 60, 17: 30}
DEFAULT_SHARE = {"A": 0.56, "B": 0.12, "C": 0.08, "D": 0.16, "E": 0.06, "F": 0.02}

#: the kiosk the simulated citizens take their tickets at
SIM_KIOSK = "SIM"
#: the green-channel reason of a simulated priority citizen (given by the ID number's age)
SIM_PRIORITY = "elderly"


@dataclass(frozen=True)
class Break:
    """A clerks' break: from `at`, `minutes` long (windows take it in turns)."""

    at: time
    minutes: float


@dataclass(frozen=True)
class Profile:
    """How citizens come and clerks work. Shares are 0–1; times in minutes unless named.

    Attributes:
        arrivals_per_hour: citizens per hour for the whole hall, by hour of the day.
        service_share: each service's share of the arrivals; empty: DEFAULT_SHARE for the
            services it names, else equal shares.
        service_minutes: mean service time per service; empty: the config's handling_minutes.
        service_cv: the spread (coefficient of variation) of service times, drawn from a
            gamma distribution; 1.0 makes them exponential.
        appointment_share: citizens with a booking (always, for an appointment_only service).
        priority_share: walk-ins in the green channel.
        no_show_share: citizens called who never come: recalled, then 过号.
        walk_seconds: from the call to the counter.
        recall_seconds: between calls of a citizen who does not come.
        overtime_minutes: windows keep calling this long after the last hours end.
        breaks: the clerks' breaks.
        breaks_at_once: share of the windows on break at the same time.
    """

    arrivals_per_hour: dict[int, float] = field(default_factory=lambda: dict(DEFAULT_ARRIVALS))
    service_share: dict[str, float] = field(default_factory=dict)
    service_minutes: dict[str, float] = field(default_factory=dict)
    service_cv: float = 0.6
    appointment_share: float = 0.15
    priority_share: float = 0.04
    no_show_share: float = 0.04
    walk_seconds: float = 20
    recall_seconds: float = 60
    overtime_minutes: float = 30
    breaks: tuple[Break, ...] = (Break(time(10, 30), 15), Break(time(15, 30), 15))
    breaks_at_once: float = 0.25

    def shares(self, config: HallConfig) -> dict[str, float]:
        """Each service's share of the arrivals, summing to 1 (all 0 when every share is 0)."""
        prefixes = [s.prefix for s in config.services]
        raw = self.service_share or {p: v for p, v in DEFAULT_SHARE.items() if p in prefixes}
        raw = raw or {p: 1.0 for p in prefixes}
        total = sum(raw.values())
        return {p: raw.get(p, 0.0) / total for p in prefixes} if total else {p: 0.0 for p in prefixes}

    def minutes(self, config: HallConfig) -> dict[str, float]:
        """Each service's mean service time in minutes."""
        return {s.prefix: self.service_minutes.get(s.prefix, s.handling_minutes) for s in config.services}


PROFILE_KEYS = {"arrivals_per_hour", "service_share", "service_minutes", "service_cv", "appointment_share",
                "priority_share", "no_show_share", "walk_seconds", "recall_seconds", "overtime_minutes",
                "breaks", "breaks_at_once"}


def parse_profile(text: str, config: HallConfig, source: str = "hall.toml") -> Profile:
    """The [simulation] table of a hall.toml text (defaults for what it leaves out):

        [simulation]
        arrivals_per_hour = {9 = 110, 10 = 95, 11 = 70, 13 = 40, 14 = 100, 15 = 85, 16 = 60, 17 = 30}
        service_share = {A = 0.56, B = 0.12, C = 0.08, D = 0.16, E = 0.06, F = 0.02}
        service_minutes = {A = 8}      # default: each service's handling_minutes
        service_cv = 0.6               # spread of service times; 1.0 = exponential
        appointment_share = 0.15       # citizens with a booking (always, for appointment_only)
        priority_share = 0.04          # walk-ins in the green channel
        no_show_share = 0.04           # called but never come: recalled, then 过号
        walk_seconds = 20
        recall_seconds = 60
        overtime_minutes = 30
        breaks = [{at = "10:30", minutes = 15}, {at = "15:30", minutes = 15}]
        breaks_at_once = 0.25          # share of windows on break together

    Args:
        text: the whole hall.toml text.
        config: the hall it describes (for the service prefixes).
        source: the file name errors give.

    Returns:
        The profile.

    Raises:
        ConfigError (a ConfigProblem): not TOML, an unknown key, or a value out of its range;
            the error names `simulation.<key>` and its line.
    """
    try:
        data = tomllib.loads(text).get("simulation", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigProblem(source, "(syntax)", R.CONFIG_NOT_TOML(problem=str(exc))) from None
    r = ConfigReader(text, source)
    if not isinstance(data, dict):
        r.fail("simulation", None, None, R.SIM_NOT_A_TABLE)
    for key in data:
        if key not in PROFILE_KEYS:
            r.fail("simulation", None, key, R.CONFIG_UNKNOWN_KEY(names=", ".join(sorted(PROFILE_KEYS))))
    prefixes = {s.prefix for s in config.services}
    base = Profile()

    def number(key: str, low: float, high: float, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            r.fail("simulation", None, key, R.SIM_NUMBER(low=low, high=high, value=value))
        return float(value)

    def table(key: str, low: float, high: float, keys_ok: Callable[[str], K | None], what: Text) -> dict[K, float]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            r.fail("simulation", None, key, R.SIM_TABLE_LIKE(what=what))
        out: dict[K, float] = {}
        for k, v in value.items():
            parsed = keys_ok(k)
            if parsed is None:
                r.fail("simulation", None, key, R.SIM_NOT_A_KEY(key=k, what=what))
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not low <= v <= high:
                r.fail("simulation", None, key, R.SIM_ENTRY_NUMBER(key=k, value=v, low=low, high=high))
            out[parsed] = float(v)
        return out

    def hour(k: str) -> int | None:
        return int(k) if str(k).isdigit() and 0 <= int(k) <= 23 else None

    def prefix(k: str) -> str | None:
        return k if k in prefixes else None

    breaks = list(base.breaks)
    if "breaks" in data:
        if not isinstance(data["breaks"], list):
            r.fail("simulation", None, "breaks", R.SIM_BREAKS_LIST(example=R.BREAKS_EXAMPLE))
        breaks = []
        for item in data["breaks"]:
            ok = isinstance(item, dict) and set(item) == {"at", "minutes"} and isinstance(item["at"], str) \
                and re.match(r"^\d{1,2}:\d{2}$", item["at"]) and isinstance(item["minutes"], (int, float)) \
                and 0 < item["minutes"] <= 240
            try:
                at = time.fromisoformat(item["at"].zfill(5)) if ok else None
            except ValueError:
                at = None
            if at is None:
                r.fail("simulation", None, "breaks", R.SIM_BREAK_LIKE(item=item))
            breaks.append(Break(at, float(item["minutes"])))
    arrivals = table("arrivals_per_hour", 0, 2000, hour, R.SIM_HOUR)
    return Profile(
        arrivals_per_hour=arrivals if "arrivals_per_hour" in data else base.arrivals_per_hour,
        service_share=table("service_share", 0, 1000, prefix, R.SIM_PREFIX),
        service_minutes=table("service_minutes", 0.05, 480, prefix, R.SIM_PREFIX),
        service_cv=number("service_cv", 0.05, 3, base.service_cv),
        appointment_share=number("appointment_share", 0, 1, base.appointment_share),
        priority_share=number("priority_share", 0, 1, base.priority_share),
        no_show_share=number("no_show_share", 0, 1, base.no_show_share),
        walk_seconds=number("walk_seconds", 0, 600, base.walk_seconds),
        recall_seconds=number("recall_seconds", 0, 600, base.recall_seconds),
        overtime_minutes=number("overtime_minutes", 0, 600, base.overtime_minutes),
        breaks=tuple(breaks),
        breaks_at_once=number("breaks_at_once", 0.01, 1, base.breaks_at_once),
    )


def strip_tables(text: str, names: set[str]) -> str:
    """The TOML text without the tables (and arrays of tables) named, lines kept blank so
    that line numbers in error messages still point at the file.

    Args:
        text: a hall.toml text.
        names: top-level table names, e.g. {"simulation"} (their sub-tables go too).

    Returns:
        The text, ending in a newline.
    """
    out, dropping = [], False
    for line in text.splitlines():
        header = re.match(r"^\s*\[\[?\s*([A-Za-z_][\w.-]*)\s*\]\]?", line)
        if header:
            dropping = header.group(1).split(".")[0] in names
        out.append("" if dropping else line)
    return "\n".join(out) + "\n"


def hall_from_text(text: str, source: str) -> tuple[HallConfig, str, Profile]:
    """A hall.toml text that may carry a [simulation] table.

    Args:
        text: the hall.toml text.
        source: the file name errors give.

    Returns:
        (config, the text without [simulation], the profile).

    Raises:
        ConfigError: a problem in the hall or in its [simulation] table.
    """
    hall_text = strip_tables(text, {"simulation"})
    config = parse_config(hall_text, source)
    return config, hall_text, parse_profile(text, config, source)


def _service(config: HallConfig, prefix: str) -> ServiceConfig:
    """The config's service `prefix`, which the caller took from the config itself."""
    svc = config.service(prefix)
    if svc is None:
        raise KeyError(prefix)
    return svc


# ---------------------------------------------------------------------- windows
class WindowsSpecError(DataError, ValueError):
    """A `--windows` spec that is not like `A=8,B=2`: bad input data, and a ValueError.

    `message` (and `text(lang)`) has it in both languages; `str()` is the English, as the
    ValueError's message was before it was a Text.
    """

    def __str__(self) -> str:
        return self.message.text("en")


def parse_windows(spec: str, config: HallConfig) -> dict[tuple[str, ...], int]:
    """`A=8,B=2` (or `AB=2` for windows serving A then B) → {("A",): 8, ("B",): 2}.

    Args:
        spec: comma-separated `PREFIXES=COUNT`, a count of 0–999.
        config: the hall whose services the prefixes name.

    Returns:
        The number of windows for each tuple of services (in order of preference).

    Raises:
        WindowsSpecError (a ValueError): a part not like A=8, an unknown service, a service
            named twice, or nothing given.
    """
    prefixes = {s.prefix for s in config.services}
    out: dict[tuple[str, ...], int] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        match = re.match(r"^([A-Za-z]+)\s*=\s*(\d{1,3})$", part)
        if not match:
            raise WindowsSpecError(R.WINDOWS_NOT_LIKE(part=part))
        services = tuple(match.group(1).upper())
        bad = [p for p in services if p not in prefixes]
        if bad:
            raise WindowsSpecError(R.WINDOWS_NO_SERVICE(part=part, prefix=bad[0], services=", ".join(sorted(prefixes))))
        if len(set(services)) != len(services) or services in out:
            raise WindowsSpecError(R.WINDOWS_TWICE(part=part))
        out[services] = int(match.group(2))
    if not out:
        raise WindowsSpecError(R.WINDOWS_EMPTY)
    return out


@dataclass(frozen=True)
class WindowChange:
    """What a --windows part did: the windows serving exactly `services` (in that order)
    before and after, by number."""

    services: tuple[str, ...]
    before: tuple[int, ...]
    after: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON data: services as "A" or "AB", the window numbers before and after."""
        return {"services": "".join(self.services), "before": list(self.before), "after": list(self.after)}


def _plan_windows(config: HallConfig, spec: dict[tuple[str, ...], int]
                  ) -> tuple[list[tuple[int, str, tuple[str, ...]]], list[WindowChange]]:
    """The windows after `spec`, and what changed. Only windows serving exactly the
    services of a part, in its order, are touched: `A=5` sets the windows serving A alone
    to 5 and leaves a window serving A then E, or A then B, as it is. A part keeps its own
    windows' numbers and names as far as they go (the lowest numbers); more windows take
    the lowest free numbers, fewer drop the highest."""
    kept = [(w.number, w.name, w.services) for w in config.windows if w.services not in spec]
    order = {s.prefix: i for i, s in enumerate(config.services)}
    wanted = sorted(spec.items(), key=lambda item: [order[p] for p in item[0]])
    added: list[tuple[int, str, tuple[str, ...]]] = []
    missing: list[tuple[str, ...]] = []
    before: dict[tuple[str, ...], tuple[int, ...]] = {}
    for services, count in wanted:
        own = sorted((w for w in config.windows if w.services == services), key=lambda w: w.number)
        before[services] = tuple(w.number for w in own)
        added += [(w.number, w.name, services) for w in own[:count]]
        missing += [services] * (count - len(own[:count]))
    used = {n for n, _, _ in kept + added}
    free = (n for n in range(1, 1000) if n not in used)
    added += [(number, _window_name(config, services, number), services)
              for services, number in zip(missing, free, strict=False)]  # `free` outnumbers `missing`
    changes = [WindowChange(services, before[services],
                            tuple(sorted(n for n, _, s in added if s == services))) for services, _ in wanted]
    return sorted(kept + added), changes


def window_changes(config: HallConfig, spec: dict[tuple[str, ...], int]) -> list[WindowChange]:
    """What `spec` changes in the hall's windows (see `windows_text`), part by part.

    Args:
        config: the hall.
        spec: windows per tuple of services, from parse_windows.

    Returns:
        One WindowChange per part, in the hall's order of services.
    """
    return _plan_windows(config, spec)[1]


def windows_text(config: HallConfig, spec: dict[tuple[str, ...], int]) -> str:
    """[[windows]] tables: the config's windows, except those serving exactly the services
    of a part of `spec` (in its order), which number as many as the part says. Nothing else
    changes: `A=5` leaves a window serving A then E as it is.

    Args:
        config: the hall.
        spec: windows per tuple of services, from parse_windows.

    Returns:
        The [[windows]] tables as TOML text, by window number.
    """
    lines = []
    for number, name, services in _plan_windows(config, spec)[0]:
        lines += ["[[windows]]", f"number = {number}", f'name = "{name}"',
                  "services = [" + ", ".join(f'"{p}"' for p in services) + "]", ""]
    return "\n".join(lines)


def _window_name(config: HallConfig, services: tuple[str, ...], number: int) -> str:
    """Named like the service's own windows (不动产窗口11 → 不动产窗口16), else after the service."""
    sibling = next((w.name for w in config.windows if w.services == services and re.search(r"\d+$", w.name)), None)
    if sibling:
        return re.sub(r"\d+$", str(number), sibling)
    # window names in hall.toml are Chinese (WindowConfig.name)
    return R.SIM_WINDOW_NAME(service=_service(config, services[0]).name, number=number).text("zh")


def with_windows(hall_text: str, config: HallConfig, spec: dict[tuple[str, ...], int] | None) -> str:
    """The hall.toml text with its [[windows]] replaced as `windows_text` says.

    Args:
        hall_text: the hall.toml text.
        config: the hall parsed from it.
        spec: windows per tuple of services; None or empty: the text unchanged.
    """
    if not spec:
        return hall_text
    return strip_tables(hall_text, {"windows"}) + "\n" + windows_text(config, spec)


# ---------------------------------------------------------------------- citizens
@dataclass
class Citizen:
    """One simulated citizen: arrives `at`, for `service`, needs `minutes` at the window.

    Attributes:
        appointment: the booking code, or None for a walk-in.
        priority: a green-channel reason, or None.
        comes: False for one who never comes to the window when called.
    """

    at: datetime
    service: str
    minutes: float
    appointment: str | None = None
    priority: str | None = None
    comes: bool = True


def _open_spans(config: HallConfig, prefix: str, profile: Profile) -> list[tuple[float, float]]:
    """The service's hours as (start, end) in hours after midnight."""
    svc = _service(config, prefix)
    if svc.hours:
        return [(a.hour + a.minute / 60, b.hour + b.minute / 60) for a, b in svc.hours]
    hours = sorted(h for h, rate in profile.arrivals_per_hour.items() if rate > 0)
    return [(hours[0], hours[-1] + 1)] if hours else []


def citizens_of_day(config: HallConfig, profile: Profile, day: date, arrivals: random.Random,
                    traits: random.Random) -> list[Citizen]:
    """The day's citizens, in order of arrival: a Poisson stream per service whose rate is
    the hour's arrivals × the service's share, while the service is open. Arrival times
    come from `arrivals` (one draw each, by inverting the cumulative rate), everything
    else from `traits` (the same draws for every citizen), so the streams stay aligned.

    Service times are gamma-distributed with the profile's mean and coefficient of
    variation (shape 1/cv², scale mean·cv²). Bookings get codes SIM<yymmdd><nnnn>.

    Args:
        config: the hall.
        profile: how citizens come.
        day: the day.
        arrivals: the random stream of arrival times.
        traits: the random stream of everything else.

    Returns:
        The citizens, by time of arrival.
    """
    midnight = datetime.combine(day, time())
    shares, minutes = profile.shares(config), profile.minutes(config)
    shape = 1 / profile.service_cv ** 2
    out: list[Citizen] = []
    for svc in config.services:
        share = shares[svc.prefix]
        for start, end in _open_spans(config, svc.prefix, profile):
            t = start
            while t < end:
                need = arrivals.expovariate(1.0)  # in units of the cumulative rate
                while t < end:
                    rate = profile.arrivals_per_hour.get(int(t), 0) * share
                    hour_end = min(end, int(t) + 1)
                    if rate * (hour_end - t) > need:
                        t += need / rate
                        break
                    need -= rate * (hour_end - t)
                    t = hour_end
                else:
                    break
                service_minutes = traits.gammavariate(shape, minutes[svc.prefix] / shape)
                booked = traits.random() < profile.appointment_share or svc.appointment_only
                priority = traits.random() < profile.priority_share and not booked
                comes = traits.random() >= profile.no_show_share
                out.append(Citizen(at=midnight + timedelta(hours=t), service=svc.prefix, minutes=service_minutes,
                                   appointment="" if booked else None, priority=SIM_PRIORITY if priority else None,
                                   comes=comes))
    out.sort(key=lambda c: c.at)
    for i, c in enumerate(c for c in out if c.appointment is not None):
        c.appointment = f"SIM{day:%y%m%d}{i + 1:04d}"
    return out


class Antithetic(random.Random):
    """A random stream mirrored (u → 1 − u): paired with an ordinary run of the same seed,
    a busy day meets a quiet one, which halves the noise of a comparison (see tests/sim)."""

    def random(self) -> float:
        """1 − the ordinary stream's next number."""
        return 1.0 - super().random()


def booking_of(c: Citizen) -> dict[str, str]:
    """A 30-minute booking slot around the citizen's arrival, as a booking row to import."""
    start = c.at.replace(minute=c.at.minute // 30 * 30, second=0, microsecond=0)
    return {"code": c.appointment or "", "name": R.SIM_BOOKING_NAME.text("zh"), "service": c.service,
            "slot_start": start.isoformat(), "slot_end": (start + timedelta(minutes=30)).isoformat()}


# ---------------------------------------------------------------------- the simulation
@dataclass
class _Window:
    number: int
    name: str
    services: tuple[str, ...]
    open_spans: list[tuple[datetime, datetime]]
    closes_at: datetime
    busy_since: datetime | None = None  # serving (or calling) someone since then
    idle_since: datetime | None = None
    paused_since: datetime | None = None  # on a break since then
    break_due: float | None = None  # minutes of a break to take once the current ticket is done
    busy_s: float = 0.0
    busy_outside_s: float = 0.0
    break_s: float = 0.0

    @property
    def busy(self) -> bool:
        return self.busy_since is not None

    @property
    def paused(self) -> bool:
        return self.paused_since is not None


@dataclass
class _WindowTotals:
    """A window's figures over the days run: tickets served, seconds busy and staffed."""

    served: int = 0
    busy_s: float = 0.0
    staffed_s: float = 0.0


class _Step(StrEnum):
    """What happens at a window at a planned moment."""

    START = "start"
    RECALL = "recall"
    FINISH = "finish"
    NO_SHOW = "no_show"
    RESUME = "resume"


@dataclass(frozen=True)
class _Arrival:
    citizen: Citizen


@dataclass(frozen=True)
class _AtWindow:
    step: _Step
    window: _Window


@dataclass(frozen=True)
class _BreakTime:
    window: _Window
    minutes: float


_Happening = _Arrival | _AtWindow | _BreakTime


class _Agenda:
    """What happens next: a heap by time, then by the order it was planned in."""

    def __init__(self) -> None:
        self._heap: list[tuple[datetime, int, _Happening]] = []
        self._seq = 0

    def at(self, when: datetime, what: _Happening) -> None:
        self._seq += 1
        heappush(self._heap, (when, self._seq, what))

    def pop(self) -> tuple[datetime, _Happening]:
        when, _, what = heappop(self._heap)
        return when, what

    def __bool__(self) -> bool:
        return bool(self._heap)


@dataclass(frozen=True)
class ServiceResult:
    """One service's figures over the simulated days (waits in minutes).

    Attributes:
        windows: windows serving it (first or otherwise).
        issued: tickets issued (walk-ins and checked-in bookings).
        turned_away: walk-ins refused (daily limit, numbers used up).
        served / no_shows / unserved: tickets done, 过号, still open at the end of the day.
        mean_wait_min / p95_wait_min: from taking the ticket to its first call, after the
            warm-up; the P95 is the nearest-rank 95th percentile. None when nobody was called.
    """

    prefix: str
    name: str
    windows: int
    issued: int
    turned_away: int
    served: int
    no_shows: int
    unserved: int
    mean_wait_min: float | None
    p95_wait_min: float | None


@dataclass(frozen=True)
class WindowResult:
    """One window's figures: tickets served, and utilisation (0–1): seconds busy over
    seconds staffed (its open hours less breaks, plus busy time after hours)."""

    number: int
    name: str
    services: tuple[str, ...]
    served: int
    utilisation: float


@dataclass(frozen=True)
class SimResult:
    """What a simulation came to: the hall, the days, the seed, citizens drawn, the figures
    per service and per window, engine operations made, seconds it took and the database
    it was written to (None when that was a temporary one)."""

    hall: str
    hall_en: str
    days: tuple[str, ...]
    seed: int
    citizens: int
    services: tuple[ServiceResult, ...]
    windows: tuple[WindowResult, ...]
    engine_ops: int
    seconds: float
    database: str | None = None

    @property
    def title(self) -> Text:
        """The hall's name in both languages."""
        return literal(self.hall, self.hall_en)

    def as_dict(self) -> dict[str, Any]:
        """The result as plain data (for JSON)."""
        return asdict(self)


class Simulation:
    """Runs days of the hall through an engine on a VirtualClock (see the module doc).

    Args:
        engine: a hall engine on a new database, its config loaded.
        clock: the engine's clock.
        profile: how citizens come and clerks work.
        seed: the seed of the random streams (arrivals and traits apart).
        warmup_minutes: waits of tickets taken this long after opening are left out.
        antithetic: mirror the random streams (see Antithetic).
    """

    def __init__(self, engine: HallEngine, clock: VirtualClock, profile: Profile, seed: int = 1,
                 warmup_minutes: float = 0, antithetic: bool = False):
        self.engine, self.clock, self.profile = engine, clock, profile
        stream = Antithetic if antithetic else random.Random
        self.arrivals, self.traits = stream(f"{seed}:arrivals"), stream(f"{seed}:traits")
        self.seed = seed
        self.warmup = timedelta(minutes=warmup_minutes)
        self.ops = 0
        self.citizens = 0
        self.waits: dict[str, list[float]] = {}
        self.counts: dict[str, Counter[str]] = {}
        self.window_totals: dict[int, _WindowTotals] = {}
        self.days: list[str] = []

    async def run_days(self, first: date, days: int = 1) -> None:
        """Run days one after the other.

        Args:
            first: the first day.
            days: how many.
        """
        for k in range(days):
            await self.run_day(first + timedelta(days=k))

    async def run_day(self, day: date) -> None:
        """Run one day: import its bookings, let its citizens come, close the day.

        Raises:
            Refused: an engine refusal the simulation does not expect (a bug).
        """
        config = await self.engine.config()
        citizens = citizens_of_day(config, self.profile, day, self.arrivals, self.traits)
        self.citizens += len(citizens)
        self.days.append(day.isoformat())
        midnight = datetime.combine(day, time())
        starts = [a for s in config.services for a, _ in _open_spans(config, s.prefix, self.profile)]
        opening = midnight + timedelta(hours=min(starts, default=8))
        self.clock.set(max(self.clock.now(), opening - timedelta(minutes=1)))
        bookings = [booking_of(c) for c in citizens if c.appointment]
        if bookings:
            await self.engine.import_appointments(bookings)

        windows = {w.number: self._window(config, w, midnight) for w in config.windows}
        agenda = _Agenda()
        for c in citizens:
            agenda.at(c.at, _Arrival(c))
        for w in windows.values():
            w.idle_since = opening
        self._plan_breaks(windows, midnight, agenda)

        turned_away: Counter[str] = Counter()
        by_number: dict[str, Citizen] = {}
        while agenda:
            when, what = agenda.pop()
            self.clock.set(when)
            match what:
                case _Arrival(citizen=citizen):
                    number = await self._arrive(citizen, turned_away)
                    if number is None:
                        continue
                    by_number[number] = citizen
                    idle = [w for w in windows.values() if self._can_call(w, when) and citizen.service in w.services]
                    for w in sorted(idle, key=lambda w: (w.idle_since, w.number)):
                        if await self._call(w, by_number, agenda):
                            break
                case _AtWindow(step=_Step.START, window=w):
                    await self._op(self.engine.start, w.number)
                case _AtWindow(step=_Step.RECALL, window=w):
                    await self._op(self.engine.recall, w.number)
                case _AtWindow(step=_Step.FINISH | _Step.NO_SHOW as step, window=w):
                    await self._op(self.engine.finish if step == _Step.FINISH else self.engine.no_show, w.number)
                    self._free(w, when)
                    await self._next(w, by_number, agenda)
                case _BreakTime(window=w, minutes=minutes):
                    if w.busy:
                        w.break_due = minutes
                    elif not w.paused and when < w.closes_at:
                        await self._pause(w, minutes, agenda)
                case _AtWindow(step=_Step.RESUME, window=w):
                    await self._op(self.engine.resume, w.number)
                    if w.paused_since is not None:
                        w.break_s += (when - w.paused_since).total_seconds()
                    w.paused_since = None
                    w.idle_since = when
                    await self._call(w, by_number, agenda)
        await self._end_day(day, config, windows, turned_away)

    # -------------------------------------------------------------- steps
    def _window(self, config: HallConfig, w: WindowConfig, midnight: datetime) -> _Window:
        spans = sorted({span for p in w.services for span in _open_spans(config, p, self.profile)})
        merged: list[list[float]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        open_spans = [(midnight + timedelta(hours=a), midnight + timedelta(hours=b)) for a, b in merged]
        last = open_spans[-1][1] if open_spans else midnight
        return _Window(w.number, w.name, w.services, open_spans,
                       closes_at=last + timedelta(minutes=self.profile.overtime_minutes))

    def _plan_breaks(self, windows: dict[int, _Window], midnight: datetime, agenda: _Agenda) -> None:
        order = sorted(windows.values(), key=lambda w: w.number)
        together = max(1, round(len(order) * self.profile.breaks_at_once))
        for b in self.profile.breaks:
            start = datetime.combine(midnight.date(), b.at)
            for i, w in enumerate(order):
                agenda.at(start + timedelta(minutes=b.minutes * (i // together)), _BreakTime(w, b.minutes))

    async def _op(self, fn: Callable[P, Awaitable[Out]], *args: P.args, **kwargs: P.kwargs) -> Out:
        """One engine operation, counted."""
        self.ops += 1
        return await fn(*args, **kwargs)

    async def _arrive(self, c: Citizen, turned_away: Counter[str]) -> str | None:
        """The citizen takes a ticket (or checks in); returns its number, None when turned away."""
        try:
            if c.appointment:
                result = await self._op(self.engine.check_in, c.appointment, SIM_KIOSK)
                if result.ticket is None:
                    raise Refused(result.outcome, result.message)
                return result.ticket.number
            return (await self._op(self.engine.issue_ticket, c.service, c.priority, SIM_KIOSK)).number
        except Refused as exc:  # daily limit, numbers used up
            log.debug("turned away at %s: %s", c.at, exc)
            turned_away[c.service] += 1
            return None

    def _can_call(self, w: _Window, now: datetime) -> bool:
        return not w.busy and not w.paused and now < w.closes_at

    async def _next(self, w: _Window, by_number: dict[str, Citizen], agenda: _Agenda) -> None:
        """The window is free again: a break that is due, else the next citizen."""
        now = self.clock.now()
        if w.break_due is not None:
            minutes, w.break_due = w.break_due, None
            if now < w.closes_at:
                await self._pause(w, minutes, agenda)
                return
        await self._call(w, by_number, agenda)

    async def _call(self, w: _Window, by_number: dict[str, Citizen], agenda: _Agenda) -> bool:
        """Call the next citizen to a free window and plan what follows; False when nobody waits."""
        now = self.clock.now()
        if not self._can_call(w, now):
            return False
        try:
            ticket = await self._op(self.engine.call_next, w.number)
        except Refused as exc:
            if exc.code != Refusal.NOTHING_WAITING:
                raise
            return False
        c = by_number[ticket.number]
        w.busy_since = now
        if c.comes:
            started = now + timedelta(seconds=self.profile.walk_seconds)
            agenda.at(started, _AtWindow(_Step.START, w))
            agenda.at(started + timedelta(minutes=c.minutes), _AtWindow(_Step.FINISH, w))
        else:
            recalls = (await self.engine.policy()).recalls_before_no_show
            step = timedelta(seconds=self.profile.recall_seconds)
            for k in range(1, recalls + 1):
                agenda.at(now + k * step, _AtWindow(_Step.RECALL, w))
            agenda.at(now + (recalls + 1) * step, _AtWindow(_Step.NO_SHOW, w))
        return True

    def _free(self, w: _Window, now: datetime) -> None:
        """The window's ticket is done: add up its busy time, inside and outside its hours."""
        since = w.busy_since
        if since is not None:
            busy = (now - since).total_seconds()
            w.busy_s += busy
            inside = sum(max(0.0, (min(now, b) - max(since, a)).total_seconds()) for a, b in w.open_spans)
            w.busy_outside_s += busy - inside
        w.busy_since, w.idle_since = None, now

    async def _pause(self, w: _Window, minutes: float, agenda: _Agenda) -> None:
        await self._op(self.engine.pause, w.number, R.SIM_BREAK_REASON.text("zh"))
        w.paused_since = self.clock.now()
        agenda.at(self.clock.now() + timedelta(minutes=minutes), _AtWindow(_Step.RESUME, w))

    async def _end_day(self, day: date, config: HallConfig, windows: dict[int, _Window],
                       turned_away: Counter[str]) -> None:
        """Count the day's tickets and windows, then close the day."""
        tickets = await self.engine.tickets(day=day.isoformat())
        start = datetime.combine(day, time()) + timedelta(
            hours=min((a for s in config.services for a, _ in _open_spans(config, s.prefix, self.profile)), default=0))
        outcome = {TicketState.DONE: "served", TicketState.NO_SHOW: "no_shows", TicketState.WAITING: "unserved",
                   TicketState.CALLED: "unserved", TicketState.SERVING: "unserved"}
        for t in tickets:
            counts = self.counts.setdefault(t.original_service, Counter())
            counts["issued"] += 1
            counts[outcome.get(t.state, t.state)] += 1
            if t.called_at is not None and t.taken_at >= start + self.warmup:
                self.waits.setdefault(t.original_service, []).append((t.called_at - t.taken_at).total_seconds() / 60)
        for prefix, n in turned_away.items():
            self.counts.setdefault(prefix, Counter())["turned_away"] += n
        for w in windows.values():
            served = sum(1 for t in tickets if t.window == w.number and t.state == TicketState.DONE)
            open_s = sum((b - a).total_seconds() for a, b in w.open_spans)
            staffed = max(open_s - w.break_s + w.busy_outside_s, 1.0)
            totals = self.window_totals.setdefault(w.number, _WindowTotals())
            totals.served += served
            totals.busy_s += w.busy_s
            totals.staffed_s += staffed
        self.clock.set(max(self.clock.now(), max(w.closes_at for w in windows.values())))
        await self._op(self.engine.close_day)

    async def result(self, seconds: float = 0.0, database: str | None = None) -> SimResult:
        """The figures of the days run so far (see ServiceResult and WindowResult).

        Args:
            seconds: the real time the run took, for the result.
            database: the database file, for the result.
        """
        config = await self.engine.config()
        services = []
        for s in config.services:
            waits = sorted(self.waits.get(s.prefix, []))
            counts = self.counts.get(s.prefix, Counter())
            services.append(ServiceResult(
                prefix=s.prefix, name=s.name,
                windows=sum(1 for w in config.windows if s.prefix in w.services),
                issued=counts["issued"], turned_away=counts["turned_away"],
                served=counts["served"], no_shows=counts["no_shows"],
                unserved=counts["unserved"],
                mean_wait_min=round(sum(waits) / len(waits), 2) if waits else None,
                p95_wait_min=round(waits[min(len(waits) - 1, math.ceil(0.95 * len(waits)) - 1)], 2) if waits else None,
            ))
        windows = []
        for w in config.windows:
            totals = self.window_totals.get(w.number)
            windows.append(WindowResult(w.number, w.name, w.services, totals.served if totals else 0,
                                        round(totals.busy_s / totals.staffed_s, 3) if totals else 0.0))
        return SimResult(config.name, config.name_en, tuple(self.days), self.seed, self.citizens, tuple(services),
                         tuple(windows), self.ops, round(seconds, 2), database)


async def simulate(text: str, path: str | Path, day: date, *, windows: dict[tuple[str, ...], int] | None = None,
                   seed: int = 1, days: int = 1, profile: Profile | None = None, source: str = "hall.toml",
                   warmup_minutes: float = 0, antithetic: bool = False) -> SimResult:
    """Simulate days of a hall on a new database (see the module doc).

    Args:
        text: a hall.toml, maybe with a [simulation] table.
        path: the new database file; it keeps the simulated days (for reports and replays).
        day: the first day.
        windows: windows replacing the config's for the services named (see parse_windows).
        seed: the random seed; the same seed draws the same citizens.
        days: how many days, one after the other.
        profile: instead of the text's [simulation] table.
        source: the file name errors give.
        warmup_minutes: waits of tickets taken this long after opening are left out.
        antithetic: mirror the random streams (see Antithetic).

    Returns:
        The figures (SimResult).

    Raises:
        ConfigError: a problem in the hall or its [simulation] table, or `path` already
            holds a hall (key "(file)").
    """
    config, plain, parsed = hall_from_text(text, source)
    plain = with_windows(strip_tables(plain, {"clerks"}), config, windows)  # windows open as the operator's
    config = parse_config(plain, source)
    clock = VirtualClock(datetime.combine(day, time(0, 0)))
    began = perf_counter()
    engine = await HallEngine.open(path, clock)
    try:
        if await engine.is_initialised():
            raise ConfigProblem(str(path), "(file)", R.SIM_EXISTING_HALL)
        await engine.load_config(config, plain, actor="simulator")
        sim = Simulation(engine, clock, profile or parsed, seed, warmup_minutes, antithetic)
        await sim.run_days(day, days)
        return await sim.result(perf_counter() - began, str(path))
    finally:
        await engine.close()
