"""hall.toml validation: every error names the file, the key and the line."""
from __future__ import annotations

import pytest

from hallq.db import report_texts as R
from hallq.db.config import ConfigProblem, load_config, load_demo, parse_config
from hallq.db.errors import ConfigError

GOOD = """\
[hall]
name = "测试大厅"

[[services]]
prefix = "A"
name = "综合受理"
hours = ["09:00-12:00"]

[[services]]
prefix = "B"
name = "出件"

[[windows]]
number = 1
services = ["A", "B"]
"""


def test_demo_hall_matches_the_reference_hall():
    hall = load_demo()
    assert [s.prefix for s in hall.services] == list("ABCDEF")
    assert [w.number for w in hall.windows if "A" in w.services] == list(range(1, 9))
    assert hall.window(1).services == ("A", "B") and hall.window(9).services == ("B",)
    assert hall.service("F").appointment_only and hall.window(15).services == ("F",)


def test_services_take_aliases():
    hall = parse_config(GOOD.replace('name = "出件"', 'name = "出件"\naliases = ["取件", "领证"]'))
    assert hall.service("B").aliases == ("取件", "领证") and hall.service("A").aliases == ()
    assert "社保医保" in load_demo().service("A").aliases


def test_minimal_config_gets_default_policy():
    hall = parse_config(GOOD)
    assert hall.policy.max_priority_in_a_row == 2 and hall.policy.recalls_before_no_show == 2
    assert hall.service("B").name_en == "B"


@pytest.mark.parametrize("change, key, line, problem, values", [
    (('prefix = "B"', 'prefix = "b"'), "services[1].prefix", 10, R.CONFIG_PREFIX, {}),
    (('services = ["A", "B"]', 'services = ["A", "Q"]'), "windows[0].services", 15, R.CONFIG_UNKNOWN_SERVICE,
     {"prefix": "Q"}),
    (('hours = ["09:00-12:00"]', 'hours = ["12:00-09:00"]'), "services[0].hours", 7, R.CONFIG_HOURS_BACKWARDS,
     {"text": "12:00-09:00"}),
    (('hours = ["09:00-12:00"]', 'hours = ["9点到12点"]'), "services[0].hours", 7, R.CONFIG_HOURS_LIKE,
     {"text": "9点到12点"}),
    (('name = "出件"', 'name = "出件"\ncolour = "red"'), "services[1].colour", 12, R.CONFIG_UNKNOWN_KEY, {}),
    (('number = 1', 'number = "one"'), "windows[0].number", 14, R.CONFIG_WRONG_TYPE, {"value": "one"}),
    (('number = 1', 'number = true'), "windows[0].number", 14, R.CONFIG_WRONG_TYPE, {"value": True}),
    (('prefix = "B"', 'prefix = "A"'), "services[1].prefix", 10, R.CONFIG_PREFIX_TWICE, {"prefix": "A"}),
    (('name = "出件"', 'name = "出件"\naliases = ["取件", "综合受理"]'), "services[1].aliases", 12,
     R.CONFIG_ALIAS_TAKEN, {"alias": "综合受理", "prefix": "A"}),
    (('name = "出件"', 'name = "出件"\naliases = ["a"]'), "services[1].aliases", 12, R.CONFIG_ALIAS_TAKEN,
     {"prefix": "A"}),
    (('name = "出件"', 'name = "出件"\naliases = [" "]'), "services[1].aliases", 12, R.CONFIG_EMPTY, {}),
    (('name = "出件"', 'name = "出件"\naliases = "取件"'), "services[1].aliases", 12, R.CONFIG_WRONG_TYPE, {}),
])
def test_errors_name_file_key_and_line(change, key, line, problem, values):
    text = GOOD.replace(*change)
    with pytest.raises(ConfigProblem) as err:
        parse_config(text, "hall.toml")
    assert err.value.code == "config" and err.value.key == key and err.value.line == line
    assert err.value.reason.is_from(problem)
    assert all(err.value.reason.value(name) == value for name, value in values.items())
    assert err.value.problem == err.value.reason.text("en")
    assert str(err.value).startswith(f"hall.toml, line {line}: {key}:")


def test_missing_sections_and_bad_syntax():
    with pytest.raises(ConfigProblem) as err:
        parse_config(GOOD.split("[[windows]]")[0])
    assert err.value.key == "windows" and err.value.reason.is_from(R.CONFIG_NO_WINDOWS)
    with pytest.raises(ConfigProblem) as err:
        parse_config(GOOD + "\n[policy\n")
    assert err.value.key == "(syntax)" and err.value.line == 17 and err.value.reason.is_from(R.CONFIG_NOT_TOML)
    with pytest.raises(ConfigProblem) as err:
        parse_config(GOOD.replace('name = "测试大厅"', 'title = "x"'))
    assert err.value.key == "hall" and err.value.reason.is_from(R.CONFIG_MISSING_KEY)
    assert err.value.reason.value("key") == "name"


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "nope.toml")
    assert isinstance(err.value, ConfigProblem) and err.value.reason.is_from(R.CONFIG_NO_FILE)
    assert (err.value.path, err.value.key, err.value.line) == (str(tmp_path / "nope.toml"), "(file)", None)
    assert str(err.value).startswith(f"{tmp_path / 'nope.toml'}: (file):")


