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
import asyncio
import json
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

TEXTS = {
    "no_hall": ("{db} 还没有大厅配置：先运行 hallq init --demo，或用 --config hall.toml / --demo",
                "{db} has no hall yet: run hallq init --demo, or give --config hall.toml or --demo"),
    "no_db": ("{db} 里没有大厅：用 --db 指定大厅数据库（模拟的一天：hallq sim --out day.db）",
              "{db} holds no hall: point --db at the hall database (a simulated day: hallq sim --out day.db)"),
    "title": ("模拟 {days}  {hall}  种子 {seed}  来办事 {citizens} 人",
              "Simulated {days}  {hall}  seed {seed}  {citizens} citizens"),
    "minutes": ("{v:.1f}分", "{v:.1f} min"),
    "kept": ("模拟数据库：{path}（可用 hallq --db {path} replay --date {day} 回放）",
             "Simulated database: {path} (replay it: hallq --db {path} replay --date {day})"),
    "took": ("用时 {s:.1f} 秒，引擎操作 {ops} 次", "{s:.1f} s, {ops} engine operations"),
    "replay_status": ("回放 {day} ×{speed:g}  {now:%H:%M:%S}  {done}/{total} 条记录{state}",
                      "Replay {day} ×{speed:g}  {now:%H:%M:%S}  {done}/{total} events{state}"),
    "paused": ("  已暂停", "  paused"),
    "ended": ("  回放结束", "  finished"),
    "call": ("{at:%H:%M:%S}  {number} → {window}{recall}", "{at:%H:%M:%S}  {number} → {window}{recall}"),
    "recall": ("（重呼）", " (recall)"),
    "replayed": ("回放 {day}：{done} 条记录，{calls} 次叫号，{skipped} 条未能重放",
                 "Replayed {day}: {done} events, {calls} calls, {skipped} not applied"),
    "backed_up": ("已备份 {source} → {dest}：{tickets} 个号，{events} 条记录，{pages} 页分 {steps} 步，{seconds:.2f} 秒，完整性检查通过{note}",
                  "Backed up {source} → {dest}: {tickets} tickets, {events} events, {pages} pages in {steps} steps,"
                  " {seconds:.2f} s, integrity check ok{note}"),
    "key": ("，密钥已一并复制", ", key file copied"),
    "no_key": ("；注意：没有找到密钥文件", "; note: no key file found"),
    "restored": ("已从 {file} 恢复 {db}：{tickets} 个号，{events} 条记录", "Restored {db} from {file}: {tickets} tickets, {events} events"),
}


def tr(key: str, lang: str, **values) -> str:
    zh, en = TEXTS[key]
    return (en if lang == "en" else zh).format(**values)


def register(sub) -> None:
    p = sub.add_parser("sim", help="simulate a whole day of the hall: waits, utilisation, unserved (staffing what-if)",
                       description="Run the real engine on a virtual clock through whole days of the hall, on a"
                                   " database of its own (the live hall is only read). Arrivals by hour, service"
                                   " shares and times, appointments, no-shows and breaks come from the [simulation]"
                                   " table of --config, else from defaults modelled on the reference hall.")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--config", help="hall.toml to simulate (may hold a [simulation] table); default: the hall in --db")
    source.add_argument("--demo", action="store_true", help="simulate the bundled demo hall")
    p.add_argument("--windows", help="windows per service instead of the config's, e.g. A=8,B=4: the windows whose first"
                        " service is named are replaced (AB=2: windows serving A then B)")
    p.add_argument("--seed", type=int, default=1, help="random seed: same seed, same citizens (default 1)")
    p.add_argument("--date", help="the day to simulate, YYYY-MM-DD (default today)")
    p.add_argument("--days", type=int, default=1, help="simulate this many days in a row (default 1)")
    p.add_argument("--out", help="keep the simulated database in this new file (to replay or report on it)")
    p.set_defaults(func=sim_handler)

    p = sub.add_parser("replay", help="play a past day's events into the hall screen (回放)",
                       description="Play a past day again on the hall screen, for training or to show the day: the"
                                   " day's events are applied to a temporary copy of the hall at --speed times real"
                                   " time. Space pauses, q quits.")
    p.add_argument("--date", help="the day, YYYY-MM-DD (default: the last day in the event log)")
    p.add_argument("--speed", type=float, default=60, help="times real time (default 60: an hour in a minute; 0: no waiting)")
    p.add_argument("--from", dest="start", help="skip ahead to this time of day, HH:MM")
    p.add_argument("--services", help="only these services on the screen, e.g. A,B")
    p.add_argument("--print", dest="print_calls", action="store_true", help="no screen: print each call as it is replayed")
    p.set_defaults(func=replay_handler)

    p = sub.add_parser("backup", help="copy the live database (and its key) while the hall keeps working",
                       description="A consistent copy of the hall database with SQLite's online backup, in small"
                                   " steps so kiosks and counters keep working; checked with PRAGMA integrity_check."
                                   " The key file (for ID and phone hashes) is copied to FILE.key.")
    p.add_argument("file", help="the backup file to write")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument("--pages", type=int, default=64, help="pages copied per step (default 64)")
    p.set_defaults(func=backup_handler)

    p = sub.add_parser("restore", help="put a backup in place of the hall database",
                       description="Check a backup and copy it (and its key) into --db. An existing database is"
                                   " replaced only with --force; processes using it see the restored hall.")
    p.add_argument("file", help="the backup file")
    p.add_argument("--force", action="store_true", help="replace an existing database")
    p.set_defaults(func=restore_handler)


