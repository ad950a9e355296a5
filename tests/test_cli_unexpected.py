"""A bug (an exception that is not an `AuditorError`) as a user meets it: exit 2 and one
paragraph, never exit 1 (which means "findings at or above --fail-on") and never a
traceback unless `--debug` asks for one."""

import pytest

from auditor.rules import catalogue
from tests.cli import run_cli


def explode(*_: object) -> str:
    raise RuntimeError("the rule table is upside down\nsecond line")


def test_an_unexpected_exception_exits_2_with_one_paragraph(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(catalogue, "catalogue_text", explode)
    result = run_cli(capsys, "rules")
    assert result.code == 2
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("Error: an unexpected problem stopped the auditor (RuntimeError:")
    assert "the rule table is upside down\\nsecond line" in lines[0]
    assert "--debug" in lines[0]


def test_debug_shows_the_traceback_of_an_unexpected_exception(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(catalogue, "catalogue_text", explode)
    result = run_cli(capsys, "--debug", "rules")
    assert result.code == 2
    assert "Traceback" in result.err
    assert "RuntimeError: the rule table is upside down" in result.err


def test_ctrl_c_outside_a_collection_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupt(*_: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(catalogue, "catalogue_text", interrupt)
    result = run_cli(capsys, "rules")
    assert result.code == 130
    assert result.err.strip() == "Interrupted."
