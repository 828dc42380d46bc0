"""The queue rules as pure functions, shared by the engine and its tests.

Inside one service a window calls: appointments (lane 0), then priority tickets
(lane 1), then everyone else (lane 2), each lane in queue_key order; at most
`max_in_row` priority tickets in a row per window while regular tickets wait.
"""
from __future__ import annotations

from hallq.db.models import LANE_APPOINTMENT, LANE_PRIORITY, LANE_REGULAR


def take_priority(streak: int, max_in_row: int, regular_waiting: bool) -> bool:
    """Whether a window with `streak` priority calls in a row may call one more."""
    return not regular_waiting or max_in_row <= 0 or streak < max_in_row


def next_streak(streak: int, lane: int) -> int:
    if lane == LANE_PRIORITY:
        return streak + 1
    if lane == LANE_REGULAR:
        return 0
    return streak


def calls_before(lane: int, index: int, n_appointment: int, n_priority: int, n_regular: int,
                 streak: int, max_in_row: int) -> int:
    """How many calls of this service come before the ticket at `index` of `lane`,
    if one window called the service from now on with nobody new arriving."""
    if lane == LANE_APPOINTMENT:
        return index
    count = n_appointment
    p = r = 0
    while p < n_priority or r < n_regular:
        if p < n_priority and take_priority(streak, max_in_row, r < n_regular):
            if lane == LANE_PRIORITY and p == index:
                return count
            p += 1
            streak = next_streak(streak, LANE_PRIORITY)
        else:
            if lane == LANE_REGULAR and r == index:
                return count
            r += 1
            streak = next_streak(streak, LANE_REGULAR)
        count += 1
    return count


def rejoin_key(keys: list[float], places_behind_head: int, fallback: float) -> float:
    """queue_key that puts a rejoining ticket `places_behind_head` places behind the head
    of the lane whose waiting keys are `keys` (sorted); at the back if the lane is shorter."""
    if len(keys) > places_behind_head:
        return (keys[places_behind_head - 1] + keys[places_behind_head]) / 2 if places_behind_head else keys[0] - 1.0
    return max(keys[-1] + 0.001, fallback) if keys else fallback
