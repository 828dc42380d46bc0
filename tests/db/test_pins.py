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


async def test_one_window_takes_only_so_many_wrong_pins_a_minute_whatever_the_ids(engine, clock):
    """Rate limit on the login form: trying 4 PINs on each of many ids (never locking one)
    is stopped at the window after `login_tries_per_minute` (10) wrong PINs."""
    codes = []
    for i in range(12):
        with pytest.raises(Refused) as err:
            await engine.verify_clerk(f"c0{1 + i % 3}", f"{i:04d}", window=4)
        codes.append(err.value.code)
    assert codes[:10] == [Refusal.BAD_LOGIN] * 10
    assert codes[10:] == [Refusal.TOO_MANY_TRIES] * 2
    assert await failed_count(engine, "c01") == 4  # refused tries are not counted against c01
    with pytest.raises(Refused) as err:  # even the right PIN waits at this window
        await engine.verify_clerk("c01", "1111", window=4)
    assert err.value.code == Refusal.TOO_MANY_TRIES and 0 < err.value.detail["seconds"] <= 60
    assert (await engine.verify_clerk("c01", "1111", window=5)).id == "c01"  # another window is not held up
    clock.advance(seconds=61)
    assert (await engine.verify_clerk("c01", "1111", window=4)).id == "c01"


async def test_an_unknown_id_locks_like_a_known_one(engine):
    """Enumeration: after `pin_attempts` wrong PINs a known id is locked; an unknown id must
    answer the same, or the lock message tells which ids exist."""
    async def answers(clerk: str, window: int) -> list[str]:
        out = []
        for _ in range(6):
            with pytest.raises(Refused) as err:
                await engine.verify_clerk(clerk, "0000", window=window)
            out.append(err.value.code)
        return out

    known, unknown = await answers("c02", 1), await answers("zz9", 2)
    assert known == unknown == [Refusal.BAD_LOGIN] * 4 + [Refusal.LOCKED] * 2


@pytest.mark.parametrize("clerk", ["", " ", "c 01", "x" * 33])
async def test_a_clerk_id_that_is_empty_or_odd_is_refused(engine, clerk):
    with pytest.raises(Refused) as err:
        await engine.add_clerk(clerk, "某人", "1234")
    assert err.value.code == Refusal.BAD_CLERK_ID
