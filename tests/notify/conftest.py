"""Real local peers for notifications: aiosmtpd SMTP servers (plain and STARTTLS with a
self-signed certificate made here), an HTTP webhook receiver, and a server that never answers."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import ssl
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator, List

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import Inbox, free_port, smtp_inbox
from tests.store.conftest import database_url, engine, session_factory  # noqa: F401 - fixtures


@pytest.fixture
def smtp_server() -> Iterator[Inbox]:
    with smtp_inbox() as inbox:
        yield inbox


class WebhookReceiver:
    """Answers 503 to the first `fail_first` requests, then 200 (or `redirect_status` to
    `redirect_to`)."""

    def __init__(self, fail_first: int = 0, host: str = "127.0.0.1",
                 redirect_to: str | None = None, redirect_status: int = 302,
                 on_request: Callable[[], None] | None = None) -> None:
        self.requests: List[dict] = []
        self.fail_first = fail_first
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                if on_request:
                    on_request()
                if redirect_to:
                    self.send_response(redirect_status)
                    self.send_header("Location", redirect_to)
                else:
                    self.send_response(
                        503 if len(receiver.requests) <= receiver.fail_first else 200)
                self.end_headers()

            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

        self.server = ThreadingHTTPServer((host, free_port()), Handler)
        self.url = f"http://{host}:{self.server.server_port}/hook"
        # A short poll, so that shutdown() at the end of each test returns at once.
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def payloads(self) -> List[dict]:
        return [json.loads(r["body"]) for r in self.requests]


@pytest.fixture
def webhook_receiver():
    receivers: List[WebhookReceiver] = []

    def make(fail_first: int = 0, **options) -> WebhookReceiver:  # type: ignore[no-untyped-def]
        receivers.append(WebhookReceiver(fail_first, **options))
        return receivers[-1]

    yield make
    for receiver in receivers:
        receiver.server.shutdown()


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, signed by its own key: (cert, key) files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
        # Its own CA, so that SMTP_CA_FILE can name it as the one certificate to trust.
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return cert_file, key_file


@dataclass
class TlsSmtp:
    inbox: Inbox
    ca_file: Path  # the server's self-signed certificate


@pytest.fixture
def tls_smtp_server(tmp_path: Path) -> Iterator[TlsSmtp]:
    """A real SMTP server that requires STARTTLS, with a self-signed certificate."""
    cert_file, key_file = self_signed_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    inbox = Inbox()
    controller = Controller(inbox, hostname=inbox.host, port=free_port(),
                            tls_context=context, require_starttls=True)
    controller.start()
    inbox.port = controller.port
    try:
        yield TlsSmtp(inbox, cert_file)
    finally:
        controller.stop()


class SilentServer:
    """Accepts TCP connections and never says a word, like a hung mail server."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.host, self.port = self.listener.getsockname()
        self.connections: List[socket.socket] = []
        self.connected = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)
            self.connected.set()

    def hang_up(self) -> None:
        with contextlib.suppress(OSError):  # already hung up
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.hang_up()
