"""Only the owner changes a booking: found by reference and number together, then a yes."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.booking.book import ActionBookSlot
from actions.booking.confirm import ActionAnswerConfirmation
from actions.booking.manage import ActionChangeConsultation, ValidateBookingLookupForm
from actions.booking.offer import ActionStartBooking
from bot.store.models import Consultation, Notification
from tests.actions.booking.test_booking_actions import run, stored_lead, tracker

FORM_DOMAIN = {
    "forms": {"booking_lookup_form": {"required_slots": ["lookup_reference", "lookup_phone"]}},
    "slots": {"lookup_reference": {"type": "any", "mappings": [{"type": "custom"}]},
              "lookup_phone": {"type": "any", "mappings": [{"type": "custom"}]}},
}
CONTACT_SLOTS = {"contact_name", "contact_phone", "contact_email"}


def run_with_events(action, tracker_, domain=None) -> tuple[List[Dict[str, Any]], List[Dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, domain or {}))
    return dispatcher.messages, events


def slot_values(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def booked(settings, sessions, phone: str = "+12105550123", conversation: str = "conv-1") -> str:
    lead = stored_lead(sessions, phone, conversation)
    [offer] = run(ActionStartBooking(settings), tracker(sender=conversation, **lead))
    run(ActionBookSlot(settings),
        tracker(offer["buttons"][0]["payload"], sender=conversation, **lead))
    with sessions() as session:
        return session.scalars(select(Consultation.reference).where(
            Consultation.conversation_id == conversation)).one()


def status(sessions, reference: str) -> str:
    with sessions() as session:
        return session.scalars(select(Consultation.status).where(
            Consultation.reference == reference)).one().value


def lookup(sender: str, reference: str | None, phone: str | None, intent="cancel_appointment"):
    return tracker("cancel my appointment", sender=sender, intent=intent,
                   lookup_reference=reference, lookup_phone=phone)


def test_a_phone_number_as_web_sender_id_proves_nothing(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    reference = booked(settings, sessions)
    intruder = tracker("cancel my appointment", sender="+12105550123",
                       intent="cancel_appointment", active_loop="booking_lookup_form")
    required = asyncio.run(ValidateBookingLookupForm(settings).required_slots(
        ["lookup_reference", "lookup_phone"], CollectingDispatcher(), intruder, FORM_DOMAIN))
    assert required == ["lookup_reference", "lookup_phone"]
    [reply], events = run_with_events(ActionChangeConsultation(settings), intruder)
    assert "couldn't find" in reply["text"] and "Cancel" not in reply["text"]
    assert not CONTACT_SLOTS & set(slot_values(events))
    assert status(sessions, reference) == "requested"


def test_reference_and_number_find_the_booking_then_only_a_yes_cancels_it(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    reference = booked(settings, sessions)
    [question], events = run_with_events(
        ActionChangeConsultation(settings), lookup("new-visit", reference.lower(), "+12105550123"))
    assert question["text"].startswith("Cancel your consultation on ")
    assert question["text"].endswith("(Central time)?")
    assert [b["payload"] for b in question["buttons"]] == ["/affirm", "/deny"]
    slots = slot_values(events)
    assert not CONTACT_SLOTS & set(slots)  # the owner's details stay in the database
    assert slots["proven_phone"] == "+12105550123" and slots["lead_reference"].startswith("L-")
    assert status(sessions, reference) == "requested"

    answer = tracker("yes", sender="new-visit", intent="affirm",
                     **{k: v for k, v in slots.items() if v is not None})
    [done] = run(ActionAnswerConfirmation(settings), answer)
    assert "is cancelled" in done["text"]
    assert status(sessions, reference) == "cancelled"
    with sessions() as session:
        staff = session.scalars(select(Notification).where(
            Notification.topic == "cancelled")).one()
    assert "Maria Lopez" in staff.payload["subject"]  # read from the database by reference
    assert f"/staff/leads/{slots['lead_reference']}" in staff.payload["body"]  # its page


def test_no_keeps_the_consultation(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    reference = booked(settings, sessions)
    _, events = run_with_events(ActionChangeConsultation(settings),
                                lookup("new-visit", reference, "+12105550123"))
    slots = {k: v for k, v in slot_values(events).items() if v is not None}
    [reply] = run(ActionAnswerConfirmation(settings),
                  tracker("no", sender="new-visit", intent="deny", **slots))
    assert reply["text"].startswith("OK, I've kept your consultation on")
    assert status(sessions, reference) == "requested"


def test_a_wrong_reference_or_number_reveals_nothing(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    reference = booked(settings, sessions)
    replies = [run(ActionChangeConsultation(settings), lookup(f"guess-{i}", ref, phone))[0]["text"]
               for i, (ref, phone) in enumerate([(reference, "+12105550199"),
                                                 ("C-00000000", "+12105550123"),
                                                 ("C-00000000", "+12105550199")])]
    assert len(set(replies)) == 1  # a booking that exists looks like one that doesn't
    assert "couldn't find" in replies[0]
    assert status(sessions, reference) == "requested"


def test_the_sixth_failed_try_is_asked_to_call_the_clinic(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    reference = booked(settings, sessions)
    for guess in range(5):
        [reply] = run(ActionChangeConsultation(settings),
                      lookup("guesser", f"C-0000000{guess}", "+12105550123"))
        assert "couldn't find" in reply["text"]
    [sixth] = run(ActionChangeConsultation(settings), lookup("guesser", reference, "+12105550123"))
    assert "please call the clinic at (210) 555-0147" in sixth["text"].lower()
    assert "Cancel" not in sixth["text"]


def test_reference_and_number_in_one_message_fill_both(booking_env):
    settings, _ = booking_env(BOOKING_MODE="slots")
    message = tracker("it's c-3f9a1c20 and (210) 555-0174", sender="new-visit",
                      intent="inform", active_loop="booking_lookup_form",
                      requested_slot="lookup_reference")
    _, events = run_with_events(ValidateBookingLookupForm(settings), message, FORM_DOMAIN)
    slots = slot_values(events)
    assert (slots["lookup_reference"], slots["lookup_phone"]) == ("C-3F9A1C20", "+12105550174")


def test_a_message_without_a_reference_is_asked_again(booking_env):
    settings, _ = booking_env(BOOKING_MODE="slots")
    message = tracker("I don't have it", sender="new-visit", intent="inform",
                      active_loop="booking_lookup_form", requested_slot="lookup_reference")
    [reply], events = run_with_events(ValidateBookingLookupForm(settings), message, FORM_DOMAIN)
    assert "looks like C-3F9A1C20" in reply["text"]
    assert slot_values(events).get("lookup_reference") is None


def test_the_conversation_that_booked_cancels_without_a_reference_after_a_yes(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    [offer] = run(ActionStartBooking(settings), tracker(**lead))
    run(ActionBookSlot(settings), tracker(offer["buttons"][0]["payload"], **lead))
    own = tracker("cancel it", intent="cancel_appointment", active_loop="booking_lookup_form",
                  **lead)
    required = asyncio.run(ValidateBookingLookupForm(settings).required_slots(
        ["lookup_reference", "lookup_phone"], CollectingDispatcher(), own, FORM_DOMAIN))
    assert required == []
    [question] = run(ActionChangeConsultation(settings), own)
    assert question["text"].startswith("Cancel your consultation on")


def test_a_lead_with_a_consultation_is_told_its_time_and_offered_a_move(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    [offer] = run(ActionStartBooking(settings), tracker(**lead))
    [first] = run(ActionBookSlot(settings), tracker(offer["buttons"][0]["payload"], **lead))
    again, events = run_with_events(ActionStartBooking(settings), tracker(**lead))
    assert again[0]["text"].startswith(
        f"You already have a consultation on {offer['buttons'][0]['title']} (Central time)")
    moving = slot_values(events)["rescheduling"]
    assert moving and moving in first["text"]
    [moved] = run(ActionBookSlot(settings), tracker(offer["buttons"][1]["payload"],
                                            rescheduling=moving, **lead))
    assert moved["text"].startswith("Done, I've moved your consultation")


def test_an_old_slot_button_pressed_after_booking_offers_to_move_to_that_time(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    [offer] = run(ActionStartBooking(settings), tracker(**lead))
    [first] = run(ActionBookSlot(settings), tracker(offer["buttons"][0]["payload"], **lead))
    [asked], events = run_with_events(
        ActionBookSlot(settings), tracker(offer["buttons"][1]["payload"], **lead))
    booked, wanted = offer["buttons"][0]["title"], offer["buttons"][1]["title"]
    assert asked["text"].startswith(f"You already have a consultation on {booked}")
    assert f"Move it to {wanted}" in asked["text"]
    assert [b["title"] for b in asked["buttons"]] == ["Yes", "No"]
    values = slot_values(events)
    assert values["rescheduling"] in first["text"]
    yes = tracker("/affirm", intent="affirm", rescheduling=values["rescheduling"],
                  pending_confirmation=values["pending_confirmation"], **lead)
    [moved] = run(ActionAnswerConfirmation(settings), yes)
    assert moved["text"].startswith("Done, I've moved your consultation")
    assert status(sessions, values["rescheduling"]) == "cancelled"


@pytest.mark.parametrize("sender", ["+12105550123", "visitor-abc"])
def test_another_conversation_cannot_move_a_booking_by_slots_alone(booking_env, sender):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    reference = booked(settings, sessions)
    other = stored_lead(sessions, "+12105550124", "conv-2")
    [offer] = run(ActionStartBooking(settings), tracker(sender=sender, **other))
    run(ActionBookSlot(settings), tracker(offer["buttons"][1]["payload"], sender=sender,
                                  rescheduling=reference, **other))
    assert status(sessions, reference) == "requested"
