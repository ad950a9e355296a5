"""A fake Freshdesk API on 127.0.0.1 that serves a snapshot directory, with every quirk switchable.

Used by the tests, the benchmark and `auditor demo`; `auditor fake-freshdesk` runs it alone.
"""

from auditor.fake.quirks import REAL_API, DeactivateAgent, Fault, MoveRecord, PagingFaults, Quirks
from auditor.fake.server import FakeFreshdesk, LoggedRequest

__all__ = [
    "REAL_API",
    "DeactivateAgent",
    "FakeFreshdesk",
    "Fault",
    "LoggedRequest",
    "MoveRecord",
    "PagingFaults",
    "Quirks",
]
