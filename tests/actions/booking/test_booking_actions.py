"""The booking actions, run as the action server runs them, against a real database."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any, Dict, List
from urllib.parse import parse_qs, urlsplit

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.booking.book import ActionBookSlot
from actions.booking.manage import ActionChangeConsultation
from actions.booking.offer import ActionOfferMoreSlots, ActionStartBooking
from bot.store.leads import save_intake
from bot.store.models import Consultation, Notification
from tests.store.conftest import intake


def tracker(text: str = "", channel: str = "rest", sender: str = "conv-1",
            intent: str = "choose_time", active_loop: str | None = None,
            **slots: Any) -> Tracker:
    """A tracker whose latest message is `text`; a button payload is parsed as Rasa does."""
    entities = []
    payload = re.match(r"^/choose_time(\{.*\})$", text)
    if payload:
        entities = [{"entity": k, "value": v} for k, v in json.loads(payload[1]).items()]
    message = {"text": text, "intent": {"name": intent}, "entities": entities}
    events: List[Dict[str, Any]] = [{"event": "user", "text": text, "input_channel": channel,
                                     "parse_data": message}]
    loop = {"name": active_loop} if active_loop else {}
    return Tracker(sender, slots, message, events, False, None, loop, "action_listen")


def run(action, tracker_: Tracker) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages


def stored_lead(session_factory, phone: str = "+12105550123", conversation: str = "conv-1"):
    reference = save_intake(session_factory, intake(conversation, phone=phone)).reference
    return dict(lead_reference=reference, contact_name="Maria Lopez", contact_phone=phone,
                contact_email="maria@example.com", contact_time="evening",
                severity_band="severe")


def test_slots_mode_offers_free_times_as_buttons(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    [message] = run(ActionStartBooking(settings), tracker(**stored_lead(sessions)))
    titles = [b["title"] for b in message["buttons"]]
    assert len(titles) == 5 and titles[-1] == "More times"
    assert "Central time" in message["text"]


def test_picking_a_slot_books_it_and_queues_staff_and_visitor_email(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    [offer] = run(ActionStartBooking(settings), tracker(**lead))
    label = offer["buttons"][0]["payload"]
    [confirmation] = run(ActionBookSlot(settings), tracker(label, **lead))
    assert confirmation["text"].startswith("You're booked")
    assert "retinoids" in confirmation["text"]
    assert confirmation["attachment"].endswith(".ics")
    with sessions() as session:
        consultation = session.scalars(select(Consultation)).one()
        assert consultation.status.value == "requested"
        recipients = sorted(session.scalars(select(Notification.recipient)).all())
    assert recipients == ["maria@example.com", "staff@clinic.example"]


def test_a_slot_taken_by_someone_else_offers_the_next_ones(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    first = stored_lead(sessions)
    second = stored_lead(sessions, "+12105550124", "conv-2")
    [offer] = run(ActionStartBooking(settings), tracker(**first))
    label = offer["buttons"][0]["payload"]
    run(ActionBookSlot(settings), tracker(label, **first))
    [reply] = run(ActionBookSlot(settings), tracker(label, sender="conv-2", **second))
    assert "that time isn't free (it may just have been taken)" in reply["text"]
    assert label not in [b["payload"] for b in reply["buttons"]]


def test_more_times_continues_after_the_last_offered_slot(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionStartBooking(settings).run(dispatcher, tracker(**lead), {}))
    [offer] = dispatcher.messages
    offered_after = next(e["value"] for e in events if e["name"] == "offered_after")
    [more] = run(ActionOfferMoreSlots(settings), tracker(offered_after=offered_after, **lead))
    first_labels = {b["payload"] for b in offer["buttons"][:-1]}
    more_labels = {b["payload"] for b in more["buttons"][:-1]}
    assert len(more_labels) == 4 and not first_labels & more_labels


async def _events(action, tracker_: Tracker) -> List[Dict[str, Any]]:
    return await action.run(CollectingDispatcher(), tracker_, {})


def test_link_mode_sends_the_prefilled_booking_url(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="link", BOOKING_URL="https://book.example/clinic?src=bot")
    [message] = run(ActionStartBooking(settings), tracker(**stored_lead(sessions)))
    query = parse_qs(urlsplit(message["attachment"]).query)
    assert query == {"src": ["bot"], "name": ["Maria Lopez"], "email": ["maria@example.com"],
                     "phone": ["+12105550123"]}


def test_callback_mode_records_the_request_and_tells_staff(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="callback")
    [message] = run(ActionStartBooking(settings), tracker(**stored_lead(sessions)))
    assert "will call you in the evening" in message["text"]
    with sessions() as session:
        consultation = session.scalars(select(Consultation)).one()
        assert consultation.starts_at is None and consultation.callback_time == "evening"
        [staff] = session.scalars(select(Notification)).all()
        assert staff.recipient == "staff@clinic.example"
        assert "Callback requested" in staff.payload["subject"]
        assert "scar" not in staff.payload["body"].lower()  # no medical detail beyond band


def test_reschedule_offers_new_times_and_keeps_the_booking(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    [offer] = run(ActionStartBooking(settings), tracker(**lead))
    run(ActionBookSlot(settings), tracker(offer["buttons"][0]["payload"], **lead))
    moving = tracker("can I move it?", **lead)
    moving.events[0]["parse_data"]["intent"]["name"] = "reschedule_appointment"
    events = asyncio.run(_events(ActionChangeConsultation(settings), moving))
    rescheduling: str | None = next(e["value"] for e in events if e["name"] == "rescheduling")
    [confirmation] = run(ActionBookSlot(settings), tracker(offer["buttons"][1]["payload"],
                                                   rescheduling=rescheduling, **lead))
    assert confirmation["text"].startswith("Done, I've moved your consultation")
    with sessions() as session:
        statuses = sorted(s.value for s in session.scalars(select(Consultation.status)))
    assert statuses == ["cancelled", "requested"]
