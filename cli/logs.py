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
            from logging.handlers import RotatingFileHandler

            try:
                self._target = RotatingFileHandler(log_path(), maxBytes=5_000_000, backupCount=5, encoding="utf-8")
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
