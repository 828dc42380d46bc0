"""The copy of every part: its `texts.py` holds `hallq.i18n.Text` constants, and only there.

Each `texts.py` in the repository's top-level folders (installed as `hallq.<part>`, see
[tool.setuptools.package-dir] in pyproject.toml) is imported, and each of its module-level
`Text` constants must have both languages, name the same `{fields}` in both (so a filled
text renders in either) and carry no stray whitespace at either end. Outside `texts.py`,
the app folders build no `Text` from string literals and keep no ("中文", "English") pairs:
copy stays in one place per part.
"""
from __future__ import annotations

import ast
import importlib
import re
import tomllib
from pathlib import Path

import pytest

from hallq.i18n import Text

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIRS: dict[str, str] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
    "tool"]["setuptools"]["package-dir"]
#: the folders of the apps and what they share, where copy lives only in texts.py
APP_FOLDERS = ("kiosk", "counter", "display", "rating", "web", "demo", "ui")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


def texts_modules() -> list[str]:
    """`hallq.<part>[.sub].texts` for every texts.py under a folder that is installed as a package."""
    found = []
    for package, folder in sorted(PACKAGE_DIRS.items()):
        for path in sorted((ROOT / folder).rglob("texts.py")):
            inner = path.relative_to(ROOT / folder).with_suffix("").parts
            found.append(".".join((package, *inner)))
    return found


MODULES = texts_modules()


def constants() -> list[tuple[str, str, Text]]:
    """(module, name, constant) for every module-level Text of every texts module."""
    return [(module, name, value) for module in MODULES
            for name, value in vars(importlib.import_module(module)).items() if isinstance(value, Text)]


CONSTANTS = constants()

#: constants of parts this branch does not own (db/, printers/) that break a rule today:
#: fix them there, then remove them here (a strict xfail fails once a constant is fixed)
KNOWN: dict[str, str] = {}


def params() -> list:
    return [pytest.param(module, name, text, id=f"{module.split('.')[1]}.{name}",
                         marks=[pytest.mark.xfail(strict=True, reason=KNOWN[f"{module}.{name}"])]
                         if f"{module}.{name}" in KNOWN else [])
            for module, name, text in CONSTANTS]


def test_the_parts_have_their_texts():
    assert {"hallq.kiosk.texts", "hallq.counter.texts", "hallq.display.texts", "hallq.rating.texts",
            "hallq.web.texts", "hallq.demo.texts"} <= set(MODULES)
    for module in MODULES:
        assert any(m == module for m, _, _ in CONSTANTS), f"{module} has no Text constants"


@pytest.mark.parametrize("module, name, text", params())
def test_a_constant_is_complete_in_both_languages(module, name, text):
    assert name.isupper(), f"{module}.{name}: a constant's name is UPPER_CASE"
    assert text.values == (), f"{module}.{name} is a template: fill it where it is used"
    assert text.zh and text.en, f"{module}.{name}: both languages are needed"
    assert text.fields("zh") == text.fields("en"), f"{module}.{name}: the two languages name different fields"
    for lang, template in (("zh", text.zh), ("en", text.en)):
        assert template == template.strip(), f"{module}.{name} ({lang}): whitespace at an end: {template!r}"


def test_every_known_exception_is_still_a_constant():
    assert set(KNOWN) <= {f"{module}.{name}" for module, name, _ in CONSTANTS}


# ------------------------------------------------------------------ copy only in texts.py
def app_sources() -> list[Path]:
    return [path for folder in APP_FOLDERS for path in sorted((ROOT / folder).rglob("*.py"))
            if path.name != "texts.py"]


def literal(node: ast.AST | None) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def text_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The names `Text` of hallq.i18n is known by in a module, and the modules whose `.Text` it is."""
    names, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hallq"):
            for alias in node.names:
                if alias.name == "Text":
                    names.add(alias.asname or alias.name)
                elif alias.name == "i18n" or alias.name == "texts":
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "hallq.i18n" or alias.name.endswith(".texts"):
                    modules.add(alias.asname or alias.name)
    return names, modules


def copy_in(source: str) -> list[tuple[int, str]]:
    """(line, code) where a module outside texts.py writes copy: Text("…", …) or a ("中文", "English") pair."""
    tree = ast.parse(source)
    names, modules = text_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            is_text = (isinstance(func, ast.Name) and func.id in names) or (
                isinstance(func, ast.Attribute) and func.attr == "Text" and ast.unparse(func.value) in modules)
            given = node.args[:2] + [k.value for k in node.keywords if k.arg in ("zh", "en")]
            if is_text and any(literal(arg) for arg in given):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            zh, en = (e.value for e in node.elts)
            if bool(CJK.search(zh)) != bool(CJK.search(en)) and re.search("[A-Za-z]", en + zh):
                found.append((node.lineno, ast.unparse(node)))
    return found


def test_copy_is_written_only_in_texts_modules():
    found = [f"{path.relative_to(ROOT)}:{line}: {code}" for path in app_sources()
             for line, code in copy_in(path.read_text(encoding="utf-8"))]
    assert found == [], "copy outside texts.py (make it a Text constant there):\n" + "\n".join(found)


def test_the_copy_check_finds_copy():
    source = ("from hallq.i18n import Text as Copy\n"
              "from hallq.kiosk import texts as T\n"
              "from rich.text import Text\n"
              "A = Copy('你好', 'Hello')\n"
              "B = T.Text(name, f'{n} waiting')\n"
              "C = ('取消', 'Cancel')\n"
              "D = Copy(name, name_en), Text('A001', 'bold'), ('zh', 'en'), ('甲', '乙')\n")
    assert [line for line, _ in copy_in(source)] == [4, 5, 6]
