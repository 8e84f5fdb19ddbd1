"""A lead records the language its conversation was in (`leads.language`, migration 0011):
saved by both ways in, filtered on, exported; the migration goes up and down on SQLite and
PostgreSQL and keeps the leads it finds."""

from __future__ import annotations

from datetime import timezone

import pytest
from alembic import command
from sqlalchemy import inspect, text

from bot.booking.notices import staff_notify
from bot.store import migrate
from bot.store.bookings import request_callback
from bot.store.db import make_engine
from bot.store.export import COLUMNS, lead_rows, to_csv
from bot.store.lead_list import LeadFilter, criteria, lead_page
from bot.store.leads import ContactRecord, save_contact, save_intake
from bot.store.models import Lead, Notification
from tests.store.conftest import consent, intake

ZONE = timezone.utc


def _language(session_factory, reference: str) -> str:
    with session_factory() as session:
        return session.query(Lead).filter_by(reference=reference).one().language


def test_an_intake_in_spanish_saves_a_spanish_lead(session_factory):
    spanish = save_intake(session_factory, intake("conv-es", language="es"))
    english = save_intake(session_factory, intake("conv-en", phone="+12105550199"))
    assert _language(session_factory, spanish.reference) == "es"
    assert _language(session_factory, english.reference) == "en"


def test_a_short_way_contact_in_spanish_saves_a_spanish_lead(session_factory):
    saved = save_contact(session_factory, ContactRecord(
        "conv-quick", "socketio", "Dolores Vela", "+12105550123", consent(), language="es"))
    assert _language(session_factory, saved.reference) == "es"


def test_the_language_filter_lists_only_that_languages_leads(session_factory):
    save_intake(session_factory, intake("conv-es", language="es", name="Rosa Garza"))
    save_intake(session_factory, intake("conv-en", phone="+12105550199", name="Jon Park"))
    page = lead_page(session_factory, LeadFilter(language="es"), ZONE)
    assert [row.name for row in page.rows] == ["Rosa Garza"]
    assert page.rows[0].language == "es"
    assert [row.name for row in lead_page(session_factory, LeadFilter(language="en"),
                                          ZONE).rows] == ["Jon Park"]


def test_an_unknown_language_in_the_query_string_filters_nothing():
    assert LeadFilter.from_query({"language": "fr"}).language == ""
    assert LeadFilter.from_query({"language": "es"}).language == "es"


def test_the_export_has_each_leads_language(session_factory):
    save_intake(session_factory, intake("conv-es", language="es"))
    rows = lead_rows(session_factory, criteria(LeadFilter(), ZONE))
    assert "language" in COLUMNS
    assert rows[0]["language"] == "es"
    assert "language" in to_csv(rows).splitlines()[0].split(",")


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'clinic.db'}"
    return request.getfixturevalue("postgres_database")


def _add_old_lead(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO leads (reference, name, phone, preferred_contact, preferred_time, "
            "channel, conversation_id, status, created_at, updated_at) VALUES ('L-00000001', "
            "'Maria', '+12105550123', 'text', 'any', 'rest', 'c1', 'new', '2026-11-01', "
            "'2026-11-01')"))


def test_migration_0011_gives_earlier_leads_english_and_goes_back_down(empty_database):
    migrate.upgrade(empty_database, "0010")
    engine = make_engine(empty_database)
    try:
        _add_old_lead(engine)
        migrate.upgrade(empty_database, "0011")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT language FROM leads")).scalar_one() == "en"
        assert "ix_leads_language_created_at" in {
            i["name"] for i in inspect(engine).get_indexes("leads")}

        command.downgrade(migrate.alembic_config(empty_database), "0010")
        engine.dispose()
        assert "language" not in {c["name"] for c in inspect(engine).get_columns("leads")}
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM leads")).scalar_one() == 1
        migrate.upgrade(empty_database)  # and up again over the same leads
    finally:
        engine.dispose()


def test_migration_0011_keeps_the_search_index_triggers_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            triggers = {row[0] for row in connection.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    finally:
        engine.dispose()
    assert {"leads_search_insert", "leads_search_update", "leads_search_delete"} <= triggers


def _staff_notifications(session_factory) -> dict:
    with session_factory() as session:
        return {row.channel: row.payload for row in session.query(Notification).filter_by(
            topic="callback")}


@pytest.mark.parametrize(("language", "says_spanish"), [("es", True), ("en", False)])
def test_staff_are_told_a_spanish_speaking_lead_prefers_spanish(
        session_factory, make_settings, language, says_spanish):
    settings = make_settings(STAFF_EMAIL="desk@clinic.example",
                             STAFF_WEBHOOK_URL="https://hooks.clinic.example/lead",
                             STAFF_WEBHOOK_SECRET="s3cret")
    lead = save_intake(session_factory, intake("conv-1", language=language)).reference
    request_callback(session_factory, lead_reference=lead, callback_time="morning",
                     channel="socketio", conversation_id="conv-1",
                     notify=staff_notify(settings, "callback", best_time="morning"))
    sent = _staff_notifications(session_factory)
    email, webhook = sent["email"], sent["webhook"]
    assert webhook["language"] == language
    assert ("(prefers Spanish)" in email["subject"]) is says_spanish
    assert email["body"].startswith("Prefers Spanish") is says_spanish
    assert ("Language: Spanish" if says_spanish else "Language: English") in email["body"]
