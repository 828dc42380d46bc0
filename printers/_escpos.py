"""The one door to python-escpos: import it without its side effect on logging.

escpos.capabilities calls logging.basicConfig() when it is imported, which puts a
stderr handler on the root logger: every warning of ours would then also appear on
the terminal (the CLI promises one line on stderr, the kiosk none). Import it here,
first, and take that handler off again. Modules of this part take what they need from
python-escpos from here (or import escpos.printer classes inside functions, after a
module that imports this one), so the handler never survives.

python-escpos ships no type information: what comes from it is typed Any.

Its printer database is cached here too. escpos.capabilities parses its capabilities.json
with PyYAML on import (half a second) and pickles the result into
ESCPOS_CAPABILITIES_PICKLE_DIR, by default a new mkdtemp() folder each time: the pickle is
never read again and every process (each kiosk start, each web session, each `hallq
printer` command) leaves a folder in /tmp. hallq keeps that pickle in
$XDG_CACHE_HOME/hallq/escpos-<version>/ (default ~/.cache); the first process writes it in
a folder of its own and moves the whole file in (os.replace), so a process starting at the
same moment never reads half a pickle. A folder the user set in the variable is left alone.
"""
from __future__ import annotations

import logging
import os
import platform
import shutil
import tempfile
from pathlib import Path

from escpos import __version__ as _escpos_version

_PICKLE_DIR = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def _capabilities_cache() -> tuple[Path, Path, str | None]:
    """Set the pickle folder for escpos.capabilities' import.

    escpos.capabilities calls mkdtemp() even when the variable is set: that folder is made
    inside a private one (tempfile.tempdir, for the import), which goes afterwards.

    Returns:
        (the private folder, the cache file to move a freshly written pickle to, the
        tempfile.tempdir to put back).
    """
    before = tempfile.tempdir
    private = Path(tempfile.mkdtemp(prefix="hallq-escpos-"))
    tempfile.tempdir = str(private)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hallq" / f"escpos-{_escpos_version}"
    pickle = cache / f"{platform.python_version()}.capabilities.pickle"
    if _PICKLE_DIR not in os.environ:
        os.environ[_PICKLE_DIR] = str(cache if pickle.is_file() else private)
    return private, pickle, before


def _keep_capabilities(private: Path, pickle: Path, tempdir: str | None) -> None:
    """After the import: move a freshly written pickle into the cache, take the variable
    off again (processes started later choose for themselves) and the private folder away."""
    tempfile.tempdir = tempdir
    if os.environ.get(_PICKLE_DIR) == str(private):
        del os.environ[_PICKLE_DIR]
        try:
            pickle.parent.mkdir(parents=True, exist_ok=True)
            os.replace(private / pickle.name, pickle)
        except OSError:
            pass  # no cache (a read-only home): the next process parses the file again
    elif os.environ.get(_PICKLE_DIR) == str(pickle.parent):
        del os.environ[_PICKLE_DIR]
    shutil.rmtree(private, ignore_errors=True)


_root = logging.getLogger()
_before = list(_root.handlers)
_written = _capabilities_cache()

import escpos.capabilities  # noqa: E402,F401
from escpos.constants import ESC, FS, GS, HW_INIT, QR_ECLEVEL_M  # noqa: E402
from escpos.exceptions import DeviceNotFoundError  # noqa: E402
from escpos.printer import Dummy  # noqa: E402

for _h in list(_root.handlers):
    if _h not in _before:
        _root.removeHandler(_h)
_keep_capabilities(*_written)

__all__ = ["ESC", "FS", "GS", "HW_INIT", "QR_ECLEVEL_M", "DeviceNotFoundError", "Dummy"]
