"""A texter whose number has a lead, as the actions see it: the session started by their text
takes the lead's reference and links the conversation to it, the greeting names them, and the
intake and the short way do not ask again for the name and number. A web sender id that is the
same number, even with a made-up MessageSid, gets none of it."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Tuple

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from actions.clinic_info import ActionGreet, ActionTellMyBooking
from actions.intake.finish import ActionResetIntake, ActionStartIntake
from actions.intake.shortcuts import ActionStartShortcut
from actions.session import SESSION_METADATA_SLOT, ActionSessionStart
from bot.booking.ownership import SMS_MESSAGE_SID
from bot.settings import Settings
from bot.store.bookings import book_slot
from bot.store.db import session_factory_for
from bot.store.leads import save_intake
from bot.store.models import Lead
from bot.store.sms import claim_message
from tests.store.conftest import intake

PHONE = "+12105550123"


@pytest.fixture
def clinic(migrated_sqlite_url, make_settings) -> Tuple[Settings, sessionmaker]:
    """Settings for the actions and sessions on their (migrated, empty) database."""
    settings = make_settings(DATABASE_URL=migrated_sqlite_url)
    return settings, session_factory_for(migrated_sqlite_url)


def tracker(
    sender: str = PHONE,
    channel: str | None = "sms",
    text: str = "hi",
    intent: str = "greet",
    **slots: Any,
) -> Tracker:
    """A conversation whose latest message came in on `channel` (None: not yet any)."""
    message = {"text": text, "intent": {"name": intent}, "entities": []}
    events: List[Dict[str, Any]] = (
        []
        if channel is None
        else [{"event": "user", "text": text, "input_channel": channel, "parse_data": message}]
    )
    return Tracker(
        sender, slots, message if events else {}, events, False, None, {}, "action_listen"
    )


def run(action, tracker_: Tracker) -> tuple[List[Dict[str, Any]], Dict[str, Any]]:
    """(what the action said, the slots it set)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def session_start(settings, sender: str, sid: str | None) -> Dict[str, Any]:
    """The slots a session started by a message with this MessageSid in its metadata sets."""
    metadata = {SMS_MESSAGE_SID: sid} if sid else None
    _said, slots = run(
        ActionSessionStart(settings),
        tracker(sender, channel=None, **{SESSION_METADATA_SLOT: metadata}),
    )
    return slots


def _lead(sessions, conversation: str = "web-1") -> str:
    return save_intake(sessions, intake(conversation, phone=PHONE)).reference


def _latest_conversation(sessions, reference: str) -> str:
    with sessions() as session:
        return session.scalars(
            select(Lead.conversation_id).where(Lead.reference == reference)
        ).one()


def test_a_session_started_by_a_text_from_a_number_with_a_lead_knows_the_lead(clinic):
    settings, sessions = clinic
    reference = _lead(sessions)
    claim_message(sessions, "SM-first", PHONE, datetime.now(timezone.utc))
    slots = session_start(settings, PHONE, "SM-first")
    assert slots == {"lead_reference": reference}  # no contact or health detail
    assert _latest_conversation(sessions, reference) == PHONE


def test_a_web_sender_id_that_is_the_number_is_not_known_even_with_a_message_sid(clinic):
    settings, sessions = clinic
    reference = _lead(sessions)
    # Never received by the SMS channel: a web client made it up.
    assert session_start(settings, PHONE, "SM-made-up") == {}
    assert session_start(settings, PHONE, None) == {}
    # A real text's sid under another sender id proves nothing either.
    claim_message(sessions, "SM-real", PHONE, datetime.now(timezone.utc))
    assert session_start(settings, "visitor-1", "SM-real") == {}
    assert _latest_conversation(sessions, reference) == "web-1"


def test_a_session_started_by_a_text_from_a_new_number_only_carries_over(clinic):
    settings, sessions = clinic
    claim_message(sessions, "SM-new", PHONE, datetime.now(timezone.utc))
    _said, slots = run(
        ActionSessionStart(settings),
        tracker(
            PHONE,
            channel=None,
            crisis_support=True,
            contact_name="Maria Lopez",
            **{SESSION_METADATA_SLOT: {SMS_MESSAGE_SID: "SM-new"}},
        ),
    )
    assert slots == {"crisis_support": True}


