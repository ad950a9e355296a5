"""The SSH wire encoding (RFC 4251 section 5) that SSHSIG blobs and key blobs are made of."""

import struct

from auditor.errors import SigningError


def uint32(value: int) -> bytes:
    return struct.pack(">I", value)


def string(value: bytes) -> bytes:
    return uint32(len(value)) + value


def mpint(value: int) -> bytes:
    """A non-negative integer, big-endian, with a leading zero byte when its top bit is set."""
    raw = value.to_bytes((value.bit_length() + 8) // 8, "big") if value else b""
    return string(raw)


class WireReader:
    """Reads fields off a blob in order; every overrun is a `SigningError` naming `what`."""

    def __init__(self, data: bytes, what: str) -> None:
        self._data = data
        self._offset = 0
        self._what = what

    def raw(self, length: int) -> bytes:
        end = self._offset + length
        if end > len(self._data):
            raise SigningError(f"{self._what} is truncated (a field runs past its end).")
        chunk = self._data[self._offset : end]
        self._offset = end
        return chunk

    def uint32(self) -> int:
        value: int = struct.unpack(">I", self.raw(4))[0]
        return value

    def string(self) -> bytes:
        return self.raw(self.uint32())

    def text(self) -> str:
        try:
            return self.string().decode("ascii")
        except UnicodeDecodeError:
            raise SigningError(f"{self._what} has a name field that is not ASCII.") from None

    def mpint(self) -> int:
        return int.from_bytes(self.string(), "big")

    def finish(self) -> None:
        if self._offset != len(self._data):
            raise SigningError(f"{self._what} has bytes after its last field.")