def _fail(command: str, message: str, code: int = 2) -> int:
    print(f"hallq {command}: {message}", file=sys.stderr)
    return code


def _day(text: str | None, command: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(_fail(command, f"--date {text}: not a date like 2026-11-25"))


# ---------------------------------------------------------------------- sim
def sim_handler(args: argparse.Namespace) -> int:
    from hallq.db.config import demo_text, parse_config
    from hallq.db.simulate import parse_windows, simulate, strip_tables

    day = _day(args.date, "sim") or date.today()
    if args.days < 1 or args.days > 366:
        return _fail("sim", "--days must be 1–366")
    if args.out and Path(args.out).exists():
        return _fail("sim", f"--out {args.out} exists: the simulator only writes a new database")
    if args.config:
        try:
            text = Path(args.config).read_text(encoding="utf-8")
        except OSError as exc:
            return _fail("sim", f"--config {args.config}: {exc.strerror}")
        source = args.config
    elif args.demo:
        text, source = demo_text(), "demo hall"
    else:
        text = asyncio.run(_hall_text(args.db))
        if text is None:
            return _fail("sim", tr("no_hall", args.lang, db=args.db))
        source = f"hall in {args.db}"
    spec = None
    if args.windows:
        try:
            spec = parse_windows(args.windows, parse_config(strip_tables(text, {"simulation"}), source))
        except ValueError as exc:
            return _fail("sim", f"--windows: {exc}")

    async def main():
        with tempfile.TemporaryDirectory(prefix="hallq-sim-") as folder:
            path = args.out or str(Path(folder) / "sim.db")
            return await simulate(text, path, day, windows=spec, seed=args.seed, days=args.days, source=source)

    result = asyncio.run(main())
    if not args.out:
        result = type(result)(**{**result.__dict__, "database": None})
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(sim_table(result, args.lang))
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


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # a CJK character takes two columns


def _row(cells: list[str], widths: list[int]) -> str:
    """The first cell left-aligned, the others right-aligned, by display width."""
    out = [cells[0] + " " * max(0, widths[0] - _width(cells[0]))]
    out += [" " * max(0, w - _width(c)) + c for c, w in zip(cells[1:], widths[1:])]
    return " ".join(out).rstrip()


SERVICE_COLUMNS = {"zh": ["业务", "窗口", "取号", "未取到", "办结", "过号", "未办", "平均等候", "P95等候"],
                   "en": ["Service", "Windows", "Issued", "Turned away", "Served", "Missed", "Unserved", "Mean wait",
                          "P95 wait"]}
WINDOW_COLUMNS = {"zh": ["窗口", "业务", "办结", "利用率"], "en": ["Window", "Services", "Served", "Busy"]}


def sim_table(result, lang: str = "zh") -> str:
    days = result.days[0] if len(result.days) == 1 else f"{result.days[0]}…{result.days[-1]}"

    def minutes(v):
        return tr("minutes", lang, v=v) if v is not None else "-"

    def table(head: list[str], rows: list[list[str]]) -> list[str]:
        widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(len(head))]
        return [_row(r, widths) for r in [head, *rows]]

    services = [[f"{s.prefix} {s.name}", str(s.windows), str(s.issued), str(s.turned_away), str(s.served),
                 str(s.no_shows), str(s.unserved), minutes(s.mean_wait_min), minutes(s.p95_wait_min)]
                for s in result.services]
    windows = [[f"{w.number:>2} {w.name}", ",".join(w.services), str(w.served), f"{w.utilisation:.0%}"]
               for w in result.windows]
    lines = [tr("title", lang, days=days, hall=result.hall_en if lang == "en" else result.hall, seed=result.seed, citizens=result.citizens), "",
             *table(SERVICE_COLUMNS[lang], services), "", *table(WINDOW_COLUMNS[lang], windows), "",
             tr("took", lang, s=result.seconds, ops=result.engine_ops)]
    if result.database:
        lines.append(tr("kept", lang, path=result.database, day=result.days[0]))
    return "\n".join(lines)