def test_a_known_texter_is_greeted_back_by_first_name(clinic):
    settings, sessions = clinic
    _lead(sessions)
    [hello], _ = run(ActionGreet(settings), tracker())
    assert hello["text"].startswith(f"Hi Maria, welcome back to {settings.clinic.name}!")
    assert "Lopez" not in hello["text"] and "severe" not in hello["text"]


def test_the_same_number_as_a_web_sender_id_or_a_new_texter_is_greeted_as_anyone(clinic):
    settings, sessions = clinic
    _lead(sessions)
    for someone in (tracker(channel="rest"), tracker(sender="+12105550199")):
        [hello], _ = run(ActionGreet(settings), someone)
        assert hello["text"].startswith(f"Hi, welcome to {settings.clinic.name}!")
        assert "Maria" not in hello["text"]


def test_the_intake_of_a_known_texter_starts_with_their_name_and_number(clinic):
    settings, sessions = clinic
    _lead(sessions)
    for action in (ActionStartIntake(settings), ActionResetIntake(settings)):
        _said, slots = run(
            action,
            tracker(
                text="am I a candidate",
                intent="request_assessment",
                contact_email="old@example.com",
            ),
        )
        assert slots["contact_name"] == "Maria Lopez" and slots["contact_phone"] == PHONE
        assert slots["contact_email"] is None and slots["scar_types"] is None  # the rest reset
    _said, slots = run(
        ActionStartIntake(settings),
        tracker(channel="rest", text="am I a candidate", intent="request_assessment"),
    )
    assert slots["contact_name"] is None and slots["contact_phone"] is None


def test_the_short_way_asks_a_known_texter_only_for_consent(clinic):
    settings, sessions = clinic
    _lead(sessions)
    _said, slots = run(
        ActionStartShortcut(settings),
        tracker(text="can you call me back", intent="request_callback"),
    )
    assert slots["contact_name"] == "Maria Lopez" and slots["contact_phone"] == PHONE
    assert slots["quick_consent"] is None  # consent is asked again, for this request
    # Details written in the request win over the stored ones.
    _said, slots = run(
        ActionStartShortcut(settings),
        tracker(text="call me, I'm Tom Baker, 210 555 0160", intent="request_callback"),
    )
    assert slots["contact_name"] == "Tom Baker" and slots["contact_phone"] == "+12105550160"


def test_the_short_way_tells_a_known_texter_only_their_consent_is_needed(clinic):
    settings, sessions = clinic
    _lead(sessions)
    said, _slots = run(
        ActionStartShortcut(settings),
        tracker(text="can you call me back", intent="request_callback"),
    )
    assert [m["response"] for m in said] == ["utter_callback_intro_consent_only"]
    said, _slots = run(
        ActionStartShortcut(settings),
        tracker(text="I want to skip to booking", intent="skip_to_booking"),
    )
    assert [m["response"] for m in said] == ["utter_skip_intro_consent_only"]
    # On the web, the same number as sender id is nobody known: name and number are asked.
    said, _slots = run(
        ActionStartShortcut(settings),
        tracker(channel="rest", text="can you call me back", intent="request_callback"),
    )
    assert [m["response"] for m in said] == ["utter_callback_intro"]


def test_a_known_texter_asking_what_they_booked_hears_of_their_booking_made_on_the_web(clinic):
    settings, sessions = clinic
    starts_at = (datetime.now(timezone.utc) + timedelta(days=3)).replace(
        minute=0, second=0, microsecond=0
    )
    book_slot(
        sessions,
        reference="C-0000ABCD",
        lead_reference=_lead(sessions),
        starts_at=starts_at,
        minutes=30,
        channel="rest",
        conversation_id="web-1",
    )
    asks = {"text": "what did I book?", "intent": "ask_my_booking"}
    [told], _ = run(ActionTellMyBooking(settings), tracker(**asks))
    assert "C-0000ABCD" in told["text"] and told["text"].startswith("Your consultation")
    # The same number as a web sender id proves nothing.
    [told], _ = run(ActionTellMyBooking(settings), tracker(channel="rest", **asks))
    assert "C-0000ABCD" not in told["text"] and "can't see a booking" in told["text"]
