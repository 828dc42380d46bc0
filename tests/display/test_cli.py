import asyncio
import json
import shutil
from dataclasses import replace
from datetime import datetime

import pytest

from hallq.cli.main import build_parser, main
from hallq.db.config import AnnounceConfig, demo_text, parse_config
from hallq.db.engine import HallEngine
from hallq.db.models import Call
from hallq.display import cli
from hallq.display import texts as T
from hallq.display.announcer import Announcer, ClipsSpeaker, EspeakSpeaker, NoSpeaker, clip_problem, read_wav
from tests.display.test_announcer import make_pack


def make_demo_hall(db_path, text=None):
    text = text or demo_text()

    async def init():
        engine = await HallEngine.open(db_path)
        await engine.load_config(parse_config(text, "test hall"), text)
        await engine.close()

    asyncio.run(init())


def parse(*argv):
    return build_parser().parse_args(list(argv))


def test_display_options_parse():
    args = parse("display", "--services", "A,B", "--voice", "none", "--repeat", "3", "--english")
    assert (args.services, args.voice, args.repeat, args.english, args.window) == ("A,B", "none", 3, True, None)
    assert args.func is cli.handler


def test_the_sub_commands_parse(tmp_path):
    args = parse("display", "make-clips", str(tmp_path))
    assert args.func is cli.make_clips_handler and args.folder == str(tmp_path)
    args = parse("display", "check-clips", str(tmp_path))
    assert args.func is cli.check_clips_handler and args.folder == str(tmp_path)
    args = parse("display", "say", "A001", "3", "--out", "x.wav", "--voice", "clips")
    assert args.func is cli.say_handler and (args.number, args.call_window, args.out, args.voice) == (
        "A001", 3, "x.wav", "clips")


def test_voice_defaults_espeak_for_the_hall_and_none_above_a_window(tmp_path):
    assert isinstance(cli.speaker_for(parse("display"), AnnounceConfig()), EspeakSpeaker)
    assert isinstance(cli.speaker_for(parse("display", "--window", "3"), AnnounceConfig()), NoSpeaker)


def test_voice_comes_from_the_hall_config_unless_a_flag_says_otherwise():
    quiet = AnnounceConfig(voice="none")
    assert isinstance(cli.speaker_for(parse("display"), quiet), NoSpeaker)
    assert isinstance(cli.speaker_for(parse("display", "--voice", "espeak"), quiet), EspeakSpeaker)


def test_a_clip_folder_that_does_not_exist_is_a_one_line_error(tmp_path, db_path, capsys):
    make_demo_hall(db_path)
    args = parse("--db", str(db_path), "display", "--voice", "clips", "--clips", str(tmp_path / "nope"))
    assert cli.handler(args) == 2
    err = capsys.readouterr().err
    assert "make-clips" in err and len(err.strip().splitlines()) == 1


def test_the_clips_voice_falls_back_to_espeak(tmp_path):
    args = parse("display", "--voice", "clips", "--clips", str(tmp_path))
    speaker = cli.speaker_for(args, AnnounceConfig(speed=150))
    assert isinstance(speaker, ClipsSpeaker) and isinstance(speaker.fallback, EspeakSpeaker)
    assert speaker.fallback.speed == 150


# ---------------------------------------------------------------- check-clips
def test_check_clips_lists_what_is_missing_or_unreadable(tmp_path, db_path, capsys):
    make_demo_hall(db_path)
    pack = tmp_path / "pack"
    make_pack(pack, parse_config(demo_text()))
    (pack / "zh" / "窗口.wav").unlink()
    (pack / "zh" / "F.wav").write_text("recorded as mp3 by mistake")
    argv = ("--db", str(db_path), "display", "check-clips", str(pack))
    assert cli.check_clips_handler(parse(*argv)) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == T.CLIPS_PROBLEMS(folder=pack, n=22, bad=2).text("zh")
    unreadable = T.CLIP_UNREADABLE(path=pack / "zh" / "F.wav", says="F (ai4 fu5)",
                                   problem=clip_problem(pack / "zh" / "F.wav"))
    assert out[1:] == [f"  {T.CLIP_MISSING(path=pack / 'zh' / '窗口.wav', says='窗口').text('zh')}",
                       f"  {unreadable.text('zh')}"]
    assert "not a PCM WAV" in unreadable.text("zh")
    assert cli.check_clips_handler(parse("--json", *argv)) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["needed"], report["ready"]) == (22, 20)
    assert [(p["clip"], p["problem"] == "missing") for p in report["problems"]] == [("窗口", True), ("F", False)]


