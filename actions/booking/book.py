"""Book the time a visitor picked (a button or their own words), race-safely.

A button carries the exact start and books straight away. A time read from the visitor's own
words is read back first ("Book Fri Dec 4, 3:00 PM (Central time)?") and booked only on yes
(actions/booking/confirm.py), because reading free text can go wrong.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.offer import (
    SLOT_ENTITY,
    SLOTS_SHOWN,
    offer_slots,
    offer_to_move,
    slot_buttons,
)
from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from bot.booking.free_text import exact_wish, read_wish
from bot.booking.notices import booking_notify, confirmation_text, when_text
from bot.booking.schedule import next_free
from bot.notify.outbox import deliver_soon
from bot.settings import Settings
from bot.store.bookings import AlreadyBookedError, SlotTakenError, book_slot
from bot.store.models import new_consultation_reference

WEB_CHANNELS = {"rest", "socketio"}
PENDING_SLOT = "pending_confirmation"
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
UNREADABLE = ("Sorry, I couldn't read that time. Pick one of these, or say e.g. \"Friday "
              "afternoon\":")
PASSED = "I'm sorry, that time has already passed. These are the next free times:"


@answers_on_failure
class ActionBookSlot(Configured, Action):
    """Book a picked slot, read back a time in the visitor's words, or offer times near it."""

    def name(self) -> str:
        return "action_book_slot"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        settings = self.settings
        lead = tracker.get_slot("lead_reference")
        if settings.clinic.booking_mode != "slots" or not lead:
            dispatcher.utter_message(
                text="To book, say \"I want to book\" and I'll take a few details first, or "
                f"call the clinic at {settings.clinic.phone_display}.")
            return []
        now = datetime.now(timezone.utc)
        events: List[EventType] = [SlotSet(PENDING_SLOT, None)]
        picked = list(tracker.get_latest_entity_values(SLOT_ENTITY))
        text = tracker.latest_message.get("text") or ""
        if picked:
            wish = exact_wish(picked[0], settings.clinic.timezone, now)
        elif text.startswith("/"):  # a payload whose time did not survive parsing
            wish = None
        else:
            wish = read_wish(text, settings.clinic.timezone, now)
        if wish is None:
            return events + await offer_slots(dispatcher, settings, UNREADABLE)
        if wish.window_end <= now or (wish.exact is not None and wish.exact < now):
            return events + await offer_slots(dispatcher, settings, PASSED)
        window_start = wish.window_start.astimezone(timezone.utc)
        window_end = wish.window_end.astimezone(timezone.utc)
        candidates = await asyncio.to_thread(
            next_free, settings, sessions_for(settings), SLOTS_SHOWN,
            window_start - timedelta(microseconds=1), window_end, now)
        if wish.exact is not None:
            if not candidates or candidates[0] != window_start:
                return events + await offer_slots(
                    dispatcher, settings, "I'm sorry, that time isn't free (it may just have "
                    "been taken). These are the nearest free times:", after=window_start)
            if picked:
                return events + await book_time(dispatcher, tracker, settings, lead,
                                                window_start)
            dispatcher.utter_message(text=f"Book {when_text(window_start, settings)}?",
                                     buttons=YES_NO)
            return [SlotSet(PENDING_SLOT, {"kind": "book", "starts_at": window_start.isoformat()})]
        if candidates:
            dispatcher.utter_message(
                text=f"These times are free then ({settings.clinic.timezone_label}):",
                buttons=slot_buttons(candidates, settings))
            return [*events, SlotSet("offered_after", candidates[-1].isoformat())]
        return events + await offer_slots(dispatcher, settings, "Nothing is free then, sorry. "
                                          "These are the next free times:", after=window_start)


async def book_time(
    dispatcher: CollectingDispatcher, tracker: Tracker, settings: Settings, lead: str,
    starts_at: datetime,
) -> List[EventType]:
    """Book `starts_at` for the conversation's lead (moving its consultation if it asked to)."""
    moving = tracker.get_slot("rescheduling")
    reference = new_consultation_reference()
    try:
        booked = await asyncio.to_thread(
            book_slot, sessions_for(settings), reference=reference, lead_reference=lead,
            starts_at=starts_at, minutes=settings.booking.consultation_minutes,
            channel=tracker.get_latest_input_channel() or "", conversation_id=tracker.sender_id,
            replaces=moving,
            notify=booking_notify(settings, "moved" if moving else "booked", reference,
                                  starts_at),
        )
    except SlotTakenError:
        return await offer_slots(
            dispatcher, settings, "I'm sorry, that slot was just taken. Here are the next "
            "free ones:", after=starts_at)
    except AlreadyBookedError as existing:
        return await offer_to_move(dispatcher, settings, existing.reference, existing.starts_at)
    deliver_soon(booked.notification_ids, sessions_for(settings), settings)
    text = confirmation_text(booked.reference, starts_at, settings)
    if moving:
        text = "Done, I've moved your consultation. " + text
    message: Dict[str, Any] = {"text": text}
    if tracker.get_latest_input_channel() in WEB_CHANNELS:
        message["attachment"] = (
            f"{settings.public_base_url}/calendar/{booked.calendar_token}.ics")
    dispatcher.utter_message(**message)
    return [SlotSet("consultation_reference", booked.reference),
            SlotSet("rescheduling", None), SlotSet("offered_after", None)]
