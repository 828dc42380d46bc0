"""The demo's living hall: citizens arrive and clerks call, serve and finish on their own.

`hallq demo --simulate` runs a `LiveSimulation` beside the UI. It drives the hall only
through the engine API, as kiosks and counters would: walk-in tickets for random
services (weighted by what the hall's windows can serve), some through the green
channel, some appointment check-ins; the windows it is given log in and call, start,
recall, mark no-shows and finish with handling times around each service's own.

Time is the hall's clock. `RunningClock` runs `rate` times faster than real time, so
an 8-minute case takes 48 s at rate 10 and the hall screen moves at a watchable pace.
The simulation never sleeps by itself: `step()` does what is due now and returns when
the next thing is due; `run(sleep_until)` loops over it. Tests pass a VirtualClock and
a `sleep_until` that sets it, so a simulated hour takes milliseconds. Same seed, same
clock steps, same day.
"""
from __future__ import annotations

import asyncio
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hallq.db.config import HallConfig
from hallq.db.engine import HallEngine
from hallq.db.errors import HallError, Refused
from hallq.db.vocabulary import TicketState, WindowState

log = logging.getLogger("hallq.demo")

#: names for the simulated clerks (the demo hall's own clerks stay for people)
CLERK_NAMES = ("刘洋", "陈静", "杨帆", "黄磊", "周婷", "吴昊", "徐丽", "孙伟", "胡梅", "朱军", "高敏", "林涛", "何艳",
               "郭峰", "马超", "罗琳")
SIM_PIN = "2468"
UTILISATION = 0.85     # arrivals as a share of what the simulated windows can serve
OVERHEAD_MIN = 1.2     # per case besides handling: walking to the window, the clerk's pause
PEAK_HOURS = (9, 14)   # arrivals are heavier from 9 to 10 and from 14 to 15
PRIORITY_SHARE = 0.08
NO_SHOW_SHARE = 0.05
TRANSFER_SHARE = 0.03
OPENING_CROWD_H = 0.2      # the simulation starts with this many hours' arrivals waiting
APPOINTMENT_EVERY_MIN = 12  # one booking per this many minutes, over the rest of the day


