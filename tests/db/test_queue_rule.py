"""The queue rule as properties over any snapshot (db/queue.py).

What a panel shows (window_order) and what call-next does (next_for_window on the lane
heads the engine reads) must be the same thing, for every state hypothesis can build.
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hallq.db import queue
from hallq.db.vocabulary import Lane

SERVICES = ("A", "B", "C")


WAITING = st.tuples(st.sampled_from(SERVICES), st.sampled_from(list(Lane)), st.integers(0, 40),
                    st.sampled_from([0.0, 0.5]), st.one_of(st.none(), st.none(), st.none(), st.sampled_from([1, 2])))


@st.composite
def snapshots(draw):
    waiting = [queue.Waiting(id=i + 1, number=f"T{i + 1:03d}", service=service, lane=lane, seq=seq + half,
                             target_window=target)
               for i, (service, lane, seq, half, target) in enumerate(draw(st.lists(WAITING, max_size=25)))]
    services = draw(st.lists(st.sampled_from(SERVICES), min_size=1, max_size=3, unique=True))
    caller = queue.Caller(number=draw(st.sampled_from([1, 2, 3])), services=tuple(services),
                          streak=draw(st.integers(0, 4)))
    return waiting, caller, draw(st.integers(0, 3))


def lane_heads(waiting, caller):
    """What the engine reads for call-next: the first ticket sent to the window and the
    head of each lane of its services."""
    heads = sorted((w for w in waiting if w.target_window == caller.number), key=lambda w: w.order)[:1]
    for service in caller.services:
        for lane in Lane:
            members = sorted((w for w in waiting
                              if w.service == service and w.lane == lane and w.target_window is None),
                             key=lambda w: w.order)
            heads += members[:1]
    return heads


@given(snapshots())
def test_the_panel_starts_with_what_call_next_gives(snapshot):
    waiting, caller, max_in_row = snapshot
    order = queue.window_order(caller, waiting, max_in_row)
    nxt = queue.next_for_window(caller, lane_heads(waiting, caller), max_in_row)
    assert (order[0] if order else None) == nxt == queue.next_for_window(caller, waiting, max_in_row)


@given(snapshots())
def test_the_panel_is_call_next_repeated(snapshot):
    """Calling next again and again (the window's streak moving on) gives the panel's order."""
    waiting, caller, max_in_row = snapshot
    left, streak, called = list(waiting), caller.streak, []
    while (nxt := queue.next_for_window(queue.Caller(caller.number, caller.services, streak), left, max_in_row)):
        called.append(nxt)
        left.remove(nxt)
        streak = queue.next_streak(streak, nxt.lane)
    assert called == queue.window_order(caller, waiting, max_in_row)
    mine = [w for w in waiting if w.target_window == caller.number or
            (w.target_window is None and w.service in caller.services)]
    assert sorted(w.id for w in called) == sorted(w.id for w in mine)


@given(snapshots())
def test_lanes_keep_their_order_and_appointments_come_first(snapshot):
    waiting, caller, max_in_row = snapshot
    for service in SERVICES:
        order = queue.service_order(service, waiting, caller.streak, max_in_row)
        for lane in Lane:
            mine = [w for w in order if w.lane == lane]
            assert mine == sorted(mine, key=lambda w: w.order)
        lanes = [w.lane for w in order]
        assert lanes[:lanes.count(Lane.APPOINTMENT)] == [Lane.APPOINTMENT] * lanes.count(Lane.APPOINTMENT)


@given(snapshots())
def test_never_more_priority_in_a_row_than_allowed_while_walk_ins_wait(snapshot):
    waiting, caller, max_in_row = snapshot
    if max_in_row == 0:
        return
    for service in SERVICES:
        order = queue.service_order(service, waiting, 0, max_in_row)
        run = 0
        for i, w in enumerate(order):
            walk_ins_left = any(o.lane == Lane.REGULAR for o in order[i:])
            run = run + 1 if w.lane == Lane.PRIORITY else (0 if w.lane == Lane.REGULAR else run)
            if w.lane == Lane.PRIORITY and walk_ins_left:
                assert run <= max_in_row


@given(snapshots())
def test_people_ahead_is_the_place_in_the_order(snapshot):
    waiting, caller, max_in_row = snapshot
    callers = [caller]
    for w in waiting:
        ahead = queue.people_ahead(w, waiting, callers, max_in_row)
        if w.target_window is None:
            order = queue.service_order(w.service, waiting, queue.serving_streak(w.service, callers), max_in_row)
        else:
            order = sorted((o for o in waiting if o.target_window == w.target_window), key=lambda o: o.order)
        assert order[ahead] == w


@given(snapshots())
def test_place_from_lane_sizes_is_the_place_in_the_order(snapshot):
    waiting, caller, max_in_row = snapshot
    for service in SERVICES:
        order = queue.service_order(service, waiting, caller.streak, max_in_row)
        sizes = {lane: sum(1 for w in order if w.lane == lane) for lane in Lane}
        for place, w in enumerate(order):
            index = [o for o in order if o.lane == w.lane].index(w)
            assert queue.place_in_service(w.lane, index, sizes, caller.streak, max_in_row) == place


@given(st.lists(st.integers(0, 1000).map(float), max_size=10, unique=True), st.integers(0, 5))
def test_rejoin_lands_the_given_places_behind_the_head(seqs, places):
    seqs = sorted(seqs)
    back = (seqs[-1] if seqs else 0) + 10
    new = queue.rejoin_seq(seqs, places, back)
    assert sorted([*seqs, new]).index(new) == min(places, len(seqs))
