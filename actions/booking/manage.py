"""Cancel or move a booked consultation, in the same conversation or later by phone number."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.booking.common import deliver_soon
from actions.booking.notices import staff_drafts
from actions.booking.offer import offer_slots
from actions.booking.slots import describe_slot
from actions.intake.answers import parse_phone
from bot.settings import get_settings
from bot.store.bookings import cancel, upcoming_for_phone
from bot.store.db import clinic_sessions

CHANGE_INTENTS = ("cancel_appointment", "reschedule_appointment")
E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def phone_from_conversation(tracker: Tracker) -> str | None:
    """The mobile number this conversation already knows: from the intake, or the SMS sender."""
    for candidate in (tracker.get_slot("contact_phone"), tracker.sender_id):
        if candidate and E164.match(candidate):
            return candidate
    return None


def known_phone(tracker: Tracker) -> str | None:
    return tracker.get_slot("lookup_phone") or phone_from_conversation(tracker)


def wanted_change(tracker: Tracker) -> str:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            name = (event.get("parse_data") or {}).get("intent", {}).get("name")
            if name in CHANGE_INTENTS:
                return name
    return "cancel_appointment"


class ValidateBookingLookupForm(FormValidationAction):
    """Asks for the mobile number only when the conversation doesn't know it."""

    def name(self) -> str:
        return "validate_booking_lookup_form"

    async def required_slots(
        self, domain_slots: List[str], dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        # Asked only when the conversation doesn't know the number. Once answered, the slot
        # stays required, so that its value is validated and kept.
        return [] if phone_from_conversation(tracker) else ["lookup_phone"]

    async def extract_lookup_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if tracker.get_slot("requested_slot") != "lookup_phone":
            return {}
        number, problem = parse_phone(tracker.latest_message.get("text") or "")
        if number:
            return {"lookup_phone": number}
        dispatcher.utter_message(text=f"Sorry, {problem}. Please type the mobile number you "
                                 "booked with, for example \"210 555 0123\".")
        return {"lookup_phone": None}


class ActionChangeConsultation(Action):
    def name(self) -> str:
        return "action_change_consultation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        settings = get_settings()
        phone = known_phone(tracker)
        now = datetime.now(timezone.utc)
        upcoming = phone and await asyncio.to_thread(
            upcoming_for_phone, clinic_sessions(), phone, now)
        if not upcoming:
            dispatcher.utter_message(
                text="I couldn't find an upcoming consultation for that number. If you booked "
                f"another way, please call the clinic at {settings.clinic.phone_display}.")
            return [SlotSet("lookup_phone", None)]
        when = describe_slot(upcoming.starts_at, settings.clinic.timezone)
        identity = [SlotSet("lead_reference", upcoming.lead_reference),
                    SlotSet("contact_name", upcoming.name),
                    SlotSet("contact_phone", upcoming.phone),
                    SlotSet("contact_email", upcoming.email)]
        if wanted_change(tracker) == "reschedule_appointment":
            events = await offer_slots(
                dispatcher, settings, f"Your consultation is on {when}. Pick a new time (it "
                "stays booked until you do):")
            return identity + events + [SlotSet("rescheduling", upcoming.reference)]
        ids = await asyncio.to_thread(
            cancel, clinic_sessions(), upcoming.reference,
            staff_drafts(settings, "cancelled", {
                "name": upcoming.name, "phone": upcoming.phone, "email": upcoming.email,
                "consultation": f"{when} (Central)",
                "consultation_reference": upcoming.reference,
            }))
        deliver_soon(ids)
        dispatcher.utter_message(
            text=f"Done: your consultation on {when} is cancelled. If you'd like another time, "
            "just say \"I want to book\".")
        return [*identity, SlotSet("consultation_reference", None)]
