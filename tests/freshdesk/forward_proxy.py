"""A small forward proxy on 127.0.0.1 for the tests: HTTP CONNECT tunnels and plain http://
requests in absolute form, loopback only.

It records every byte clients send it (request heads and tunnelled bytes), so a test can
prove the API key never reached it. Bounded: it tunnels only to loopback addresses, reads
heads of at most 64 KiB, and gives up on a tunnel idle for 30 seconds.
"""

import base64
import ipaddress
import selectors
import socket
import socketserver
import threading
from dataclasses import dataclass, field
from types import TracebackType

MAX_HEAD = 64 * 1024
IDLE_SECONDS = 30.0


@dataclass
class ProxyLog:
    """What the proxy saw: the CONNECT targets, each request line, every byte received."""

    connects: list[str] = field(default_factory=list)
    request_lines: list[str] = field(default_factory=list)
    received: bytearray = field(default_factory=bytearray)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, data: bytes) -> None:
        with self.lock:
            self.received += data


class _Handler(socketserver.BaseRequestHandler):
    server: "_ProxyServer"

    def handle(self) -> None:
        client: socket.socket = self.request
        client.settimeout(IDLE_SECONDS)
        read = self._read_head(client)
        if read is None:
            return
        head, body_start = read
        request_line, _, header_block = head.partition(b"\r\n")
        line = request_line.decode("latin-1")
        log = self.server.log
        with log.lock:
            log.request_lines.append(line)
        method, _, rest = line.partition(" ")
        target = rest.partition(" ")[0]
        if not self._authorised(header_block):
            client.sendall(
                b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                b'Proxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n'
            )
            return
        if method != "CONNECT" and target.startswith("http://"):
            self._forward(client, line, header_block, body_start)
            return
        if method != "CONNECT":
            client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        host, _, port = target.rpartition(":")
        if not _is_loopback(host) or not port.isdigit():
            client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        with log.lock:
            log.connects.append(target)
        try:
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
        except OSError:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        with upstream:
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            _relay(client, upstream, log)

    def _forward(
        self, client: socket.socket, line: str, header_block: bytes, body_start: bytes
    ) -> None:
        """A plain http:// request: sent on to its loopback origin, in origin form."""
        method, target, version = line.split(" ", 2)
        authority, _, path = target.removeprefix("http://").partition("/")
        host, _, port = authority.rpartition(":")
        if not _is_loopback(host) or not port.isdigit():
            client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        try:
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
        except OSError:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        with upstream:
            first = f"{method} /{path} {version}\r\n".encode("latin-1")
            upstream.sendall(first + header_block + b"\r\n\r\n" + body_start)
            _relay(client, upstream, self.server.log)

    def _read_head(self, client: socket.socket) -> tuple[bytes, bytes] | None:
        """The request head, and whatever of the body arrived with it."""
        data = b""
        while b"\r\n\r\n" not in data:
            try:
                chunk = client.recv(4096)
            except OSError:
                return None
            if not chunk or len(data) > MAX_HEAD:
                return None
            self.server.log.add(chunk)
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        return head, rest

    def _authorised(self, header_block: bytes) -> bool:
        expected = self.server.credentials
        if expected is None:
            return True
        token = base64.b64encode(expected.encode()).decode()
        for raw in header_block.split(b"\r\n"):
            name, _, value = raw.decode("latin-1").partition(":")
            if name.strip().lower() == "proxy-authorization":
                return value.strip() == f"Basic {token}"
        return False


def _relay(client: socket.socket, upstream: socket.socket, log: ProxyLog) -> None:
    """Copy bytes both ways until either side closes or the tunnel idles."""
    with selectors.DefaultSelector() as selector:
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        while True:
            ready = selector.select(timeout=IDLE_SECONDS)
            if not ready:
                return
            for key, _ in ready:
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    data = source.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                if source is client:
                    log.add(data)
                try:
                    key.data.sendall(data)
                except OSError:
                    return


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _ProxyServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, credentials: str | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.credentials = credentials
        self.log = ProxyLog()


class ForwardProxy:
    """Start as a context manager; `url` is what `--proxy` takes, `log` what it saw.

    With `credentials` ("user:password") it answers 407 to a CONNECT without them.
    """

    def __init__(self, credentials: str | None = None) -> None:
        self._server = _ProxyServer(credentials)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def log(self) -> ProxyLog:
        return self._server.log

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "ForwardProxy":
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
