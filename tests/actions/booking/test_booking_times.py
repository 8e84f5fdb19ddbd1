"""A time in the visitor's words is read back and booked on yes; past and unreadable times are
refused with the reason and free times; a button books straight away."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from actions.booking.book import ActionBookSlot
from actions.booking.confirm import ActionAnswerConfirmation
from bot.booking.slots import describe_slot
from bot.store.models import Consultation
from tests.actions.booking.test_booking_actions import run, stored_lead, tracker
from tests.actions.booking.test_booking_ownership import run_with_events, slot_values


def consultations(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Consultation))


def test_a_time_in_words_is_read_back_and_booked_only_after_yes(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    zone = settings.clinic.timezone
    tomorrow_3pm = (datetime.now(zone) + timedelta(days=1)).replace(
        hour=15, minute=0, second=0, microsecond=0)
    [question], events = run_with_events(ActionBookSlot(settings),
                                         tracker("tomorrow at 3pm", **lead))
    assert question["text"] == f"Book {describe_slot(tomorrow_3pm, zone)} (Central time)?"
    assert [b["title"] for b in question["buttons"]] == ["Yes", "No"]
    assert consultations(sessions) == 0
    pending = slot_values(events)["pending_confirmation"]
    [confirmation] = run(ActionAnswerConfirmation(settings), tracker(
        "yes", intent="affirm", pending_confirmation=pending, **lead))
    assert confirmation["text"].startswith("You're booked")
    assert consultations(sessions) == 1


def test_no_to_the_time_read_back_books_nothing_and_offers_times(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    _, events = run_with_events(ActionBookSlot(settings), tracker("tomorrow at 3pm", **lead))
    [reply] = run(ActionAnswerConfirmation(settings), tracker(
        "no", intent="deny", pending_confirmation=slot_values(events)["pending_confirmation"],
        **lead))
    assert "haven't booked it" in reply["text"] and len(reply["buttons"]) == 5
    assert consultations(sessions) == 0


@pytest.mark.parametrize("words", ["yesterday at 2", "yesterday"])
def test_a_time_in_the_past_is_refused_with_the_reason(booking_env, words):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    [reply] = run(ActionBookSlot(settings), tracker(words, **stored_lead(sessions)))
    assert reply["text"].startswith("I'm sorry, that time has already passed")
    assert reply["buttons"]
    assert consultations(sessions) == 0


@pytest.mark.parametrize("payload", [
    '/choose_time{"slot_start": 5}',
    '/choose_time{"slot_start": "0001-01-01T10:00:00+00:00"}',
    '/choose_time{"slot_start": "garbage"}',
    '/choose_time{"slot_start": "2030-01-01T10:00:00"}',  # no time zone
    '/choose_time{garbage',
    "blorp",
])
def test_an_unreadable_time_gets_the_reason_and_free_times(booking_env, payload):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    [reply] = run(ActionBookSlot(settings), tracker(payload, **stored_lead(sessions)))
    assert reply["text"].startswith("Sorry, I couldn't read that time")
    assert len(reply["buttons"]) == 5
    assert consultations(sessions) == 0


def test_a_button_from_the_past_is_refused_with_the_reason(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).replace(microsecond=0)
    [reply] = run(ActionBookSlot(settings), tracker(f'/choose_time{{"slot_start": '
                                            f'"{yesterday.isoformat()}"}}',
                                            **stored_lead(sessions)))
    assert reply["text"].startswith("I'm sorry, that time has already passed")