def test_check_clips_of_a_complete_pack_and_of_the_english_clips(tmp_path, db_path, capsys):
    make_demo_hall(db_path)
    make_pack(tmp_path, parse_config(demo_text()))
    assert cli.check_clips_handler(parse("--db", str(db_path), "display", "check-clips", str(tmp_path))) == 0
    assert capsys.readouterr().out.strip() == T.CLIPS_OK(folder=tmp_path, n=22).text("zh")
    assert cli.check_clips_handler(parse("--db", str(db_path), "--json", "display", "check-clips", str(tmp_path),
                                         "--english")) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {p["lang"] for p in problems} == {"en"}
    assert {"number", "please go to window", "ten", "fifteen"} <= {p["clip"] for p in problems}


def test_a_hall_that_speaks_window_names_needs_their_clips(tmp_path, db_path, capsys):
    text = demo_text().replace('template = "请{number}号到{window}号窗口办理"',
                               'template = "请{number}号到{window_name}办理"')
    make_demo_hall(db_path, text)
    assert cli.check_clips_handler(parse("--db", str(db_path), "--json", "display", "check-clips",
                                         str(tmp_path))) == 1
    problems = {p["clip"]: p["says"] for p in json.loads(capsys.readouterr().out)["problems"]}
    assert problems["一件事窗口10"] == "一件事窗口十" and problems["会商联审15"] == "会商联审十五"


# ---------------------------------------------------------------- say
def _said_by_the_display(db_path, number, window):
    """What the hall screen's announcer plays for this call (through a player that keeps it)."""
    from tests.display.test_announcer import FakePlayer

    async def run():
        engine = await HallEngine.open(db_path)
        config = await engine.config()
        await engine.close()
        player = FakePlayer(seconds=0)
        speaker = cli.speaker_for(parse("display"), config.announce)
        announcer = Announcer(speaker, player, config.announce)
        name = config.window(window).name
        announcer.announce(Call(1, datetime(2026, 11, 25, 9, 30), number, window, name, number[0], False))
        await asyncio.wait_for(announcer.wait_idle(), 30)
        return player.played[0][0]

    return asyncio.run(run())


def test_say_writes_exactly_what_the_display_plays(tmp_path, db_path, capsys):
    make_demo_hall(db_path)
    out = tmp_path / "call.wav"
    assert cli.say_handler(parse("--db", str(db_path), "display", "say", "a010", "10", "--out", str(out))) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == T.SAY_LINE(line="请A010号到10号窗口办理").text("zh")
    assert "qing3 ei1 ling2 yi1 ling2 hao4 dao4 shi2 hao4" in printed[1]
    assert read_wav(out) == _said_by_the_display(db_path, "A010", 10)


def test_say_with_the_halls_voice_pack(tmp_path, db_path, capsys):
    make_demo_hall(db_path, demo_text().replace('# clips = "clips"', f'clips = "{tmp_path / "pack"}"').replace(
        'voice = "espeak"', 'voice = "clips"'))
    make_pack(tmp_path / "pack", parse_config(demo_text()), seconds=0.1, rate=16000)
    out = tmp_path / "call.wav"
    assert cli.say_handler(parse("--db", str(db_path), "display", "say", "B001", "9", "--out", str(out))) == 0
    audio = read_wav(out)
    assert audio.rate == 16000  # the clips, not espeak-ng (22050 Hz)
    assert audio == _said_by_the_display(db_path, "B001", 9)
    said = T.SAY_SPOKEN_CLIPS(text="请B零零一号到九号窗口办理", folder=tmp_path / "pack").text("zh")
    assert said in capsys.readouterr().out.splitlines()
    (tmp_path / "pack" / "zh" / "号.wav").unlink()  # a gap in the pack: espeak-ng says it, and say tells
    assert cli.say_handler(parse("--db", str(db_path), "--json", "display", "say", "B001", "9", "--out",
                                 str(out))) == 0
    captured = capsys.readouterr()
    assert [u["voice"] for u in json.loads(captured.out)["spoken"]] == ["espeak"]
    assert T.CLIPS_WARNING(folder=tmp_path / "pack", bad=1).text("zh") in captured.err
    assert read_wav(out).rate == 22050


