"""A migrated clinic database, on SQLite and (where available) PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.store.db import make_engine, make_session_factory
from bot.store.leads import ConsentRecord, IntakeRecord


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """A fresh database at the newest migration (copied from one migrated per session)."""
    if request.param == "sqlite":
        return request.getfixturevalue("migrated_sqlite_url")
    return request.getfixturevalue("migrated_postgres_database")


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    return make_session_factory(engine)


def consent(granted: bool = True) -> ConsentRecord:
    return ConsentRecord(granted, "data-2026-11-27", "ab" * 32,
                         datetime(2026, 11, 27, 15, 0, tzinfo=timezone.utc))


def intake(conversation_id: str = "conv-1", phone: str = "+12105550123", **changes) -> IntakeRecord:
    values = dict(
        conversation_id=conversation_id, channel="rest", name="Maria Lopez", phone=phone,
        email="maria@example.com", preferred_contact="text", preferred_time="evening",
        answers={"scar_types": ["icepick"], "scar_count": "over_20", "age": 34},
        band="severe", recommendation="consultation_first", flags=["icepick_scars"],
        reasons=["you have more than 20 scars"], scoring_version="test",
        data_consent=consent(), marketing_consent=consent(False),
    )
    values.update(changes)
    return IntakeRecord(**values)
