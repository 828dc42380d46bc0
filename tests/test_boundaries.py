"""db/ and printers/ never import textual; UI code never builds SQL."""
from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def modules_of(package: str) -> list[str]:
    return [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(ROOT / package)])]


def test_engine_and_printers_import_without_textual():
    names = modules_of("db") + modules_of("printers")
    code = ("import sys\n" + "".join(f"import {n}\n" for n in names) +
            "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
    assert len(names) > 5


SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b", re.I)


def test_ui_code_builds_no_sql():
    offenders = []
    for part in ("kiosk", "counter", "display", "hallq"):
        for path in (ROOT / part).rglob("*.py"):
            for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if SQL.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{no}")
    assert offenders == []
