"""Command lines that were answered with a Python error (issue 19, item 14), and the log's mode."""
from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # real processes


@pytest.fixture
def hallq(tmp_path):
    env = {**os.environ, "HALLQ_DB": str(tmp_path / "hall.db"), "HALLQ_LOG": str(tmp_path / "hallq.log")}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "hallq", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=60)

    assert run("init", "--demo").returncode == 0
    return run


def test_a_window_number_out_of_range_is_refused_clearly(hallq):
    for args in (("call", "--window", "99999999999999999999"), ("pause", "--window", "0"),
                 ("transfer", "--window", "1", "--to-window", "1000")):
        done = hallq(*args)
        assert done.returncode == 2 and "must be 1–999" in done.stderr, done.stderr
        assert "too large" not in done.stderr and "unexpected" not in done.stderr and "意外" not in done.stderr


def test_deeply_nested_json_bookings_are_refused_in_one_line(hallq, tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    done = hallq("--lang", "en", "appointments", "import", "deep.json")
    assert done.returncode != 0 and "nested too deeply" in done.stderr, done.stderr
    assert "recursion" not in done.stderr and done.stderr.count("\n") <= 2


def test_the_log_is_created_0600(hallq, tmp_path):
    hallq("call", "--window", "1", "--number", "Z999")  # any command that logs
    log = tmp_path / "hallq.log"
    if not log.exists():
        hallq("serve", "--port", "99999")  # fails and logs
    assert log.exists()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
