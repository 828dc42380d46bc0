"""The command line as a tool among tools: quick to start, tables that line up in Chinese,
plain text in a pipe, quiet when the pipe closes early, every text in both languages."""
from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from hallq.cli import main as cli_main
from hallq.cli import texts
from hallq.cli.tables import Column, render
from hallq.i18n import Text

ROOT = Path(__file__).parents[2]
MORNING = "2026-11-25T09:30"  # a working day, the demo hall open
HEAVY = {"textual", "rich", "aiohttp", "jinja2", "PIL", "escpos", "qrcode", "serial", "usb", "openpyxl",
         "textual_serve"}
# the register() modules this part owns (hallq.printers.cli is the printers')
REGISTER_MODULES = [m for m in cli_main.PARTS if m != "hallq.printers.cli"]


@pytest.fixture
def demo(tmp_path):
    """`run(*args, now=MORNING)`: hallq as a real process on a demo hall in tmp_path."""
    env = {**os.environ, "HALLQ_DB": str(tmp_path / "hall.db"), "HALLQ_LOG": str(tmp_path / "hallq.log"),
           "HALLQ_NOW": MORNING}

    def run(*args, now=MORNING, stdout=subprocess.PIPE, more_env=None):
        return subprocess.run([sys.executable, "-m", "hallq", *args], cwd=tmp_path,
                              env={**env, "HALLQ_NOW": now, **(more_env or {})}, stdout=stdout, stderr=subprocess.PIPE,
                              text=True, timeout=60)

    assert run("init", "--demo").returncode == 0
    run.env = env
    return run


def imports_of(code: str, env=None) -> set[str]:
    """The top-level packages of HEAVY that `code`, run in a fresh interpreter, imports."""
    probe = code + f"\nimport sys\nprint(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(HEAVY)!r})))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"')))


# ------------------------------------------------------------------ quick start
@pytest.mark.slow  # hallq as a real process
def test_take_imports_no_ui_web_image_printer_or_spreadsheet_library(demo):
    code = ("import runpy, sys\n"
            "sys.argv = ['hallq', '--json', 'take', 'A']\n"
            "try:\n    runpy.run_module('hallq', run_name='__main__', alter_sys=True)\n"
            "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n")
    assert imports_of(code, demo.env) == set()
    assert json.loads(demo("--json", "status", "A001").stdout)["state"] == "waiting"  # the ticket was issued


def test_registering_a_part_imports_nothing_heavy():
    code = "".join(f"import {m}\n" for m in REGISTER_MODULES)
    code += ("import argparse\n"
             "sub = argparse.ArgumentParser().add_subparsers()\n"
             + "".join(f"{m}.register(sub)\n" for m in REGISTER_MODULES))
    assert imports_of(code) == set()


def test_every_command_is_mapped_to_the_part_that_registers_it():
    registered = {}
    for name in cli_main.PARTS:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(name).register(sub)
        registered.update(dict.fromkeys(sub.choices, name))
    assert cli_main.COMMANDS == registered


