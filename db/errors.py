"""Errors the hall engine raises. Each carries a one-line reason in Chinese and English.

A refusal (nothing waiting, window paused, wrong PIN) is a normal answer, not a bug:
the UI shows `err.text(lang)` in one line and the caller carries on.
"""
from __future__ import annotations


class HallError(Exception):
    """Base class: a reason a person can read, in both languages."""

    code = "error"

    def __init__(self, zh: str, en: str | None = None, **detail):
        super().__init__(zh)
        self.zh = zh
        self.en = en or zh
        self.detail = detail

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:
        return self.zh if self.zh == self.en else f"{self.zh} ({self.en})"


class ConfigError(HallError):
    """A bad hall.toml: the message names the file, the key and the line."""

    code = "config"

    def __init__(self, path: str, key: str, problem: str, line: int | None = None):
        where = f"{path}" + (f", line {line}" if line else "")
        msg = f"{where}: {key}: {problem}"
        super().__init__(msg, msg, path=path, key=key, line=line)
        self.path, self.key, self.line, self.problem = path, key, line, problem


class NotFound(HallError):
    code = "not_found"


class Refused(HallError):
    """The operation is not allowed now; `code` says which rule refused it."""

    def __init__(self, code: str, zh: str, en: str, **detail):
        super().__init__(zh, en, **detail)
        self.code = code


class ServiceUnavailable(Refused):
    """A walk-in ticket cannot be issued: outside hours, limit reached, appointments only,
    or closed by the supervisor. `detail['reason']` is one of those codes."""


class DatabaseBusy(HallError):
    code = "busy"


class DataError(HallError):
    """Bad input data (an appointment row, an ID number, a phone number)."""

    code = "data"
