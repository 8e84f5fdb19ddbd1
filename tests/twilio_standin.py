"""A local stand-in for Twilio's Messages API, checking requests as Twilio does.

POST /2010-04-01/Accounts/<AccountSid>/Messages.json with HTTP basic auth (the account SID and
auth token) and the form fields To, From and Body. Answers like Twilio: 201 with the message
resource, or an error object {code, message, more_info, status} (401 20003 for bad
credentials, 400 21211 for an invalid To number, 400 21610 for a number that replied STOP, and
any status scripted by a test, such as 429 or 500).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Deque, Dict, Iterator, List, Set, Tuple
from urllib.parse import parse_qs

from tests.conftest import free_port

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "standin-auth-token-0123456789"
FROM_NUMBER = "+12105550100"
E164 = re.compile(r"^\+[1-9]\d{7,14}$")


@dataclass
class Received:
    """One request the stand-in answered."""

    to: str
    sender: str
    body: str
    status: int


@dataclass
class TwilioStandIn:
    account_sid: str = ACCOUNT_SID
    auth_token: str = AUTH_TOKEN
    requests: List[Received] = field(default_factory=list)  # every request, in order
    invalid_numbers: Set[str] = field(default_factory=set)  # answered 400, code 21211
    unsubscribed: Set[str] = field(default_factory=set)  # answered 400, code 21610
    # Next answers to give instead of accepting: (status, Twilio error code).
    scripted: Deque[Tuple[int, int]] = field(default_factory=deque)
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sent(self) -> List[Received]:
        """The messages Twilio accepted (201)."""
        return [r for r in self.requests if r.status == 201]

    def texts_to(self, number: str) -> List[str]:
        return [r.body for r in self.sent if r.to == number]

    def start(self) -> TwilioStandIn:
        self.port = free_port()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> TwilioStandIn:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def answer(self, path: str, authorization: str, content_type: str, body: bytes
               ) -> Tuple[int, Dict[str, object]]:
        expected_auth = "Basic " + base64.b64encode(
            f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if authorization != expected_auth:
            return _error(401, 20003, "Authenticate")
        if path != f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            return _error(404, 20404, f"The requested resource {path} was not found")
        if not content_type.startswith("application/x-www-form-urlencoded"):
            return _error(400, 21601, "Expected application/x-www-form-urlencoded")
        form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        to, sender, text = form.get("To", ""), form.get("From", ""), form.get("Body", "")
        for name, code in (("To", 21604), ("From", 21603), ("Body", 21602)):
            if not form.get(name):
                return self._record(to, sender, text, _error(400, code, f"A '{name}' is required"))
        if self.scripted:
            status, code = self.scripted.popleft()
            return self._record(to, sender, text, _error(status, code, "Scripted error"))
        if not E164.match(to) or to in self.invalid_numbers:
            return self._record(to, sender, text, _error(
                400, 21211, f"The 'To' number {to} is not a valid phone number."))
        if to in self.unsubscribed:
            return self._record(to, sender, text, _error(
                400, 21610, "Attempt to send to unsubscribed recipient"))
        sid = "SM" + secrets.token_hex(16)
        return self._record(to, sender, text, (201, {
            "sid": sid, "account_sid": self.account_sid, "to": to, "from": sender,
            "body": text, "status": "queued", "num_segments": "1", "direction": "outbound-api",
            "api_version": "2010-04-01", "date_created": formatdate(usegmt=True),
            "error_code": None, "error_message": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }))

    def _record(self, to: str, sender: str, text: str, answer: Tuple[int, Dict[str, object]]
                ) -> Tuple[int, Dict[str, object]]:
        self.requests.append(Received(to, sender, text, answer[0]))
        return answer


def _error(status: int, code: int, message: str) -> Tuple[int, Dict[str, object]]:
    return status, {"code": code, "message": message, "status": status,
                    "more_info": f"https://www.twilio.com/docs/errors/{code}"}


def _handler(standin: TwilioStandIn) -> type:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            status, answer = standin.answer(
                self.path, self.headers.get("Authorization") or "",
                self.headers.get("Content-Type") or "", self.rfile.read(length))
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def running_standin() -> Iterator[TwilioStandIn]:
    """For fixtures: a started stand-in, stopped afterwards."""
    with TwilioStandIn() as standin:
        yield standin
