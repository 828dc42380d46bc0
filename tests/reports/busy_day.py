"""A busy morning driven through the engine on a VirtualClock, seeded: tickets of A, B and C
issued each minute, three windows calling, recalling, marking no-shows, transferring
between services, finishing; missed tickets rejoin. The figures tests read it back."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from hallq.db.clock import VirtualClock
from hallq.db.engine import HallEngine
from hallq.db.errors import HallError
from hallq.db.vocabulary import TicketState

DAY = "2026-11-25"
#: window → (clerk, PIN): window 1 serves A and B, 9 serves B, 11 serves C (the demo hall)
DESKS = {1: ("c01", "1111"), 9: ("c02", "2222"), 11: ("c03", "3333")}
SERVICES = ("A", "B", "C")


async def busy_day(engine: HallEngine, clock: VirtualClock, seed: int = 7, minutes: int = 150) -> dict[str, int]:
    """Drive `minutes` minutes from 09:30.

    Returns:
        How many transfers, recalls, no-shows and rejoins were made (each at least one for
        the default seed).
    """
    rng = random.Random(seed)
    clock.set(datetime(2026, 11, 25, 9, 30))
    done = {"transfers": 0, "recalls": 0, "no_shows": 0, "rejoins": 0}
    for window, (clerk, pin) in DESKS.items():
        await engine.login(window, clerk, pin)
    serving_since: dict[int, datetime] = {}
    missed: list[str] = []

    async def attempt(op, *args, **kwargs) -> bool:
        try:
            await op(*args, **kwargs)
        except HallError:
            return False
        return True

    for minute in range(minutes):
        for _ in range(rng.choice((0, 1, 1, 2))):
            await attempt(engine.issue_ticket, rng.choice(SERVICES), kiosk="K1")
        for window, (clerk, _) in DESKS.items():
            actor = f"clerk:{clerk}"
            current = (await engine.window(window)).current
            if current is None:
                await attempt(engine.call_next, window, actor)
            elif current.state == TicketState.CALLED:
                if rng.random() < 0.15:
                    if current.recalls >= 2 and await attempt(engine.no_show, window, actor):
                        done["no_shows"] += 1
                        missed.append(current.number)
                    elif await attempt(engine.recall, window, actor):
                        done["recalls"] += 1
                elif await attempt(engine.start, window, actor):
                    serving_since[window] = clock.now()
            elif clock.now() - serving_since.get(window, clock.now()) >= timedelta(minutes=rng.randint(3, 9)):
                if rng.random() < 0.2:
                    to = rng.choice([s for s in SERVICES if s != current.service])
                    if await attempt(engine.transfer, window, to_service=to, actor=actor):
                        done["transfers"] += 1
                        continue
                await attempt(engine.finish, window, actor)
        if minute % 15 == 14 and missed:
            if await attempt(engine.rejoin, missed.pop(0)):
                done["rejoins"] += 1
        clock.advance(minutes=1)
    return done
