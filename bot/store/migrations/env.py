"""Alembic environment for the clinic's tables only (Rasa's `events` table is left alone)."""

from typing import Any

from alembic import context
from alembic.runtime.environment import NameFilterParentNames, NameFilterType
from sqlalchemy import event

from bot.store import models
from bot.store.db import make_engine

VERSION_TABLE = "clinic_alembic_version"
config = context.config
target_metadata = models.Base.metadata


def include_name(
    name: str | None, type_: NameFilterType, parent_names: NameFilterParentNames
) -> bool:
    if type_ == "table":
        return name in target_metadata.tables
    return name not in models.SEARCH_INDEX_OBJECTS


def _sqlite_foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
    # Batch mode copies a SQLite table and drops the old one; with foreign keys on, that drop
    # deletes every row referring to it (ON DELETE CASCADE). Runs after make_engine's pragmas,
    # on connect, because the pragma is ignored inside a transaction.
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


url = config.get_main_option("sqlalchemy.url")
if not url:
    raise RuntimeError("no sqlalchemy.url: run migrations through bot.store.migrate")
engine = make_engine(url)
if engine.dialect.name == "sqlite":
    event.listen(engine, "connect", _sqlite_foreign_keys_off)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
