"""`hallq sim`, `hallq replay`, `hallq backup`, `hallq restore`.

sim      a whole simulated day of the hall (the real engine on a virtual clock, on a
         database of its own): wait per service, utilisation per window — "what if we
         open two more B windows?"
replay   a past day's events played again into the hall screen, at --speed times real time
backup   a consistent copy of the live database (and its key) while the hall keeps working
restore  a backup put back in place of the database
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from hallq.cli import texts
from hallq.cli.tables import Column, render
from hallq.i18n import Text


def register(sub) -> None:
    p = sub.add_parser("sim", help="simulate a whole day of the hall: waits, utilisation, unserved (staffing what-if)",
                       description="Run the real engine on a virtual clock through whole days of the hall, on a"
                                   " database of its own (the live hall is only read). Arrivals by hour, service"
                                   " shares and times, appointments, no-shows and breaks come from the [simulation]"
                                   " table of --config, else from defaults modelled on the reference hall.")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--config",
                        help="hall.toml to simulate (may hold a [simulation] table); default: the hall in --db")
    source.add_argument("--demo", action="store_true", help="simulate the bundled demo hall")
    p.add_argument("--windows", help="what if: windows serving exactly these services, e.g. A=8,B=4 (AB=2: windows"
                                     " serving A then B); no other window changes. The hall as configured is"
                                     " simulated too, with the same citizens, and shown side by side")
    p.add_argument("--seed", type=int, default=1, help="random seed: same seed, same citizens (default 1)")
    p.add_argument("--date", help="the day to simulate, YYYY-MM-DD (default: today, or the hall's next working day)")
    p.add_argument("--days", type=int, default=1, help="simulate this many days in a row (default 1)")
    p.add_argument("--out", help="keep the simulated database in this new file (to replay or report on it)")
    p.set_defaults(func=sim_handler)

    p = sub.add_parser("replay", help="play a past day's events into the hall screen (回放)",
                       description="Play a past day again on the hall screen, for training or to show the day: the"
                                   " day's events are applied to a temporary copy of the hall at --speed times real"
                                   " time. Space pauses, q quits.")
    p.add_argument("--date", help="the day, YYYY-MM-DD (default: the last day in the event log)")
    p.add_argument("--speed", type=float, default=60,
                   help="times real time (default 60: an hour in a minute; 0: no waiting)")
    p.add_argument("--from", dest="start", help="skip ahead to this time of day, HH:MM")
    p.add_argument("--services", help="only these services on the screen, e.g. A,B")
    p.add_argument("--print", dest="print_calls", action="store_true",
                   help="no screen: print each call as it is replayed")
    p.set_defaults(func=replay_handler)

    p = sub.add_parser("backup", help="copy the live database while the hall keeps working",
                       description="A consistent copy of the hall database with SQLite's online backup, in small"
                                   " steps so kiosks and counters keep working; checked with PRAGMA integrity_check;"
                                   " owner-only (0600). The key file (for ID and phone hashes) is NOT copied: keep it"
                                   " apart from the backups, or give --with-key and keep both safe.")
    p.add_argument("file", help="the backup file to write")
    p.add_argument("--with-key", action="store_true",
                   help="also copy the personal-data key to FILE.key (whoever has both can match phone numbers)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument("--pages", type=int, default=64, help="pages copied per step (default 64)")
    p.set_defaults(func=backup_handler)

    p = sub.add_parser("restore", help="put a backup in place of the hall database",
                       description="Check a backup and copy it (and its key) into --db. An existing database is"
                                   " replaced only with --force; processes using it see the restored hall.")
    p.add_argument("file", help="the backup file")
    p.add_argument("--force", action="store_true", help="replace an existing database")
    p.set_defaults(func=restore_handler)


def _fail(args: argparse.Namespace, command: str, message: Text, code: int = 2) -> int:
    print(f"hallq {command}: {message.text(args.lang)}", file=sys.stderr)
    return code


def _day(args: argparse.Namespace, text: str | None, command: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(_fail(args, command, texts.BAD_DATE(value=text))) from None

if TYPE_CHECKING:
    from hallq.db.config import HallConfig


def next_working_day(config: HallConfig) -> date:
    """Today in the hall's time zone if the hall works today, else its next working day
    (today when the calendar cannot say)."""
    from hallq.db.calendar import HallCalendar
    from hallq.db.clock import SystemClock

    today = SystemClock(config.timezone).now().date()
    calendar = HallCalendar(config.calendar)
    if calendar.is_open_or_unknown(today):
        return today
    return calendar.next_open_day(today) or today


# ---------------------------------------------------------------------- sim
def sim_handler(args: argparse.Namespace) -> int:
    import asyncio
    import tempfile

    from hallq.db.config import demo_text, parse_config
    from hallq.db.simulate import parse_windows, simulate, strip_tables, window_changes

    day = _day(args, args.date, "sim")
    if args.days < 1 or args.days > 366:
        return _fail(args, "sim", texts.DAYS_RANGE)
    if args.out and Path(args.out).exists():
        return _fail(args, "sim", texts.OUT_EXISTS(path=args.out))
    if args.config:
        try:
            text = Path(args.config).read_text(encoding="utf-8")
        except OSError as exc:
            return _fail(args, "sim", texts.CONFIG_UNREADABLE(path=args.config, problem=exc.strerror))
        source = args.config
    elif args.demo:
        text, source = demo_text(), "demo hall"
    else:
        in_db = asyncio.run(_hall_text(args.db))
        if in_db is None:
            return _fail(args, "sim", texts.SIM_NO_HALL(db=args.db))
        text, source = in_db, f"hall in {args.db}"
    if day is None:  # the hall's next working day (today if it works today)
        day = next_working_day(parse_config(strip_tables(text, {"simulation"}), source))
    spec = None
    changes = []
    if args.windows:
        try:
            hall = parse_config(strip_tables(text, {"simulation"}), source)
            spec = parse_windows(args.windows, hall)
        except ValueError as exc:
            return _fail(args, "sim", texts.BAD_WINDOWS(problem=exc))
        changes = window_changes(hall, spec)

    async def main():
        with tempfile.TemporaryDirectory(prefix="hallq-sim-") as folder:
            path = args.out or str(Path(folder) / "sim.db")
            result = await simulate(text, path, day, windows=spec, seed=args.seed, days=args.days, source=source)
            base = None
            if spec:  # the hall as configured, the same citizens (the same seed): the fair comparison
                base = await simulate(text, Path(folder) / "configured.db", day, seed=args.seed, days=args.days,
                                      source=source)
            return result, base

    result, base = asyncio.run(main())
    if not args.out:
        result = type(result)(**{**result.__dict__, "database": None})
    if args.json:
        data = result.as_dict()
        if base is not None:
            data["windows_changed"] = [c.as_dict() for c in changes]
            data["configured"] = {**base.as_dict(), "database": None}
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(sim_table(result, args.lang))
        if base is not None:
            print()
            print(compare_table(base, result, changes, args.lang))
    return 0


async def _hall_text(db: str) -> str | None:
    from hallq.db.engine import HallEngine

    if not Path(db).is_file():
        return None
    engine = await HallEngine.open(db)
    try:
        return await engine.config_text() if await engine.is_initialised() else None
    finally:
        await engine.close()


SERVICE_COLUMNS = (Column(texts.H_SIM_SERVICE), *(Column(h, "right") for h in (
    texts.H_SIM_WINDOWS, texts.H_SIM_ISSUED, texts.H_SIM_TURNED_AWAY, texts.H_SIM_SERVED, texts.H_SIM_MISSED,
    texts.H_SIM_UNSERVED, texts.H_SIM_MEAN_WAIT, texts.H_SIM_P95_WAIT)))
WINDOW_COLUMNS = (Column(texts.H_SIM_WINDOW), Column(texts.H_SIM_SERVICES), Column(texts.H_SIM_SERVED, "right"),
                  Column(texts.H_SIM_BUSY, "right"))


def sim_table(result, lang: str = "zh") -> str:
    """The simulated days as text: a title, waits per service, utilisation per window."""
    days = result.days[0] if len(result.days) == 1 else f"{result.days[0]}…{result.days[-1]}"

    def minutes(v):
        return texts.SIM_MINUTES(v=v) if v is not None else "-"

    services = [[f"{s.prefix} {s.name}", s.windows, s.issued, s.turned_away, s.served, s.no_shows, s.unserved,
                 minutes(s.mean_wait_min), minutes(s.p95_wait_min)] for s in result.services]
    windows = [[f"{w.number:>2} {w.name}", ",".join(w.services), w.served, f"{w.utilisation:.0%}"]
               for w in result.windows]
    title = texts.SIM_TITLE(days=days, hall=Text(result.hall, result.hall_en), seed=result.seed,
                            citizens=result.citizens)
    lines = [title.text(lang), "", render(SERVICE_COLUMNS, services, lang), "", render(WINDOW_COLUMNS, windows, lang),
             "", texts.SIM_TOOK(s=result.seconds, ops=result.engine_ops).text(lang)]
    if result.database:
        lines.append(texts.SIM_KEPT(path=result.database, day=result.days[0]).text(lang))
    return "\n".join(lines)


COMPARE_COLUMNS = (Column(texts.H_SIM_SERVICE), *(Column(h, "right") for h in (
    texts.H_SIM_WINDOWS_BOTH, texts.H_SIM_MEAN_WAIT_BOTH, texts.H_SIM_DIFF, texts.H_SIM_P95_BOTH,
    texts.H_SIM_SERVED_BOTH, texts.H_SIM_UNSERVED_BOTH)))


def windows_of(result, prefix: str) -> str:
    """How many windows serve `prefix`: "5" (its own), or "5+2" (its own, and shared with
    other services)."""
    own = sum(1 for w in result.windows if tuple(w.services) == (prefix,))
    shared = sum(1 for w in result.windows if prefix in w.services and tuple(w.services) != (prefix,))
    return f"{own}+{shared}" if shared else str(own)


def compare_table(base, what_if, changes, lang: str = "zh") -> str:
    """The hall as configured and the what-if side by side, per service, with the difference
    in mean wait, after the windows the what-if actually changed (numbers before → after)."""
    def minutes(v):
        return "-" if v is None else f"{v:.1f}"

    def both(a, b) -> str:
        return f"{a} → {b}"

    lines = [texts.SIM_COMPARE_TITLE.text(lang)]
    for change in changes:
        was = ",".join(map(str, change.before)) or "-"
        now = ",".join(map(str, change.after)) or "-"
        lines.append("  " + texts.SIM_WINDOWS_USED(services=",".join(change.services), n_before=len(change.before),
                                                   before=was, n_after=len(change.after), after=now).text(lang))
    rows = []
    after = {s.prefix: s for s in what_if.services}
    for a in base.services:
        b = after[a.prefix]
        diff = (f"{b.mean_wait_min - a.mean_wait_min:+.1f}" if a.mean_wait_min is not None
                and b.mean_wait_min is not None else "-")
        rows.append([f"{a.prefix} {a.name}", both(windows_of(base, a.prefix), windows_of(what_if, a.prefix)),
                     both(minutes(a.mean_wait_min), minutes(b.mean_wait_min)), diff,
                     both(minutes(a.p95_wait_min), minutes(b.p95_wait_min)), both(a.served, b.served),
                     both(a.unserved, b.unserved)])
    lines += ["", render(COMPARE_COLUMNS, rows, lang), "", texts.SIM_COMPARE_NOTE.text(lang)]
    return "\n".join(lines)


# ---------------------------------------------------------------------- replay
def replay_handler(args: argparse.Namespace) -> int:
    import asyncio
    import tempfile

    from hallq.db.engine import HallEngine
    from hallq.db.errors import HallError

    day = _day(args, args.date, "replay")
    start = None
    if args.start:
        try:
            start = time.fromisoformat(args.start.zfill(5))
        except ValueError:
            return _fail(args, "replay", texts.BAD_TIME(value=args.start))
    services = [s.strip().upper() for s in args.services.split(",") if s.strip()] if args.services else None
    if not Path(args.db).is_file():
        return _fail(args, "replay", texts.NO_DB(db=args.db))

    async def main() -> int:
        from hallq.db.replay import Replay

        source = await HallEngine.open(args.db, create=False)
        try:
            if not await source.is_initialised():
                return _fail(args, "replay", texts.NO_DB(db=args.db))
            the_day = day.isoformat() if day else await _last_day(source)
            with tempfile.TemporaryDirectory(prefix="hallq-replay-") as folder:
                try:
                    at = datetime.combine(date.fromisoformat(the_day), start) if start else None
                    replay = await Replay.prepare(source, Path(folder) / "replay.db", the_day, speed=args.speed,
                                                  start=at)
                except HallError as exc:
                    return _fail(args, "replay", exc.message, 1)
                try:
                    if args.print_calls:
                        return await _print_replay(replay, args)
                    app = _replay_app_class()(replay, services=services, lang=args.lang)
                    await app.run_async()
                    return 0
                finally:
                    await replay.close()
        finally:
            await source.close()

    return asyncio.run(main())


async def _last_day(engine) -> str:
    last = await engine.last_event_id()
    events = await engine.events(after_id=max(0, last - 1))
    return events[-1].day if events else engine.today()


async def _print_replay(replay, args) -> int:
    calls = 0

    def show(event) -> None:
        nonlocal calls
        if event.kind not in ("ticket.called", "ticket.recalled"):
            return
        calls += 1
        recall = event.kind == "ticket.recalled"
        if args.json:
            print(json.dumps({"at": event.at.isoformat(), "number": event.number, "window": event.window,
                              "window_name": event.data.get("window_name"), "recall": recall}, ensure_ascii=False))
        else:
            line = texts.REPLAY_RECALL if recall else texts.REPLAY_CALL
            print(line(at=event.at, number=event.number,
                       window=event.data.get("window_name") or event.window).text(args.lang))
        sys.stdout.flush()

    skipped = await replay.run(show)
    summary = texts.REPLAYED(day=replay.day, done=replay.done, calls=calls, skipped=skipped).text(args.lang)
    print(json.dumps({"day": replay.day, "events": replay.done, "calls": calls, "skipped": skipped})
          if args.json else summary, file=sys.stderr if args.json else sys.stdout)
    return 0


def _replay_app_class():
    """ReplayApp, built on first use so that the other commands never import Textual."""
    from textual.binding import Binding
    from textual.widgets import Static

    from hallq.display.app import DisplayApp

    class ReplayApp(DisplayApp):
        """The hall screen (DisplayApp's HallBoard) on the replay's database, with one status line."""

        TITLE = "hallq replay"
        BINDINGS = [Binding("space", "pause_replay", texts.KEY_PAUSE.text()),
                    Binding("q", "quit", texts.KEY_QUIT.text())]
        DEFAULT_CSS = "#replay-status { dock: bottom; height: 1; background: $panel; color: $text-muted; }"

        def __init__(self, replay, services=None, lang="zh"):
            super().__init__(replay.target, replay.clock, services=services, lang=lang)
            self.replay = replay
            # held, not queried: the status timer may fire once more while the app shuts down
            self.status_line = Static(id="replay-status")

        def compose(self):
            yield from super().compose()
            yield self.status_line

        def on_mount(self) -> None:
            self._status()
            self.set_interval(0.5, self._status)
            self.run_worker(self._run(), group="replay", exit_on_error=False)

        async def _run(self) -> None:
            await self.replay.run()
            self._status()

        def action_pause_replay(self) -> None:
            """Pause the replay, or carry on."""
            gate = self.replay.gate
            gate.clear() if gate.is_set() else gate.set()
            self._status()

        def _status(self) -> None:
            r = self.replay
            state = texts.REPLAY_ENDED if r.finished else (None if r.gate.is_set() else texts.REPLAY_PAUSED)
            self.status_line.update(
                texts.REPLAY_STATUS(day=r.day, speed=r.speed, now=r.clock.now(), done=r.done, total=len(r.events),
                                    state=("  " + state.text(self.lang)) if state is not None else "").text(self.lang))

    return ReplayApp


# ---------------------------------------------------------------------- backup, restore
def backup_handler(args: argparse.Namespace) -> int:
    from hallq.db.backup import backup

    report = backup(args.db, args.file, pages=max(1, args.pages), force=args.force, with_key=args.with_key)
    if report.key_copied:
        print(f"hallq: {texts.KEY_WITH_BACKUP.text(args.lang)}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print(texts.BACKED_UP(source=report.source, dest=report.dest, tickets=report.tickets, events=report.events,
                              pages=report.pages, steps=report.steps, seconds=report.seconds,
                              note=texts.KEY_COPIED if report.key_copied else texts.NO_KEY).text(args.lang))
    return 0


def restore_handler(args: argparse.Namespace) -> int:
    from hallq.db.backup import restore

    tickets, events = restore(args.file, args.db, force=args.force)
    if args.json:
        print(json.dumps({"file": args.file, "db": args.db, "tickets": tickets, "events": events}))
    else:
        print(texts.RESTORED(file=args.file, db=args.db, tickets=tickets, events=events).text(args.lang))
    return 0
