"""The SSH wire encoding (RFC 4251): the mpint sign byte, and truncated blobs as errors."""

import pytest

from auditor.errors import SigningError
from auditor.signing.wire import WireReader, mpint, string


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, b"\x00\x00\x00\x00"),
        (0x7F, b"\x00\x00\x00\x01\x7f"),
        # The top bit set: a zero byte keeps the number positive (ECDSA r and s need it).
        (0x80, b"\x00\x00\x00\x02\x00\x80"),
        (0x1234, b"\x00\x00\x00\x02\x12\x34"),
    ],
)
def test_mpint_matches_rfc_4251(value: int, encoded: bytes) -> None:
    assert mpint(value) == encoded
    assert WireReader(encoded, "test").mpint() == value


def test_a_field_running_past_the_end_is_an_error() -> None:
    reader = WireReader(string(b"abc")[:-1], "the blob")
    with pytest.raises(SigningError, match="the blob is truncated"):
        reader.string()


def test_bytes_after_the_last_field_are_an_error() -> None:
    reader = WireReader(string(b"abc") + b"x", "the blob")
    assert reader.string() == b"abc"
    with pytest.raises(SigningError, match="bytes after its last field"):
        reader.finish()
