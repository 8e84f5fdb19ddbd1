"""`python -m bot db upgrade` builds the clinic's schema on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy import inspect

from bot.store import migrate
from bot.store.db import make_engine


def _tables(url: str) -> set:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_creates_the_schema_on_a_new_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'clinic.db'}"
    migrate.upgrade(url)
    assert "clinic_alembic_version" in _tables(url)


def test_upgrade_twice_is_harmless(tmp_path):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url)
    migrate.upgrade(url)
    assert "clinic_alembic_version" in _tables(url)


def test_upgrade_leaves_rasas_events_table_alone(tmp_path):
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, data TEXT)"))
        connection.execute(text("INSERT INTO events (data) VALUES ('kept')"))
    migrate.upgrade(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT data FROM events")).scalar_one() == "kept"
    engine.dispose()


def test_upgrade_creates_the_schema_on_postgresql(postgres_database):
    migrate.upgrade(postgres_database)
    assert "clinic_alembic_version" in _tables(postgres_database)
