"""Settings for the whole test suite.

Hypothesis times every example against a deadline (200 ms by default) and fails a test
whose example takes longer, or whose data is slow to generate: on a loaded two-core CI
machine that is the machine's speed, not the code's. Speed targets live in
`benchmarks/`, so no property test has a deadline or a generation-speed check.
"""

from hypothesis import HealthCheck, settings

settings.register_profile("auditor", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("auditor")
