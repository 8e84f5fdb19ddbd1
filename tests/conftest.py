"""Shared fixtures: settings built from .env.example, free ports, local services."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import socket
import subprocess
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Sequence

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from dotenv import dotenv_values

from bot.settings import PROJECT_ROOT, Settings

EXAMPLE_ENV = PROJECT_ROOT / ".env.example"
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


# Commands that start the real Rasa or action server (directly or through `python -m bot run`).
SERVER_COMMAND = re.compile(r"(^|\s)(-m rasa_sdk|rasa_sdk|-m rasa run|rasa run|-m bot run)(\s|$)")


def starts_a_server(command: str | Sequence[Any]) -> bool:
    words = shlex.split(command) if isinstance(command, str) else [str(w) for w in command]
    return bool(SERVER_COMMAND.search(" ".join(words)))


@pytest.fixture(autouse=True)
def servers_only_in_e2e_tests(request: pytest.FixtureRequest, monkeypatch) -> None:
    """A test that starts the real Rasa or action server must be marked e2e, so that
    `make test-fast` (-m "not e2e") never waits for one: any other test fails when it tries."""
    if request.node.get_closest_marker("e2e"):
        return

    class NoServers(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, args: Any, *more: Any, **options: Any) -> None:
            if starts_a_server(args):
                pytest.fail(f"this test starts a real server ({args!r}): mark it e2e")
            super().__init__(args, *more, **options)

    monkeypatch.setattr(subprocess, "Popen", NoServers)


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


def _create_postgres_database(admin_url: str, template: str | None = None) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"clinic_test_{uuid.uuid4().hex[:10]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    admin = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    finally:
        admin.dispose()
    return str(make_url(admin_url).set(database=name))


def _drop_postgres_database(admin_url: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(
                f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def postgres_database(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    url = _create_postgres_database(postgres_admin_url)
    try:
        yield url
    finally:
        _drop_postgres_database(postgres_admin_url, url)


@pytest.fixture(scope="session")
def migrated_postgres_template(postgres_admin_url: str) -> Iterator[str]:
    """A PostgreSQL database migrated once per session, copied for each test that wants one."""
    from bot.store import migrate

    url = _create_postgres_database(postgres_admin_url)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        _drop_postgres_database(postgres_admin_url, url)


@pytest.fixture
def migrated_postgres_database(postgres_admin_url: str, migrated_postgres_template: str
                               ) -> Iterator[str]:
    """A fresh PostgreSQL database at the newest migration (a copy of the migrated template:
    faster than migrating each one), dropped afterwards."""
    from sqlalchemy.engine import make_url

    url = _create_postgres_database(postgres_admin_url,
                                    template=make_url(migrated_postgres_template).database)
    try:
        yield url
    finally:
        _drop_postgres_database(postgres_admin_url, url)


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database file migrated once per session."""
    from bot.store import migrate

    path = tmp_path_factory.mktemp("migrated") / "clinic.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def migrated_sqlite_url(tmp_path: Path, migrated_sqlite_template: Path) -> str:
    """A fresh SQLite database at the newest migration: a copy of the migrated template."""
    path = tmp_path / "clinic.db"
    shutil.copy2(migrated_sqlite_template, path)
    return f"sqlite:///{path}"
