"""Engines and sessions for the clinic's database (SQLAlchemy 2.0 style on 1.4)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

from bot.settings import PROJECT_ROOT, get_settings

SQLITE_BUSY_TIMEOUT_MS = 5000
# The database holds visitors' names, numbers and health answers: nobody but the service's own
# user may read it. SQLite gives its -wal and -shm files the database file's mode.
OWNER_ONLY_FILE = 0o600
OWNER_ONLY_FOLDER = 0o700


def make_engine(database_url: str) -> Engine:
    """An engine for `database_url`; a relative SQLite path is taken from the project root."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database)
        if not path.is_absolute():
            path = PROJECT_ROOT / path
        _create_owner_only(path)
        url = url.set(database=str(path))
        engine = create_engine(url, future=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker:
    """Sessions on `engine` that keep loaded objects usable after commit."""
    return sessionmaker(engine, future=True, expire_on_commit=False)


@cache
def session_factory_for(database_url: str) -> sessionmaker:
    """One engine (and connection pool) per database, shared by everything in this process."""
    return make_session_factory(make_engine(database_url))


def clinic_sessions() -> sessionmaker:
    """Sessions on the configured DATABASE_URL, for the action server and the Rasa server."""
    return session_factory_for(get_settings().database_url)


def _create_owner_only(database: Path) -> None:
    """Create the database's folder (0700) and an empty database file (0600) if missing.

    SQLite would create the file itself with the umask's mode (often world-readable), so it is
    made here first; an existing file or folder keeps the mode it has.
    """
    folder = database.parent
    if not folder.exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        try:
            folder.mkdir(mode=OWNER_ONLY_FOLDER)
            os.chmod(folder, OWNER_ONLY_FOLDER)  # mkdir's mode is reduced by the umask
        except FileExistsError:
            pass  # another process made it first
    try:
        descriptor = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE)
    except FileExistsError:
        return
    try:
        os.fchmod(descriptor, OWNER_ONLY_FILE)
    finally:
        os.close(descriptor)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Rasa's tracker store and the action server write to the same file from two processes:
    # WAL lets readers go on during a write, and the busy timeout waits out a writer's lock.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
