"""A proxy or WAF that echoes the API key or the `Authorization` header in its error body:
the key is redacted, raw and base64, wherever that text reaches a message, note or log."""

import base64
import json
import logging
import urllib.parse
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from auditor.errors import CollectError
from auditor.fake import REAL_API, Fault
from auditor.fake.budget import Verdict
from auditor.fake.handler import FakeHandler
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.failures import AccessDenied, RetriesExhausted
from auditor.redaction import REDACTED, redact, register_secret
from tests.cli import run_cli
from tests.fake.accounts import ServeFactory, cli_args, collect_from
from tests.freshdesk.test_client import KEY, answers, api_for

ECHO_KEY = "Echo-Kq4Zr8Tn2Wd6"
FAST_REAL = replace(REAL_API, rate_limit=3000, rate_window=1.0)


def every_form(key: str) -> list[str]:
    """How an echoing proxy can show the key: as sent in the header, decoded, or raw."""
    basic = base64.b64encode(f"{key}:X".encode()).decode()
    return [
        key,
        basic,
        basic.rstrip("="),
        base64.b64encode(key.encode()).decode().rstrip("="),
        base64.urlsafe_b64encode(f"{key}:X".encode()).decode(),
    ]


def leaked(text: str, key: str) -> list[str]:
    return [form for form in every_form(key) if form in text]


def echo_body(key: str) -> dict[str, object]:
    header = "Basic " + base64.b64encode(f"{key}:X".encode()).decode()
    return {
        "code": "waf_blocked",
        "message": f"Request blocked. Authorization: {header}",
        "description": f"user={key} raw={base64.b64encode(key.encode()).decode()}",
        "errors": [{"field": "auth", "message": f"bad {header.split()[1].rstrip('=')}"}],
    }


def test_redact_removes_every_form_of_a_registered_key() -> None:
    register_secret(ECHO_KEY)
    text = " | ".join(every_form(ECHO_KEY)) + " " + urllib.parse.quote(ECHO_KEY)
    cleaned = redact(text)
    assert leaked(cleaned, ECHO_KEY) == []
    assert cleaned.count(REDACTED) == 6
    assert redact("nothing secret here") == "nothing secret here"


@pytest.mark.parametrize("status", [400, 403, 422])
def test_an_error_body_echoing_the_key_is_shown_redacted(status: int) -> None:
    handler, _ = answers(httpx.Response(status, json=echo_body(KEY)))
    with pytest.raises(CollectError) as error:
        api_for(handler).get("/roles")
    message = str(error.value)
    assert "Request blocked. Authorization: Basic " + REDACTED in message
    assert leaked(message, KEY) == []
    if isinstance(error.value, AccessDenied):
        assert leaked(error.value.detail, KEY) == []


def test_a_reason_phrase_echoing_the_key_is_shown_redacted() -> None:
    reason = f"Bad Gateway for {KEY}".encode()
    handler, _ = answers(httpx.Response(502, extensions={"reason_phrase": reason}))
    with pytest.raises(RetriesExhausted) as error:
        api_for(handler, attempts=2).get("/roles")
    assert f"502 Bad Gateway for {REDACTED}" in str(error.value)
    assert leaked(str(error.value), KEY) == []
    assert leaked(error.value.summary, KEY) == []


@pytest.fixture
def echoing_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake server's injected errors echo the request's Authorization header and key,
    in the body and (for a 5xx) in the reason phrase, as a misconfigured proxy does."""

    def echo(self: FakeHandler, fault: Fault, verdict: Verdict | None) -> int:
        header = self.headers.get("Authorization", "")
        user = base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")[0]
        text = f"Denied by proxy. Authorization: {header}; key {user}"
        if fault.status < 500:
            return self._json(fault.status, {"message": text}, verdict=verdict)
        self._log(fault.status)
        data = json.dumps({"message": text}).encode()
        self.send_response(fault.status, text)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return fault.status

    monkeypatch.setattr(FakeHandler, "_fault", echo)


@pytest.mark.usefixtures("echoing_proxy")
def test_an_echoed_key_reaches_no_manifest_note_message_or_log(
    serve: ServeFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FRESHDESK_API_KEY", ECHO_KEY)
    caplog.set_level(logging.DEBUG)
    failing = serve(
        replace(FAST_REAL, faults=(Fault("status", status=502, path="/contacts", times=0),)),
        key=ECHO_KEY,
    )
    collect_from(failing, tmp_path / "kept", key=ApiKey(ECHO_KEY), allow_partial=True)
    manifest = (tmp_path / "kept" / "manifest.json").read_text(encoding="utf-8")
    note = json.loads(manifest)["collections"]["contacts"]["note"]
    assert "502 Denied by proxy. Authorization: Basic " + REDACTED in note
    denied = serve(
        replace(FAST_REAL, faults=(Fault("status", status=403, path="/contacts", times=0),)),
        key=ECHO_KEY,
    )
    stopped = run_cli(capsys, *cli_args("collect", denied.url, tmp_path / "stopped"))
    assert stopped.code == 2
    assert "Denied by proxy. Authorization: Basic " + REDACTED in stopped.err
    outputs = [stopped.out, stopped.err, caplog.text, manifest]
    assert "Denied by proxy" in caplog.text  # httpx logged the status line, redacted
    assert [form for text in outputs for form in leaked(text, ECHO_KEY)] == []
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p for p in written if leaked(p.read_text(errors="replace"), ECHO_KEY)] == []


def test_a_value_too_short_to_be_a_key_is_not_redacted_from_every_word() -> None:
    register_secret("k")
    assert redact("blocked: keep looking") == "blocked: keep looking"
