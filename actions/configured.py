"""Which settings an action runs with: the process's, unless whoever built it gave its own.

The action server builds every action without arguments, so actions read the settings loaded
once from .env (get_settings()). A test builds `ActionBookSlot(settings)` with settings of its
own, and the clinic's database follows them; no process-wide cache is touched.
"""

from __future__ import annotations

from sqlalchemy.orm import sessionmaker

from bot.settings import Settings, get_settings
from bot.store.db import session_factory_for


class Configured:
    """Mixin for a rasa-sdk action: `self.settings`, given or the process's."""

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings

    @property
    def settings(self) -> Settings:
        return self._settings if self._settings is not None else get_settings()


def sessions_for(settings: Settings) -> sessionmaker:
    """Sessions on the settings' DATABASE_URL (one shared engine per database)."""
    return session_factory_for(settings.database_url)
