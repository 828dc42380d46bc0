"""One secret token per browser terminal, and the bearer token of the booking API.

The hall config has an optional `token` on [[kiosks]]; counters, the display and the
API have no config keys yet. So `hallq serve` keeps every token in a small TOML file
beside the database (`hallq.db.tokens`, mode 0600), creating it on first start and
adding a token for any terminal the config gained since. A token in the hall config
wins over the file. Delete a line (or the file) to issue a new token.

    # hallq serve: one token per browser terminal; keep this file secret.
    display = "…"
    api = "…"
    [kiosks]
    K1 = "…"
    [windows]
    "3" = "…"
    [ratings]
    "3" = "…"
    supervisor = "…"       (at the top, beside display)

A rating terminal faces the citizen, so it has its own token: the counter's is not on a
screen anyone else can read. The supervisor terminal has one token for the hall; its
page still asks for a supervisor's id and PIN.
"""
from __future__ import annotations

import hmac
import json
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from hallq.db.config import HallConfig


@dataclass(frozen=True)
class Tokens:
    display: str | None = None
    api: str | None = None
    kiosks: dict[str, str] = field(default_factory=dict)
    windows: dict[int, str] = field(default_factory=dict)
    ratings: dict[int, str] = field(default_factory=dict)  # the rating terminal at each window
    supervisor: str | None = None


def same(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; a terminal without a token opens for nobody."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def tokens_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.tokens")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def load_tokens(db_path: str | Path, config: HallConfig) -> Tokens:
    """The tokens for this hall, creating or completing the tokens file as needed."""
    path = tokens_path(db_path)
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    kiosks = {str(k): str(v) for k, v in data.get("kiosks", {}).items()}
    windows = {str(k): str(v) for k, v in data.get("windows", {}).items()}
    ratings = {str(k): str(v) for k, v in data.get("ratings", {}).items()}
    top = {key: str(data[key]) if data.get(key) else new_token() for key in ("display", "api", "supervisor")}
    for k in config.kiosks:
        kiosks.setdefault(k.id, new_token())
    for w in config.windows:
        windows.setdefault(str(w.number), new_token())
        ratings.setdefault(str(w.number), new_token())
    wanted = {"display": top["display"], "api": top["api"], "supervisor": top["supervisor"], "kiosks": kiosks,
              "windows": windows, "ratings": ratings}
    if wanted != data:
        _write(path, wanted)
    return Tokens(
        display=top["display"],
        api=top["api"],
        kiosks={k.id: k.token or kiosks[k.id] for k in config.kiosks},
        windows={w.number: windows[str(w.number)] for w in config.windows},
        ratings={w.number: ratings[str(w.number)] for w in config.windows},
        supervisor=top["supervisor"],
    )


def _write(path: Path, data: dict) -> None:
    q = json.dumps  # a JSON string is a valid TOML basic string for these characters
    lines = ["# hallq serve: one token per browser terminal; keep this file secret.",
             "# Delete a line to issue a new token at the next start.",
             f"display = {q(data['display'])}", f"api = {q(data['api'])}",
             f"supervisor = {q(data['supervisor'])}", "", "[kiosks]"]
    lines += [f"{q(k)} = {q(v)}" for k, v in data["kiosks"].items()]
    lines += ["", "[windows]"]
    lines += [f"{q(k)} = {q(v)}" for k, v in data["windows"].items()]
    lines += ["", "[ratings]"]
    lines += [f"{q(k)} = {q(v)}" for k, v in data["ratings"].items()]
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
