"""The command line for scripts and newcomers: `--format json`, `--quiet`, `FRESHDESK_DOMAIN`,
and a `--help` that lists the commands in workflow order with an example each."""

import json
from pathlib import Path

import pytest

from auditor.analysis import analyze
from auditor.cli import cli
from auditor.cli_help import EXAMPLES
from auditor.report.bundle import write_bundle
from auditor.rules import REGISTRY
from auditor.rules.catalogue import catalogue_order
from tests.builders import ADMIN, AGENT, agent, write_account
from tests.cli import run_cli
from tests.fake.accounts import KEY, ServeFactory, cli_args
from tests.fake.fixtures import account_dir, serve

__all__ = ["account_dir", "serve"]


def one_json_document(text: str) -> dict[str, object]:
    """The whole of stdout is one JSON object (a second line of text would break this)."""
    document = json.loads(text)
    assert isinstance(document, dict)
    return document


def test_rules_format_json_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "rules", "--format", "json")
    assert result.code == 0, result.err
    document = one_json_document(result.out)
    assert document["kind"] == "rules"
    rules = document["rules"]
    assert isinstance(rules, list)
    assert [r["id"] for r in rules] == [r.id for r in catalogue_order(REGISTRY.values())]
    drift = next(r for r in rules if r["id"] == "FD-DRIFT-004")
    assert drift["needs"] == ["previous_review"]
    assert {"key": "SOC 2 CC6.2", "framework": "SOC 2", "control": "CC6.2"}.items() <= next(
        q for q in drift["requirements"] if q["key"] == "SOC 2 CC6.2"
    ).items()


def test_verify_format_json_reports_intact_and_altered_bundles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = write_account(tmp_path / "bundle" / "snapshot", agents=[agent(1, role_ids=[ADMIN])])
    write_bundle(analyze(snapshot), tmp_path / "bundle")
    intact = run_cli(capsys, "verify", str(tmp_path / "bundle"), "--format", "json")
    assert intact.code == 0, intact.err
    document = one_json_document(intact.out)
    assert (document["kind"], document["manifest_kind"], document["intact"]) == (
        "verification",
        "bundle",
        True,
    )
    assert document["discrepancies"] == []
    (tmp_path / "bundle" / "findings.csv").write_text("edited\n", encoding="utf-8")
    altered = run_cli(capsys, "verify", str(tmp_path / "bundle"), "--format", "json")
    assert altered.code == 1
    document = one_json_document(altered.out)
    assert document["intact"] is False
    assert document["exit_code"] == 1
    assert document["discrepancies"] == [{"path": "findings.csv", "problem": "altered"}]


def test_diff_format_json_prints_the_diff_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write_account(
        tmp_path / "old", agents=[agent(1, role_ids=[AGENT])], collected_at="2026-06-30T12:00:00Z"
    )
    new = write_account(tmp_path / "new", agents=[agent(1, role_ids=[ADMIN])])
    result = run_cli(
        capsys, "diff", str(old), str(new), "--out", str(tmp_path / "diff"), "--format", "json"
    )
    assert result.code == 0, result.err
    document = one_json_document(result.out)
    assert document == json.loads((tmp_path / "diff" / "diff.json").read_text(encoding="utf-8"))
    assert document["kind"] == "access_changes"
    assert [a["agent_id"] for a in document["agents"]] == [1]


def test_analyze_quiet_prints_nothing_but_the_fail_on_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = write_account(
        tmp_path / "snapshot",
        agents=[agent(1, role_ids=[ADMIN])],
        inactive_agents=[agent(2, role_ids=[ADMIN], active=False)],  # FD-STALE-001
    )
    quiet = run_cli(capsys, "analyze", str(snapshot), "--out", str(tmp_path / "a"), "--quiet")
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    assert (tmp_path / "a" / "manifest.json").is_file()
    loud = run_cli(capsys, "analyze", str(snapshot), "--out", str(tmp_path / "b"))
    assert "findings" in loud.out
    gated = run_cli(
        capsys, "analyze", str(snapshot), "--out", str(tmp_path / "c"), "-q", "--fail-on", "info"
    )
    assert (gated.code, gated.out) == (1, "")
    assert gated.err


def test_collect_quiet_and_the_domain_from_the_environment(
    serve: ServeFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = serve()
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    monkeypatch.setenv("FRESHDESK_DOMAIN", "acme")
    words = cli_args("collect", server.url, tmp_path / "snap", "--quiet")
    without_domain = [w for i, w in enumerate(words) if "--domain" not in words[i - 1 : i + 1]]
    assert "--domain" not in without_domain
    result = run_cli(capsys, *without_domain)
    assert (result.code, result.out, result.err) == (0, "", "")
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"]["domain"] == "acme"
    monkeypatch.delenv("FRESHDESK_DOMAIN")
    missing = run_cli(capsys, "collect", *cli_args("collect", server.url, tmp_path / "other")[3:])
    assert missing.code == 2
    assert "FRESHDESK_DOMAIN" in missing.err


def test_help_lists_commands_in_workflow_order_with_an_example_each(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run_cli(capsys, "--help")
    assert result.code == 0
    section = result.out.split("Commands:")[1].split("Examples")[0]
    listed = [line.split()[0] for line in section.splitlines() if line.startswith("  ")]
    workflow = ["demo", "collect", "analyze", "audit", "verify", "diff", "rules"]
    assert [name for name in listed if name in workflow] == workflow
    for name in cli.commands:
        if name in EXAMPLES:
            assert EXAMPLES[name] in result.out
            own = run_cli(capsys, name, "--help")
            assert f"Example:\n\n    {EXAMPLES[name]}\n" in own.out, name
    assert set(EXAMPLES) >= {"demo", "collect", "analyze", "audit", "verify", "diff", "rules"}
