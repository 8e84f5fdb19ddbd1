"""Cancel or move a booked consultation, in the same conversation or later.

A conversation may change a consultation it owns: one of the lead it stored or proved (the
`lead_reference` slot), or of the number a proving channel's sender id is. Anyone else must
give the booking reference (C-XXXXXXXX, from the confirmation) and the mobile number together;
nothing about a booking, not even whether it exists, is said before both match, and guessing
stops after a few failed tries (bot.store.bookings.find_booking). The found lead's contact
details never enter the conversation: only its references do.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import sessionmaker

from actions.booking.book import PENDING_SLOT, YES_NO
from actions.booking.offer import offer_slots
from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from bot.booking.notices import when_text
from bot.booking.ownership import PROVEN_PHONE_SLOT, sender_phone
from bot.booking.references import reference_in, without_reference
from bot.contact import parse_phone
from bot.store.bookings import Upcoming, find_booking, live_consultation, upcoming_for_phone

CHANGE_INTENTS = ("cancel_appointment", "reschedule_appointment")
LOOKUP_SLOTS = ("lookup_reference", "lookup_phone")


def wanted_change(tracker: Tracker) -> str:
    """The change the visitor asked for last: cancel or move."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            name = (event.get("parse_data") or {}).get("intent", {}).get("name")
            if name in CHANGE_INTENTS:
                return name
    return "cancel_appointment"


def owned_consultation(
    tracker: Tracker, sessions: sessionmaker, now: datetime
) -> Upcoming | None:
    """The live consultation this conversation owns, without asking; blocking (database)."""
    lead = tracker.get_slot("lead_reference")
    if lead:
        live = live_consultation(sessions, lead)
        if live is not None and (live.starts_at is None or live.starts_at >= now):
            return live
    phone = sender_phone(tracker.get_latest_input_channel(), tracker.sender_id)
    return upcoming_for_phone(sessions, phone, now) if phone else None


@answers_on_failure
class ValidateBookingLookupForm(Configured, FormValidationAction):
    """Asks for the booking reference and mobile number, unless the conversation owns the
    consultation already. Both may come in one message."""

    def name(self) -> str:
        return "validate_booking_lookup_form"

    async def required_slots(
        self, domain_slots: List[str], dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        owned = await asyncio.to_thread(owned_consultation, tracker,
                                        sessions_for(self.settings), datetime.now(timezone.utc))
        return [] if owned else list(LOOKUP_SLOTS)

    async def extract_lookup_reference(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if tracker.get_slot("requested_slot") not in LOOKUP_SLOTS or _leaving(tracker):
            return {}
        reference = reference_in(tracker.latest_message.get("text") or "")
        if reference:
            return {"lookup_reference": reference}
        if tracker.get_slot("requested_slot") != "lookup_reference" or _phone_in(tracker):
            return {}
        dispatcher.utter_message(
            text="Sorry, I need the booking reference from your confirmation: it looks like "
            "C-3F9A1C20. If you don't have it, please call the clinic at "
            f"{self.settings.clinic.phone_display}, or say \"stop\".")
        return {"lookup_reference": None}

    async def extract_lookup_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        requested = tracker.get_slot("requested_slot")
        if requested not in LOOKUP_SLOTS or _leaving(tracker):
            return {}
        number = _phone_in(tracker)
        if number:
            return {"lookup_phone": number}
        if requested != "lookup_phone" or reference_in(tracker.latest_message.get("text") or ""):
            return {}
        _, problem = parse_phone(_without_reference(tracker))
        dispatcher.utter_message(text=f"Sorry, {problem}. Please type the mobile number you "
                                 "booked with, for example \"210 555 0123\".")
        return {"lookup_phone": None}


def _leaving(tracker: Tracker) -> bool:
    # Nothing extracted lets the form step aside, so that the rule for "stop", or a red
    # flag's escalation, can end it.
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return intent == "stop_intake" or str(intent).startswith("report_")


def _without_reference(tracker: Tracker) -> str:
    return without_reference(tracker.latest_message.get("text") or "")


def _phone_in(tracker: Tracker) -> str | None:
    text = _without_reference(tracker)
    return parse_phone(text)[0] if text else None


@answers_on_failure
class ActionChangeConsultation(Configured, Action):
    """With the consultation found: ask before cancelling it, or offer new times for a move."""

    def name(self) -> str:
        return "action_change_consultation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        settings = self.settings
        sessions = sessions_for(settings)
        now = datetime.now(timezone.utc)
        events: List[EventType] = [SlotSet(slot, None) for slot in LOOKUP_SLOTS]
        events.append(SlotSet(PENDING_SLOT, None))
        found = await asyncio.to_thread(owned_consultation, tracker, sessions, now)
        if found is None:
            reference, phone = (tracker.get_slot(slot) for slot in LOOKUP_SLOTS)
            lookup = await asyncio.to_thread(
                find_booking, sessions, reference=reference or "", phone=phone or "",
                conversation_id=tracker.sender_id, now=now)
            if lookup.blocked:
                dispatcher.utter_message(
                    text="I'm sorry, I can't look up bookings for you here any more. Please "
                    f"call the clinic at {settings.clinic.phone_display} and the team will "
                    "help you.")
                return events
            if lookup.found is None:
                dispatcher.utter_message(
                    text="I couldn't find an upcoming consultation with that reference and "
                    "mobile number. Please check both in your confirmation and try again, or "
                    f"call the clinic at {settings.clinic.phone_display}.")
                return events
            found = lookup.found
            events += [SlotSet("lead_reference", found.lead_reference),
                       SlotSet(PROVEN_PHONE_SLOT, phone)]
        if found.starts_at is None:
            dispatcher.utter_message(
                text="The clinic will call you to find a consultation time. To change or "
                f"cancel that, please call the clinic at {settings.clinic.phone_display}.")
            return events
        when = when_text(found.starts_at, settings)
        if wanted_change(tracker) == "reschedule_appointment":
            events += await offer_slots(
                dispatcher, settings, f"Your consultation is on {when}. Pick a new time (it "
                "stays booked until you do):")
            return [*events, SlotSet("rescheduling", found.reference)]
        dispatcher.utter_message(text=f"Cancel your consultation on {when}?", buttons=YES_NO)
        return [*events, SlotSet(PENDING_SLOT, {
            "kind": "cancel", "consultation": found.reference,
            "starts_at": found.starts_at.isoformat()})]
