"""Booking is race-safe: one live consultation per start time, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.store.bookings import (
    AlreadyBookedError,
    LeadContact,
    NotificationDraft,
    SlotTakenError,
    book_slot,
    booked_starts,
    cancel,
    cancel_for_lead,
    find_booking,
    live_consultation,
    request_callback,
    upcoming_for_phone,
)
from bot.store.leads import save_intake
from bot.store.models import (
    BookingLookupFailure,
    Consultation,
    ConsultationStatus,
    Lead,
    Notification,
    new_consultation_reference,
)
from tests.store.conftest import intake

START = datetime(2030, 6, 3, 15, 0, tzinfo=timezone.utc)


def _lead(session_factory, phone="+12105550123", conversation="conv-1") -> str:
    return save_intake(session_factory, intake(conversation, phone=phone)).reference


def _book(session_factory, lead, start=START, **kwargs):
    return book_slot(session_factory, reference=new_consultation_reference(),
                     lead_reference=lead, starts_at=start, minutes=30, channel="rest",
                     conversation_id="conv-1", **kwargs)


def test_a_booked_slot_is_no_longer_free_and_the_lead_is_booked(session_factory):
    lead = _lead(session_factory)
    booked = _book(session_factory, lead, notifications=[
        NotificationDraft("email", "booked", "staff@clinic.example",
                          {"subject": "s", "body": "b"})])
    assert START in booked_starts(session_factory, START - timedelta(days=1),
                                  START + timedelta(days=1))
    with session_factory() as session:
        assert session.scalars(select(Lead.status)).one().value == "booked"
        assert session.scalar(select(func.count()).select_from(Notification)) == 1
    assert len(booked.calendar_token) >= 40


def test_the_same_slot_cannot_be_booked_twice(session_factory):
    _book(session_factory, _lead(session_factory))
    other = _lead(session_factory, "+12105550124", "conv-2")
    with pytest.raises(SlotTakenError):
        _book(session_factory, other)


def test_two_visitors_picking_the_same_slot_at_once_get_one_booking(session_factory):
    leads = [_lead(session_factory, f"+1210555013{i}", f"conv-{i}") for i in range(6)]
    outcomes = []
    barrier = threading.Barrier(len(leads))

    def pick(lead: str) -> None:
        barrier.wait()
        try:
            _book(session_factory, lead)
            outcomes.append("booked")
        except SlotTakenError:
            outcomes.append("taken")

    threads = [threading.Thread(target=pick, args=(lead,)) for lead in leads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["taken"] * 5
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Consultation)) == 1


def test_a_cancelled_slot_can_be_booked_again(session_factory):
    lead = _lead(session_factory)
    booked = _book(session_factory, lead)
    cancel(session_factory, booked.reference)
    assert START not in booked_starts(session_factory, START, START + timedelta(hours=1))
    _book(session_factory, _lead(session_factory, "+12105550125", "conv-3"))


def test_moving_a_booking_frees_the_old_slot_in_the_same_step(session_factory):
    lead = _lead(session_factory)
    first = _book(session_factory, lead)
    later = START + timedelta(days=1)
    _book(session_factory, lead, start=later, replaces=first.reference)
    assert booked_starts(session_factory, START, later + timedelta(hours=1)) == {later}


def test_upcoming_consultation_is_found_by_phone(session_factory):
    lead = _lead(session_factory)
    booked = _book(session_factory, lead)
    found = upcoming_for_phone(session_factory, "+12105550123", START - timedelta(days=1))
    assert found.reference == booked.reference and found.starts_at == START
    assert upcoming_for_phone(session_factory, "+12105550199", START - timedelta(days=1)) is None


def test_callback_request_is_kept_once_per_conversation(session_factory):
    lead = _lead(session_factory)
    first = request_callback(session_factory, lead_reference=lead, callback_time="evening",
                             channel="rest", conversation_id="conv-1")
    again = request_callback(session_factory, lead_reference=lead, callback_time="morning",
                             channel="rest", conversation_id="conv-1")
    assert first.reference == again.reference
    with session_factory() as session:
        assert session.scalars(select(Consultation.callback_time)).one() == "morning"


def test_a_lead_cannot_hold_two_live_consultations_even_past_the_check(session_factory):
    lead = _lead(session_factory)
    _book(session_factory, lead)
    with pytest.raises(IntegrityError), session_factory.begin() as session:
        owner = session.scalars(select(Lead)).one()
        session.add(Consultation(lead=owner, starts_at=START + timedelta(days=2),
                                 channel="rest", conversation_id="conv-9"))


def test_a_second_booking_by_the_same_lead_names_the_first(session_factory):
    lead = _lead(session_factory)
    first = _book(session_factory, lead)
    with pytest.raises(AlreadyBookedError) as error:
        _book(session_factory, lead, start=START + timedelta(days=1))
    assert (error.value.reference, error.value.starts_at) == (first.reference, START)


def test_a_lead_booking_two_slots_at_once_keeps_one(session_factory):
    lead = _lead(session_factory)
    outcomes = []
    barrier = threading.Barrier(4)

    def pick(day: int) -> None:
        barrier.wait()
        try:
            _book(session_factory, lead, start=START + timedelta(days=day))
            outcomes.append("booked")
        except (AlreadyBookedError, SlotTakenError):
            outcomes.append("refused")

    threads = [threading.Thread(target=pick, args=(day,)) for day in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["refused"] * 3
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Consultation)) == 1


def test_a_move_cannot_cancel_another_leads_consultation(session_factory):
    victim = _book(session_factory, _lead(session_factory))
    other = _lead(session_factory, "+12105550124", "conv-2")
    _book(session_factory, other, start=START + timedelta(days=1), replaces=victim.reference)
    with session_factory() as session:
        status = session.scalars(select(Consultation.status).where(
            Consultation.reference == victim.reference)).one()
    assert status is ConsultationStatus.REQUESTED


def test_notifications_get_the_leads_contact_details_from_the_database(session_factory):
    lead = _lead(session_factory)
    seen = []

    def notify(contact: LeadContact):
        seen.append(contact)
        return [NotificationDraft("email", "booked", "staff@clinic.example",
                                  {"subject": contact.name, "body": contact.phone})]

    booked = _book(session_factory, lead, notify=notify)
    assert seen == [LeadContact(lead, "Maria Lopez", "+12105550123", "maria@example.com",
                                "severe")]
    assert len(booked.notification_ids) == 1


def test_a_booking_is_found_only_by_its_reference_and_the_leads_number(session_factory):
    booked = _book(session_factory, _lead(session_factory))
    now = START - timedelta(days=1)

    def find(reference: str, phone: str):
        return find_booking(session_factory, reference=reference, phone=phone,
                            conversation_id="web-1", now=now)

    assert find(booked.reference.lower(), "+12105550123").found.reference == booked.reference
    assert find(booked.reference, "+12105550199").found is None
    assert find("C-00000000", "+12105550123").found is None


def test_the_sixth_failed_lookup_in_a_conversation_is_refused_even_when_right(session_factory):
    booked = _book(session_factory, _lead(session_factory))
    now = START - timedelta(days=1)
    for guess in range(5):
        result = find_booking(session_factory, reference=f"C-0000000{guess}",
                              phone="+12105550123", conversation_id="web-1", now=now)
        assert not result.blocked and result.found is None
    right = find_booking(session_factory, reference=booked.reference, phone="+12105550123",
                         conversation_id="web-1", now=now)
    assert right.blocked and right.found is None
    later = find_booking(session_factory, reference=booked.reference, phone="+12105550123",
                         conversation_id="web-1", now=now + timedelta(hours=1, minutes=1))
    assert later.found is not None


def test_failed_lookups_for_one_number_count_across_conversations(session_factory):
    _book(session_factory, _lead(session_factory))
    now = START - timedelta(days=1)
    for conversation in range(5):
        find_booking(session_factory, reference="C-00000000", phone="+12105550123",
                     conversation_id=f"web-{conversation}", now=now)
    assert find_booking(session_factory, reference="C-00000000", phone="+12105550123",
                        conversation_id="web-new", now=now).blocked
    assert not find_booking(session_factory, reference="C-00000000", phone="+12105550188",
                            conversation_id="web-new", now=now).blocked
    with session_factory() as session:
        stored = session.scalars(select(BookingLookupFailure.phone_hash)).all()
    assert "+12105550123" not in stored


def test_cancel_for_lead_cancels_only_that_leads_live_consultation(session_factory):
    mine = _lead(session_factory)
    booked = _book(session_factory, mine)
    other = _lead(session_factory, "+12105550124", "conv-2")
    assert cancel_for_lead(session_factory, booked.reference, other) is None
    assert live_consultation(session_factory, mine).reference == booked.reference
    assert cancel_for_lead(session_factory, booked.reference, mine) == []
    assert live_consultation(session_factory, mine) is None


def test_a_callback_request_is_refused_while_a_slot_is_booked(session_factory):
    lead = _lead(session_factory)
    _book(session_factory, lead)
    with pytest.raises(AlreadyBookedError):
        request_callback(session_factory, lead_reference=lead, callback_time="evening",
                         channel="rest", conversation_id="conv-2")