class RunningClock:
    """Wall-clock time from `start`, running `rate` times as fast as real time."""

    def __init__(self, start: datetime, rate: float = 1.0, monotonic: Callable[[], float] = time.monotonic):
        self.start, self.rate, self._monotonic = start, rate, monotonic
        self._t0 = monotonic()

    def now(self) -> datetime:
        now = self.start + timedelta(seconds=(self._monotonic() - self._t0) * self.rate)
        return now.replace(microsecond=now.microsecond // 1000 * 1000)

    def real_seconds_until(self, when: datetime) -> float:
        return max(0.0, (when - self.now()).total_seconds() / self.rate)

    async def sleep_until(self, when: datetime) -> None:
        """Sleep (in real time, at the clock's rate) until the clock shows `when`."""
        await asyncio.sleep(self.real_seconds_until(when))


@dataclass
class SimWindow:
    number: int
    services: tuple[str, ...]
    clerk_id: str
    due: datetime
    no_show: bool = False       # the called citizen will not come
    broken: bool = False        # held by someone else: left alone


@dataclass
class Booking:
    code: str
    service: str
    slot_start: datetime
    arrive_at: datetime


@dataclass
class Tally:
    issued: int = 0
    priority: int = 0
    checked_in: int = 0
    called: int = 0
    finished: int = 0
    no_shows: int = 0
    transfers: int = 0
    refused: int = 0
    by_service: dict[str, int] = field(default_factory=dict)


class LiveSimulation:
    def __init__(self, engine: HallEngine, config: HallConfig, windows: list[int], seed: int | None = None,
                 utilisation: float = UTILISATION, kiosk: str = "K2"):
        self.engine, self.config, self.kiosk = engine, config, kiosk
        self.rng = random.Random(seed)
        self.tally = Tally()
        now = engine.now()
        self.windows = [SimWindow(w.number, w.services, f"sim{w.number:02d}", now + timedelta(seconds=5 * i))
                        for i, w in enumerate(config.windows) if w.number in windows]
        walk_in = {s.prefix for s in config.services if not s.appointment_only}
        # what the simulated windows can serve per hour, per service (a window serving
        # two services gives each half its time)
        capacity: dict[str, float] = {}
        for w in self.windows:
            for prefix in w.services:
                service = config.service(prefix)
                if service is None:  # not in a validated config: a window serves only configured services
                    continue
                per_case = service.handling_minutes + OVERHEAD_MIN
                capacity[prefix] = capacity.get(prefix, 0) + 60 / per_case / len(w.services)
        self.weights = {p: c for p, c in capacity.items() if p in walk_in}
        self.rate_per_hour = utilisation * sum(self.weights.values())
        self.next_arrival = now
        self.bookings: list[Booking] = []
        self.ready = False

    # ------------------------------------------------------------------ set-up
    async def prepare(self) -> None:
        """Clerks for the simulated windows and the day's bookings (both idempotent), and
        a first crowd of citizens."""
        for i, w in enumerate(self.windows):
            if await self.engine.clerk(w.clerk_id) is None:
                await self.engine.add_clerk(w.clerk_id, CLERK_NAMES[i % len(CLERK_NAMES)], SIM_PIN)
        self.bookings = self._plan_bookings()
        if self.bookings:
            rows = [{"code": b.code, "name": "模拟预约", "service": b.service, "slot_start": b.slot_start.isoformat(),
                     "slot_end": (b.slot_start + timedelta(minutes=30)).isoformat()} for b in self.bookings]
            await self.engine.import_appointments(rows, actor="operator:simulation")
        for _ in range(round(self.rate_per_hour * OPENING_CROWD_H)):  # those already in the hall
            await self._arrive()
        self.next_arrival = self.engine.now() + self._gap()
        self.ready = True

    def _plan_bookings(self) -> list[Booking]:
        now = self.engine.now()
        served = {p for w in self.windows for p in w.services}
        services = [s.prefix for s in self.config.services if s.prefix in served]
        if not services:
            return []
        slot = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)
        end = now.replace(hour=17, minute=30, second=0, microsecond=0)
        out, n = [], 0
        while slot < end:
            for _ in range(max(1, 30 // APPOINTMENT_EVERY_MIN)):
                n += 1
                service = self.rng.choice(services)
                arrive = slot + timedelta(minutes=self.rng.uniform(-12, 8))
                out.append(Booking(f"SIM-{now:%m%d}-{n:03d}", service, slot, arrive))
            slot += timedelta(minutes=30)
        return sorted((b for b in out if b.arrive_at >= now), key=lambda b: b.arrive_at)

    # ------------------------------------------------------------------ running
    async def run(self, sleep_until: Callable[[datetime], Awaitable[None]]) -> None:
        """Step for ever; `sleep_until(when)` waits until the hall's clock reaches `when`."""
        if not self.ready:
            await self.prepare()
        while True:
            await sleep_until(await self.step())

    async def step(self) -> datetime:
        """Do everything due at the hall's time now; return when the next thing is due."""
        now = self.engine.now()
        while self.next_arrival <= now:
            await self._arrive()
            self.next_arrival += self._gap()
        while self.bookings and self.bookings[0].arrive_at <= now:
            await self._check_in(self.bookings.pop(0))
        for w in self.windows:
            if not w.broken and w.due <= now:
                w.due = now + await self._act(w, now)
        upcoming = [self.next_arrival, *(w.due for w in self.windows if not w.broken)]
        if self.bookings:
            upcoming.append(self.bookings[0].arrive_at)
        return min(upcoming)

    def _gap(self) -> timedelta:
        """Time to the next walk-in: a Poisson process, heavier in the peak hours."""
        hour = self.engine.now().hour
        rate = self.rate_per_hour * (1.5 if hour in PEAK_HOURS else 1.0)
        return timedelta(hours=self.rng.expovariate(max(rate, 0.1)))

    async def _arrive(self) -> None:
        if not self.weights:
            return
        prefixes = list(self.weights)
        prefix = self.rng.choices(prefixes, weights=[self.weights[p] for p in prefixes])[0]
        priority = self.rng.choice(list(self.config.priority.labels())) if self.rng.random() < PRIORITY_SHARE else None
        try:
            await self.engine.issue_ticket(prefix, priority=priority, kiosk=self.kiosk)
        except HallError:  # closed, out of hours, at its limit: the citizen goes home
            self.tally.refused += 1
            return
        self.tally.issued += 1
        self.tally.priority += priority is not None
        self.tally.by_service[prefix] = self.tally.by_service.get(prefix, 0) + 1

    async def _check_in(self, booking: Booking) -> None:
        try:
            result = await self.engine.check_in(booking.code, kiosk=self.kiosk)
        except HallError:
            return
        self.tally.checked_in += result.outcome == "checked_in"

    async def _act(self, w: SimWindow, now: datetime) -> timedelta:
        """One clerk's next move, decided from the window as it is now; returns how long
        until the clerk moves again."""
        actor = f"clerk:{w.clerk_id}"
        try:
            win = await self.engine.window(w.number)
            if win.state == WindowState.LOGGED_OUT or win.clerk_id != w.clerk_id:
                try:
                    await self.engine.login(w.number, w.clerk_id, SIM_PIN)
                except Refused as err:
                    if err.code == "window_taken":  # a person works here: leave the window to them
                        w.broken = True
                    return timedelta(minutes=1)
                return self._seconds(20, 60)
            if win.state == WindowState.PAUSED:
                await self.engine.resume(w.number, actor=actor)
                return self._seconds(5, 20)
            current = win.current
            if current is None:
                try:
                    await self.engine.call_next(w.number, actor=actor)
                except Refused as err:
                    if err.code == "nothing_waiting":
                        return self._seconds(20, 45)
                    raise
                self.tally.called += 1
                w.no_show = self.rng.random() < NO_SHOW_SHARE
                return self._seconds(20, 70)   # the citizen walks to the window
            if current.state == TicketState.CALLED:
                if not w.no_show:
                    await self.engine.start(w.number, actor=actor)
                    return self._handling(current.service)
                if current.recalls < (await self.engine.policy()).recalls_before_no_show:
                    await self.engine.recall(w.number, actor=actor)
                    return self._seconds(40, 60)
                await self.engine.no_show(w.number, actor=actor)
                self.tally.no_shows += 1
                return self._seconds(5, 15)
            if current.state == TicketState.SERVING:
                others = [s.prefix for s in self.config.services
                          if s.prefix != current.service and s.prefix in self.weights]
                if others and self.rng.random() < TRANSFER_SHARE:
                    await self.engine.transfer(w.number, to_service=self.rng.choice(others),
                                               note="材料齐全，转其他业务办理", actor=actor)
                    self.tally.transfers += 1
                else:
                    await self.engine.finish(w.number, actor=actor)
                    self.tally.finished += 1
                return self._seconds(10, 40)
        except HallError as err:  # someone else changed the window meanwhile: look again soon
            log.debug("simulated window %s: %s", w.number, err)
        except Exception:  # noqa: BLE001 - the database is busy: the next step retries
            log.warning("simulated window %s failed", w.number, exc_info=True)
        return self._seconds(10, 20)

    def _seconds(self, low: float, high: float) -> timedelta:
        return timedelta(seconds=self.rng.uniform(low, high))

    def _handling(self, prefix: str) -> timedelta:
        """A case's handling time: log-normal around the service's usual minutes."""
        service = self.config.service(prefix)
        mean = service.handling_minutes if service else 8
        minutes = self.rng.lognormvariate(math.log(mean) - 0.08, 0.4)
        return timedelta(minutes=min(max(minutes, 1.0), 4 * mean))


def sleep_on(clock: RunningClock) -> Callable[[datetime], Awaitable[None]]:
    """A `sleep_until` for `run()` on a RunningClock (real sleeping, at its rate)."""
    async def sleep_until(when: datetime) -> None:
        await asyncio.sleep(clock.real_seconds_until(when))
    return sleep_until