# ---------------------------------------------------------------------- replay
def replay_handler(args: argparse.Namespace) -> int:
    from hallq.db.engine import HallEngine
    from hallq.db.errors import HallError

    day = _day(args.date, "replay")
    start = None
    if args.start:
        try:
            start = time.fromisoformat(args.start.zfill(5))
        except ValueError:
            return _fail("replay", f"--from {args.start}: not a time like 10:30")
    services = [s.strip().upper() for s in args.services.split(",") if s.strip()] if args.services else None
    if not Path(args.db).is_file():
        return _fail("replay", tr("no_db", args.lang, db=args.db))

    async def main() -> int:
        from hallq.db.replay import Replay

        source = await HallEngine.open(args.db)
        try:
            if not await source.is_initialised():
                return _fail("replay", tr("no_db", args.lang, db=args.db))
            the_day = day.isoformat() if day else await _last_day(source)
            with tempfile.TemporaryDirectory(prefix="hallq-replay-") as folder:
                try:
                    replay = await Replay.prepare(source, Path(folder) / "replay.db", the_day, speed=args.speed,
                                                  start=datetime.combine(date.fromisoformat(the_day), start) if start else None)
                except HallError as exc:
                    return _fail("replay", exc.text(args.lang), 1)
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
            print(tr("call", args.lang, at=event.at, number=event.number,
                     window=event.data.get("window_name") or event.window, recall=tr("recall", args.lang) if recall else ""))
        sys.stdout.flush()

    skipped = await replay.run(show)
    summary = tr("replayed", args.lang, day=replay.day, done=replay.done, calls=calls, skipped=skipped)
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
        BINDINGS = [Binding("space", "toggle", "暂停/继续"), Binding("q", "quit", "退出")]
        DEFAULT_CSS = "#replay-status { dock: bottom; height: 1; background: $panel; color: $text-muted; }"

        def __init__(self, replay, services=None, lang="zh"):
            super().__init__(replay.target, replay.clock, services=services, lang=lang)
            self.replay = replay

        def compose(self):
            yield from super().compose()
            yield Static(id="replay-status")

        def on_mount(self) -> None:
            self._status()
            self.set_interval(0.5, self._status)
            self.run_worker(self._run(), group="replay", exit_on_error=False)

        async def _run(self) -> None:
            await self.replay.run()
            self._status()

        def action_toggle(self) -> None:
            gate = self.replay.gate
            gate.clear() if gate.is_set() else gate.set()
            self._status()

        def _status(self) -> None:
            r = self.replay
            state = tr("ended", self.lang) if r.finished else ("" if r.gate.is_set() else tr("paused", self.lang))
            self.query_one("#replay-status", Static).update(
                tr("replay_status", self.lang, day=r.day, speed=r.speed, now=r.clock.now(), done=r.done,
                   total=len(r.events), state=state))

    return ReplayApp


# ---------------------------------------------------------------------- backup, restore
def backup_handler(args: argparse.Namespace) -> int:
    from hallq.db.backup import backup

    report = backup(args.db, args.file, pages=max(1, args.pages), force=args.force)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        note = tr("key" if report.key_copied else "no_key", args.lang)
        print(tr("backed_up", args.lang, note=note, **report.as_dict()))
    return 0


def restore_handler(args: argparse.Namespace) -> int:
    from hallq.db.backup import restore

    tickets, events = restore(args.file, args.db, force=args.force)
    if args.json:
        print(json.dumps({"file": args.file, "db": args.db, "tickets": tickets, "events": events}))
    else:
        print(tr("restored", args.lang, file=args.file, db=args.db, tickets=tickets, events=events))
    return 0
