"""Managing clerks: list, disable, enable, reset a PIN, change a role; each an event."""
from __future__ import annotations

import json

import pytest

from hallq.cli.main import main
from hallq.db.errors import NotFound, Refused
from hallq.db.vocabulary import Refusal, Role


async def kinds(engine) -> list[tuple[str, str | None]]:
    return [(e.kind, e.data.get("clerk")) for e in await engine.events(0, limit=100000) if e.kind.startswith("clerk.")]


async def test_disable_logs_out_and_refuses_every_pin_check(engine):
    await engine.issue_ticket("A")
    await engine.login(3, "c01", "1111")
    await engine.call_next(3, "clerk:c01")
    clerk = await engine.set_clerk_disabled("c01", True, actor="supervisor:s01")
    assert clerk.disabled and clerk.window is None
    window = await engine.window(3)
    assert not window.logged_in
    assert (await engine.ticket("A001")).state == "waiting"  # the called ticket went back to its queue
    with pytest.raises(Refused) as err:
        await engine.login(3, "c01", "1111")
    assert err.value.code == Refusal.CLERK_DISABLED
    with pytest.raises(Refused) as err:
        await engine.verify_clerk("c01", "0000")  # a wrong PIN says no more than for anyone
    assert err.value.code == Refusal.BAD_LOGIN
    await engine.set_clerk_disabled("c01", True)  # again: nothing changes, nothing logged
    await engine.set_clerk_disabled("c01", False)
    assert (await engine.login(3, "c01", "1111")).logged_in
    events = [e for e in await engine.events(0, limit=100000) if e.kind in (
        "clerk.disabled", "clerk.enabled", "window.logout")]
    assert [(e.kind, e.actor) for e in events] == [("clerk.disabled", "supervisor:s01"),
                                                   ("window.logout", "supervisor:s01"),
                                                   ("clerk.enabled", "operator")]
    assert events[1].data["reason"] == "disabled"


async def test_reset_pin_lifts_a_lockout_and_role_changes(engine):
    for _ in range(5):
        with pytest.raises(Refused):
            await engine.verify_clerk("c02", "0000")
    assert (await engine.clerk("c02")) is not None
    [c02] = [c for c in await engine.clerks() if c.id == "c02"]
    assert c02.locked_until is not None
    await engine.reset_pin("c02", "5678")
    assert (await engine.verify_clerk("c02", "5678")).id == "c02"
    with pytest.raises(Refused) as err:
        await engine.verify_clerk("c02", "2222")
    assert err.value.code == Refusal.BAD_LOGIN
    with pytest.raises(Refused) as err:
        await engine.reset_pin("c02", "12")
    assert err.value.code == Refusal.BAD_PIN
    assert (await engine.set_clerk_role("c02", "supervisor")).role == Role.SUPERVISOR
    await engine.set_clerk_role("c02", "supervisor")  # unchanged: no event
    with pytest.raises(NotFound) as err:
        await engine.set_clerk_role("zz", "clerk")
    assert err.value.code == Refusal.UNKNOWN_CLERK
    assert [k for k in await kinds(engine) if k[0] != "clerk.pin_failed"] == [
        ("clerk.pin_reset", "c02"), ("clerk.role_changed", "c02")]


def test_the_commands(engine_path_with_login, capsys):
    path = engine_path_with_login

    def run(*args):
        code = main(["--db", str(path), "--json", "clerk", *args])
        return code, capsys.readouterr()

    code, out = run("list")
    listed = {c["id"]: c for c in json.loads(out.out)}
    assert code == 0 and listed["c01"]["window"] == 3 and listed["s01"]["role"] == "supervisor"
    assert run("disable", "c01")[0] == 0
    assert run("role", "c03", "supervisor")[0] == 0
    assert run("reset-pin", "c02", "--pin", "2468")[0] == 0
    listed = {c["id"]: c for c in json.loads(run("list")[1].out)}
    assert listed["c01"]["disabled"] and listed["c01"]["window"] is None
    assert listed["c03"]["role"] == "supervisor"
    assert run("enable", "c01")[0] == 0
    code, out = run("disable", "nobody")
    assert code != 0 and "nobody" in out.err
    code = main(["--db", str(path), "events", "--json"])
    kinds = [json.loads(line)["kind"] for line in capsys.readouterr().out.splitlines()]
    assert [k for k in kinds if k.startswith("clerk.") or k == "window.logout"] == [
        "clerk.disabled", "window.logout", "clerk.role_changed", "clerk.pin_reset", "clerk.enabled"]


@pytest.fixture
def engine_path_with_login(tmp_path, monkeypatch):
    import asyncio

    from hallq.db.clock import VirtualClock
    from hallq.db.config import demo_text, load_demo
    from hallq.db.engine import HallEngine
    from tests.conftest import MORNING

    path = tmp_path / "hall.db"
    monkeypatch.setenv("HALLQ_LOG", str(tmp_path / "hallq.log"))
    monkeypatch.setenv("HALLQ_NOW", MORNING.isoformat())

    async def build():
        engine = await HallEngine.open(path, VirtualClock(MORNING))
        await engine.load_config(load_demo(), demo_text())
        await engine.login(3, "c01", "1111")
        await engine.close()

    asyncio.run(build())
    return path
