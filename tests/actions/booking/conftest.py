"""A migrated SQLite clinic database and settings pointing at it, for the booking actions."""

from __future__ import annotations

import pytest

from bot.settings import get_settings
from bot.store import migrate
from bot.store.db import clinic_sessions


@pytest.fixture
def booking_env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url)

    def configure(**values: str):
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("STAFF_EMAIL", "staff@clinic.example")
        monkeypatch.setenv("BOOKING_MIN_NOTICE_HOURS", "0")
        monkeypatch.setenv("CLINIC_HOURS", "mon-sun 08:00-20:00")
        monkeypatch.setenv("CLOSED_DATES", "")
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()  # the next clinic_sessions() follows the new DATABASE_URL
        return clinic_sessions()

    yield configure
    get_settings.cache_clear()
