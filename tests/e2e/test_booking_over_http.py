"""A candidate books a consultation over HTTP: slots, confirmation, .ics, emails."""

from __future__ import annotations

import re
import time

import pytest
import requests
from sqlalchemy import delete, select

from bot.store.db import make_engine, make_session_factory
from bot.store.models import Consultation, Lead
from tests.e2e.conftest import E2E_PRICE, STAFF_EMAIL, Visitor
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
    assert "icepick" not in body and "Scar" not in body  # the full record stays in the database
    assert "/staff/leads/L-" in body  # the lead's page in the portal, for the full record
    visitor_mail = _wait_for(lambda: inbox.to("maria@example.com"))
    attachments = [p.get_filename() for p in visitor_mail[-1].walk() if p.get_filename()]
    assert attachments == ["consultation.ics"]


def _status(assistant, phone: str):  # type: ignore[no-untyped-def]
    engine = make_engine(assistant.settings.database_url)
    with make_session_factory(engine)() as session:
        status = session.scalars(
            select(Consultation.status).join(Lead).where(Lead.phone == phone)).one()
    engine.dispose()
    return status.value


def _book(visitor: Visitor, phone: str) -> str:
    """Intake and the first free slot; the booking reference from the confirmation."""
    visitor.reads("am I a good candidate?")
    offer = finish_intake(visitor, phone)[-1]
    confirmation = visitor.reads(offer["buttons"][0]["payload"])
    return re.search(r"Reference (C-[0-9A-F]{8})", confirmation).group(1)


def test_cancel_in_the_same_conversation_after_a_yes(visitor, assistant):
    visitor.reads("am I a good candidate?")
    offer = finish_intake(visitor, "210 555 0172")[-1]
    visitor.says(offer["buttons"][0]["payload"])
    [question] = visitor.says("I need to cancel my appointment")
    assert question["text"].startswith("Cancel your consultation on")
    assert _status(assistant, "+12105550172") == "requested"
    reply = visitor.reads("yes")
    assert "is cancelled" in reply
    assert _status(assistant, "+12105550172") == "cancelled"


def test_a_day_in_free_text_offers_that_days_times(visitor):
    visitor.reads("am I a good candidate?")
    finish_intake(visitor, "210 555 0173")
    [reply] = visitor.says("next tuesday afternoon")
    assert reply["buttons"]
    assert all(b["title"].startswith("Tue") for b in reply["buttons"][:-1])


def test_cancel_later_from_a_new_conversation_by_reference_and_number(visitor, assistant):
    reference = _book(visitor, "210 555 0174")
    returning = Visitor(assistant)  # another day, another browser: a new conversation
    assert "booking reference" in returning.reads("please cancel my appointment")
    assert "mobile number you booked with" in returning.reads(reference.lower())
    assert "doesn't look like a phone number" in returning.reads("my number")
    question = returning.reads("(210) 555-0174")
    assert question.startswith("Cancel your consultation on")
    assert _status(assistant, "+12105550174") == "requested"
    assert "is cancelled" in returning.reads("yes")
    assert _status(assistant, "+12105550174") == "cancelled"


def test_reference_and_number_in_one_message_then_no_keeps_it(visitor, assistant):
    reference = _book(visitor, "210 555 0175")
    returning = Visitor(assistant)
    returning.reads("I need to cancel my consultation")
    assert returning.reads(f"{reference} 210 555 0175").startswith("Cancel your consultation")
    assert "kept your consultation" in returning.reads("no")
    assert _status(assistant, "+12105550175") == "requested"


def test_a_phone_number_as_sender_id_cannot_cancel(visitor, assistant):
    # The REST channel refuses a sender that is a phone number (bot/channels/phone_ids.py);
    # the actions would not take it as the visitor's number either
    # (tests/actions/booking/test_booking_ownership.py).
    _book(visitor, "210 555 0176")
    response = requests.post(
        f"{assistant.rasa_url}/webhooks/rest/webhook",
        json={"sender": "+12105550176", "message": "cancel my appointment"},
        timeout=30,
    )
    assert response.status_code == 400
    assert _status(assistant, "+12105550176") == "requested"


def test_a_wrong_reference_reveals_nothing_and_the_sixth_try_is_sent_to_the_phone(
    visitor, assistant
):
    reference = _book(visitor, "210 555 0177")
    guesser = Visitor(assistant)
    replies = set()
    for guess in range(5):
        guesser.reads("cancel my appointment")
        reply = guesser.reads(f"C-0000000{guess} 210 555 0177")
        assert "couldn't find an upcoming consultation" in reply
        assert "Cancel your consultation" not in reply
        replies.add(reply)
    assert len(replies) == 1  # the same words for every failure
    guesser.reads("cancel my appointment")
    sixth = guesser.reads(f"{reference} 210 555 0177")
    assert "please call the clinic at" in sixth.lower() and "Cancel your" not in sixth
    assert _status(assistant, "+12105550177") == "requested"


def test_a_time_in_words_is_read_back_and_booked_on_yes(visitor, assistant):
    visitor.reads("am I a good candidate?")
    finish_intake(visitor, "210 555 0178")
    [question] = visitor.says("tomorrow at 3pm")
    assert question["text"].startswith("Book ") and question["text"].endswith("(Central time)?")
    assert "You're booked" in visitor.reads("yes")
    assert _status(assistant, "+12105550178") == "requested"


def test_a_malformed_button_and_a_deleted_lead_get_answers_and_the_talk_goes_on(
    visitor, assistant
):
    visitor.reads("am I a good candidate?")
    offer = finish_intake(visitor, "210 555 0179")[-1]
    assert "couldn't read that time" in visitor.reads('/choose_time{"slot_start": 5}')
    engine = make_engine(assistant.settings.database_url)
    with make_session_factory(engine).begin() as session:
        session.execute(delete(Lead).where(Lead.phone == "+12105550179"))
    engine.dispose()
    reply = visitor.reads(offer["buttons"][0]["payload"])
    assert "something went wrong on our side" in reply and "(210) 555-0147" in reply
    assert E2E_PRICE in visitor.reads("how much is microneedling?")


def test_a_move_asked_with_reference_and_number_in_the_first_message_offers_times(
        visitor, assistant):
    reference = _book(visitor, "210 555 0178")
    returning = Visitor(assistant)
    replies = returning.says(f"hi can i move my appointment {reference}, my cell is 210 555 0178")
    said = " ".join(reply.get("text") or "" for reply in replies)
    assert "booking reference" not in said and "mobile number you booked with" not in said
    assert any(button["payload"].startswith("/choose_time")
               for reply in replies for button in reply.get("buttons", []))
