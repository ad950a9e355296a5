"""Fixtures for the fake server tests."""

from tests.fake.fixtures import account_dir, serve

__all__ = ["account_dir", "serve"]
