"""A migrated SQLite clinic database and settings pointing at it, for the booking actions."""

from __future__ import annotations

from typing import Callable, Tuple

import pytest
from sqlalchemy.orm import sessionmaker

from bot.settings import Settings
from bot.store import migrate
from bot.store.db import session_factory_for


@pytest.fixture
def booking_env(
    tmp_path, make_settings
) -> Callable[..., Tuple[Settings, sessionmaker]]:
    """configure(**overrides) -> (settings for the actions, sessions on their database)."""
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url)

    def configure(**values: str) -> Tuple[Settings, sessionmaker]:
        settings = make_settings(**{
            "DATABASE_URL": url, "STAFF_EMAIL": "staff@clinic.example",
            "BOOKING_MIN_NOTICE_HOURS": "0", "CLINIC_HOURS": "mon-sun 08:00-20:00",
            "CLOSED_DATES": "", **values})
        return settings, session_factory_for(url)

    return configure
