"""The rotating log file: where detail goes that a citizen or clerk should not see."""
from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path


def log_path() -> Path:
    return Path(os.environ.get("HALLQ_LOG", "hallq.log"))


def setup(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_hallq", False) for h in root.handlers):
        return
    try:
        handler = logging.handlers.RotatingFileHandler(
            log_path(), maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler._hallq = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
