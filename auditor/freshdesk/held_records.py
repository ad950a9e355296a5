"""The records a run holds, kept out of reach of Python's cyclic garbage collector.

A collection holds every record it fetched until the snapshot is written: at a million
contacts, millions of dicts and lists that each full pass of the collector scans again
(at 300,000 contacts nine passes took 4.7 s, one of them a whole second, and each stops
every thread: the contacts listing's pipeline, the fake server, the writer). Records
parsed from JSON hold no reference cycles, so that collector never frees any of them.

After each page, everything alive is moved out of its reach (`gc.freeze`, which costs
the same at any size) and given back when the run ends. Objects moved with the records
are still freed by reference counting when dropped; only garbage cycles among them (none
in the records) wait for the run's end.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def hold() -> None:
    """Move every object now alive (the records just stored among them) out of reach."""
    gc.freeze()


@contextmanager
def holding_records() -> Iterator[None]:
    """A run that `hold`s records; every object held is given back when it ends."""
    try:
        yield
    finally:
        gc.unfreeze()
