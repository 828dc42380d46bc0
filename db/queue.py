"""The queue rule, in one place: pure functions over a snapshot of the waiting tickets.

call-next, the people-ahead figure on a slip, every queue panel and `hallq queues` use
these functions, so what a panel shows is what call-next does.

The rule (DESIGN.md § The hall; the policy keys are in hall.toml `[policy]`):
1. A ticket transferred to a named window is called by that window before anything
   else, oldest first.
2. Otherwise a window goes through its services in its configured order; the first
   service with someone waiting gives the call.
3. Inside one service: appointments (预约, lane 0) first, then priority tickets
   (绿色通道, lane 1), then walk-ins (lane 2); inside a lane by its sequence `seq`.
4. While walk-ins wait, a window calls at most `max_priority_in_a_row` priority tickets
   in a row (0: no limit); its streak is its own run of priority calls. An appointment
   call neither extends nor ends the streak.
5. A missed ticket (过号) that rejoins goes `rejoin_places_behind_head` places behind the
   head of its lane, or to its back when the lane is shorter.

Everything here is pure: a snapshot in, an answer out. The engine reads the snapshot in
the same transaction that acts on the answer.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hallq.db.vocabulary import Lane


@dataclass(frozen=True)
class Waiting:
    """A waiting ticket as the rule sees it.

    Attributes:
        id: the ticket's row id (the last tie-breaker).
        number: e.g. "A001".
        service: the service prefix it waits for now.
        lane: appointment, priority or regular.
        seq: its place inside the lane (lower is earlier).
        target_window: the window it was transferred to by name, if any.
    """

    id: int
    number: str
    service: str
    lane: Lane
    seq: float
    target_window: int | None = None

    @property
    def order(self) -> tuple[float, int]:
        return (self.seq, self.id)


@dataclass(frozen=True)
class Caller:
    """A window as the rule sees it: its number, services in order of preference, and
    how many priority tickets it has called in a row."""

    number: int
    services: tuple[str, ...]
    streak: int = 0


def take_priority(streak: int, max_in_row: int, regular_waiting: bool) -> bool:
    """Whether a window with `streak` priority calls in a row may call one more (rule 4)."""
    return not regular_waiting or max_in_row <= 0 or streak < max_in_row


def next_streak(streak: int, lane: Lane) -> int:
    """A window's priority streak after it calls a ticket of `lane` (rule 4)."""
    if lane == Lane.PRIORITY:
        return streak + 1
    if lane == Lane.REGULAR:
        return 0
    return streak


class _Lanes:
    """The waiting tickets of a snapshot, split by service and lane, each in call order,
    with a cursor per lane so a whole window order is one pass."""

    def __init__(self, waiting: Iterable[Waiting]):
        self.lanes: dict[tuple[str, Lane], list[Waiting]] = {}
        self.targeted: dict[int, list[Waiting]] = {}
        for w in waiting:
            if w.target_window is not None:
                self.targeted.setdefault(w.target_window, []).append(w)
            else:
                self.lanes.setdefault((w.service, w.lane), []).append(w)
        for members in (*self.lanes.values(), *self.targeted.values()):
            members.sort(key=lambda w: w.order)
        self.taken: dict[tuple[str, Lane] | int, int] = {}

    def head(self, key: tuple[str, Lane] | int) -> Waiting | None:
        members = self.targeted.get(key, []) if isinstance(key, int) else self.lanes.get(key, [])
        i = self.taken.get(key, 0)
        return members[i] if i < len(members) else None

    def pop(self, key: tuple[str, Lane] | int) -> None:
        self.taken[key] = self.taken.get(key, 0) + 1

    def next_for(self, caller: Caller, streak: int, max_in_row: int) -> tuple[Waiting | None, tuple[str, Lane] | int]:
        if self.head(caller.number) is not None:
            return self.head(caller.number), caller.number
        for service in caller.services:
            for lane in Lane:
                head = self.head((service, lane))
                if head is None:
                    continue
                if lane == Lane.PRIORITY:
                    regular = self.head((service, Lane.REGULAR))
                    if not take_priority(streak, max_in_row, regular is not None):
                        return regular, (service, Lane.REGULAR)
                return head, (service, lane)
        return None, 0


def next_for_window(caller: Caller, waiting: Iterable[Waiting], max_in_row: int) -> Waiting | None:
    """The ticket call-next gives this window now (rules 1–4).

    Args:
        caller: the window.
        waiting: the waiting tickets; the heads of the window's lanes are enough.
        max_in_row: the policy's max_priority_in_a_row (0: no limit).

    Returns:
        The ticket to call, or None when nobody waits for this window.
    """
    ticket, _ = _Lanes(waiting).next_for(caller, caller.streak, max_in_row)
    return ticket


