"""Migration 0004 gives notifications already in the outbox a status and an event id."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from bot.store import migrate
from bot.store.db import make_engine


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'clinic.db'}"
    return request.getfixturevalue("postgres_database")


def test_migration_0004_marks_delivered_rows_and_gives_each_row_its_own_event_id(
    empty_database,
):
    migrate.upgrade(empty_database, "0003")
    engine = make_engine(empty_database)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO notifications (channel, topic, recipient, payload, attempts, "
                "next_attempt_at, delivered_at, created_at) VALUES "
                "('email', 'booked', 'staff@clinic.example', '{}', 1, :t, :t, :t), "
                "('webhook', 'booked', 'https://hooks.example/x', '{}', 3, :t, NULL, :t)"),
                {"t": "2030-01-01 12:00:00+00:00"})
        migrate.upgrade(empty_database, "0004")
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT status, event_id FROM notifications ORDER BY id")).all()
        assert [status for status, _ in rows] == ["delivered", "pending"]
        assert len({event_id for _, event_id in rows}) == 2
        assert all(len(event_id) == 36 for _, event_id in rows)

        command.downgrade(migrate.alembic_config(empty_database), "0003")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM notifications")).scalar() == 2
    finally:
        engine.dispose()
