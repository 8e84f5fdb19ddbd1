"""Booking is race-safe: one live consultation per start time, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.store.bookings import (
    NotificationDraft,
    SlotTakenError,
    book_slot,
    booked_starts,
    cancel,
    request_callback,
    upcoming_for_phone,
)
from bot.store.leads import save_intake
from bot.store.models import Consultation, Lead, Notification, new_consultation_reference
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
