"""The engine's public face: one facade, every method documented, no module over a few
hundred lines, returns that are dataclasses, not dicts."""
from __future__ import annotations

import inspect
import typing
from pathlib import Path

from hallq.db.engine import HallEngine

DB = Path(__file__).parents[2] / "db"
ENGINE_MODULES = ("engine", "core", "issuing", "calling", "staffing", "pins", "day", "queries", "queue", "rows",
                  "store")


def public_methods():
    return [(name, member) for name, member in inspect.getmembers(HallEngine)
            if not name.startswith("_") and (inspect.isfunction(member) or inspect.ismethod(member))]


def test_every_public_method_says_what_it_does_returns_and_refuses():
    undocumented, unsaid = [], []
    for name, method in public_methods():
        doc = inspect.getdoc(method) or ""
        if len(doc) < 20:
            undocumented.append(name)
        source = inspect.getsource(method)
        if ("raise Refused" in source or "raise NotFound" in source) and "Raises" not in doc:
            unsaid.append(name)
    assert undocumented == [] and unsaid == []
    assert len(public_methods()) > 40


def returns(method) -> object:
    """A method's return annotation, evaluated in its module (the others may name types
    imported only for type checking)."""
    annotation = inspect.get_annotations(method).get("return")
    return eval(annotation, vars(inspect.getmodule(method))) if isinstance(annotation, str) else annotation


def test_no_method_returns_a_bare_dict():
    hints = {name: returns(method) for name, method in public_methods()}
    assert [name for name, hint in hints.items() if typing.get_origin(hint) is dict or hint is dict] == []


def test_the_engine_is_split_into_modules_of_a_few_hundred_lines():
    sizes = {name: len((DB / f"{name}.py").read_text(encoding="utf-8").splitlines()) for name in ENGINE_MODULES}
    assert max(sizes.values()) <= 400, sizes
