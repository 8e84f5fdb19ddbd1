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
from bot.booking.notices import staff_notify
from bot.booking.schedule import next_free, when_said
from bot.booking.slots import describe_slot
from bot.contact import when_to_contact
from bot.language import language_of
from bot.notify.outbox import deliver_soon
from bot.opening_hours import zone_label
from bot.settings import Settings
from bot.store.bookings import AlreadyBookedError, live_consultation, request_callback

SLOTS_SHOWN = 4
SLOT_ENTITY = "slot_start"
MORE_TIMES = {"title": "More times", "payload": "more times"}
# The payload stays the words the English model reads; only the title is Spanish.
MORE_TIMES_ES = {"title": "Más horarios", "payload": "more times"}


def language_in(tracker: Tracker) -> str:
    """The visitor's language, from the tracker's `language` slot."""
    return language_of(tracker.get_slot("language"))


def slot_buttons(
    starts: List[datetime], settings: Settings, more: bool = True, language: str = "en",
) -> List[Dict[str, str]]:
    """One button per slot; its payload names the exact start, so no guessing is needed.
    "More times" follows unless `more` is False (nothing can follow the last free times)."""
    more_times = MORE_TIMES_ES if language == "es" else MORE_TIMES
    return [
        {"title": describe_slot(start, settings.clinic.timezone, language),
         "payload": f'/choose_time{{"{SLOT_ENTITY}": "{start.isoformat()}"}}'}
        for start in starts
    ] + ([more_times] if more else [])


async def offer_slots(
    dispatcher: CollectingDispatcher,
    settings: Settings,
    intro: str,
    after: datetime | None = None,
    language: str = "en",
) -> List[EventType]:
    starts = await asyncio.to_thread(next_free, settings, sessions_for(settings), SLOTS_SHOWN,
                                     after)
    if not starts:
        days, phone = settings.booking.horizon_days, settings.clinic.phone_display
        dispatcher.utter_message(
            text=f"Lo siento, no hay nada disponible en los próximos {days} días. Por favor "
            f"llame a la clínica al {phone} y el equipo le busca un horario." if language == "es"
            else f"I'm sorry, there's nothing free in the next {days} days. Please call the "
            f"clinic at {phone} and the team will find a time with you."
        )
        return [SlotSet("offered_after", None)]
    dispatcher.utter_message(text=intro, buttons=slot_buttons(starts, settings,
                                                              language=language))
    return [SlotSet("offered_after", starts[-1].isoformat())]


async def offer_to_move(
    dispatcher: CollectingDispatcher, settings: Settings, reference: str,
    starts_at: datetime | None, language: str = "en",
) -> List[EventType]:
    """The lead already has a live consultation: say when, and offer to move it."""
    phone = settings.clinic.phone_display
    if starts_at is None:
        dispatcher.utter_message(
            text="Usted ya pidió que la clínica le llame para buscar un horario; se van a "
            f"comunicar con usted. Para cambiar eso, llame a la clínica al {phone}."
            if language == "es" else
            "You've already asked the clinic to call you to find a time; they'll be in "
            f"touch. To change that, call the clinic at {phone}.")
        return []
    when = when_said(starts_at, settings, language)
    intro = (f"Usted ya tiene una consulta el {when}. ¿Quiere cambiarla? Escoja un nuevo "
             "horario (la cita sigue apartada hasta que lo escoja):" if language == "es" else
             f"You already have a consultation on {when}. Would you like to move it? Pick a "
             "new time (it stays booked until you do):")
    events = await offer_slots(dispatcher, settings, intro, after=None, language=language)
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
                                   booked_before.starts_at, language_in(tracker))
    deliver_soon(booked.notification_ids, sessions_for(settings), settings)
    if language_in(tracker) == "es":
        when = when_to_contact(time_of_day, "es")
        dispatcher.utter_message(
            text=f"La clínica le va a llamar{when} para buscar un horario para su consulta "
            "que le acomode.")
    else:
        when = when_to_contact(time_of_day)
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
    language = language_in(tracker)
    if mode == "link":
        link = prefilled_link(settings.clinic.booking_url or "",
                              tracker.get_slot("contact_name") or "",
                              tracker.get_slot("contact_email"),
                              tracker.get_slot("contact_phone") or "")
        dispatcher.utter_message(
            text=f"Aquí puede escoger la hora de su consulta; ya llenamos sus datos: "
            f"{link}" if language == "es" else f"You can pick a consultation time here; your "
            f"details are already filled in: {link}", attachment=link)
        return []
    if mode == "callback":
        return await ask_for_call_back(dispatcher, tracker, settings, reference)
    existing = await asyncio.to_thread(live_consultation, sessions_for(settings), reference)
    if existing is not None:
        return await offer_to_move(dispatcher, settings, existing.reference,
                                   existing.starts_at, language)
    if language == "es":
        intro = ("¿Quiere hacer su cita para la consulta ahorita? Estos son los próximos "
                 f"horarios disponibles ({zone_label(settings.clinic.timezone_label, 'es')}); "
                 "o dígame qué día le acomoda.")
    else:
        intro = ("Would you like to book your consultation now? These are the next free "
                 f"times ({settings.clinic.timezone_label}); or tell me a day that suits you.")
    return await offer_slots(dispatcher, settings, intro, language=language)


@answers_on_failure
class ActionOfferMoreSlots(Configured, Action):
    """The next free times after the last ones offered."""

    def name(self) -> str:
        return "action_offer_more_slots"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        settings = self.settings
        language = language_in(tracker)
        if settings.clinic.booking_mode != "slots":
            phone = settings.clinic.phone_display
            dispatcher.utter_message(
                text=f"Para buscar un horario, por favor llame a la clínica al {phone}."
                if language == "es" else f"To find a time, please call the clinic at {phone}.")
            return []
        offered = tracker.get_slot("offered_after")
        try:
            after = datetime.fromisoformat(offered) if isinstance(offered, str) else None
        except ValueError:
            after = None  # a slot value from an older version: start from the first free
        return await offer_slots(
            dispatcher, settings, "Aquí tiene más horarios disponibles:" if language == "es"
            else "Here are more free times:", after=after, language=language)
