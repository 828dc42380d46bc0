"""The installed layout: one top-level name (`hallq`), layers that hold, no SQL in UI code.

The folders stay at the top of the repository (db/, kiosk/, …); pyproject.toml maps them
to hallq.db, hallq.kiosk, …. These tests build the real wheel and run it from a folder
outside the checkout, so a bare `import db` that only works from the repository fails.
"""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PARTS = ("cli", "demo", "web", "kiosk", "counter", "display", "rating", "ui", "db", "printers")
BARE = (*PARTS, "hallq_db", "widgets")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    return next(out.glob("hallq-*.whl"))


@pytest.mark.slow
def test_the_wheel_installs_one_top_level_name(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"hallq"}
    for data in ("hallq/web/templates/status.html", "hallq/web/static/hallq.css", "hallq/db/demo_hall.toml",
                 "hallq/kiosk/kiosk.tcss", "hallq/web/openapi.json"):
        assert data in names


@pytest.mark.slow
def test_the_installed_package_runs_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(site)!r})\n"
        "import hallq, hallq.cli.main, hallq.demo.app, hallq.web.server\n"
        "for part in ('kiosk', 'counter', 'display', 'rating'):\n"
        "    __import__(f'hallq.{part}.app')\n"
        "from hallq.db.config import demo_text\n"
        "from hallq.web.pages import render\n"
        "assert hallq.__file__.startswith(sys.path[0]), hallq.__file__\n"
        "assert '[[services]]' in demo_text()\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {BARE!r}))\n"
    )
    result = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_no_source_file_imports_a_bare_part():
    bare = re.compile(rf"^\s*(from|import)\s+({'|'.join(BARE)})\b", re.M)
    offenders = [str(p.relative_to(ROOT)) for folder in (*PARTS, "hallq", "tests", "bench")
                 for p in (ROOT / folder).rglob("*.py") if bare.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_engine_and_printers_import_without_textual_or_rich():
    names = [f"hallq.{part}.{p.stem}" for part in ("db", "printers") for p in (ROOT / part).glob("*.py")
             if p.stem != "__init__"]
    code = ("import sys\n" + "".join(f"import {n}\n" for n in names) +
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT.parent, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert len(names) > 20


SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b", re.I)


def test_ui_code_builds_no_sql():
    offenders = []
    for part in ("kiosk", "counter", "display", "rating", "ui", "demo", "web", "cli"):
        for path in (ROOT / part).rglob("*.py"):
            for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if SQL.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{no}")
    assert offenders == []
