"""Leads from the short way (a call back, or booking without the questions): name, number and
consent only, with the same rules about numbers as a full intake."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from bot.store.leads import ConsentRecord, ContactRecord, save_contact, save_intake
from bot.store.models import Lead
from tests.store.conftest import intake

QUICK_CONSENT = ConsentRecord(True, "quick-2026-11-27", "cd" * 32,
                              datetime(2026, 11, 27, 16, 0, tzinfo=timezone.utc))


def contact(conversation_id: str = "conv-9", phone: str = "+12105550177",
            **changes) -> ContactRecord:
    values = dict(conversation_id=conversation_id, channel="rest", name="Dolores Villarreal",
                  phone=phone, consent=QUICK_CONSENT)
    values.update(changes)
    return ContactRecord(**values)  # type: ignore[arg-type]


def test_a_call_back_request_is_stored_as_a_lead_without_an_assessment(session_factory):
    saved = save_contact(session_factory, contact())
    assert saved.new_lead and saved.reference.startswith("L-")
    with session_factory() as session:
        lead = session.scalars(select(Lead)).one()
        assert (lead.name, lead.phone, lead.preferred_contact) == (
            "Dolores Villarreal", "+12105550177", "call")
        assert lead.assessments == []
        [consent] = lead.consents
        assert (consent.kind, consent.granted, consent.wording_version) == (
            "data", True, "quick-2026-11-27")


def test_asking_again_in_the_same_conversation_updates_the_same_lead(session_factory):
    first = save_contact(session_factory, contact())
    second = save_contact(session_factory, contact(name="Dolores V."))
    assert first.reference == second.reference and not second.new_lead
    with session_factory() as session:
        assert session.scalars(select(Lead.name)).all() == ["Dolores V."]


def test_an_unproven_number_of_an_existing_lead_makes_a_possible_duplicate(session_factory):
    original = save_intake(session_factory, intake("conv-1", phone="+12105550177"))
    saved = save_contact(session_factory, contact("conv-2", name="Someone Else"))
    assert saved.new_lead and saved.duplicate_of == original.reference
    with session_factory() as session:
        names = {lead.reference: lead.name for lead in session.scalars(select(Lead))}
    assert names[original.reference] == "Maria Lopez"  # the owner's details are untouched


def test_a_proven_number_joins_its_existing_lead(session_factory):
    original = save_intake(session_factory, intake("conv-1", phone="+12105550177"))
    saved = save_contact(session_factory, contact("conv-2", phone_proven=True))
    assert saved.reference == original.reference and not saved.new_lead
