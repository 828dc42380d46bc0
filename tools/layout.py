"""Lay the installed package out as links: build/layout/hallq/db → db/, and so on.

pyproject.toml maps the top-level folders to hallq.<part> (setuptools package-dir). The
editable install follows that mapping at import time, but tools that read the source tree
(mypy, import-linter) look for hallq/db/ on disk. This script gives them that tree:
real folders (some tools do not follow linked folders) holding links to the real files, so
what they check is the checkout itself. It is made anew on each run.

Run: python tools/layout.py  → prints the folder to put on MYPYPATH / PYTHONPATH.
"""
from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIEW = ROOT / "build" / "layout"


def build() -> Path:
    mapping = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-dir"]
    top = VIEW / "hallq"
    shutil.rmtree(VIEW, ignore_errors=True)
    top.mkdir(parents=True)
    for package, folder in mapping.items():
        target = top.joinpath(*package.split(".")[1:])
        for source in (ROOT / folder).rglob("*"):
            if source.is_file() and "__pycache__" not in source.parts:
                link = target / source.relative_to(ROOT / folder)
                if package == "hallq" or not link.is_relative_to(top / "__pycache__"):
                    link.parent.mkdir(parents=True, exist_ok=True)
                    link.symlink_to(source)
    return VIEW


if __name__ == "__main__":
    print(build())
    sys.exit(0)
