"""The commands as a person runs them: sim, replay, backup, restore."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hallq.cli import texts as cli_texts
from hallq.db import report_texts as R
from hallq.db import texts as T
from hallq.db.config import demo_text

pytestmark = pytest.mark.slow  # every command as a real process

ROOT = Path(__file__).parents[2]


@pytest.fixture
def hallq(tmp_path):
    env = {**os.environ, "HALLQ_DB": str(tmp_path / "hall.db"), "HALLQ_LOG": str(tmp_path / "hallq.log")}

    def run(*args, code=0):
        result = subprocess.run([sys.executable, "-m", "hallq", *args], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=60)
        assert "Traceback" not in result.stderr
        assert result.returncode == code, result.stderr
        return result

    return run


def test_sim_prints_waits_and_utilisation_and_keeps_the_day(hallq, tmp_path):
    out = hallq("sim", "--demo", "--date", "2026-11-25", "--seed", "4", "--windows", "B=4", "--out", "sim.db").stdout
    assert "模拟 2026-11-25  杭锦旗政务服务中心  种子 4" in out
    assert "B 一件事一次办" in out and "P95等候" in out and "利用率" in out
    assert "hallq --db sim.db replay --date 2026-11-25" in out
    assert (tmp_path / "sim.db").exists()
    hallq("sim", "--demo", "--out", "sim.db", code=2)  # never overwrites
    # side by side with the hall as configured: the windows actually used, and the difference
    assert cli_texts.SIM_COMPARE_TITLE.text("zh") in out
    assert "只办 B 的窗口：2 个（9,10）→ 4 个（9,10,16,17）；其他窗口不变" in out
    row = next(line for line in out.splitlines() if line.startswith("B 一件事一次办") and "→" in line)
    assert "2+2 → 4+2" in row


def test_sim_json_side_by_side(hallq, tmp_path):
    data = json.loads(hallq("sim", "--demo", "--json", "--date", "2026-11-25", "--seed", "4", "--windows",
                            "A=5,D=3").stdout)
    assert data["windows_changed"] == [{"services": "A", "before": [3, 4, 5, 6, 7, 8], "after": [3, 4, 5, 6, 7]},
                                       {"services": "D", "before": [13], "after": [8, 13, 16]}]
    assert data["configured"]["citizens"] == data["citizens"]  # the same citizens
    ours = {w["number"]: w["services"] for w in data["windows"]}
    theirs = {w["number"]: w["services"] for w in data["configured"]["windows"]}
    assert {n for n in ours if ours[n] != theirs.get(n)} == {8, 16}  # only what was asked changed
    d_now, d_if = data["configured"]["services"][3], data["services"][3]
    assert d_if["mean_wait_min"] < d_now["mean_wait_min"]


def test_sim_json_from_the_hall_in_the_database_and_a_config_file(hallq, tmp_path):
    hallq("init", "--demo")
    data = json.loads(hallq("sim", "--json", "--date", "2026-11-25").stdout)
    assert data["hall"] == "杭锦旗政务服务中心" and data["database"] is None
    assert [s["prefix"] for s in data["services"]] == list("ABCDEF")
    assert {"mean_wait_min", "p95_wait_min", "served", "unserved"} <= set(data["services"][0])
    assert len(data["windows"]) == 15 and 0 < data["windows"][0]["utilisation"] <= 1
    (tmp_path / "hall.toml").write_text(demo_text() + '\n[simulation]\narrivals_per_hour = {9 = 30}\n'
                                        'service_share = {D = 1}\n', encoding="utf-8")
    quiet = json.loads(hallq("sim", "--config", "hall.toml", "--json", "--lang", "en").stdout)
    assert 15 <= quiet["citizens"] <= 50 and quiet["services"][3]["issued"] == quiet["citizens"]


def test_sim_errors_in_one_line(hallq, tmp_path):
    no_hall = cli_texts.SIM_NO_HALL(db=tmp_path / "hall.db").text("zh")
    assert hallq("sim", code=2).stderr == f"hallq sim: {no_hall}\n"
    no_z = R.WINDOWS_NO_SERVICE(part="Z=3", prefix="Z", services="A, B, C, D, E, F").text("en")
    assert hallq("sim", "--demo", "--windows", "Z=3", code=2).stderr == f"hallq sim: --windows：{no_z}\n"
    (tmp_path / "bad.toml").write_text(demo_text() + "\n[simulation]\nno_show_share = 3\n", encoding="utf-8")
    err = hallq("sim", "--config", "bad.toml", code=1).stderr
    assert "bad.toml, line" in err and "simulation.no_show_share" in err


def test_replay_prints_the_calls_of_a_simulated_day(hallq, small_day, tmp_path):
    for suffix in ("", ".key"):
        shutil.copyfile(str(small_day[0]) + suffix, tmp_path / f"day.db{suffix}")
    result = hallq("--db", "day.db", "replay", "--print", "--speed", "0", "--json")
    calls = [json.loads(line) for line in result.stdout.splitlines()]
    summary = json.loads(result.stderr.strip().splitlines()[-1])
    assert summary["calls"] == len(calls) > 50 and summary["skipped"] == 0
    assert calls[0]["at"].startswith("2026-11-25T09:") and calls[0]["window_name"]
    text = hallq("--db", "day.db", "replay", "--print", "--speed", "0", "--date", "2026-11-25",
                 "--from", "14:00").stdout
    assert "回放 2026-11-25" in text
    nothing = T.NO_EVENTS(day="2026-11-20").text("zh")
    assert hallq("--db", "day.db", "replay", "--date", "2026-11-20", "--print", code=1).stderr == \
        f"hallq replay: {nothing}\n"


def test_backup_and_restore_commands(hallq, sim_day, tmp_path):
    for suffix in ("", ".key"):
        shutil.copyfile(str(sim_day[0]) + suffix, tmp_path / f"hall.db{suffix}")
    out = hallq("backup", "bare.db").stdout
    assert "已备份" in out and "完整性检查通过" in out and cli_texts.NO_KEY.text("zh") in out
    assert not (tmp_path / "bare.db.key").exists()
    out = hallq("backup", "copy.db", "--with-key").stdout
    assert cli_texts.KEY_COPIED.text("zh") in out and (tmp_path / "copy.db.key").exists()
    assert hallq("backup", "copy.db", code=1).stderr == f"hallq: {T.BACKUP_EXISTS(path='copy.db').text('zh')}\n"
    report = json.loads(hallq("--db", "other.db", "restore", "copy.db", "--json").stdout)
    assert report["tickets"] == sum(s.issued for s in sim_day[1].services)
    exists = T.RESTORE_OVER_EXISTING(path="other.db").text("zh")
    assert hallq("--db", "other.db", "restore", "copy.db", code=1).stderr == f"hallq: {exists}\n"
    assert "恢复" in hallq("--db", "other.db", "restore", "copy.db", "--force").stdout
