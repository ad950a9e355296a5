"""Pytest fixtures shared by the fake-server and collector tests (imported by their conftests)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.fake import FakeFreshdesk, Quirks
from tests.fake.accounts import KEY, TEST_QUIRKS, ServeFactory, small_account


@pytest.fixture
def account_dir(tmp_path: Path) -> Path:
    return small_account(tmp_path / "served")


@pytest.fixture
def serve(account_dir: Path) -> Iterator[ServeFactory]:
    """Start fake servers (stopped after the test): `serve(quirks=..., data=..., key=...)`."""
    servers: list[FakeFreshdesk] = []

    def start(
        quirks: Quirks = TEST_QUIRKS, data: Path | None = None, key: str = KEY, **_: Any
    ) -> FakeFreshdesk:
        server = FakeFreshdesk(data or account_dir, api_key=key, quirks=quirks).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
