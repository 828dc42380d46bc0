"""The tokens file beside the database: created on first start, kept, completed."""
from __future__ import annotations

import dataclasses
import stat

from hallq.db.config import KioskConfig, WindowConfig, load_demo
from hallq.web.tokens import load_tokens, same, tokens_path


def test_first_start_creates_a_private_file_with_a_token_per_terminal(tmp_path):
    config = load_demo()
    tokens = load_tokens(tmp_path / "hall.db", config)
    path = tokens_path(tmp_path / "hall.db")
    assert path.name == "hall.db.tokens" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(tokens.kiosks) == {"K1", "K2"} and set(tokens.windows) == set(range(1, 16))
    assert set(tokens.ratings) == set(range(1, 16)) and tokens.supervisor
    every = [tokens.display, tokens.api, tokens.supervisor, *tokens.kiosks.values(), *tokens.windows.values(),
             *tokens.ratings.values()]
    assert len(set(every)) == len(every) and all(len(t) >= 32 for t in every)
    assert load_tokens(tmp_path / "hall.db", config) == tokens  # the next start keeps them


def test_the_secret_files_are_private_and_never_committed(tmp_path):
    import subprocess
    from pathlib import Path

    load_tokens(tmp_path / "hall.db", load_demo())
    root = Path(__file__).resolve().parents[2]
    for name in ("hall.db", "hall.db.key", "hall.db.tokens"):  # what a hall keeps beside its database
        ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=root, check=False)
        assert ignored.returncode == 0, f"{name} is not in .gitignore"


def test_new_terminals_get_tokens_and_a_config_token_wins(tmp_path):
    config = load_demo()
    before = load_tokens(tmp_path / "hall.db", config)
    grown = dataclasses.replace(
        config,
        kiosks=(dataclasses.replace(config.kiosks[0], token="from-the-config"), *config.kiosks[1:],
                KioskConfig("K3", None, ("A",))),
        windows=(*config.windows, WindowConfig(16, "新窗口16", ("A",))),
    )
    after = load_tokens(tmp_path / "hall.db", grown)
    assert after.kiosks["K1"] == "from-the-config" and after.kiosks["K2"] == before.kiosks["K2"]
    assert after.kiosks["K3"] and after.windows[16] and after.windows[3] == before.windows[3]
    assert after.display == before.display and after.api == before.api


def test_deleting_a_line_issues_a_new_token(tmp_path):
    config = load_demo()
    before = load_tokens(tmp_path / "hall.db", config)
    path = tokens_path(tmp_path / "hall.db")
    path.write_text("\n".join(line for line in path.read_text().splitlines() if not line.startswith("display")))
    after = load_tokens(tmp_path / "hall.db", config)
    assert after.display != before.display and after.api == before.api
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_same_compares_tokens_and_never_opens_without_one():
    assert same("abc", "abc")
    assert not same("abc", "abd") and not same("abc", "ab") and not same("abc", "ABC")
    assert not same(None, "") and not same("", "") and not same(None, None) and not same("abc", None)
    assert not same("abc", "ab\\u00e7")
