"""The fake Freshdesk HTTP server: real HTTP on 127.0.0.1, one thread per connection.

Given a server `tls` context it serves https:// instead (tests use a `trustme` CA).

Start it on port 0 (an ephemeral port) as a context manager; `base_url` is what the
collector's `--base-url` takes, `requests` the log of every request it answered.
"""

import socket
import ssl
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from auditor.fake.account import FakeAccount
from auditor.fake.backend import Backend
from auditor.fake.budget import SlidingWindow
from auditor.fake.handler import FakeHandler
from auditor.fake.quirks import Fault, Quirks
from auditor.fake.views import Views


class _Server(ThreadingHTTPServer):
    """The HTTP server, quiet about clients that hang up mid-answer.

    A collector that is killed, or that drops a connection on purpose, leaves the answer
    undeliverable; that is expected here, not a server error worth a traceback.
    """

    daemon_threads = True
    # What its handlers serve; typed as their interface, which the fake server meets.
    fake: Backend

    # Set for https://: each connection's TLS handshake runs in its own thread.
    tls: ssl.SSLContext | None = None

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        if self.tls is None:
            return connection, address
        wrapped = self.tls.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
        return wrapped, address

    def finish_request(self, request: Any, client_address: Any) -> None:
        if isinstance(request, ssl.SSLSocket):
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError):
                # A client that refuses the certificate hangs up: what TLS tests expect.
                return
        super().finish_request(request, client_address)

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass(frozen=True)
class LoggedRequest:
    number: int
    path: str
    query: str
    status: int


class FakeFreshdesk:
    """A fake Freshdesk account served from a snapshot directory (see `Quirks`)."""

    def __init__(
        self,
        data: Path | FakeAccount,
        *,
        api_key: str,
        quirks: Quirks | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.tls = tls
        self.account = data if isinstance(data, FakeAccount) else FakeAccount.load(data)
        self.quirks = quirks or Quirks()
        self.views = Views(self.account, self.quirks)
        self.api_key = api_key
        self._address = (host, port)
        self._lock = threading.Lock()
        self._log: list[LoggedRequest] = []
        self._fault_hits: Counter[int] = Counter()
        self._moved = False
        self._deactivated = False
        self._arrivals = 0
        self._clock_start = 0.0
        self.limiter = (
            SlidingWindow(
                self.quirks.rate_limit, self.quirks.rate_window, self.quirks.background_usage
            )
            if self.quirks.rate_limit is not None
            else None
        )
        sub_limit = self.quirks.contacts_sub_limit
        self.contacts_limiter = (
            SlidingWindow(sub_limit, self.quirks.rate_window) if sub_limit is not None else None
        )
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------

    def start(self) -> "FakeFreshdesk":
        self._clock_start = time.monotonic()
        httpd = _Server(self._address, FakeHandler)
        httpd.fake = self
        httpd.tls = self.tls
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-freshdesk"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def serve_forever(self) -> None:
        """Block until interrupted (the `fake-freshdesk` command); call `start` first."""
        assert self._thread is not None, "the server is not running"
        while self._thread.is_alive():
            self._thread.join(0.5)

    def __enter__(self) -> "FakeFreshdesk":
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "the server is not running"
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/api/v2"

    # -- the fake world's clock -------------------------------------------------------

    def now(self) -> datetime:
        """The account's time: its snapshot's `collected_at`, running on from server start."""
        return self.account.collected_at + timedelta(seconds=time.monotonic() - self._clock_start)

    # -- bookkeeping used by the handler ----------------------------------------------

    def next_number(self) -> int:
        with self._lock:
            self._arrivals += 1
            return self._arrivals

    def log(self, number: int, path: str, query: str, status: int) -> None:
        with self._lock:
            self._log.append(LoggedRequest(number, path, query, status))

    def take_fault(self, number: int, path: str, page: int | None) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self.quirks.faults):
                if fault.request is not None and fault.request != number:
                    continue
                if fault.path is not None and fault.path != path:
                    continue
                if fault.page is not None and fault.page != page:
                    continue
                if fault.times and self._fault_hits[index] >= fault.times:
                    continue
                self._fault_hits[index] += 1
                return fault
        return None

    def after_page(self, collection: str | None, page: int, served_at: datetime) -> None:
        """Apply the move and deactivate quirks once their page of their listing was served.

        The change is dated the second after the page's `Date` (`served_at`), so that a
        collector comparing the two sees a record changed after the listing began.
        """
        moment = served_at.replace(microsecond=0) + timedelta(seconds=1)
        move = self.quirks.move
        if move is not None and collection == move.collection and page == move.after_page:
            with self._lock:
                moved, self._moved = self._moved, True
            if not moved:
                self.account.move(move.collection, move.record_id, move.new_name, moment)
        leaver = self.quirks.deactivate
        if leaver is not None and collection == "agents" and page == leaver.after_page:
            with self._lock:
                deactivated, self._deactivated = self._deactivated, True
            if not deactivated:
                self.account.deactivate(leaver.agent_id, moment)

    # -- what tests look at -----------------------------------------------------------

    @property
    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)

    def count(self, path: str | None = None, status: int | None = None) -> int:
        return sum(
            1
            for request in self.requests
            if (path is None or request.path == path)
            and (status is None or request.status == status)
        )
