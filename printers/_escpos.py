"""The one door to python-escpos: import it without its side effect on logging.

escpos.capabilities calls logging.basicConfig() when it is imported, which puts a
stderr handler on the root logger: every warning of ours would then also appear on
the terminal (the CLI promises one line on stderr, the kiosk none). Import it here,
first, and take that handler off again. Modules of this part take what they need from
python-escpos from here (or import escpos.printer classes inside functions, after a
module that imports this one), so the handler never survives.

python-escpos ships no type information: what comes from it is typed Any.
"""
from __future__ import annotations

import logging

_root = logging.getLogger()
_before = list(_root.handlers)

import escpos.capabilities  # noqa: E402,F401
from escpos.constants import ESC, FS, GS, HW_INIT, QR_ECLEVEL_M  # noqa: E402
from escpos.exceptions import DeviceNotFoundError  # noqa: E402
from escpos.printer import Dummy  # noqa: E402

for _h in list(_root.handlers):
    if _h not in _before:
        _root.removeHandler(_h)

__all__ = ["ESC", "FS", "GS", "HW_INIT", "QR_ECLEVEL_M", "DeviceNotFoundError", "Dummy"]
