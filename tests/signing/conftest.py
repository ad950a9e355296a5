"""Fixtures for the signing tests: a bundle with its snapshot inside, keys, allowed signers."""

from pathlib import Path

import pytest

from auditor.analysis import analyze
from auditor.report.bundle import write_bundle
from tests.report.conftest import POLICY, write_hostile_account

SIGNER = "alice@example.com"


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A report bundle holding its snapshot in snapshot/, as `auditor audit` writes it."""
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    out = tmp_path / "bundle"
    snapshot = write_hostile_account(out / "snapshot")
    write_bundle(analyze(snapshot, policy_path=policy), out)
    return out


def write_allowed_signers(path: Path, *lines: str) -> Path:
    path.write_text("# who may seal evidence\n" + "".join(f"{line}\n" for line in lines))
    return path
