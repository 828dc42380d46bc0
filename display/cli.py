"""`hallq display`: the hall screen, and the hall's voice from the command line:
`display say NUMBER WINDOW [--out FILE.wav]` says (or writes) one call exactly as the screen
would; `display check-clips DIR` lists what a hall's voice pack lacks; `display make-clips
DIR` records a starting pack with espeak-ng.

Importing this module is cheap: the app, the engine and the announcer are imported when
the command runs (see hallq.cli.main).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hallq.db.config import window_number
from hallq.display import texts as T

if TYPE_CHECKING:
    from hallq.db.config import AnnounceConfig, HallConfig
    from hallq.display.announcer import Speaker

VOICES = ("espeak", "clips", "none")

# what the command prints (the screen's own texts are in display/texts.py)


def _voice_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--voice", choices=VOICES,
                   help="espeak (espeak-ng Mandarin), clips (the hall's recorded clips) or none;"
                        " default: hall config ([announce] voice)")
    p.add_argument("--clips",
                   help="folder of recorded clips for --voice clips (default: [announce] clips, else ./clips)")
    p.add_argument("--repeat", type=int, help="say each call this many times (default: hall config, else 2)")
    p.add_argument("--english", action="store_true", default=None,
                   help="also announce in English (default: hall config, else Chinese only)")


def register(subparsers) -> None:
    p = subparsers.add_parser("display", help="the hall screen (叫号显示屏) with spoken announcements",
                              description="The hall screen: the newest call huge, recent calls, waiting per"
                                          " service, the notice; announces every call.")
    p.add_argument("--services", help="only these services, e.g. A,B (one board per area of a large hall)")
    p.add_argument("--window", type=window_number, help="the small screen above this window: only its own call (silent"
                                              " unless --voice says otherwise)")
    _voice_options(p)
    p.add_argument("--recent", type=int, default=6, help="how many earlier calls to list (default 6)")
    p.set_defaults(func=handler)
    sub = p.add_subparsers(dest="display_command", metavar="{say,check-clips,make-clips}")
    say = sub.add_parser("say", help="say one call exactly as the hall screen would (test the speakers and the"
                                     " voice pack), or write it to a WAV file",
                         description="Say one call as the hall screen would: the chime, then the call line of"
                                     " the hall's [announce] template, repeated, through the hall's player and"
                                     " device; with --out, write that sound to a WAV file instead.")
    say.add_argument("number", help="a ticket number, e.g. A001")
    say.add_argument("call_window", type=int, metavar="window", help="a window number of the hall, e.g. 3")
    say.add_argument("--out", help="write the sound to this WAV file instead of playing it")
    _voice_options(say)
    say.set_defaults(func=say_handler)
    check = sub.add_parser("check-clips", help="list the clips a voice pack lacks or cannot use",
                           description="Check a hall's voice pack (recorded clips, DIR/zh/<clip>.wav): every clip"
                                       " the hall's calls need, missing or unreadable ones listed with what to"
                                       " record. Exit status 1 when any is missing.")
    check.add_argument("folder", help="the voice pack folder")
    check.add_argument("--english", action="store_true", default=None,
                       help="check the English clips too (default: when the hall says calls in English)")
    check.set_defaults(func=check_clips_handler)
    clips = sub.add_parser("make-clips", help="record the hall's clips with espeak-ng into DIR (a starting voice"
                                              " pack)")
    clips.add_argument("folder", help="where to write zh/*.wav (and en/*.wav with --english)")
    clips.add_argument("--english", action="store_true", default=None,
                       help="record the English clips too (default: when the hall says calls in English)")
    clips.set_defaults(func=make_clips_handler)


def _hall(args: argparse.Namespace) -> HallConfig | None:
    """The hall's config from the database, or None (the hint printed) when it is not set up.

    Raises:
        NotFound(not_set_up): there is no database at --db (it is not created: hallq.cli.main
            prints the one line saying to run hallq init).
    """
    import asyncio

    from hallq.db.engine import HallEngine

    async def read() -> HallConfig | None:
        engine = await HallEngine.open(args.db, create=False)
        try:
            if not await engine.is_initialised():
                return None
            return await engine.config()
        finally:
            await engine.close()

    config = asyncio.run(read())
    if config is None:
        print(T.NOT_SET_UP.text(args.lang), file=sys.stderr)
    return config


def _langs(args: argparse.Namespace, announce: AnnounceConfig) -> tuple[str, ...]:
    english = announce.english if args.english is None else args.english
    return ("zh", "en") if english else ("zh",)


def clips_folder(args: argparse.Namespace, announce: AnnounceConfig) -> Path:
    """The voice pack: --clips, else [announce] clips, else ./clips."""
    return Path(getattr(args, "clips", None) or announce.clips or "clips")


def speaker_for(args: argparse.Namespace, announce: AnnounceConfig) -> Speaker:
    """The voice from the flags, else the hall's [announce] table; a window screen is silent.

    Raises:
        FileNotFoundError: voice "clips" and the folder does not exist.
    """
    from hallq.display.announcer import hall_speaker

    voice = args.voice or ("none" if getattr(args, "window", None) is not None else announce.voice)
    return hall_speaker(announce, voice, clips_folder(args, announce))


def _speaker_or_complain(args: argparse.Namespace, config: HallConfig) -> Speaker | None:
    """speaker_for, with a one-line error for a missing clip folder and a warning for a pack with gaps."""
    from hallq.display.announcer import ClipsSpeaker, check_clips

    try:
        speaker = speaker_for(args, config.announce)
    except FileNotFoundError:
        folder = clips_folder(args, config.announce)
        print(f"hallq display: {T.NO_CLIPS_FOLDER(folder=folder).text(args.lang)}", file=sys.stderr)
        return None
    if isinstance(speaker, ClipsSpeaker):
        bad = [c for c in check_clips(speaker.folder, config, _langs(args, config.announce)) if c.problem]
        if bad:
            print(T.CLIPS_WARNING(folder=speaker.folder, bad=len(bad)).text(args.lang), file=sys.stderr)
    return speaker


def make_clips_handler(args: argparse.Namespace) -> int:
    from hallq.display.announcer import Silent, make_clips

    config = _hall(args)
    if config is None:
        return 2
    try:
        count = make_clips(Path(args.folder), config, _langs(args, config.announce), config.announce.speed)
    except Silent as exc:
        print(f"hallq display: {exc.reason.text(args.lang)} {exc.detail}".rstrip(), file=sys.stderr)
        return 1
    print(T.CLIPS_MADE(folder=args.folder, n=count).text(args.lang))
    return 0


def check_clips_handler(args: argparse.Namespace) -> int:
    from hallq.display.announcer import check_clips

    config = _hall(args)
    if config is None:
        return 2
    folder = Path(args.folder)
    checks = check_clips(folder, config, _langs(args, config.announce))
    bad = [c for c in checks if c.problem]
    if args.json:
        print(json.dumps({"folder": str(folder), "needed": len(checks), "ready": len(checks) - len(bad),
                          "problems": [{"lang": c.lang, "clip": c.clip, "says": c.says, "path": str(c.path),
                                        "problem": c.problem} for c in bad]}, ensure_ascii=False))
        return 1 if bad else 0
    if not bad:
        print(T.CLIPS_OK(folder=folder, n=len(checks)).text(args.lang))
        return 0
    print(T.CLIPS_PROBLEMS(folder=folder, n=len(checks), bad=len(bad)).text(args.lang))
    for c in bad:
        line = (T.CLIP_MISSING(path=c.path, says=c.says) if c.problem == "missing"
                else T.CLIP_UNREADABLE(path=c.path, says=c.says, problem=c.problem))
        print(f"  {line.text(args.lang)}")
    return 1


def say_handler(args: argparse.Namespace) -> int:
    import tempfile
    from datetime import datetime

    from hallq.db.models import Call
    from hallq.display.announcer import (
        ClipsSpeaker,
        NoSpeaker,
        Silent,
        announcer_settings,
        find_player,
        read_wav,
        render_call,
    )
    from hallq.display.speech import announcement_for, screen_line

    config = _hall(args)
    if config is None:
        return 2
    number = args.number.strip().upper()
    if not number or not number.isascii() or not number.isalnum():
        print(f"hallq display: {T.BAD_NUMBER(number=args.number).text(args.lang)}", file=sys.stderr)
        return 2
    window = config.window(args.call_window)
    if window is None:
        print(f"hallq display: {T.NO_WINDOW(window=args.call_window).text(args.lang)}", file=sys.stderr)
        return 2
    speaker = _speaker_or_complain(args, config)
    if speaker is None:
        return 2
    announce = announcer_settings(config.announce, repeat=args.repeat, english=args.english)
    call = Call(0, datetime.now(), number, window.number, window.name, number[0], False)
    announcement = announcement_for(call, announce)
    if isinstance(speaker, NoSpeaker):
        print(f"hallq display: {T.SAY_NO_VOICE.text(args.lang)}", file=sys.stderr)
        return 2
    player = find_player(announce.player, announce.device)
    with tempfile.TemporaryDirectory(prefix="hallq-say-") as tmp:
        path = Path(args.out) if args.out else Path(tmp) / "call.wav"
        try:
            render_call(announcement, speaker, path, announce)
            seconds = round(read_wav(path).seconds, 1)
            if not args.out:
                player.play(path)
        except Silent as exc:
            print(f"hallq display: {T.SILENT(reason=exc.reason).text(args.lang)} {exc.detail}".rstrip(),
                  file=sys.stderr)
            return 1
    # which voice said each sentence: the pack's clips, or espeak-ng (no pack, or a clip it lacks)
    voices = ["clips" if isinstance(speaker, ClipsSpeaker) and not speaker.problems(u) else "espeak"
              for u in announcement.utterances]
    if args.json:
        print(json.dumps({"line": announcement.line, "spoken": [
            {"lang": u.lang, "text": u.text, "voice": voice, "espeak": u.espeak_text, "clips": list(u.clips)}
            for u, voice in zip(announcement.utterances, voices, strict=True)], "seconds": seconds,
            "out": args.out, "player": None if args.out else player.argv(Path("FILE"))}, ensure_ascii=False))
        return 0
    print(T.SAY_LINE(line=screen_line(call, announce, args.lang)).text(args.lang))
    for u, voice in zip(announcement.utterances, voices, strict=True):
        spoken = (T.SAY_SPOKEN_CLIPS(text=u.text, folder=speaker.folder) if isinstance(speaker, ClipsSpeaker)
                  and voice == "clips" else T.SAY_SPOKEN(text=u.text, espeak=u.espeak_text))
        print(spoken.text(args.lang))
    done = (T.SAY_WRITTEN(file=args.out, seconds=seconds) if args.out
            else T.SAY_PLAYED(player=" ".join(player.argv(Path("…"))[:-1]), seconds=seconds))
    print(done.text(args.lang))
    return 0


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
            speaker = _speaker_or_complain(args, config)
            if speaker is None:
                return 2
            announcer = Announcer(speaker, announce=config.announce, repeat=args.repeat, english=args.english)
            app = DisplayApp(engine, services=services, window=args.window, announcer=announcer,
                             recent=args.recent, lang=args.lang)
            await app.run_async()
            return 0
        finally:
            await engine.close()

    return asyncio.run(main())
