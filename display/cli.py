"""`hallq display`: the hall screen; `hallq display make-clips DIR`: record the clip set.

Importing this module is cheap: the app, the engine and the announcer are imported when
the command runs (see hallq.cli.main).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hallq.db.config import window_number
from hallq.display import texts as T

VOICES = ("espeak", "clips", "none")

# what the command prints (the screen's own texts are in display/texts.py)


def register(subparsers) -> None:
    p = subparsers.add_parser("display", help="the hall screen (叫号显示屏) with spoken announcements",
                              description="The hall screen: the newest call huge, recent calls, waiting per"
                                          " service, the notice; announces every call.")
    p.add_argument("--services", help="only these services, e.g. A,B (one board per area of a large hall)")
    p.add_argument("--window", type=window_number, help="the small screen above this window: only its own call")
    p.add_argument("--voice", choices=VOICES,
                   help="espeak (espeak-ng Mandarin), clips (recorded clips, see make-clips) or none;"
                        " default espeak, none with --window")
    p.add_argument("--clips",
                   help="folder of recorded clips for --voice clips (default: [announce] clips, else ./clips)")
    p.add_argument("--repeat", type=int, help="say each call this many times (default: hall config, else 2)")
    p.add_argument("--english", action="store_true", default=None,
                   help="also announce in English (default: hall config, else Chinese only)")
    p.add_argument("--recent", type=int, default=6, help="how many earlier calls to list (default 6)")
    p.set_defaults(func=handler)
    sub = p.add_subparsers(dest="display_command", metavar="make-clips")
    clips = sub.add_parser("make-clips", help="record the announcement clips with espeak-ng into DIR")
    clips.add_argument("folder", help="where to write zh/*.wav and en/*.wav")
    clips.set_defaults(func=make_clips_handler)


def make_clips_handler(args: argparse.Namespace) -> int:
    from hallq.display.announcer import make_clips

    count = make_clips(Path(args.folder))
    print(T.CLIPS_MADE(folder=args.folder, n=count).text(args.lang))
    return 0


def speaker_for(args: argparse.Namespace, announce):
    """The voice from the flags, else the hall's [announce] table; a window screen is silent."""
    from hallq.display.announcer import ClipsSpeaker, EspeakSpeaker, NoSpeaker

    voice = args.voice or ("none" if args.window is not None else announce.voice)
    if voice == "espeak":
        return EspeakSpeaker()
    if voice == "clips":
        return ClipsSpeaker(Path(args.clips or announce.clips or "clips"))
    return NoSpeaker()


def handler(args: argparse.Namespace) -> int:
    import asyncio

    from hallq.db.engine import HallEngine
    from hallq.display.announcer import Announcer
    from hallq.display.app import DisplayApp

    services = [s.strip().upper() for s in args.services.split(",") if s.strip()] if args.services else None

    async def main() -> int:
        engine = await HallEngine.open(args.db, create=False)
        try:
            if not await engine.is_initialised():
                print(T.NOT_SET_UP.text(args.lang), file=sys.stderr)
                return 2
            config = await engine.config()
            known = {s.prefix for s in config.services}
            unknown = sorted(set(services or ()) - known)
            if unknown:
                problem = T.NO_SERVICES(unknown=",".join(unknown), known=",".join(sorted(known)))
                print(f"hallq display: {problem.text(args.lang)}", file=sys.stderr)
                return 2
            if args.window is not None and config.window(args.window) is None:
                print(f"hallq display: {T.NO_WINDOW(window=args.window).text(args.lang)}", file=sys.stderr)
                return 2
            try:
                speaker = speaker_for(args, config.announce)
            except ValueError as exc:
                print(f"hallq display: {exc}", file=sys.stderr)
                return 2
            repeat = args.repeat or config.announce.repeat
            english = args.english or config.announce.english
            announcer = Announcer(speaker, repeat=repeat, english=english)
            app = DisplayApp(engine, services=services, window=args.window, announcer=announcer,
                             recent=args.recent, lang=args.lang)
            await app.run_async()
            return 0
        finally:
            await engine.close()

    return asyncio.run(main())
