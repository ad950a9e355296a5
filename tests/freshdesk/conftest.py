"""Fixtures for the collector tests: the fake server on loopback."""

from tests.fake.fixtures import account_dir, serve

__all__ = ["account_dir", "serve"]
