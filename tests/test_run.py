"""`./run` from another folder (issue 19: it changed into the repository first, so a file
named on the command line was looked for there and `./run init --demo` wrote hallq.db into
the checkout instead of the folder the README promises)."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

pytestmark = pytest.mark.slow  # hallq processes through the shell script


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("HALLQ_DB", "PYTHONPATH")}
    return subprocess.run([str(ROOT / "run"), *args], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120)


def test_run_keeps_the_callers_folder(tmp_path):
    before = (ROOT / "hallq.db").stat().st_mtime_ns if (ROOT / "hallq.db").exists() else None
    init = run(tmp_path, "init", "--demo")
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "hallq.db").exists()  # ./hallq.db of the folder it ran in, as the README says
    after = (ROOT / "hallq.db").stat().st_mtime_ns if (ROOT / "hallq.db").exists() else None
    assert after == before  # and nothing written into the checkout
    (tmp_path / "bookings.csv").write_text("code,name,service,slot_start,slot_end\n"
                                           "YY0001,甲,F,2026-11-25 09:00,2026-11-25 09:30\n", encoding="utf-8")
    done = run(tmp_path, "appointments", "import", "bookings.csv", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] == 1
