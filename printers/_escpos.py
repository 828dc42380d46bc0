"""Import python-escpos without its side effect on logging.

escpos.capabilities calls logging.basicConfig() when it is imported, which puts a
stderr handler on the root logger: every warning of ours would then also appear on
the terminal (the CLI promises one line on stderr, the kiosk none). Import it here,
first, and take that handler off again.
"""
from __future__ import annotations

import logging

_root = logging.getLogger()
_before = list(_root.handlers)

import escpos.capabilities  # noqa: E402,F401

for _h in list(_root.handlers):
    if _h not in _before:
        _root.removeHandler(_h)
