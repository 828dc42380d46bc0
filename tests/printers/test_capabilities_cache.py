"""python-escpos's printer database is parsed once per machine, not once per process, and
its import leaves nothing in the temp folder (printers/_escpos.py).

Each test runs real interpreters with their own TMPDIR and XDG_CACHE_HOME."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # real processes

IMPORT = ("import os, hallq.printers._escpos\n"
          "assert 'ESCPOS_CAPABILITIES_PICKLE_DIR' not in os.environ, 'the variable leaks to child processes'\n")


def start(tmp_path):
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    return subprocess.Popen([sys.executable, "-c", IMPORT], env=env, stderr=subprocess.PIPE, text=True)


def finish(process) -> None:
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err


def test_the_second_process_reads_the_cache_and_the_temp_folder_stays_empty(tmp_path):
    finish(start(tmp_path))
    [pickle] = (tmp_path / "cache" / "hallq").glob("escpos-*/*.capabilities.pickle")
    written = pickle.stat().st_mtime_ns
    assert list((tmp_path / "tmp").iterdir()) == []
    finish(start(tmp_path))
    assert pickle.stat().st_mtime_ns == written  # read, not written again
    assert list((tmp_path / "tmp").iterdir()) == []


def test_processes_starting_together_on_an_empty_cache_all_start(tmp_path):
    for process in [start(tmp_path) for _ in range(4)]:
        finish(process)
    assert len(list((tmp_path / "cache" / "hallq").glob("escpos-*/*.capabilities.pickle"))) == 1
    assert list((tmp_path / "tmp").iterdir()) == []