def test_policy_knobs_are_read(tmp_path):
    path = tmp_path / "hall.toml"
    path.write_text(GOOD + "\n[policy]\nmax_priority_in_a_row = 3\n", encoding="utf-8")
    assert load_config(path).policy.max_priority_in_a_row == 3


ANNOUNCE = GOOD + """
[announce]
repeat = 3
template = "请{number}号到{window_name}办理"
template_en = "Ticket {number}, window {window}"
chime = false
volume = 70
speed = 160
player = "aplay"
device = "plughw:1,0"

[announce.letters]
A = "a1"
F = "ai2  fu5"
"""


def test_the_announce_table_is_read():
    announce = parse_config(ANNOUNCE).announce
    assert (announce.repeat, announce.chime, announce.volume, announce.speed) == (3, False, 70, 160)
    assert (announce.player, announce.device) == ("aplay", "plughw:1,0")
    assert announce.template == "请{number}号到{window_name}办理"
    assert announce.template_en == "Ticket {number}, window {window}"
    assert announce.letter("A") == "a1" and announce.letter("F") == "ai2 fu5" and announce.letter("B") is None


def test_announce_defaults():
    announce = parse_config(GOOD).announce
    assert (announce.template, announce.template_en, announce.letters) == (None, None, ())
    assert (announce.chime, announce.volume, announce.player, announce.device) == (True, 100, "auto", None)


@pytest.mark.parametrize("change, key, line, problem, values", [
    (("volume = 70", "volume = 120"), "announce.volume", 22, R.CONFIG_BETWEEN, {"low": 0, "high": 100}),
    (("speed = 160", "speed = 20"), "announce.speed", 23, R.CONFIG_BETWEEN, {"low": 80, "high": 400}),
    (('player = "aplay"', 'player = "mpv"'), "announce.player", 24, R.CONFIG_PLAYER, {}),
    (('device = "plughw:1,0"', 'device = ""'), "announce.device", 25, R.CONFIG_EMPTY, {}),
    (("chime = false", 'chime = "yes"'), "announce.chime", 21, R.CONFIG_WRONG_TYPE, {"value": "yes"}),
    (("{window_name}办理", "{window_nmae}办理"), "announce.template", 19, R.CONFIG_TEMPLATE, {}),
    (("{window_name}办理", "{window_name:>3}办理"), "announce.template", 19, R.CONFIG_TEMPLATE, {}),
    (("{window_name}办理", "办理"), "announce.template", 19, R.CONFIG_TEMPLATE, {}),
    (("{window_name}办理", "{window_name}办理}"), "announce.template", 19, R.CONFIG_TEMPLATE, {}),
    (('"Ticket {number}', '"Ticket'), "announce.template_en", 20, R.CONFIG_TEMPLATE, {}),
    (('A = "a1"', 'A = "ah"'), "announce.letters.A", 28, R.CONFIG_PINYIN, {"value": "ah"}),
    (('A = "a1"', 'a = "a1"'), "announce.letters.a", 28, R.CONFIG_LETTER, {}),
    (('A = "a1"', "A = 1"), "announce.letters.A", 28, R.CONFIG_WRONG_TYPE, {"value": 1}),
    (("repeat = 3", "repeat = 3\nloud = true"), "announce.loud", 19, R.CONFIG_UNKNOWN_KEY, {}),
])
def test_announce_errors_name_file_key_and_line(change, key, line, problem, values):
    text = ANNOUNCE.replace(*change)
    with pytest.raises(ConfigProblem) as err:
        parse_config(text, "hall.toml")
    assert (err.value.key, err.value.line) == (key, line)
    assert err.value.reason.is_from(problem)
    assert all(err.value.reason.value(name) == value for name, value in values.items())


def test_a_template_error_says_which_field():
    with pytest.raises(ConfigProblem) as err:
        parse_config(ANNOUNCE.replace("{window_name}办理", "{windw}办理"), "hall.toml")
    assert err.value.reason.value("problem").is_from(R.CONFIG_TEMPLATE_FIELD)
    assert "{windw}" in str(err.value)


def test_inline_letters_point_at_the_letters_key():
    text = GOOD + '\n[announce]\nletters = {B = "bee"}\n'
    with pytest.raises(ConfigProblem) as err:
        parse_config(text, "hall.toml")
    assert (err.value.key, err.value.line) == ("announce.letters.B", 18)