@pytest.mark.parametrize("command", sorted(cli_main.COMMANDS))
def test_a_command_alone_parses_as_in_the_whole_parser(command):
    alone, whole = cli_main.build_parser(command), cli_main.build_parser()
    [alone_sub] = [a for a in alone._actions if isinstance(a, argparse._SubParsersAction)]
    [whole_sub] = [a for a in whole._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(alone_sub.choices) == {command}
    assert alone_sub.choices[command].format_help() == whole_sub.choices[command].format_help()


@pytest.mark.parametrize("argv, command", [
    (["take", "A"], "take"),
    (["--db", "take", "status", "A001"], "status"),   # the value of --db is not the command
    (["--db=x.db", "--json", "queues"], "queues"),
    (["--lang", "en", "--json", "figures"], "figures"),
    (["--la", "en", "figures"], "figures"),            # abbreviated, as argparse allows
    (["--json", "--", "events"], "events"),
    (["--help"], None),
    (["-h", "take"], None),                            # the help before a command lists them all
    (["--json", "--he", "take"], None),
    (["take", "--help"], "take"),
    (["--json"], None),
    ([], None),
])
def test_the_command_named_in_argv(argv, command):
    assert cli_main.command_in(argv) == command


@pytest.mark.slow
def test_global_options_before_or_after_the_command(demo):
    before = demo("--json", "--lang", "en", "take", "A")
    after = demo("take", "A", "--lang", "en", "--json")
    assert before.returncode == after.returncode == 0
    assert [json.loads(r.stdout)["number"] for r in (before, after)] == ["A001", "A002"]
    assert demo("--json", "nosuchcommand").returncode == 2  # the whole parser names the choices
    assert "take" in demo("nosuchcommand").stderr


@pytest.mark.slow
def test_hallq_now_fixes_the_hall_time(demo):
    evening = demo("take", "A", now="2026-11-25T20:00")
    assert evening.returncode == 1 and len(evening.stderr.strip().splitlines()) == 1
    assert json.loads(demo("--json", "take", "A").stdout)["taken_at"] == "2026-11-25T09:30:00"
    bad = demo("take", "A", now="half past nine")
    assert bad.returncode == 1 and "HALLQ_NOW" in bad.stderr and "Traceback" not in bad.stderr


# ------------------------------------------------------------------ tables
def spans(line: str, cells: list[str]) -> list[tuple[int, int]]:
    """The display columns (start, end) of each cell in `line`, found left to right."""
    out, at = [], 0
    for cell in cells:
        at = line.index(cell, at)
        out.append((cell_len(line[:at]), cell_len(line[:at + len(cell)])))
        at += len(cell)
    return out


def test_a_table_of_chinese_and_latin_names_lines_up():
    columns = [Column(Text("业务", "Service")), Column(Text("名称", "Name")), Column(Text("等候", "Waiting"), "right"),
               Column(Text("下一个", "Next"))]
    rows = [["A", "综合受理", 12, "A013"], ["B", "一件事一次办", 3, "B004"], ["D", "出件", 105, "D106"],
            ["X", "Express lane", 0, "X001"]]
    for lang in ("zh", "en"):
        lines = render(columns, rows, lang).splitlines()
        header = [c.header.text(lang) for c in columns]
        table = [spans(lines[0], header)] + [spans(line, [str(c) for c in row])
                                             for line, row in zip(lines[1:], rows, strict=True)]
        for i, column in enumerate(columns):
            edges = {span[i][0 if column.justify == "left" else 1] for span in table}
            assert len(edges) == 1, (lang, header[i], lines)


def test_the_plain_layout_is_what_a_rich_table_prints():
    import io

    from rich.console import Console

    from hallq.cli.tables import rich_table

    columns = [Column(Text("号码", "Number")), Column(Text("名称", "Name")), Column(Text("前面", "Ahead"), "right"),
               Column(Text("备注", "Note"))]
    rows = [["A001", "综合受理", 3, None], ["B012", "Express 一件事", None, "转3号窗口\n复核"],
            ["D7", "出件", 1205, ""]]
    for lang in ("zh", "en"):
        for header in (True, False):
            out = io.StringIO()
            Console(file=out, width=500, color_system=None, markup=False, emoji=False).print(
                rich_table(columns, rows, lang, header=header))
            assert render(columns, rows, lang, header=header) == "\n".join(
                line.rstrip() for line in out.getvalue().splitlines())


@pytest.mark.slow
def test_queues_and_figures_line_up_and_speak_the_language(demo):
    for args in (("take", "A"), ("take", "D"), ("take", "D")):
        assert demo(*args).returncode == 0
    queues = json.loads(demo("--json", "queues").stdout)
    lines = demo("queues").stdout.splitlines()
    assert len(lines) == 1 + len(queues)
    name_at = spans(lines[0], [texts.H_NAME.text("zh")])[0][0]
    waiting_ends = spans(lines[0], [texts.H_WAITING.text("zh")])[0][1]
    for q, line in zip(queues, lines[1:], strict=True):
        [prefix, name, waiting] = spans(line, [q["prefix"], q["name"], str(q["waiting"])])
        assert prefix[0] == 0 and name[0] == name_at and waiting[1] == waiting_ends, lines
    headers = (texts.H_SERVICE, texts.H_NAME, texts.H_ISSUED, texts.H_SERVED, texts.H_MISSED, texts.H_WAITING,
               texts.H_MEAN_WAIT, texts.H_MEAN_HANDLING)
    for lang in ("zh", "en"):
        header = demo("--lang", lang, "figures").stdout.splitlines()[1]  # after the day's summary line
        assert spans(header, [h.text(lang) for h in headers])[0][0] == 0


BOX = re.compile("[\u2500-\u257f]")


@pytest.mark.parametrize("command", [["windows"], ["queues"], ["figures"], ["tickets"], ["status", "A001"]])
@pytest.mark.slow
def test_a_table_in_a_pipe_is_plain_text(demo, command):
    demo("take", "A")
    out = demo(*command, more_env={"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "20"}).stdout
    assert out and "\x1b" not in out and not BOX.search(out)
    assert all(line == line.rstrip() for line in out.splitlines())
    assert max(cell_len(line) for line in out.splitlines()) > 20  # a pipe is not wrapped at COLUMNS


@pytest.mark.slow
def test_a_table_on_a_terminal(demo):
    pty = pytest.importorskip("pty")
    demo("take", "A")
    leader, follower = pty.openpty()
    try:
        done = demo("queues", stdout=follower, more_env={"TERM": "xterm-256color", "COLUMNS": "120"})
        os.close(follower)
        follower = None
        out = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end closed: all read
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
        if follower is not None:
            os.close(follower)
    assert done.returncode == 0 and texts.H_WAITING.text("zh") in out.decode()
    assert "\x1b[1m" in out.decode()  # a bold header: styled for a person


# ------------------------------------------------------------------ closed pipes
@pytest.mark.slow
def test_figures_into_head_exits_quietly(demo):
    hallq = subprocess.Popen([sys.executable, "-m", "hallq", "figures"], env=demo.env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    head = subprocess.run(["head", "-1"], stdin=hallq.stdout, capture_output=True, timeout=60)
    hallq.stdout.close()
    assert hallq.wait(60) in (0, 141)
    assert hallq.stderr.read() == b"" and head.stdout.decode().startswith("2026-11-25")
    hallq.stderr.close()


@pytest.mark.parametrize("command", [["figures"], ["events"], ["--json", "events"], ["queues"], ["take", "A"],
                                     ["--help"]])
@pytest.mark.slow
def test_output_into_a_closed_pipe_is_quiet(demo, command):
    reader, writer = os.pipe()
    os.close(reader)  # nobody will read: the first write fails with EPIPE
    try:
        done = demo(*command, stdout=writer)
    finally:
        os.close(writer)
    assert done.stderr == ""
    assert done.returncode in (0, 141)


# ------------------------------------------------------------------ texts
TEXT_MODULES = ["hallq.cli.texts"]  # the apps' command-line texts are in their texts.py (tests/test_texts.py)


@pytest.mark.parametrize("module", TEXT_MODULES)
def test_every_text_names_the_same_fields_in_both_languages(module):
    constants = {k: v for k, v in vars(importlib.import_module(module)).items() if isinstance(v, Text)}
    assert constants
    for name, text in constants.items():
        assert text.fields("zh") == text.fields("en"), name
        assert not re.search(r"[\u4e00-\u9fff]", text.en), name


def test_every_command_line_text_is_used():
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "cli").glob("*.py") if p.name != "texts.py")
    unused = [name for name, value in vars(texts).items()
              if isinstance(value, Text) and not re.search(rf"\btexts\.{name}\b", source)]
    assert unused == []


@pytest.mark.slow
def test_english_means_english(demo):
    demo("take", "A")
    # the hall's own names are what the hall.toml says
    names = {q["name"] for q in json.loads(demo("--json", "queues").stdout)}
    names |= {w["name"] for w in json.loads(demo("--json", "windows").stdout)}
    for command in (["figures"], ["queues"], ["windows"], ["tickets"], ["status", "A001"], ["take", "B"]):
        out = demo("--lang", "en", *command).stdout
        for name in sorted(names, key=len, reverse=True):
            out = out.replace(name, "")
        assert out and not re.search(r"[\u4e00-\u9fff]", out), (command, out)
