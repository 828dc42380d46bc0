"""The `hallq` command line: the operator's console, reports, the simulator.

The top layer: it may import every part; no part imports it.
"""
