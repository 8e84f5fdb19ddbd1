"""Real local peers for notifications: an aiosmtpd SMTP server and an HTTP webhook receiver."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List

import pytest

from tests.conftest import Inbox, free_port, smtp_inbox
from tests.store.conftest import database_url, engine, session_factory  # noqa: F401 - fixtures


@pytest.fixture
def smtp_server() -> Iterator[Inbox]:
    with smtp_inbox() as inbox:
        yield inbox


class WebhookReceiver:
    def __init__(self, fail_first: int = 0) -> None:
        self.requests: List[dict] = []
        self.fail_first = fail_first
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = 503 if len(receiver.requests) <= receiver.fail_first else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def payloads(self) -> List[dict]:
        return [json.loads(r["body"]) for r in self.requests]


@pytest.fixture
def webhook_receiver():
    receivers: List[WebhookReceiver] = []

    def make(fail_first: int = 0) -> WebhookReceiver:
        receivers.append(WebhookReceiver(fail_first))
        return receivers[-1]

    yield make
    for receiver in receivers:
        receiver.server.shutdown()
