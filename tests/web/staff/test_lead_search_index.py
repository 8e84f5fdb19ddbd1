"""The search's index (migration 0008) follows every new, changed and removed lead."""

from __future__ import annotations

from sqlalchemy import inspect, text

from bot.store.lead_list import LeadFilter, criteria, lead_page
from bot.store.models import Lead
from tests.web.staff.conftest import add_intake


def _found(sessions, q: str, zone) -> list:
    return [row.name for row in lead_page(sessions, LeadFilter(q=q), zone).rows]


def test_the_search_index_follows_new_renamed_and_removed_leads(database_url, make_settings):
    from bot.store.db import session_factory_for

    sessions = session_factory_for(database_url)
    zone = make_settings().clinic.timezone
    reference = add_intake(sessions, "c1", "Maria Lopez", "+12105550123")
    add_intake(sessions, "c2", "Jon Park", "+12105550199")
    assert _found(sessions, "lopez", zone) == ["Maria Lopez"]
    with sessions.begin() as session:
        session.query(Lead).filter_by(reference=reference).one().name = "Maria Quintanilla"
    assert _found(sessions, "lopez", zone) == []
    assert _found(sessions, "quintan", zone) == ["Maria Quintanilla"]
    assert _found(sessions, "Pa", zone) == ["Jon Park"]  # too short for trigrams: a scan
    with sessions.begin() as session:
        session.delete(session.query(Lead).filter_by(reference=reference).one())
    assert _found(sessions, "quintan", zone) == []
    assert _found(sessions, "5550199", zone) == ["Jon Park"]
    sessions.kw["bind"].dispose()


def test_the_search_reads_the_index_not_every_lead(database_url, make_settings):
    from bot.store.db import make_engine

    engine = make_engine(database_url)
    try:
        if engine.dialect.name == "sqlite":
            names = {row[0] for row in engine.connect().execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
            assert {"leads_search_insert", "leads_search_update",
                    "leads_search_delete"} <= names
            condition = criteria(LeadFilter(q="lopez"), make_settings().clinic.timezone)
            from sqlalchemy import select

            query = select(Lead.id).where(*condition)
            compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
            with engine.connect() as connection:
                plan = " ".join(str(r) for r in connection.execute(
                    text(f"EXPLAIN QUERY PLAN {compiled}")))
            assert "leads_search VIRTUAL TABLE" in plan
        else:
            indexes = {i["name"] for i in inspect(engine).get_indexes("leads")}
            assert "ix_leads_search_text_trgm" in indexes
    finally:
        engine.dispose()
