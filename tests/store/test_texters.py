"""Texters the clinic already knows, on SQLite and PostgreSQL: the number's own lead (never a
possible duplicate), a new conversation linked to it, the proof that a session was started by
a text, and a red flag from a number that opted out reaching staff."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.booking.aftercare import alert_red_flag
from bot.store.aftercare import NO_LEAD_NAME
from bot.store.lead_work import lead_detail
from bot.store.leads import KnownLead, lead_of_number, link_conversation, save_intake
from bot.store.models import Lead, Notification
from bot.store.sms import BEING_ANSWERED_WITHIN, being_answered, claim_message, record_reply
from tests.store.conftest import intake

PHONE = "+12105550123"
OTHER = "+12105550199"
NOW = datetime(2030, 12, 3, 20, 0, tzinfo=timezone.utc)
STAFF = "front-desk@clinic.example"


def test_a_numbers_own_lead_is_known_and_a_duplicate_never_is(session_factory):
    original = save_intake(session_factory, intake("web-1", phone=PHONE)).reference
    # Someone else typed the same number on the web: a possible duplicate, not the owner.
    duplicate = save_intake(session_factory, intake("web-2", phone=PHONE, name="Eve Intruder"))
    assert duplicate.duplicate_of == original
    assert lead_of_number(session_factory, PHONE) == KnownLead(original, "Maria Lopez", PHONE)
    assert lead_of_number(session_factory, OTHER) is None


def test_a_texters_new_conversation_becomes_the_leads_latest_and_is_listed_with_it(session_factory):
    reference = save_intake(session_factory, intake("web-1", phone=PHONE)).reference
    assert link_conversation(session_factory, PHONE, PHONE) == KnownLead(
        reference, "Maria Lopez", PHONE
    )
    with session_factory() as session:
        lead = session.scalars(select(Lead).where(Lead.reference == reference)).one()
        assert lead.conversation_id == PHONE
        assert lead.duplicate_of_id is None
    detail = lead_detail(session_factory, reference)
    assert detail is not None
    assert detail.conversation_ids == ["web-1", PHONE]  # the intake's conversation stays
    assert link_conversation(session_factory, OTHER, OTHER) is None


def test_a_message_sid_proves_its_number_only_while_its_text_is_being_answered(session_factory):
    claim_message(session_factory, "SM-1", PHONE, NOW)
    assert being_answered(session_factory, "SM-1", PHONE, NOW + timedelta(seconds=2))
    assert not being_answered(session_factory, "SM-1", OTHER, NOW)  # another number's sid
    assert not being_answered(session_factory, "SM-unknown", PHONE, NOW)  # never received
    late = NOW + BEING_ANSWERED_WITHIN + timedelta(seconds=1)
    assert not being_answered(session_factory, "SM-1", PHONE, late)
    record_reply(session_factory, "SM-1", ["Hi"], NOW + timedelta(seconds=3))
    assert not being_answered(session_factory, "SM-1", PHONE, NOW + timedelta(seconds=4))


def _staff_alerts(session_factory) -> list[Notification]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(Notification).where(
                    Notification.topic == "red_flag", Notification.recipient == STAFF
                )
            )
        )


def test_a_red_flag_from_an_opted_out_number_flags_its_lead_and_tells_staff_it_went_unanswered(
    session_factory, make_settings
):
    settings = make_settings(STAFF_EMAIL=STAFF)
    reference = save_intake(session_factory, intake("web-1", phone=PHONE)).reference
    ids = alert_red_flag(session_factory, settings, PHONE, "infection", opted_out=True)
    [alert] = _staff_alerts(session_factory)
    assert ids == [alert.id]
    body = alert.payload["body"]
    assert "Red flag reported by text" in alert.payload["subject"]
    assert "Maria Lopez" in alert.payload["subject"]
    assert PHONE in body and "possible infection" in body
    assert "opted out" in body and "do not text" in body
    assert f"/staff/leads/{reference}" in body
    with session_factory() as session:
        lead = session.scalars(select(Lead).where(Lead.reference == reference)).one()
        assert "red_flag_infection" in lead.safety_flags.split()


def test_a_red_flag_from_an_opted_out_number_without_a_lead_still_reaches_staff(
    session_factory, make_settings
):
    settings = make_settings(STAFF_EMAIL=STAFF)
    ids = alert_red_flag(session_factory, settings, OTHER, "self_harm", opted_out=True)
    [alert] = _staff_alerts(session_factory)
    assert ids == [alert.id]
    assert NO_LEAD_NAME in alert.payload["subject"]
    assert OTHER in alert.payload["body"] and "thoughts of self-harm" in alert.payload["body"]
    assert "/staff/leads/" not in alert.payload["body"]  # no lead page to link to


def test_a_red_flag_answered_in_the_conversation_tells_staff_only_about_a_lead(
    session_factory, make_settings
):
    settings = make_settings(STAFF_EMAIL=STAFF)
    # The texter got the escalation itself; with no lead there is nobody to call back.
    assert alert_red_flag(session_factory, settings, OTHER, "infection") == []
    assert _staff_alerts(session_factory) == []
    save_intake(session_factory, intake("web-1", phone=PHONE))
    [_id] = alert_red_flag(session_factory, settings, PHONE, "infection")
    [alert] = _staff_alerts(session_factory)
    assert "opted out" not in alert.payload["body"]
