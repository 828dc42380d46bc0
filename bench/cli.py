"""Command-line start-up: `hallq take A`, `hallq status A001` and `hallq --help` end to end.

    .venv/bin/python bench/cli.py [--runs 15]

Prints one JSON object. Each command runs as a real process (`python -m hallq …`, what the
`hallq` script runs) on a temp database made with `hallq init --demo`; HALLQ_NOW fixes the
hall time at 09:30 on a working day, when the demo hall's services are open, so `take A`
issues a real ticket at any time of day. The wall time covers the whole process: start-up,
imports, argument parsing, the engine's transaction, the output and the exit.

The baseline, measured in the same run and interleaved with the commands (one round runs
each once, in a rotating order): `python -c pass` with the same interpreter. Also counted:
the modules each command imports, and which heavy ones (Textual, aiohttp, PIL, …).

Python bytecode is written on the first run (PYTHONDONTWRITEBYTECODE is dropped from the
children's environment), as an installed package ships it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

GOAL_TAKE_P50_S = 0.25
HALL_TIME = "2026-11-25T09:30"  # a Wednesday, in the demo hall's morning hours
HEAVY = ("textual", "rich", "aiohttp", "jinja2", "PIL", "escpos", "qrcode", "serial", "usb", "openpyxl",
         "textual_serve")
COMMANDS = {
    "take": ["take", "A"],
    "status": ["status", "A001"],
    "help": ["--help"],
}
# run `hallq ARGS` in-process and report what it imported, on stderr's last line
COUNT = (
    "import json, runpy, sys\n"
    "sys.argv = ['hallq', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('hallq', run_name='__main__', alter_sys=True)\n"
    "except SystemExit:\n"
    "    pass\n"
    f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
    "print('\\n' + json.dumps({'modules': len(sys.modules), 'heavy': heavy}), file=sys.stderr)\n"
)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return round(values[k], 4)


def timed(argv: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return seconds


def imported(args: list[str], env: dict) -> dict:
    """{"modules": how many modules `hallq ARGS` imports, "heavy": which of HEAVY}."""
    done = subprocess.run([sys.executable, "-c", COUNT, *args], env=env, capture_output=True, text=True)
    return json.loads(done.stderr.strip().splitlines()[-1])


def imported_by_python(env: dict) -> int:
    done = subprocess.run([sys.executable, "-c", "import sys; print(len(sys.modules))"], env=env,
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds; each runs every command once (default 15)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hallq-bench-cli-") as tmp:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "HALLQ_DB")}
        env.update(HALLQ_DB=os.path.join(tmp, "bench.db"), HALLQ_LOG=os.path.join(tmp, "hallq.log"),
                   HALLQ_NOW=HALL_TIME)
        hallq = [sys.executable, "-m", "hallq"]
        timed([*hallq, "init", "--demo"], env)
        runs = {"python_pass": [sys.executable, "-c", "pass"], **{k: [*hallq, *v] for k, v in COMMANDS.items()}}
        for argv in runs.values():  # warm up: bytecode written, files in the page cache
            timed(argv, env)
        seconds: dict[str, list[float]] = {name: [] for name in runs}
        names = list(runs)
        for i in range(args.runs):
            for name in names[i % len(names):] + names[:i % len(names)]:
                seconds[name].append(timed(runs[name], env))
        modules = {"python_pass": {"modules": imported_by_python(env), "heavy": []},
                   **{name: imported(argv, env) for name, argv in COMMANDS.items()}}

    base = statistics.median(seconds["python_pass"])
    take_p50 = pct(seconds["take"], 50)
    print(json.dumps({
        "bench": "cli",
        "runs": args.runs,
        "hall_time": HALL_TIME,
        "load_average_1min": round(os.getloadavg()[0], 2),  # other work on the machine slows every process
        "seconds": {name: {"p50": pct(v, 50), "p90": pct(v, 90), "min": round(min(v), 4)}
                    for name, v in seconds.items()},
        "baseline": "python_pass: `python -c pass` with the same interpreter, interleaved",
        "p50_over_baseline_s": {name: round(statistics.median(v) - base, 4) for name, v in seconds.items()
                                if name != "python_pass"},
        "modules_imported": {name: m["modules"] for name, m in modules.items()},
        "heavy_modules_imported": {name: m["heavy"] for name, m in modules.items() if name != "python_pass"},
        "take_p50_s": take_p50,
        "goal": f"take_p50_s <= {GOAL_TAKE_P50_S}",
        "ok": take_p50 <= GOAL_TAKE_P50_S,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
