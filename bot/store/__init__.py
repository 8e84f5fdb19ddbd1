"""What the clinic stores: SQLAlchemy models, sessions and Alembic migrations.

The clinic's tables have their own metadata and their own migration history
(`clinic_alembic_version`), apart from Rasa's `events` table even when both share a database.
"""