def test_call_sound_is_what_the_display_plays_for_a_tv_that_speaks(tmp_path, db_path):
    """display.announcer.call_sound: one call's WAV, for the hall TV page, the same sound."""
    from hallq.display.announcer import Silent, call_sound

    make_demo_hall(db_path)
    config = parse_config(demo_text())
    name = config.window(10).name
    wav = tmp_path / "tv.wav"
    wav.write_bytes(call_sound(Call(1, datetime(2026, 11, 25, 9, 30), "A010", 10, name, "A", False),
                               config.announce))
    assert read_wav(wav) == _said_by_the_display(db_path, "A010", 10)
    missing = replace(config.announce, voice="clips", clips=str(tmp_path / "no pack"))
    wav.write_bytes(call_sound(Call(1, datetime(2026, 11, 25, 9, 30), "A010", 10, name, "A", False), missing))
    assert read_wav(wav) == _said_by_the_display(db_path, "A010", 10)  # espeak-ng, not silence
    with pytest.raises(Silent) as err:
        call_sound(Call(1, datetime(2026, 11, 25, 9, 30), "A010", 10, name, "A", False),
                   replace(config.announce, voice="none"))
    assert err.value.reason.is_from(T.VOICE_OFF)


@pytest.mark.slow
def test_say_plays_through_the_halls_player_and_device(tmp_path, db_path, capsys):
    if shutil.which("aplay") is None:
        pytest.fail("aplay is not installed: ./run installs alsa-utils")
    make_demo_hall(db_path, demo_text().replace('# device = "plughw:1,0"', 'device = "null"'))
    assert cli.say_handler(parse("--db", str(db_path), "display", "say", "F999", "15")) == 0
    assert "aplay -q -D null" in capsys.readouterr().out.splitlines()[-1]
    make_demo_hall(db_path, demo_text().replace('# device = "plughw:1,0"', 'device = "hallq_no_such_device"'))
    assert cli.say_handler(parse("--db", str(db_path), "display", "say", "F999", "15")) == 1
    err = capsys.readouterr().err
    assert T.SILENT(reason=T.NO_DEVICE(device="hallq_no_such_device")).text("zh") in err


def test_say_refuses_what_the_hall_does_not_have(db_path, capsys):
    make_demo_hall(db_path)
    assert cli.say_handler(parse("--db", str(db_path), "display", "say", "A001", "99")) == 2
    assert T.NO_WINDOW(window=99).text("zh") in capsys.readouterr().err
    assert cli.say_handler(parse("--db", str(db_path), "display", "say", "A-1", "3")) == 2
    assert T.BAD_NUMBER(number="A-1").text("zh") in capsys.readouterr().err


@pytest.mark.parametrize("command", [["display", "--voice", "none"], ["display", "say", "A001", "3"],
                                     ["display", "check-clips", "clips"], ["display", "make-clips", "clips"]])
def test_no_database_gets_a_hint_and_none_is_made(tmp_path, capsys, command):
    db = tmp_path / "x.db"
    assert main(["--db", str(db), "--lang", "en", *command]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("hallq: ") and "hallq init" in err and len(err.splitlines()) == 1
    assert not db.exists()


def test_a_database_without_a_hall_gets_a_hint(tmp_path, capsys):
    db = tmp_path / "x.db"

    async def empty():
        await (await HallEngine.open(db)).close()

    asyncio.run(empty())
    args = parse("--db", str(db), "display", "--voice", "none")
    assert cli.handler(args) == 2
    assert capsys.readouterr().err.strip() == T.NOT_SET_UP.text(args.lang)


def test_unknown_services_are_refused(db_path, capsys):
    make_demo_hall(db_path)
    assert cli.handler(parse("--db", str(db_path), "display", "--services", "A,Q", "--voice", "none")) == 2
    assert "Q" in capsys.readouterr().err
    assert cli.handler(parse("--db", str(db_path), "display", "--window", "99")) == 2


def test_make_clips_records_what_check_clips_wants(tmp_path, db_path, capsys):
    make_demo_hall(db_path)
    assert cli.make_clips_handler(parse("--db", str(db_path), "display", "make-clips", str(tmp_path))) == 0
    assert capsys.readouterr().out.strip() == T.CLIPS_MADE(folder=str(tmp_path), n=22).text("zh")
    assert cli.check_clips_handler(parse("--db", str(db_path), "display", "check-clips", str(tmp_path))) == 0
    assert read_wav(tmp_path / "zh" / "窗口.wav").seconds > 0.2
