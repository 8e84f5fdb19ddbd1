"""Alembic environment for the clinic's tables only (Rasa's `events` table is left alone)."""

from alembic import context

from bot.store import models
from bot.store.db import make_engine

VERSION_TABLE = "clinic_alembic_version"
config = context.config
target_metadata = models.Base.metadata


def include_name(name, type_, parent_names):  # type: ignore[no-untyped-def]
    if type_ == "table":
        return name in target_metadata.tables
    return True


engine = make_engine(config.get_main_option("sqlalchemy.url"))
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
