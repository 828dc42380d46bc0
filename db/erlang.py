"""Erlang C: the textbook M/M/c queue, to check the simulator against.

Poisson arrivals at rate λ, exponential service at rate μ per window, c identical
windows, first come first served. Rates in any one unit of time (e.g. per minute).
"""
from __future__ import annotations

import math


def probability_of_waiting(c: int, offered: float) -> float:
    """Erlang C: the chance an arrival has to wait, for c windows and offered load a = λ/μ."""
    if offered >= c:
        return 1.0
    below = sum(offered ** k / math.factorial(k) for k in range(c))
    top = offered ** c / math.factorial(c) * c / (c - offered)
    return top / (below + top)


def mean_wait(arrival_rate: float, service_rate: float, c: int) -> float:
    """Wq, the mean time from arrival to being called, in the unit of the rates."""
    if arrival_rate >= c * service_rate:
        return math.inf
    return probability_of_waiting(c, arrival_rate / service_rate) / (c * service_rate - arrival_rate)
