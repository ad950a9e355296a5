"""`auditor demo`: the whole pipeline against the built-in fake Freshdesk, over real HTTP.

The fake server serves the sample account on an ephemeral 127.0.0.1 port with a
throwaway key that exists only in this process; the audit collects it exactly as it
would a real account and judges it as of the sample's `collected_at`, so the demo's
findings never drift with the calendar. The sample's SCIM users are served at
`/scim/v2/Users` to a second throwaway token, so the report shows the SCIM reconciliation.

By default every listing is served whole, so a newcomer's first run shows what complete
evidence looks like. `with_failures` replays the sample snapshot's own failure (its
contacts listing breaks off with HTTP 503 for good): the collection is partial
(`--allow-partial`), the report says "Incomplete evidence" and FD-EVID-001 is raised.
"""

import json
import secrets
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from auditor.analysis_inputs import AnalysisInputs
from auditor.audit import SNAPSHOT_SUBDIR, AuditResult, run_audit
from auditor.errors import InputError, UsageError
from auditor.fake import FakeFreshdesk, Quirks
from auditor.fake.account import FakeAccount
from auditor.freshdesk.client import RetryPolicy
from auditor.freshdesk.collector import CollectOptions
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.scim import ScimOptions, scim_target
from auditor.freshdesk.scim_token import ScimToken
from auditor.freshdesk.target import is_loopback, resolve_target
from auditor.integrity.names import CHECKPOINT_DIR, MANIFEST_NAME
from auditor.sample import SAMPLE_DATA
from auditor.snapshot.manifest import COLLECTIONS, SCIM_FILES

DEFAULT_OUT = Path("reports/demo")
# The sample's partial collection fails for good; a demo need not wait long to see it.
DEMO_RETRY = RetryPolicy(attempts=3, base=0.1, cap=1.0)
# The Enterprise plan's budget, as the real API would announce it; with failures, the
# sample's partial collection is replayed as it happened.
DEMO_QUIRKS = Quirks(rate_limit=700, rate_window=60.0, replay_manifest=False)
DEMO_QUIRKS_WITH_FAILURES = Quirks(rate_limit=700, rate_window=60.0, replay_manifest=True)


@dataclass(frozen=True)
class DemoInputs:
    """The sample files the demo uses; each optional one is used when present."""

    snapshot: Path
    policy: Path | None = None
    # Last quarter: the drift, roster and remediation checks of a quarterly review.
    baseline: Path | None = None
    roster: Path | None = None
    previous_review: Path | None = None

    @classmethod
    def from_sample(cls, sample: Path = SAMPLE_DATA) -> "DemoInputs":
        def present(path: Path, marker: Path | None = None) -> Path | None:
            return path if (marker or path).is_file() else None

        baseline = sample / "baseline"
        return cls(
            snapshot=sample / "snapshot",
            policy=present(sample / "policy.toml"),
            baseline=present(baseline, baseline / MANIFEST_NAME),
            roster=present(sample / "roster.csv"),
            previous_review=present(sample / "previous_review.csv"),
        )

    def analysis(self, account: FakeAccount) -> AnalysisInputs:
        return AnalysisInputs(
            policy=self.policy,
            as_of=account.collected_at,
            baseline=self.baseline,
            roster=self.roster,
            previous_review=self.previous_review,
        )


def run_demo(
    out: Path = DEFAULT_OUT,
    inputs: DemoInputs | None = None,
    *,
    show_progress: bool | None = None,
    with_failures: bool = False,
) -> AuditResult:
    inputs = inputs or DemoInputs.from_sample()
    if not (inputs.snapshot / MANIFEST_NAME).is_file():
        raise InputError(
            f"The sample account {inputs.snapshot} is missing: the installed package is "
            "incomplete. Reinstall freshdesk-access-auditor, or serve your own snapshot with "
            "`auditor fake-freshdesk --data DIR`."
        )
    account = FakeAccount.load(inputs.snapshot)
    key = ApiKey(secrets.token_urlsafe(24))
    # The identity provider's SCIM token: another throwaway secret, only the SCIM route's.
    token = ScimToken(secrets.token_urlsafe(24))
    _clear_previous_demo(out / SNAPSHOT_SUBDIR)
    quirks = DEMO_QUIRKS_WITH_FAILURES if with_failures else DEMO_QUIRKS
    # The sample's SCIM server offers no /Groups, as its snapshot records.
    quirks = replace(quirks, scim_token=token.reveal(), scim_groups=False)
    with FakeFreshdesk(account, api_key=key.reveal(), quirks=quirks) as server:
        target = resolve_target(account.domain, server.base_url)
        options = CollectOptions(
            target=target,
            key=key,
            scim=ScimOptions(token, scim_target(target, None)),
            out=out / SNAPSHOT_SUBDIR,
            allow_partial=True,
            retry=DEMO_RETRY,
            show_progress=show_progress,
        )
        return run_audit(options, out, inputs.analysis(account))


def _clear_previous_demo(snapshot: Path) -> None:
    """Remove the snapshot an earlier demo left, and nothing that is not one."""
    if not snapshot.exists():
        return
    if not _is_demo_snapshot(snapshot):
        raise UsageError(
            f"{snapshot} exists and is not a snapshot of an earlier demo; choose another --out."
        )
    shutil.rmtree(snapshot)


def _is_demo_snapshot(snapshot: Path) -> bool:
    known = {MANIFEST_NAME, CHECKPOINT_DIR, *COLLECTIONS.values(), *SCIM_FILES}
    entries = list(snapshot.iterdir()) if snapshot.is_dir() else None
    if entries is None or any(e.name not in known and not e.name.startswith(".") for e in entries):
        return False
    for document in (snapshot / MANIFEST_NAME, snapshot / CHECKPOINT_DIR / "run.json"):
        if document.is_file():
            try:
                data = json.loads(document.read_text(encoding="utf-8"))
                base_url = data.get("source", data).get("base_url", "")
                return is_loopback(httpx.URL(base_url).host)
            except (ValueError, AttributeError, httpx.InvalidURL):
                return False
    return not entries
