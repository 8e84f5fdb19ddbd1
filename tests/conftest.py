"""Shared fixtures: settings built from .env.example, free ports, local services."""

from __future__ import annotations

import contextlib
import os
import socket
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Dict, Iterator, List

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from dotenv import dotenv_values

from bot.settings import PROJECT_ROOT, Settings

EXAMPLE_ENV = PROJECT_ROOT / ".env.example"
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def example_values(**overrides: str) -> Dict[str, str]:
    values = {k: v or "" for k, v in dotenv_values(EXAMPLE_ENV).items()}
    values.update(overrides)
    return values


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """Settings from .env.example, with keyword overrides: make_settings(PACKAGE_PRICE="1")."""
    return lambda **overrides: Settings.from_mapping(example_values(**overrides))


def write_env_file(path: Path, **overrides: str) -> Path:
    lines = [f'{key}="{value}"' for key, value in example_values(**overrides).items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox(Message):
    """What a real SMTP server (aiosmtpd) on localhost received."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: List[EmailMessage] = []
        self.host = "127.0.0.1"
        self.port = 0

    def handle_message(self, message: EmailMessage) -> None:
        self.messages.append(message)

    def to(self, address: str) -> List[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@contextlib.contextmanager
def smtp_inbox() -> Iterator[Inbox]:
    """A real SMTP server on a free local port for the duration of the block."""
    inbox = Inbox()
    controller = Controller(inbox, hostname=inbox.host, port=free_port())
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


def service_missing(reason: str) -> None:
    """Skip a test whose local service is absent; under CI=true that is a failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: a missing service is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES_ADMIN_URL, future=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "not available here"
        service_missing(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}")
    finally:
        engine.dispose()
    return POSTGRES_ADMIN_URL


@pytest.fixture
def postgres_database(postgres_admin_url: str):  # type: ignore[no-untyped-def]
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"clinic_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_admin_url, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield str(make_url(postgres_admin_url).set(database=name))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
