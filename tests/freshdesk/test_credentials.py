"""The API key comes from FRESHDESK_API_KEY or a file, and never shows itself."""

from pathlib import Path

import pytest

from auditor.errors import UsageError
from auditor.freshdesk.credentials import ApiKey, load_api_key

KEY = "cred-key-P2x8"


def test_the_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRESHDESK_API_KEY", f"  {KEY}\n")
    assert load_api_key(None).reveal() == KEY


def test_a_key_file_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FRESHDESK_API_KEY", "other")
    (tmp_path / "key").write_text(KEY + "\n")
    assert load_api_key(tmp_path / "key").reveal() == KEY


def test_a_key_file_saved_with_a_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "key").write_bytes(b"\xef\xbb\xbf" + KEY.encode() + b"\r\n")
    assert load_api_key(tmp_path / "key").reveal() == KEY


def test_no_key_says_where_to_put_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRESHDESK_API_KEY", raising=False)
    with pytest.raises(UsageError, match="FRESHDESK_API_KEY"):
        load_api_key(None)


def test_an_unreadable_key_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="Cannot read the API key file"):
        load_api_key(tmp_path / "missing")


@pytest.mark.parametrize("bad", [f"{KEY}:X", f"{KEY} extra", f"{KEY}\nsecond", "clé"])
def test_a_malformed_key_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setenv("FRESHDESK_API_KEY", bad)
    with pytest.raises(UsageError) as error:
        load_api_key(None)
    assert bad.strip() not in str(error.value)
    assert KEY not in str(error.value)


def test_the_key_hides_from_repr_and_str() -> None:
    key = ApiKey(KEY)
    assert KEY not in repr(key)
    assert KEY not in str(key)
    assert KEY not in f"{key}"
