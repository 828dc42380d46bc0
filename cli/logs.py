"""The rotating log file: where detail goes that a citizen or clerk should not see.

The file is opened on the first record, so a command that logs nothing (`hallq take A`)
neither imports logging.handlers nor touches the file.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

FORMAT = "%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"


def log_path() -> Path:
    return Path(os.environ.get("HALLQ_LOG", "hallq.log"))


def private_rotating_file():  # -> type[RotatingFileHandler], imported on first use
    """RotatingFileHandler whose files (the log and each rotated one) are created 0600: the
    log names clerks, numbers and terminals, which only the hall's administrator may read."""
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFile(RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.fchmod(fd, 0o600)  # a log left 0644 by an older version
            except OSError:
                pass
            return open(fd, "a", encoding=self.encoding, errors=self.errors)

    return PrivateRotatingFile


class RotatingLog(logging.Handler):
    """The rotating log file at `log_path()` (5 MB × 5), opened when the first record comes;
    records go nowhere when it cannot be opened."""

    _hallq = True

    def __init__(self) -> None:
        super().__init__()
        self._target: logging.Handler | None = None
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        if self._target is None:
            try:
                self._target = private_rotating_file()(log_path(), maxBytes=5_000_000, backupCount=5,
                                                       encoding="utf-8")
            except OSError:
                self._target = logging.NullHandler()
            self._target.setFormatter(self.formatter)
        self._target.emit(record)

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
        super().close()


def setup(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_hallq", False) for h in root.handlers):
        return
    root.addHandler(RotatingLog())
    root.setLevel(level)
