"""The printers' codes and texts: every code has its words, every error its number, every
public function its documentation."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import hallq.printers
from hallq.i18n import Text
from hallq.printers import errors, texts
from hallq.printers.printer import CITIZEN, CLERK, PrintResult
from hallq.printers.status import PROBLEMS, PrinterStatus
from hallq.printers.vocabulary import STOPPING, WARNING, Fault, Outcome

MODULES = sorted(m.name for m in pkgutil.iter_modules(hallq.printers.__path__) if m.name != "_escpos")


def test_every_text_names_the_same_fields_in_both_languages():
    constants = {name: value for name, value in vars(texts).items() if name.isupper()}
    assert len(constants) > 40
    for name, text in constants.items():
        assert isinstance(text, Text), name
        assert text.fields("zh") == text.fields("en"), name
        assert not text.values, name  # templates, filled where they are used


def test_every_fault_has_words_for_the_clerk():
    assert set(CLERK) == set(Fault)
    assert {f for f in Fault if f != Fault.NONE} - set(PROBLEMS) == {Fault.TIMEOUT, Fault.IO_ERROR, Fault.UNSUPPORTED}
    for text in CLERK.values():
        assert text.fields() <= {"number", "detail"}


@pytest.mark.parametrize("fault", list(Fault))
def test_every_fault_renders_for_citizen_and_clerk(fault):
    for outcome in Outcome:
        result = PrintResult(outcome, "tcp://10.0.0.21:9100", "A001", fault, "detail")
        for lang in ("zh", "en"):
            assert "A001" in result.clerk_text(lang) or "{number}" not in CLERK[fault].zh
        if outcome == Outcome.FAILED:
            assert result.citizen_text == CITIZEN.get(fault, texts.NOT_PRINTED)
            assert result.citizen_message("zh") and result.citizen_message("en")


def test_codes_are_their_stored_values():
    assert PrintResult("failed", "preview:", reason="paper_end").reason is Fault.PAPER_END
    assert PrintResult("printed", "preview:").as_dict()["reason"] == ""
    assert [o.value for o in Outcome] == ["printed", "warning", "failed"]
    with pytest.raises(ValueError):
        PrintResult("lost", "preview:")
    assert STOPPING.isdisjoint(WARNING)


def test_the_problem_names_keep_their_english():
    """The kiosk reports `status.problem` to the hall engine and db.supervision reads these
    names back: they are stored values, not only copy."""
    assert [PrinterStatus(**kw).problem for kw in (
        dict(reachable=False), dict(cover_open=True), dict(paper_end=True), dict(online=False),
        dict(online=True, paper_near_end=True), dict(), dict(online=True),
    )] == ["not reachable", "cover open", "paper end", "offline", "paper near end", "status unknown", ""]
    assert PrinterStatus(reachable=False, detail="refused").problem == "not reachable (refused)"


def test_errors_are_numbered_and_listed():
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.PrinterError)]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes)) == 9
    doc = errors.__doc__ or ""
    for c in classes:
        assert re.search(rf"`{c.code}` = .*:py:exc:`{c.__name__}`", doc), c.__name__
        assert c.__doc__
    for c in (errors.PrinterUnreachable, errors.PrinterTimeout, errors.PrinterIOError, errors.PrinterUnsupported):
        assert issubclass(c, errors.TransportError)
        assert c("x").detail == "x" and isinstance(c.reason, Fault)
    # the old names still import from where they were
    from hallq.printers import PrinterUrlError
    from hallq.printers.transports import TransportError
    from hallq.printers.urls import PrinterUrlError as FromUrls

    assert PrinterUrlError is FromUrls is errors.PrinterUrlError and issubclass(PrinterUrlError, ValueError)
    assert TransportError is errors.TransportError


def test_the_package_exports_what_it_lists():
    for name in hallq.printers.__all__:
        assert getattr(hallq.printers, name) is not None
    with pytest.raises(AttributeError):
        hallq.printers.nothing_here  # noqa: B018


def _public_callables():
    for name in MODULES:
        module = importlib.import_module(f"hallq.printers.{name}")
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{name}.{attr}", "function", obj
            elif inspect.isclass(obj):
                yield f"{name}.{attr}", "class", obj
                for meth, member in vars(obj).items():
                    if meth.startswith("_"):
                        continue
                    if isinstance(member, property):
                        yield f"{name}.{attr}.{meth}", "property", member.fget
                    elif isinstance(member, (classmethod, staticmethod)):
                        yield f"{name}.{attr}.{meth}", "function", member.__func__
                    elif inspect.isfunction(member):
                        yield f"{name}.{attr}.{meth}", "function", member


def test_every_public_function_is_documented():
    """Google style: Args for the parameters, Returns for a value. A method that does what
    the base class documents may say so with "(see Base.method)"."""
    missing = []
    checked = 0
    for where, kind, fn in _public_callables():
        checked += 1
        doc = inspect.getdoc(fn) or ""
        if not doc:
            missing.append(f"{where}: no docstring")
            continue
        if kind != "function" or "(see " in doc:
            continue  # a class documents itself in prose and Attributes; a property is its value
        sig = inspect.signature(fn)
        if [p for p in sig.parameters if p not in ("self", "cls")] and "Args:" not in doc:
            missing.append(f"{where}: no Args")
        if sig.return_annotation not in ("None", inspect.Signature.empty) and "Returns:" not in doc:
            missing.append(f"{where}: no Returns")
    assert missing == []
    assert checked > 80
