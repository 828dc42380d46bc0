"""Errors the hall engine raises: one base, one line each, a reason in both languages.

A refusal (nothing waiting, window paused, wrong PIN) is a normal answer, not a bug: the
UI shows `err.text(lang)` in one line and the caller carries on; tests look at `err.code`.

    HallError            base: `code` (a string), `message` (a Text), `detail` (dict)
    ├─ ConfigError       a bad hall.toml: file, key and line          code "config"
    ├─ NotFound          no such service, window, ticket, hall        code from Refusal
    ├─ Refused           a rule forbids it now                        code from Refusal
    │  └─ ServiceUnavailable  no walk-in ticket now (closed, hours, limit, appointment only)
    ├─ DatabaseBusy      the database stayed locked through every retry   code "busy"
    ├─ DatabaseGone      the file was deleted or replaced under us        code "gone"
    ├─ DatabaseDamaged   it failed its integrity check                    code "damaged"
    ├─ DiskFull          the disk is full                                 code "disk_full"
    ├─ KeyFileError      the personal-data key is bad or not this hall's   code "key"
    └─ DataError         bad input data (a booking row, an ID number)     code "data"
"""
from __future__ import annotations

from typing import Any

from hallq.db.vocabulary import CheckInOutcome, Refusal
from hallq.i18n import Text, literal


class HallError(Exception):
    """Base class: a reason a person can read, in both languages.

    Args:
        message: what went wrong and, where it helps, what to do.
        detail: machine-readable extras (e.g. `until` for a lock, `opens_at` for hours).
    """

    code: str = "error"

    def __init__(self, message: Text, **detail: Any):
        super().__init__(str(message))
        self.message = message
        self.detail = detail

    def text(self, lang: str = "zh") -> str:
        """The one-line reason in `lang` ("zh" or "en")."""
        return self.message.text(lang)

    def __str__(self) -> str:
        return str(self.message)


class ConfigError(HallError):
    """A bad hall.toml: the message names the file, the key and the line."""

    code = "config"

    def __init__(self, path: str, key: str, problem: str, line: int | None = None):
        where = f"{path}" + (f", line {line}" if line else "")
        msg = f"{where}: {key}: {problem}"
        super().__init__(literal(msg), path=path, key=key, line=line)
        self.path, self.key, self.line, self.problem = path, key, line, problem


class Refused(HallError):
    """The operation is not allowed now; `code` says which rule refused it."""

    def __init__(self, code: Refusal | CheckInOutcome, message: Text, **detail: Any):
        super().__init__(message, **detail)
        self.code: str = code


class NotFound(Refused):
    """No such service, window, ticket or booking, or the hall is not set up."""


class ServiceUnavailable(Refused):
    """A walk-in ticket cannot be issued: `code` is closed, hours, limit or appointment_only."""


class DatabaseBusy(HallError):
    code = "busy"


class DatabaseGone(HallError):
    """The database file was deleted or replaced under this process: writing on would go
    into a file nobody else sees. Stop and start again."""

    code = "gone"


class DatabaseDamaged(HallError):
    """The database failed its integrity check: restore it from a backup."""

    code = "damaged"


class DiskFull(HallError):
    """The disk the database is on is full."""

    code = "disk_full"


class KeyFileError(HallError):
    """The personal-data key beside the database is missing, short, unreadable or not
    the one the database's hashes were made with."""

    code = "key"


class DataError(HallError):
    """Bad input data (an appointment row, an ID number, a phone number)."""

    code = "data"