def window_order(caller: Caller, waiting: Iterable[Waiting], max_in_row: int,
                 limit: int | None = None) -> list[Waiting]:
    """The order this window would call the waiting tickets in if it alone called from
    now on and nobody new arrived: what a window's queue panel shows. Its first ticket
    is always `next_for_window` (a property test holds the two together).

    Args:
        caller: the window.
        waiting: every waiting ticket (others are ignored).
        max_in_row: the policy's max_priority_in_a_row.
        limit: stop after this many tickets.

    Returns:
        The tickets in call order.
    """
    lanes = _Lanes(waiting)
    out: list[Waiting] = []
    streak = caller.streak
    while limit is None or len(out) < limit:
        ticket, key = lanes.next_for(caller, streak, max_in_row)
        if ticket is None:
            break
        out.append(ticket)
        lanes.pop(key)
        streak = next_streak(streak, ticket.lane)
    return out


def service_order(service: str, waiting: Iterable[Waiting], streak: int, max_in_row: int,
                  limit: int | None = None) -> list[Waiting]:
    """The call order of one service's waiting tickets (not those sent to a named
    window), as a window serving it with `streak` priority calls in a row would call them.

    Returns:
        The service's tickets in call order.
    """
    own = (w for w in waiting if w.service == service and w.target_window is None)
    return window_order(Caller(0, (service,), streak), own, max_in_row, limit)


def serving_streak(service: str, callers: Iterable[Caller]) -> int:
    """The streak that orders a service shared by several windows: the smallest among
    the windows serving it (the one that will call a walk-in soonest). 0 when none."""
    return min((c.streak for c in callers if service in c.services), default=0)


def people_ahead(ticket: Waiting, waiting: Sequence[Waiting], callers: Iterable[Caller], max_in_row: int) -> int:
    """How many calls come before this ticket's: its place in its window's order when it
    was sent to a named window, else in its service's order (see `serving_streak`).

    Returns:
        The number of tickets ahead (0: next). A ticket not in `waiting` counts all of them.
    """
    if ticket.target_window is not None:
        before = [w for w in waiting if w.target_window == ticket.target_window and w.order < ticket.order]
        return len(before)
    order = service_order(ticket.service, waiting, serving_streak(ticket.service, callers), max_in_row)
    ids = [w.id for w in order]
    return ids.index(ticket.id) if ticket.id in ids else len(ids)


def place_in_service(lane: Lane, index: int, lane_sizes: dict[Lane, int], streak: int, max_in_row: int) -> int:
    """The place in `service_order` of the `index`-th ticket of `lane` (0: called next),
    from the sizes of the service's lanes alone: the same answer as counting in
    `service_order` (a property test holds them together), without reading every ticket.

    Args:
        lane: the ticket's lane.
        index: its place inside its lane (0: the lane's head).
        lane_sizes: how many wait in each lane of the service.
        streak: the serving window's priority calls in a row (see `serving_streak`).
        max_in_row: the policy's max_priority_in_a_row.
    """
    if lane == Lane.APPOINTMENT:
        return index
    appointments = lane_sizes.get(Lane.APPOINTMENT, 0)
    n_priority, n_regular = lane_sizes.get(Lane.PRIORITY, 0), lane_sizes.get(Lane.REGULAR, 0)
    if max_in_row <= 0:  # no limit: every priority ticket first
        return appointments + index + (n_priority if lane == Lane.REGULAR else 0)
    # The window calls a first run of (max_in_row - streak) priority tickets, then one
    # walk-in and max_in_row priority tickets in turn, until one lane runs out (rule 4).
    first_run = max(0, max_in_row - streak)
    if lane == Lane.REGULAR:
        return appointments + index + min(n_priority, first_run + index * max_in_row)
    walk_ins = 0 if index < first_run else 1 + (index - first_run) // max_in_row
    return appointments + index + min(n_regular, walk_ins)


def rejoin_seq(lane_seqs: Sequence[float], places_behind_head: int, back: float) -> float:
    """The `seq` that puts a rejoining missed ticket `places_behind_head` places behind the
    head of its lane (rule 5).

    Args:
        lane_seqs: the seqs of the tickets waiting in that lane, sorted.
        places_behind_head: the policy's rejoin_places_behind_head (0: at the head).
        back: the seq that puts it at the back (the next seq the hall would issue).

    Returns:
        A seq between two waiting tickets', or `back` when the lane is shorter.
    """
    if len(lane_seqs) > places_behind_head:
        if places_behind_head == 0:
            return lane_seqs[0] - 1.0
        return (lane_seqs[places_behind_head - 1] + lane_seqs[places_behind_head]) / 2
    return max(lane_seqs[-1] + 0.001, back) if lane_seqs else back
