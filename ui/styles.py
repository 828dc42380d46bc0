"""Loading a widget's Textual stylesheet from the .tcss file beside its module."""
from __future__ import annotations

from pathlib import Path


def css_beside(module_file: str, name: str | None = None) -> str:
    """The stylesheet next to a module, for a widget's `DEFAULT_CSS`.

    Args:
        module_file: the module's `__file__`.
        name: the file name; default the module's own name with `.tcss`
            (`queue_panel.py` → `queue_panel.tcss`).

    Returns:
        The stylesheet's text (read as UTF-8, whatever the host's locale).

    Raises:
        FileNotFoundError: the stylesheet is not installed beside the module.
    """
    path = Path(module_file)
    return path.with_name(name or f"{path.stem}.tcss").read_text(encoding="utf-8")
