"""Book the time a visitor picked (a button or their own words), race-safely.

A button carries the exact start and books straight away. A time read from the visitor's own
words is read back first ("Book Fri Dec 4, 3:00 PM (Central time)?") and booked only on yes
(actions/booking/confirm.py), because reading free text can go wrong.
"""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.offer import (
    SLOT_ENTITY,
    SLOTS_SHOWN,
    language_in,
    offer_slots,
    offer_to_move,
    slot_buttons,
)
from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from bot.booking.free_text import Wish, exact_wish, read_wish
from bot.booking.notices import booking_notify, confirmation_text
from bot.booking.schedule import next_free, schedule_of, when_said
from bot.booking.slots import describe_day, is_open, last_bookable_day
from bot.notify.outbox import deliver_soon
from bot.opening_hours import at_clock, format_clock, zone_label
from bot.settings import Settings
from bot.store.bookings import AlreadyBookedError, SlotTakenError, book_slot
from bot.store.models import new_consultation_reference

WEB_CHANNELS = {"rest", "socketio"}
TEXT_CHANNEL = "sms"  # the reply is the confirmation; no confirmation text is queued
PENDING_SLOT = "pending_confirmation"
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
YES_NO_ES = [{"title": "Sí", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
UNREADABLE = ("Sorry, I couldn't read that time. Pick one of these, or say e.g. \"Friday "
              "afternoon\":")
UNREADABLE_ES = ("Perdón, no entendí esa hora. Escoja uno de estos horarios, o dígame por "
                 "ejemplo \"el viernes en la tarde\":")
PASSED = "I'm sorry, that time has already passed. These are the next free times:"
PASSED_ES = "Lo siento, esa hora ya pasó. Estos son los próximos horarios disponibles:"


def yes_no(language: str) -> List[Dict[str, str]]:
    """Yes and No buttons, titled in the visitor's language; the payloads stay the same."""
    return YES_NO_ES if language == "es" else YES_NO


def _zone(settings: Settings, language: str) -> str:
    return zone_label(settings.clinic.timezone_label, language)
_SLOT_IN_PAYLOAD = re.compile(rf'"{SLOT_ENTITY}":\s*"([^"]+)"')


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
        language = language_in(tracker)
        es = language == "es"
        if settings.clinic.booking_mode != "slots" or not lead:
            phone = settings.clinic.phone_display
            dispatcher.utter_message(
                text="Para hacer una cita, dígame \"quiero hacer una cita\" y primero le pido "
                f"algunos datos, o llame a la clínica al {phone}." if es else
                "To book, say \"I want to book\" and I'll take a few details first, or "
                f"call the clinic at {phone}.")
            return []
        now = datetime.now(timezone.utc)
        zone = settings.clinic.timezone
        events: List[EventType] = [SlotSet(PENDING_SLOT, None)]
        picked = list(tracker.get_latest_entity_values(SLOT_ENTITY))
        text = tracker.latest_message.get("text") or ""
        if picked:
            wish = exact_wish(picked[0], zone, now)
        elif text.startswith("/"):  # a payload whose time did not survive parsing
            wish = None
        else:
            wish = read_wish(text, zone, now, offered_day(tracker, settings))
        if wish is None:
            return events + await offer_slots(dispatcher, settings,
                                              UNREADABLE_ES if es else UNREADABLE,
                                              language=language)
        if wish.window_end <= now or (wish.exact is not None and wish.exact < now):
            return events + await offer_slots(dispatcher, settings, PASSED_ES if es else PASSED,
                                              language=language)
        schedule = schedule_of(settings)
        day = wish.window_start.astimezone(zone).date()
        if day > last_bookable_day(schedule, now):
            return events + await offer_last_times(dispatcher, settings, now, language)
        if not wish.flexible and not is_open(schedule, day):
            return events + await offer_nearest_open_day(dispatcher, settings, wish, now,
                                                         language)
        window_start = wish.window_start.astimezone(timezone.utc)
        window_end = wish.window_end.astimezone(timezone.utc)
        candidates = await asyncio.to_thread(
            next_free, settings, sessions_for(settings), SLOTS_SHOWN,
            window_start - timedelta(microseconds=1), window_end, now)
        if wish.exact is not None:
            if candidates and candidates[0] == window_start:
                if picked:
                    return events + await book_time(dispatcher, tracker, settings, lead,
                                                    window_start)
                return _read_back(dispatcher, settings, window_start, "", language)
            if wish.flexible:  # "11 works for me": 11:00 on the next day it is free
                later = await _same_time_later(settings, wish, now)
                if later:
                    first, next_day = (describe_day(day, language),
                                       describe_day(later[0].astimezone(zone).date(), language))
                    return _read_back(dispatcher, settings, later[0], (
                        f"{at_clock(wish.exact.time(), 'es').capitalize()} no hay lugar el "
                        f"{first}; el siguiente día con esa hora libre es el {next_day}. "
                        if es else f"{format_clock(wish.exact.time())} isn't free on {first}; "
                        f"the next day it is free is {next_day}. "), language)
            return events + await offer_slots(
                dispatcher, settings, "Lo siento, esa hora no está disponible (a lo mejor "
                "alguien la acaba de apartar). Estos son los horarios disponibles más "
                "cercanos:" if es else "I'm sorry, that time isn't free (it may just have "
                "been taken). These are the nearest free times:", after=window_start,
                language=language)
        if candidates:
            dispatcher.utter_message(
                text=f"Estos horarios están disponibles ({_zone(settings, language)}):" if es
                else f"These times are free then ({settings.clinic.timezone_label}):",
                buttons=slot_buttons(candidates, settings, language=language))
            return [*events, SlotSet("offered_after", candidates[-1].isoformat())]
        if wish.flexible:  # "anything after 4?": the same window on the next day with any
            later = await _same_time_later(settings, wish, now)
            if later:
                first, next_day = (describe_day(day, language),
                                   describe_day(later[0].astimezone(zone).date(), language))
                dispatcher.utter_message(
                    text=f"No hay nada disponible a esa hora el {first}. Estos horarios están "
                    f"disponibles el {next_day} ({_zone(settings, language)}):" if es else
                    f"Nothing is free then on {first}. These times are free "
                    f"on {next_day} ({settings.clinic.timezone_label}):",
                    buttons=slot_buttons(later, settings, language=language))
                return [*events, SlotSet("offered_after", later[-1].isoformat())]
        return events + await offer_slots(
            dispatcher, settings, "Lo siento, no hay nada disponible a esa hora. Estos son los "
            "próximos horarios disponibles:" if es else "Nothing is free then, sorry. "
            "These are the next free times:", after=window_start, language=language)


def _read_back(
    dispatcher: CollectingDispatcher, settings: Settings, starts_at: datetime, why: str,
    language: str = "en",
) -> List[EventType]:
    """Ask "Book <time>?"; the yes is handled by actions/booking/confirm.py."""
    when = when_said(starts_at, settings, language)
    dispatcher.utter_message(
        text=f"{why}¿Le hago la cita para el {when}?" if language == "es"
        else f"{why}Book {when}?", buttons=yes_no(language))
    return [SlotSet(PENDING_SLOT, {"kind": "book", "starts_at": starts_at.isoformat()})]


def _ask_to_move(
    dispatcher: CollectingDispatcher, settings: Settings, booked_at: datetime,
    starts_at: datetime, language: str = "en",
) -> List[EventType]:
    """Ask "Move it to <time>?"; the yes is handled by actions/booking/confirm.py."""
    booked, wanted = (when_said(booked_at, settings, language),
                      when_said(starts_at, settings, language))
    dispatcher.utter_message(
        text=f"Usted ya tiene una consulta el {booked}. ¿La cambio para el {wanted}?"
        if language == "es" else
        f"You already have a consultation on {booked}. Move it to {wanted}?",
        buttons=yes_no(language))
    return [SlotSet(PENDING_SLOT, {"kind": "book", "starts_at": starts_at.isoformat()})]


def offered_day(tracker: Tracker, settings: Settings) -> date | None:
    """The day of the slot buttons offered last (clinic time), for "11 works for me"."""
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        for button in (event.get("data") or {}).get("buttons") or []:
            found = _SLOT_IN_PAYLOAD.search(str(button.get("payload") or ""))
            start = exact_wish(found[1], settings.clinic.timezone,
                               datetime.now(timezone.utc)) if found else None
            if start is not None:
                return start.window_start.date()
    offered = tracker.get_slot("offered_after")  # the last one offered, if no button is seen
    start = exact_wish(offered, settings.clinic.timezone, datetime.now(timezone.utc))
    return start.window_start.date() if start else None


async def _all_free(settings: Settings, now: datetime) -> List[datetime]:
    return await asyncio.to_thread(next_free, settings, sessions_for(settings), None, None,
                                   None, now)


async def _same_time_later(settings: Settings, wish: Wish, now: datetime) -> List[datetime]:
    """Up to SLOTS_SHOWN free starts in the wished time or window on the first later day that
    has any, within the horizon; [] if none has."""
    free = await _all_free(settings, now)
    day = wish.window_start.date()
    for offset in range(1, schedule_of(settings).horizon_days + 1):
        later = wish.on(day + timedelta(days=offset))
        found = [start for start in free if later.window_start <= start < later.window_end]
        if found:
            return found[:SLOTS_SHOWN]
    return []


async def offer_last_times(
    dispatcher: CollectingDispatcher, settings: Settings, now: datetime, language: str = "en",
) -> List[EventType]:
    """A day past the horizon: say how far ahead bookings open, and offer the last free times
    before then, or the phone."""
    last_day = describe_day(last_bookable_day(schedule_of(settings), now), language)
    days, phone = settings.booking.horizon_days, settings.clinic.phone_display
    es = language == "es"
    text = (f"Puedo hacer citas con hasta {days} días de anticipación, hasta el {last_day}. "
            f"Para una fecha más adelante, por favor llame a la clínica al {phone}." if es else
            f"I can book up to {days} days ahead, until {last_day}. For a later date, please "
            f"call the clinic at {phone}.")
    last = (await _all_free(settings, now))[-SLOTS_SHOWN:]
    if not last:
        dispatcher.utter_message(text=text)
        return [SlotSet("offered_after", None)]
    dispatcher.utter_message(
        text=f"{text} O escoja uno de los últimos horarios disponibles antes de esa fecha "
        f"({_zone(settings, language)}):" if es else
        f"{text} Or pick one of the last free times before then "
        f"({settings.clinic.timezone_label}):",
        buttons=slot_buttons(last, settings, more=False, language=language))
    return [SlotSet("offered_after", last[-1].isoformat())]


async def offer_nearest_open_day(
    dispatcher: CollectingDispatcher, settings: Settings, wish: Wish, now: datetime,
    language: str = "en",
) -> List[EventType]:
    """A day the clinic is closed: say so, and offer the free times on the nearest day with
    any (the earlier one of two as near), from the wished time of day on where there are."""
    zone = settings.clinic.timezone
    day = wish.window_start.date()
    es = language == "es"
    closed = (f"La clínica está cerrada el {describe_day(day, language)}." if es else
              f"The clinic is closed on {describe_day(day)}.")
    by_day: Dict[date, List[datetime]] = {}
    for start in await _all_free(settings, now):
        by_day.setdefault(start.astimezone(zone).date(), []).append(start)
    for distance in range(1, schedule_of(settings).horizon_days + 1):
        for near in (day - timedelta(days=distance), day + timedelta(days=distance)):
            if near not in by_day:
                continue
            from_time = wish.on(near).window_start
            starts = [s for s in by_day[near] if s >= from_time] or by_day[near]
            shown = starts[:SLOTS_SHOWN]
            dispatcher.utter_message(
                text=f"{closed} Estos son los horarios disponibles el "
                f"{describe_day(near, language)}, el día más cercano con horarios libres "
                f"({_zone(settings, language)}):" if es else
                f"{closed} These are the free times on {describe_day(near)}, the nearest "
                f"day with free times ({settings.clinic.timezone_label}):",
                buttons=slot_buttons(shown, settings, language=language))
            return [SlotSet("offered_after", shown[-1].isoformat())]
    return await offer_slots(
        dispatcher, settings, f"{closed} Estos son los próximos horarios disponibles:" if es
        else f"{closed} These are the next free times:", language=language)


async def book_time(
    dispatcher: CollectingDispatcher, tracker: Tracker, settings: Settings, lead: str,
    starts_at: datetime,
) -> List[EventType]:
    """Book `starts_at` for the conversation's lead (moving its consultation if it asked to)."""
    moving = tracker.get_slot("rescheduling")
    language = language_in(tracker)
    reference = new_consultation_reference()
    channel = tracker.get_latest_input_channel() or ""
    try:
        booked = await asyncio.to_thread(
            book_slot, sessions_for(settings), reference=reference, lead_reference=lead,
            starts_at=starts_at, minutes=settings.booking.consultation_minutes,
            channel=channel, conversation_id=tracker.sender_id,
            replaces=moving,
            notify=booking_notify(settings, "moved" if moving else "booked", reference,
                                  starts_at, booked_by_text=channel == TEXT_CHANNEL,
                                  language=language),
        )
    except SlotTakenError:
        return await offer_slots(
            dispatcher, settings, "Lo siento, alguien acaba de apartar ese horario. Estos son "
            "los próximos disponibles:" if language == "es" else "I'm sorry, that slot was "
            "just taken. Here are the next free ones:", after=starts_at, language=language)
    except AlreadyBookedError as existing:
        if existing.starts_at is None or moving:
            return await offer_to_move(dispatcher, settings, existing.reference,
                                       existing.starts_at, language)
        # A time picked while another is booked (an old button, "book thursday at 4"): move
        # it there after a yes, rather than offer a fresh list that drops the time picked.
        return [SlotSet("rescheduling", existing.reference),
                *_ask_to_move(dispatcher, settings, existing.starts_at, starts_at, language)]
    deliver_soon(booked.notification_ids, sessions_for(settings), settings)
    text = confirmation_text(booked.reference, starts_at, settings,
                             texted=channel == TEXT_CHANNEL, language=language)
    if moving:
        text = ("Ya cambié su consulta. " if language == "es" else
                "Done, I've moved your consultation. ") + text
    message: Dict[str, Any] = {"text": text}
    if channel in WEB_CHANNELS:
        message["attachment"] = (
            f"{settings.public_base_url}/calendar/{booked.calendar_token}.ics")
    dispatcher.utter_message(**message)
    return [SlotSet("consultation_reference", booked.reference),
            SlotSet("rescheduling", None), SlotSet("offered_after", None)]
