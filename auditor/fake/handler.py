"""One HTTP request to the fake server: auth, rate limit, faults, routing, paging, answer."""

import base64
import binascii
import json
import socket
import time
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from auditor.fake.backend import Backend
from auditor.fake.budget import Verdict
from auditor.fake.paging import serve_page
from auditor.fake.quirks import Fault
from auditor.fake.routes import Answer, route
from auditor.fake.scim import SCIM_PREFIX, scim_answer
from auditor.integrity.seal import json_text

API_PREFIX = "/api/v2"
DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100


class FakeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeFreshdesk/1"
    sys_version = ""
    timeout = 30

    @property
    def fake(self) -> Backend:
        """The server's account and state (set on the HTTP server as `fake`)."""
        return self.server.fake  # type: ignore[attr-defined,no-any-return]

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle's algorithm and
        # delayed ACKs hold every keep-alive answer back by ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is kept in memory instead."""

    def date_time_string(self, timestamp: float | None = None) -> str:
        # An answer is dated when its request arrived: a change the quirks make while it is
        # served (`after_page`) is then dated after it, even across a second boundary.
        arrived = getattr(self, "_arrived", None)
        return format_datetime(arrived or self.fake.now(), usegmt=True)

    def do_GET(self) -> None:
        self._arrived: datetime | None = self.fake.now()
        try:
            self._get()
        finally:
            self._arrived = None  # a connection's next answer is dated by its own request

    def _get(self) -> None:
        number = self.fake.next_number()
        split = urlsplit(self.path)
        path = split.path.removeprefix(API_PREFIX) if split.path.startswith(API_PREFIX) else ""
        query = dict(parse_qsl(split.query))
        self._request = (number, path or split.path, split.query)
        if split.path.startswith(SCIM_PREFIX + "/"):
            fake = self.fake
            status, body = scim_answer(
                fake.account,
                fake.quirks,
                fake.api_key,
                split.path.removeprefix(SCIM_PREFIX),
                query,
                self.headers.get("Authorization", ""),
            )
            self._json(status, body)
            return
        self._answer(number, path, query)

    def _log(self, status: int) -> None:
        """Log before answering, so a client that has its answer finds it in the log."""
        number, path, query = self._request
        self.fake.log(number, path, query, status)

    def _answer(self, number: int, path: str, query: dict[str, str]) -> int:
        fake = self.fake
        if fake.quirks.latency:
            time.sleep(fake.quirks.latency)
        if not self._authorised():
            return self._json(
                401,
                {
                    "code": "invalid_credentials",
                    "message": "You have to be logged in to perform this action.",
                },
            )
        if path == "/contacts" and fake.contacts_limiter is not None:
            sub_limit = fake.contacts_limiter.admit()
            if not sub_limit.allowed:
                return self._json(
                    429,
                    {
                        "code": "rate_limit_exceeded",
                        "message": "You have exceeded the limit of contacts list requests "
                        "per minute",
                    },
                    # The account's budget as it stands: it has room, this listing has not.
                    verdict=fake.limiter.peek() if fake.limiter is not None else None,
                    retry_after=sub_limit.retry_after,
                )
        verdict = fake.limiter.admit() if fake.limiter is not None else None
        if verdict is not None and not verdict.allowed:
            return self._json(
                429,
                {
                    "code": "rate_limit_exceeded",
                    "message": "You have exceeded the limit of requests per minute",
                },
                verdict=verdict,
                retry_after=verdict.retry_after,
            )
        page_text = query.get("page", "")
        page = int(page_text) if page_text.isdigit() else None
        fault = fake.take_fault(number, path, page)
        if fault is not None:
            return self._fault(fault, verdict)
        if not path:
            return self._json(404, {"code": "not_found"}, verdict=verdict)
        # Read while no quirk is changing the account (they change it under this lock, in
        # several steps): an answer shows the account before a change or after it.
        with fake.account.lock:
            answer = route(fake.views, path, query)
        if answer.status != 200:
            return self._json(answer.status, answer.body, verdict=verdict)
        replayed = fake.quirks.replay_manifest and answer.collection is not None
        status_in_manifest = fake.account.statuses.get(answer.collection or "", "complete")
        if replayed and (status_in_manifest == "denied" or self._groups_denied(answer)):
            return self._json(
                403,
                {
                    "code": "access_denied",
                    "message": "You are not authorized to perform this action.",
                },
                verdict=verdict,
            )
        if not answer.paged:
            return self._json(200, answer.body, verdict=verdict)
        return self._page(
            answer, path, query, verdict, partial=replayed and status_in_manifest == "partial"
        )

    def _groups_denied(self, answer: Answer) -> bool:
        return answer.collection == "group_members" and (
            self.fake.account.statuses.get("groups") == "denied"
        )

    def _page(
        self,
        answer: Answer,
        path: str,
        query: dict[str, str],
        verdict: Verdict | None,
        *,
        partial: bool,
    ) -> int:
        try:
            page = int(query.get("page", "1"))
            per_page = int(query.get("per_page", str(DEFAULT_PER_PAGE)))
        except ValueError:
            page, per_page = 0, 0
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            return self._json(
                400,
                {
                    "description": "Validation failed",
                    "errors": [
                        {
                            "field": "per_page" if page >= 1 else "page",
                            "message": f"Must be a positive integer up to {MAX_PER_PAGE}",
                            "code": "invalid_value",
                        }
                    ],
                },
                verdict=verdict,
            )
        records: list[Any] = answer.body
        pages_of_records = max(1, -(-len(records) // per_page))
        if partial and page > pages_of_records:
            # A collection the snapshot recorded as partial: the server fails from here on.
            return self._json(503, {"code": "service_unavailable"}, verdict=verdict)
        served = serve_page(records, page, per_page, self.fake.quirks.paging)
        more = served.more or partial
        link = self._link(path, query, page + 1, per_page) if more else None
        data = json_text(served.records).encode()
        # The move and deactivate quirks change the account before this page leaves (its
        # records are encoded already): once the client holds the page, no later page can
        # be served from before the change, however the server's threads are scheduled.
        self.fake.after_page(answer.collection, page, self._arrived or self.fake.now())
        return self._send_json(200, data, verdict=verdict, link=link)

    def _link(self, path: str, query: dict[str, str], page: int, per_page: int) -> str | None:
        quirks = self.fake.quirks
        if not quirks.link_header:
            return None
        params = {k: v for k, v in query.items() if k not in ("page", "per_page")}
        params.update(page=str(page), per_page=str(per_page))
        base = self.fake.url if quirks.link_base is None else quirks.link_base
        return f'<{base}{API_PREFIX}{path}?{urlencode(params)}>;rel="next"'

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        user, _, password = decoded.partition(":")
        return user == self.fake.api_key and bool(password)

    # -- writing answers --------------------------------------------------------------

    def _json(
        self,
        status: int,
        body: Any,
        *,
        verdict: Verdict | None = None,
        link: str | None = None,
        retry_after: int | None = None,
    ) -> int:
        return self._send_json(
            status, json_text(body).encode(), verdict=verdict, link=link, retry_after=retry_after
        )

    def _send_json(
        self,
        status: int,
        data: bytes,
        *,
        verdict: Verdict | None = None,
        link: str | None = None,
        retry_after: int | None = None,
    ) -> int:
        self._log(status)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self._budget_headers(verdict)
        if link is not None:
            self.send_header("Link", link)
        if retry_after is not None and self.fake.quirks.retry_after:
            self.send_header("Retry-After", str(retry_after))
        self.end_headers()
        self.wfile.write(data)
        return status

    def _budget_headers(self, verdict: Verdict | None) -> None:
        if verdict is None or not self.fake.quirks.announce_budget:
            return
        case = self.fake.quirks.rate_header_case
        for name, value in (
            ("X-RateLimit-Total", verdict.total),
            ("X-RateLimit-Remaining", verdict.remaining),
            ("X-RateLimit-Used-CurrentRequest", 1),
        ):
            shown = name.lower() if case == "lower" else name.upper() if case == "upper" else name
            self.send_header(shown, str(value))

    def _fault(self, fault: Fault, verdict: Verdict | None) -> int:
        if fault.kind == "status":
            return self._json(fault.status, {"code": "injected_fault"}, verdict=verdict)
        self._log(0 if fault.kind == "drop" else 200)
        if fault.kind == "malformed":
            data = b'{"records": [unterminated'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return 200
        self.close_connection = True
        if fault.kind == "drop":
            return 0
        data = json.dumps([{"id": 1, "name": "truncated"}] * 20).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        return 200
