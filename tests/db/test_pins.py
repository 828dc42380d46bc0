"""One PIN check for every way a PIN is used (issue: the supervisor PIN could be guessed
without limit through a window takeover, and known clerk ids could be told apart)."""
from __future__ import annotations

import time

import pytest

from hallq.db.errors import Refused
from hallq.db.vocabulary import EventKind, Refusal


async def failed_count(engine, clerk: str) -> int:
    return await engine.read(lambda db: db.execute("SELECT failed_pins FROM clerks WHERE id=?", (clerk,)).fetchone()[0])


async def test_wrong_takeover_pins_count_and_lock_the_supervisor(engine):
    await engine.login(5, "c01", "1111")
    for guess in ("0000", "1234", "4321", "1111"):
        with pytest.raises(Refused) as err:
            await engine.login(5, "c03", "3333", takeover_by="s01", takeover_pin=guess)
        assert err.value.code == Refusal.TAKEOVER_DENIED
    assert await failed_count(engine, "s01") == 4
    with pytest.raises(Refused) as err:
        await engine.login(5, "c03", "3333", takeover_by="s01", takeover_pin="5555")
    assert err.value.code == Refusal.LOCKED  # the fifth wrong guess locks s01
    with pytest.raises(Refused) as err:  # and a locked supervisor cannot take over, right PIN or not
        await engine.login(5, "c03", "3333", takeover_by="s01", takeover_pin="9999")
    assert err.value.code == Refusal.LOCKED
    with pytest.raises(Refused) as err:  # nor log in at the supervisor terminal
        await engine.verify_clerk("s01", "9999")
    assert err.value.code == Refusal.LOCKED
    failures = [e for e in await engine.events() if e.kind == EventKind.CLERK_PIN_FAILED and e.actor == "clerk:s01"]
    assert len(failures) == 5


async def test_a_clerk_who_is_no_supervisor_cannot_take_over(engine):
    await engine.login(5, "c01", "1111")
    with pytest.raises(Refused) as err:
        await engine.login(5, "c03", "3333", takeover_by="c02", takeover_pin="2222")
    assert err.value.code == Refusal.TAKEOVER_DENIED


async def test_unknown_ids_and_wrong_pins_get_the_same_answer_in_the_same_time(engine):
    async def attempt(clerk: str) -> tuple[str, str, float]:
        t0 = time.perf_counter()
        with pytest.raises(Refused) as err:
            await engine.verify_clerk(clerk, "0000")
        return err.value.code, err.value.text("zh"), time.perf_counter() - t0

    await attempt("c01")  # warm both paths
    await attempt("nobody")
    known = [await attempt("c01") for _ in range(3)]
    unknown = [await attempt(f"x{i}") for i in range(3)]
    assert {k[:2] for k in known} == {u[:2] for u in unknown} == {(Refusal.BAD_LOGIN, known[0][1])}
    slow_known, slow_unknown = sorted(k[2] for k in known)[1], sorted(u[2] for u in unknown)[1]
    assert 0.5 < slow_unknown / slow_known < 2.0  # both do the scrypt work (it was 30× apart)
