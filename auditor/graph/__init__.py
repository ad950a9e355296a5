"""The identity graph: who holds which access, how privileged it is, and what changed
between two snapshots."""
