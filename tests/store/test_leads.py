"""Saving intakes: one lead per phone, one assessment per conversation, history kept."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from bot.store.export import lead_rows, to_csv, to_json
from bot.store.leads import count_declined_assessment, save_intake
from bot.store.models import Assessment, Consent, DeclinedAssessmentCount, Lead
from tests.store.conftest import consent, intake


def _count(session_factory, model) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_an_intake_is_stored_with_its_answers_and_consents(session_factory):
    saved = save_intake(session_factory, intake())
    assert saved.new_lead and saved.reference.startswith("L-")
    with session_factory() as session:
        lead = session.scalars(select(Lead)).one()
        assert (lead.name, lead.phone, lead.status.value) == ("Maria Lopez", "+12105550123", "new")
        [assessment] = lead.assessments
        assert assessment.answers["scar_types"] == ["icepick"]
        assert assessment.band == "severe"
        assert {(c.kind, c.granted) for c in lead.consents} == {("data", True),
                                                                 ("marketing", False)}


def test_saving_the_same_conversation_twice_keeps_one_lead_and_one_assessment(session_factory):
    first = save_intake(session_factory, intake())
    second = save_intake(session_factory, intake(band="moderate"))
    assert first.reference == second.reference and not second.new_lead
    assert _count(session_factory, Lead) == 1
    assert _count(session_factory, Assessment) == 1
    assert _count(session_factory, Consent) == 2
    with session_factory() as session:
        assert session.scalars(select(Assessment.band)).one() == "moderate"


def test_a_proven_phone_in_a_new_conversation_updates_its_lead_and_keeps_history(
    session_factory,
):
    save_intake(session_factory, intake("conv-1"))
    save_intake(session_factory, intake("conv-2", name="Maria L. Lopez", email=None,
                                        phone_proven=True))
    with session_factory() as session:
        lead = session.scalars(select(Lead)).one()
        assert lead.name == "Maria L. Lopez"
        assert lead.email == "maria@example.com"  # not wiped by a skipped email
        assert lead.conversation_id == "conv-2"
        assert [a.conversation_id for a in lead.assessments] == ["conv-1", "conv-2"]
        assert len(lead.consents) == 4


def test_concurrent_saves_of_one_conversation_make_one_lead(session_factory):
    errors = []

    def save() -> None:
        try:
            save_intake(session_factory, intake())
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=save) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert _count(session_factory, Lead) == 1
    assert _count(session_factory, Assessment) == 1


def test_declined_assessments_are_only_counted(session_factory):
    count_declined_assessment(session_factory)
    count_declined_assessment(session_factory)
    with session_factory() as session:
        assert session.scalars(select(DeclinedAssessmentCount.count)).one() == 2
    assert _count(session_factory, Lead) == 0


def test_export_has_no_internal_ids_or_conversation_ids(session_factory):
    save_intake(session_factory, intake(conversation_id="secret-conversation-id"))
    rows = lead_rows(session_factory)
    assert rows[0]["phone"] == "+12105550123"
    assert rows[0]["flags"] == ["icepick_scars"]
    assert "id" not in rows[0] and "lead_id" not in rows[0]
    for text in (to_csv(rows), to_json(rows)):
        assert "secret-conversation-id" not in text
        assert "Maria Lopez" in text
    assert to_csv(rows).splitlines()[0].startswith("reference,status,created_at")


def test_an_unproven_intake_with_a_known_phone_is_a_new_lead_marked_duplicate(session_factory):
    original = save_intake(session_factory, intake("conv-1"))
    other = save_intake(session_factory, intake(
        "conv-2", name="Someone Else", email="else@example.com", preferred_contact="call",
        preferred_time="morning", marketing_consent=consent(True)))
    assert other.new_lead and other.reference != original.reference
    assert other.duplicate_of == original.reference
    with session_factory() as session:
        first = session.scalars(select(Lead).where(Lead.reference == original.reference)).one()
        assert (first.name, first.email, first.preferred_contact, first.preferred_time,
                first.conversation_id) == ("Maria Lopez", "maria@example.com", "text",
                                           "evening", "conv-1")
        assert {(c.kind, c.granted) for c in first.consents} == {("data", True),
                                                                  ("marketing", False)}
        assert [a.conversation_id for a in first.assessments] == ["conv-1"]
        second = session.scalars(select(Lead).where(Lead.reference == other.reference)).one()
        assert second.duplicate_of_id == first.id and second.phone == first.phone
        assert ("marketing", True) in {(c.kind, c.granted) for c in second.consents}


def test_saving_a_duplicate_again_in_its_conversation_updates_the_same_duplicate(
    session_factory,
):
    save_intake(session_factory, intake("conv-1"))
    first = save_intake(session_factory, intake("conv-2", name="Someone Else"))
    again = save_intake(session_factory, intake("conv-2", name="Someone Else", band="mild"))
    assert again.reference == first.reference and not again.new_lead
    assert _count(session_factory, Lead) == 2
    assert _count(session_factory, Assessment) == 2


def test_concurrent_first_intakes_for_one_phone_keep_one_original(session_factory):
    errors = []

    def save(conversation: str) -> None:
        try:
            save_intake(session_factory, intake(conversation))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=save, args=(f"conv-{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with session_factory() as session:
        originals = session.scalars(select(Lead).where(Lead.duplicate_of_id.is_(None))).all()
        assert len(originals) == 1
        assert _count(session_factory, Lead) == 4
