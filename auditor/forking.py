"""Whether this process may start a forked copy of itself to use a second core.

A Python process runs on one core at a time, so the slow stages (reading a large
contacts file, writing a large bundle) use a second core through a forked copy that
shares this process's memory instead of receiving a pickled copy. Forking is safe only
on a platform with `fork` and while this process runs no other thread: a thread
holding a lock at the fork would leave that lock held forever in the copy; nor in a
daemonic multiprocessing worker, which may not have children. Starting the copy may
still fail (a process limit, no memory to fork): the callers then do the work here.
"""

import multiprocessing
import os
import sys
import threading


def cores_to_fork() -> int:
    """How many processes may share the work here: 1 unless forking is possible and safe."""
    if sys.platform == "win32" or not hasattr(os, "fork"):
        return 1
    if threading.active_count() > 1 or multiprocessing.current_process().daemon:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 1
