"""Erlang C: the textbook M/M/c queue, to check the simulator against (tests/sim/test_erlang.py).

Poisson arrivals at rate λ, exponential service at rate μ per window, c identical
windows, first come first served, nobody leaves the queue. Rates in any one unit of time
(e.g. per minute); the offered load is a = λ/μ (in erlangs), the utilisation ρ = a/c.

The formulas are A. K. Erlang's (1917), as given in any queueing text, e.g. L. Kleinrock,
*Queueing Systems, Volume 1: Theory* (Wiley, 1975), the M/M/m system, or D. Gross and
C. M. Harris, *Fundamentals of Queueing Theory*, the M/M/c model:

    C(c, a) = (aᶜ/c! · c/(c − a)) / (Σ_{k=0}^{c−1} aᵏ/k! + aᶜ/c! · c/(c − a))
    Wq      = C(c, a) / (cμ − λ)
"""
from __future__ import annotations

import math


def probability_of_waiting(c: int, offered: float) -> float:
    """Erlang C, C(c, a): the chance an arrival has to wait (all windows busy).

    Args:
        c: the number of windows, at least 1.
        offered: the offered load a = λ/μ, in erlangs.

    Returns:
        A probability 0–1; 1.0 when a ≥ c (the queue grows without end).
    """
    if offered >= c:
        return 1.0
    below = sum(offered ** k / math.factorial(k) for k in range(c))
    top = offered ** c / math.factorial(c) * c / (c - offered)
    return top / (below + top)


def mean_wait(arrival_rate: float, service_rate: float, c: int) -> float:
    """Wq, the mean time from arrival to being called.

    Args:
        arrival_rate: λ, arrivals per unit of time.
        service_rate: μ, services per unit of time at one window (1 / mean service time).
        c: the number of windows.

    Returns:
        The mean wait in the unit of the rates (e.g. minutes for rates per minute);
        math.inf when λ ≥ cμ.
    """
    if arrival_rate >= c * service_rate:
        return math.inf
    return probability_of_waiting(c, arrival_rate / service_rate) / (c * service_rate - arrival_rate)
