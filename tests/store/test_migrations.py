"""`python -m bot db upgrade` builds exactly the models' schema on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.store import migrate, models
from bot.store.db import make_engine

# Tables in the clinic's database that the models do not declare: Rasa's tracker store and
# Alembic's own bookkeeping.
NOT_MODELLED = {"events", "clinic_alembic_version"}


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


def _not_rasas(name, type_, parent_names) -> bool:  # type: ignore[no-untyped-def]
    # The portal's search index is made by a migration outside the models, on purpose.
    return (not (type_ == "table" and name in NOT_MODELLED)
            and name not in models.SEARCH_INDEX_OBJECTS)


def _differences(url: str) -> list:
    """What Alembic's autogenerate would change to make the database match the models."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "compare_server_default": True,
                "include_name": _not_rasas,
            })
            return compare_metadata(context, models.Base.metadata)
    finally:
        engine.dispose()


def test_the_migrated_schema_is_exactly_the_models(database_url):
    # A Rasa tracker store in the same database is not the clinic's to compare.
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, data TEXT)"))
    engine.dispose()
    assert _differences(database_url) == []


def test_the_comparison_sees_a_column_the_migrations_forgot(tmp_path):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE leads DROP COLUMN email"))
    engine.dispose()
    assert [diff[:3] for diff in _differences(url)] == [("add_column", None, "leads")]


def test_upgrade_twice_is_harmless(tmp_path):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url)
    migrate.upgrade(url)
    assert "clinic_alembic_version" in _tables(url)


def test_upgrade_leaves_rasas_events_table_alone(tmp_path):
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


def _lead_with_history(connection) -> None:  # type: ignore[no-untyped-def]
    connection.execute(text(
        "INSERT INTO leads (id, reference, name, phone, preferred_contact, preferred_time, "
        "channel, conversation_id, status, created_at, updated_at) VALUES (1, 'L-00000001', "
        "'Maria', '+12105550123', 'text', 'any', 'rest', 'c1', 'new', '2026-11-01', "
        "'2026-11-01')"))
    connection.execute(text(
        "INSERT INTO assessments (lead_id, conversation_id, channel, answers, band, "
        "recommendation, flags, reasons, scoring_version, created_at, updated_at) VALUES (1, "
        "'c1', 'rest', '{}', 'mild', 'good_candidate', '[]', '[]', 'v1', '2026-11-01', "
        "'2026-11-01')"))
    connection.execute(text(
        "INSERT INTO consultations (reference, lead_id, starts_at, channel, conversation_id, "
        "calendar_token, status, created_at, updated_at) VALUES ('C-00000001', 1, "
        "'2030-01-02 15:00:00', 'rest', 'c1', 'token', 'requested', '2026-11-01', "
        "'2026-11-01')"))


def test_upgrading_a_sqlite_database_with_leads_keeps_their_assessments_and_bookings(tmp_path):
    # Copying the leads table on SQLite must not cascade to the rows that refer to it.
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url, "0003")
    engine = make_engine(url)
    with engine.begin() as connection:
        _lead_with_history(connection)
    migrate.upgrade(url)
    with engine.connect() as connection:
        counts = [connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                  for table in ("leads", "assessments", "consultations")]
    engine.dispose()
    assert counts == [1, 1, 1]


def test_after_upgrade_a_phone_may_have_several_leads_but_one_original(database_url):
    from sqlalchemy.exc import IntegrityError

    engine = make_engine(database_url)
    insert = text(
        "INSERT INTO leads (reference, name, phone, preferred_contact, preferred_time, "
        "channel, conversation_id, status, created_at, updated_at, duplicate_of_id) VALUES "
        "(:reference, 'Maria', '+12105550123', 'text', 'any', 'rest', 'c1', 'new', "
        "'2026-11-01', '2026-11-01', :original)")
    try:
        with engine.begin() as connection:
            connection.execute(insert, {"reference": "L-00000001", "original": None})
            first = connection.execute(text("SELECT id FROM leads")).scalar_one()
            connection.execute(insert, {"reference": "L-00000002", "original": first})
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(insert, {"reference": "L-00000003", "original": None})
        assert "ix_leads_phone" in {i["name"] for i in inspect(engine).get_indexes("leads")}
    finally:
        engine.dispose()
