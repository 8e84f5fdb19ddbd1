"""A candidate books a consultation over HTTP: slots, confirmation, .ics, emails."""

from __future__ import annotations

import time

import pytest
import requests
from sqlalchemy import select

from bot.store.db import make_engine, make_session_factory
from bot.store.models import Consultation, Lead
from tests.e2e.conftest import STAFF_EMAIL, Visitor
from tests.e2e.test_intake_over_http import finish_intake

pytestmark = pytest.mark.e2e


def _wait_for(predicate, seconds: float = 10.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    return predicate()


def test_a_candidate_books_a_slot_and_gets_confirmation_calendar_and_email(
    visitor, assistant, inbox
):
    visitor.reads("am I a good candidate?")
    offer = finish_intake(visitor, "210 555 0171")[-1]
    assert "book your consultation now" in offer["text"]
    slot_buttons = [b for b in offer["buttons"] if b["title"] != "More times"]
    assert len(slot_buttons) == 4

    more = visitor.says("more times")[-1]
    assert not {b["payload"] for b in more["buttons"]} & {b["payload"] for b in slot_buttons}

    replies = visitor.says(slot_buttons[0]["payload"])  # /choose_time{"slot_start": ...}
    text = "\n".join(r.get("text", "") for r in replies)
    assert text.startswith("You're booked")
    assert slot_buttons[0]["title"] in text
    [link] = [r["attachment"] for r in replies if r.get("attachment")]
    calendar = requests.get(link.replace(
        assistant.settings.public_base_url, assistant.rasa_url), timeout=10)
    assert calendar.status_code == 200
    assert calendar.headers["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in calendar.text and "DTSTART" in calendar.text

    staff = _wait_for(lambda: inbox.to(STAFF_EMAIL))
    assert staff and "New consultation booked: Maria Lopez" in staff[-1]["Subject"]
    body = staff[-1].get_payload()
    assert "+12105550171" in body and "severe" in body
    assert "icepick" not in body and "Scar" not in body  # the full record stays in the portal
    visitor_mail = _wait_for(lambda: inbox.to("maria@example.com"))
    attachments = [p.get_filename() for p in visitor_mail[-1].walk() if p.get_filename()]
    assert attachments == ["consultation.ics"]


def test_cancel_in_the_same_conversation(visitor, assistant):
    visitor.reads("am I a good candidate?")
    offer = finish_intake(visitor, "210 555 0172")[-1]
    visitor.says(offer["buttons"][0]["payload"])
    reply = visitor.reads("I need to cancel my appointment")
    assert "is cancelled" in reply
    engine = make_engine(assistant.settings.database_url)
    with make_session_factory(engine)() as session:
        status = session.scalars(
            select(Consultation.status).join(Lead).where(Lead.phone == "+12105550172")).one()
    engine.dispose()
    assert status.value == "cancelled"


def test_a_day_in_free_text_offers_that_days_times(visitor):
    visitor.reads("am I a good candidate?")
    finish_intake(visitor, "210 555 0173")
    [reply] = visitor.says("next tuesday afternoon")
    assert reply["buttons"]
    assert all(b["title"].startswith("Tue") for b in reply["buttons"][:-1])


def test_cancel_later_from_a_new_conversation_by_mobile_number(visitor, assistant):
    visitor.reads("am I a good candidate?")
    offer = finish_intake(visitor, "210 555 0174")[-1]
    visitor.says(offer["buttons"][0]["payload"])
    returning = Visitor(assistant)  # another day, another browser: a new conversation
    assert "mobile number you booked with" in returning.reads("please cancel my appointment")
    assert "doesn't look like a phone number" in returning.reads("my number")
    assert "is cancelled" in returning.reads("(210) 555-0174")
