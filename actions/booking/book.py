"""Book the time a visitor picked (a button or their own words), race-safely."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.common import deliver_soon
from actions.booking.free_text import Wish, read_wish
from actions.booking.notices import confirmation_text, staff_drafts, visitor_confirmation_draft
from actions.booking.offer import SLOT_ENTITY, SLOTS_SHOWN, offer_slots, slot_buttons
from actions.booking.schedule import next_free
from actions.booking.slots import describe_slot
from bot.settings import Settings, get_settings
from bot.store.bookings import Booked, SlotTakenError, book_slot
from bot.store.db import clinic_sessions
from bot.store.models import new_consultation_reference

WEB_CHANNELS = {"rest", "socketio"}


class ActionBookSlot(Action):
    def name(self) -> str:
        return "action_book_slot"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        settings = get_settings()
        lead = tracker.get_slot("lead_reference")
        if settings.clinic.booking_mode != "slots" or not lead:
            dispatcher.utter_message(
                text="To book, say \"I want to book\" and I'll take a few details first, or "
                f"call the clinic at {settings.clinic.phone_display}.")
            return []
        now = datetime.now(timezone.utc)
        picked = next(tracker.get_latest_entity_values(SLOT_ENTITY), None)
        wish = (_exact(picked, settings.clinic.timezone) if picked else
                read_wish(tracker.latest_message.get("text") or "", settings.clinic.timezone, now))
        if wish is None:
            return await offer_slots(dispatcher, settings, "Sorry, I couldn't tell which day "
                                     "you mean. Pick one of these, or say e.g. \"Friday "
                                     "afternoon\":")
        window_start = wish.window_start.astimezone(timezone.utc)
        window_end = wish.window_end.astimezone(timezone.utc)
        candidates = await asyncio.to_thread(
            next_free, settings, clinic_sessions(), SLOTS_SHOWN,
            window_start - timedelta(microseconds=1), window_end, now)
        if wish.exact is not None:
            if candidates and candidates[0] == window_start:
                return await self._book(dispatcher, tracker, settings, lead, window_start)
            return await offer_slots(
                dispatcher, settings, "I'm sorry, that time isn't free (it may just have been "
                "taken). These are the nearest free times:", after=window_start)
        if candidates:
            dispatcher.utter_message(text="These times are free then (Central time):",
                                     buttons=slot_buttons(candidates, settings))
            return [SlotSet("offered_after", candidates[-1].isoformat())]
        return await offer_slots(dispatcher, settings, "Nothing is free then, sorry. These are "
                                 "the next free times:", after=window_start)

    async def _book(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, settings: Settings, lead: str,
        starts_at: datetime,
    ) -> List[EventType]:
        moving = tracker.get_slot("rescheduling")
        details = {
            "name": tracker.get_slot("contact_name"),
            "phone": tracker.get_slot("contact_phone"),
            "email": tracker.get_slot("contact_email"),
            "consultation": describe_slot(starts_at, settings.clinic.timezone) + " (Central)",
            "severity_band": tracker.get_slot("severity_band"),
            "lead_reference": lead,
        }
        try:
            booked = await asyncio.to_thread(
                self._store, settings, lead, starts_at, tracker, moving, details)
        except SlotTakenError:
            return await offer_slots(
                dispatcher, settings, "I'm sorry, that slot was just taken. Here are the next "
                "free ones:", after=starts_at)
        deliver_soon(booked.notification_ids)
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

    @staticmethod
    def _store(
        settings: Settings, lead: str, starts_at: datetime, tracker: Tracker,
        moving: str | None, details: Dict[str, Any],
    ) -> Booked:
        reference = new_consultation_reference()
        drafts = staff_drafts(settings, "moved" if moving else "booked",
                              {**details, "consultation_reference": reference})
        drafts += visitor_confirmation_draft(settings, details["email"], reference, starts_at)
        return book_slot(
            clinic_sessions(), reference=reference, lead_reference=lead, starts_at=starts_at,
            minutes=settings.booking.consultation_minutes,
            channel=tracker.get_latest_input_channel() or "", conversation_id=tracker.sender_id,
            notifications=drafts, replaces=moving,
        )


def _exact(iso: str, zone: ZoneInfo) -> Wish | None:
    try:
        start = datetime.fromisoformat(iso).astimezone(zone)
    except ValueError:
        return None
    return Wish(start, start, start + timedelta(minutes=1))
