"""hall.toml mistakes named by file, key and line, and values that parsed but were wrong
(issue 19, item 14: `announce = 3` gave "argument of type 'int' is not iterable"; an empty
clerk id, duplicate clerks, `pin_lockout_minutes = 0`, a kiosk token "1", overlapping hours
were accepted)."""
from __future__ import annotations

import pytest

from hallq.db import report_texts as R
from hallq.db.config import demo_text, parse_config
from hallq.db.errors import ConfigError

BASE = """[hall]
name = "测试大厅"

[[services]]
prefix = "A"
name = "综合受理"
hours = ["09:00-12:00"]

[[windows]]
number = 1
services = ["A"]
"""


def problem(text: str):
    with pytest.raises(ConfigError) as err:
        parse_config(text, "hall.toml")
    return err.value


def line_of(text: str, fragment: str) -> int:
    return next(no for no, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize("extra, key, fragment, reason", [
    ("announce = 3\n", "announce", "announce = 3", R.CONFIG_WRONG_TABLE),
    ("policy = \"strict\"\n", "policy", "policy =", R.CONFIG_WRONG_TABLE),
    ("kiosks = 1\n", "kiosks", "kiosks = 1", R.CONFIG_WRONG_TABLES),
    ("clerks = [1]\n", "clerks[0]", "clerks = [1]", R.CONFIG_WRONG_TABLES),
    ("serve = [2]\n", "serve", "serve = [2]", R.CONFIG_WRONG_TABLE),
])
def test_a_top_level_key_of_the_wrong_type_is_named_with_its_line(extra, key, fragment, reason):
    text = extra + BASE  # a top-level key must come before the first table
    err = problem(text)
    assert err.reason.is_from(reason), err
    assert (err.path, err.key, err.line) == ("hall.toml", key, line_of(text, fragment))
    assert "not iterable" not in str(err) and "policy.s" not in str(err)


def test_windows_as_a_list_of_numbers():
    text = BASE.replace("[[windows]]\nnumber = 1\nservices = [\"A\"]\n", "").replace("[hall]", "windows = [1]\n[hall]")
    err = problem(text)
    assert err.reason.is_from(R.CONFIG_WRONG_TABLES) and err.key == "windows[0]" and err.line == 1
    assert "expected tables [[windows]]" in str(err)


def test_policy_strict_says_what_is_expected():
    err = problem('policy = "strict"\n' + BASE)
    assert "expected a table [policy], got 'strict'" in str(err)


@pytest.mark.parametrize("extra, key, reason", [
    ('[[clerks]]\nid = ""\nname = "x"\npin = "1234"\n', "clerks[0].id", R.CONFIG_ID_LIKE),
    ('[[clerks]]\nid = "c 1"\nname = "x"\npin = "1234"\n', "clerks[0].id", R.CONFIG_ID_LIKE),
    ('[[clerks]]\nid = "c1"\nname = "x"\npin = "1234"\n[[clerks]]\nid = "c1"\nname = "y"\npin = "4321"\n',
     "clerks[1].id", R.CONFIG_CLERK_TWICE),
    ('[[clerks]]\nid = "c1"\nname = "x"\npin = "1234"\nrol = "supervisor"\n', "clerks[0].rol", R.CONFIG_UNKNOWN_KEY),
    ('[policy]\npin_lockout_minutes = 0\n', "policy.pin_lockout_minutes", R.CONFIG_BETWEEN),
    ('[[kiosks]]\nid = "K1"\ntoken = "1"\n', "kiosks[0].token", R.CONFIG_TOKEN_SHORT),
    ('[[kiosks]]\nid = "K1"\n[[kiosks]]\nid = "K1"\n', "kiosks[1].id", R.CONFIG_KIOSK_TWICE),
    ('[serve]\nsessions = 0\n', "serve.sessions", R.CONFIG_BETWEEN),
])
def test_values_that_parse_but_are_wrong_are_refused(extra, key, reason):
    text = BASE + extra
    err = problem(text)
    assert err.reason.is_from(reason) and err.key == key and err.line is not None, err


def test_overlapping_hours_are_refused_naming_both():
    err = problem(BASE.replace('hours = ["09:00-12:00"]', 'hours = ["09:00-12:00", "11:30-17:00"]'))
    assert err.reason.is_from(R.CONFIG_HOURS_OVERLAP) and err.key == "services[0].hours" and err.line == 7
    assert "'09:00-12:00' overlaps '11:30-17:00'" in str(err)
    parse_config(BASE.replace('hours = ["09:00-12:00"]', 'hours = ["13:00-17:00", "09:00-12:00"]'))  # apart: fine


def test_the_demo_hall_still_loads():
    config = parse_config(demo_text())
    assert config.serve.sessions_per_token == 1
    # a kiosk each, a counter and a rating screen per window, the supervisor, the display
    assert config.session_cap == len(config.kiosks) + 2 * len(config.windows) + 1 + 2
