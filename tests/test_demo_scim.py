"""`auditor demo` collects the sample's SCIM users from the fake server: the report shows
the SCIM reconciliation with each SCIM rule firing."""

import json
from pathlib import Path

import pytest

from tests.cli import run_cli


def test_the_demo_report_shows_the_scim_reconciliation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    result = run_cli(capsys, "demo", "--out", str(out))
    assert result.code == 0, result.err
    assert "SCIM: 62 users (complete)." in result.out
    assert (
        "SCIM (62 users, complete): active agents 49 matched, 2 deactivated in the identity "
        "provider, 2 without a SCIM user, 0 with an unknown 'active'; 2 SCIM users with no agent."
    ) in result.out
    manifest = json.loads((out / "snapshot" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scim"]["status"] == "complete"
    assert manifest["scim"]["base_url"].startswith("http://127.0.0.1:")
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    fired = {f["rule_id"] for f in findings}
    assert {"FD-STALE-005", "FD-HYG-006"} <= fired
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="scim"' in html
    assert "SCIM reconciliation" in html
    assert 'id="scim-orphans"' in html  # the SCIM users with no agent
    assert "nina.okafor@acme.example" in html
