"""A migrated clinic database for the booking tests that need one."""

from tests.store.conftest import database_url, engine, session_factory  # noqa: F401 - fixtures
