"""Fixtures for the collector tests: the fake server on loopback, and the governor's record."""

from tests.fake.fixtures import account_dir, serve
from tests.freshdesk.governors import governors

__all__ = ["account_dir", "governors", "serve"]
