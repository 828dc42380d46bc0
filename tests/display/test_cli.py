import asyncio

from hallq.cli.main import build_parser
from hallq.db.config import AnnounceConfig, demo_text, load_demo
from hallq.db.engine import HallEngine
from hallq.display import cli
from hallq.display import texts as T
from hallq.display.announcer import EspeakSpeaker, NoSpeaker


def make_demo_hall(db_path):
    async def init():
        engine = await HallEngine.open(db_path)
        await engine.load_config(load_demo(), demo_text())
        await engine.close()

    asyncio.run(init())


def parse(*argv):
    return build_parser().parse_args(list(argv))


def test_display_options_parse():
    args = parse("display", "--services", "A,B", "--voice", "none", "--repeat", "3", "--english")
    assert (args.services, args.voice, args.repeat, args.english, args.window) == ("A,B", "none", 3, True, None)
    assert args.func is cli.handler


def test_make_clips_is_a_sub_command(tmp_path):
    args = parse("display", "make-clips", str(tmp_path))
    assert args.func is cli.make_clips_handler and args.folder == str(tmp_path)


def test_voice_defaults_espeak_for_the_hall_and_none_above_a_window(tmp_path):
    assert isinstance(cli.speaker_for(parse("display"), AnnounceConfig()), EspeakSpeaker)
    assert isinstance(cli.speaker_for(parse("display", "--window", "3"), AnnounceConfig()), NoSpeaker)


def test_voice_comes_from_the_hall_config_unless_a_flag_says_otherwise():
    quiet = AnnounceConfig(voice="none")
    assert isinstance(cli.speaker_for(parse("display"), quiet), NoSpeaker)
    assert isinstance(cli.speaker_for(parse("display", "--voice", "espeak"), quiet), EspeakSpeaker)


def test_clips_without_a_recorded_set_is_a_one_line_error(tmp_path, db_path, capsys):
    make_demo_hall(db_path)
    args = parse("--db", str(db_path), "display", "--voice", "clips", "--clips", str(tmp_path))
    assert cli.handler(args) == 2
    assert "make-clips" in capsys.readouterr().err


def test_an_empty_database_gets_a_hint(tmp_path, capsys):
    args = parse("--db", str(tmp_path / "x.db"), "display", "--voice", "none")
    assert cli.handler(args) == 2
    assert capsys.readouterr().err.strip() == T.NOT_SET_UP.text(args.lang)


def test_unknown_services_are_refused(db_path, capsys):
    make_demo_hall(db_path)
    assert cli.handler(parse("--db", str(db_path), "display", "--services", "A,Q", "--voice", "none")) == 2
    assert "Q" in capsys.readouterr().err
    assert cli.handler(parse("--db", str(db_path), "display", "--window", "99")) == 2
