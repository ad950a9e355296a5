"""The project's own exceptions.

Every failure a user can cause or fix (bad input, network trouble, API refusals) is
raised as an `AuditorError`; the command line prints its message as one paragraph and
exits 2. Anything else is a bug and keeps its traceback.
"""


class AuditorError(Exception):
    """A problem the user can act on; the message says what was wrong and what to do."""

    exit_code = 2


class UsageError(AuditorError):
    """A wrong flag, a missing option or an option value that makes no sense."""


class SnapshotError(AuditorError):
    """A snapshot directory that is missing, malformed, tampered with or of another schema."""


class RecordError(SnapshotError):
    """One API record that does not have the shape the auditor needs."""

    def __init__(self, source: str, record: str, field: str, problem: str) -> None:
        self.source = source
        self.record = record
        self.field = field
        self.problem = problem
        super().__init__(
            f"{source}: {record}: field '{field}' {problem}. The snapshot is malformed; "
            "collect it again or correct that record."
        )


class PolicyError(AuditorError):
    """A policy file that cannot be read, or a key, type or exemption that is wrong."""


class InputError(AuditorError):
    """A roster, previous review or other input file that cannot be used."""


class CollectError(AuditorError):
    """The Freshdesk API could not be reached, refused the key, or answered nonsense."""


class ReportError(AuditorError):
    """A report bundle could not be written or verified."""


class SigningError(AuditorError):
    """A signing key, signature, allowed-signers file, timestamp or TSA that cannot be used."""


class InterruptedByUser(AuditorError):
    """Ctrl-C: the work stopped where it was, leaving what it had done resumable."""

    # SPEC: Ctrl-C exits 130, as a shell reports a process ended by SIGINT (128 + 2).
    exit_code = 130
