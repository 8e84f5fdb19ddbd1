"""Hand a finished intake to booking, in the clinic's BOOKING_MODE, and offer free slots."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from bot.booking.link import prefilled_link
from bot.booking.notices import staff_notify, when_text
from bot.booking.schedule import next_free
from bot.booking.slots import describe_slot
from bot.notify.outbox import deliver_soon
from bot.settings import Settings
from bot.store.bookings import AlreadyBookedError, live_consultation, request_callback

SLOTS_SHOWN = 4
SLOT_ENTITY = "slot_start"
MORE_TIMES = {"title": "More times", "payload": "more times"}


def slot_buttons(
    starts: List[datetime], settings: Settings, more: bool = True,
) -> List[Dict[str, str]]:
    """One button per slot; its payload names the exact start, so no guessing is needed.
    "More times" follows unless `more` is False (nothing can follow the last free times)."""
    return [
        {"title": describe_slot(start, settings.clinic.timezone),
         "payload": f'/choose_time{{"{SLOT_ENTITY}": "{start.isoformat()}"}}'}
        for start in starts
    ] + ([MORE_TIMES] if more else [])


async def offer_slots(
    dispatcher: CollectingDispatcher,
    settings: Settings,
    intro: str,
    after: datetime | None = None,
) -> List[EventType]:
    starts = await asyncio.to_thread(next_free, settings, sessions_for(settings), SLOTS_SHOWN,
                                     after)
    if not starts:
        dispatcher.utter_message(
            text=f"I'm sorry, there's nothing free in the next {settings.booking.horizon_days} "
            f"days. Please call the clinic at {settings.clinic.phone_display} and the team will "
            "find a time with you."
        )
        return [SlotSet("offered_after", None)]
    dispatcher.utter_message(text=intro, buttons=slot_buttons(starts, settings))
    return [SlotSet("offered_after", starts[-1].isoformat())]


async def offer_to_move(
    dispatcher: CollectingDispatcher, settings: Settings, reference: str,
    starts_at: datetime | None,
) -> List[EventType]:
    """The lead already has a live consultation: say when, and offer to move it."""
    if starts_at is None:
        dispatcher.utter_message(
            text="You've already asked the clinic to call you to find a time; they'll be in "
            f"touch. To change that, call the clinic at {settings.clinic.phone_display}.")
        return []
    events = await offer_slots(
        dispatcher, settings, f"You already have a consultation on "
        f"{when_text(starts_at, settings)}. Would you like to move it? Pick a new time (it "
        "stays booked until you do):", after=None)
    return [*events, SlotSet("rescheduling", reference)]


async def ask_for_call_back(
    dispatcher: CollectingDispatcher, tracker: Tracker, settings: Settings, reference: str,
) -> List[EventType]:
    """Record that the lead wants the clinic to call, tell staff, and say so."""
    time_of_day = tracker.get_slot("contact_time") or "any"
    try:
        booked = await asyncio.to_thread(
            request_callback, sessions_for(settings), lead_reference=reference,
            callback_time=time_of_day, channel=tracker.get_latest_input_channel() or "",
            conversation_id=tracker.sender_id,
            notify=staff_notify(settings, "callback", best_time=time_of_day),
        )
    except AlreadyBookedError as booked_before:
        return await offer_to_move(dispatcher, settings, booked_before.reference,
                                   booked_before.starts_at)
    deliver_soon(booked.notification_ids, sessions_for(settings), settings)
    when = "" if time_of_day == "any" else f" in the {time_of_day}"
    dispatcher.utter_message(
        text=f"The clinic will call you{when} to find a consultation time that suits you.")
    return [SlotSet("consultation_reference", booked.reference)]


@answers_on_failure
class ActionStartBooking(Configured, Action):
    """After the intake (or "I want to book" from a known lead): book in the clinic's mode."""

    def name(self) -> str:
        return "action_start_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        reference = tracker.get_slot("lead_reference")
        if not reference:
            return []  # nothing stored (declined or failed): nothing to book against
        return await start_booking(dispatcher, tracker, self.settings, reference)


async def start_booking(
    dispatcher: CollectingDispatcher, tracker: Tracker, settings: Settings, reference: str,
) -> List[EventType]:
    """Book for a stored lead in the clinic's BOOKING_MODE: a link, a call back, or free times
    (or, with a live consultation already, the offer to move it)."""
    mode = settings.clinic.booking_mode
    if mode == "link":
        link = prefilled_link(settings.clinic.booking_url or "",
                              tracker.get_slot("contact_name") or "",
                              tracker.get_slot("contact_email"),
                              tracker.get_slot("contact_phone") or "")
        dispatcher.utter_message(
            text=f"You can pick a consultation time here; your details are already filled "
            f"in: {link}", attachment=link)
        return []
    if mode == "callback":
        return await ask_for_call_back(dispatcher, tracker, settings, reference)
    existing = await asyncio.to_thread(live_consultation, sessions_for(settings), reference)
    if existing is not None:
        return await offer_to_move(dispatcher, settings, existing.reference,
                                   existing.starts_at)
    return await offer_slots(
        dispatcher, settings, "Would you like to book your consultation now? These are "
        f"the next free times ({settings.clinic.timezone_label}); or tell me a day that "
        "suits you.")


@answers_on_failure
class ActionOfferMoreSlots(Configured, Action):
    """The next free times after the last ones offered."""

    def name(self) -> str:
        return "action_offer_more_slots"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        settings = self.settings
        if settings.clinic.booking_mode != "slots":
            dispatcher.utter_message(text="To find a time, please call the clinic at "
                                     f"{settings.clinic.phone_display}.")
            return []
        offered = tracker.get_slot("offered_after")
        try:
            after = datetime.fromisoformat(offered) if isinstance(offered, str) else None
        except ValueError:
            after = None  # a slot value from an older version: start from the first free
        return await offer_slots(dispatcher, settings, "Here are more free times:", after=after)
