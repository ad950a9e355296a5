"""Pausing Python's cyclic garbage collector while millions of objects are built.

A snapshot's records, the graph built from them and the rows of a large report are
many small containers that all stay alive until the stage ends and hold no reference
cycles worth collecting. The collector's full passes walk every one of them again each
time enough new ones appear, so its cost grows faster than the data: at a million
contacts it was about half the wall time. While paused, nothing is collected (cycles
wait, they are not lost); `freeze` then moves what was built out of the collector's
sight for the rest of the run, so later stages do not walk it either.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block; with `freeze`, what lives at its end is
    never walked again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
    if freeze:
        gc.freeze()
