"""Cancel or move a booked consultation, in the same conversation or later.

A conversation may change a consultation it owns: one of the lead it stored or proved (the
`lead_reference` slot), or of the number a proving channel's sender id is (a text message), or
of the number proven here. Anyone else must give the booking reference (C-XXXXXXXX, from the
confirmation) and the mobile number together, or, with SMS on, the mobile number and the
6-digit code texted to it (10 minutes, 5 tries; only to a number with an upcoming booking, and
said the same way whether or not it has one). Nothing about a booking, not even whether it
exists, is said before either matches, and guessing stops after a few failed tries
(bot.store.bookings.find_booking, bot.store.sms). The found lead's contact details never enter
the conversation: only its references do.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import sessionmaker

from actions.booking.book import PENDING_SLOT, yes_no
from actions.booking.offer import language_in, offer_slots
from actions.configured import Configured, sessions_for
from actions.extracted_form import ExtractedForm
from actions.failures import answers_on_failure
from bot.booking.ownership import PROVEN_PHONE_SLOT, sender_phone
from bot.booking.references import reference_in, without_reference
from bot.booking.schedule import when_said
from bot.contact import parse_phone, problem_in_spanish
from bot.notify.sms import SmsError, send_sms
from bot.settings import Settings
from bot.store.bookings import Upcoming, find_booking, live_consultation, upcoming_for_phone
from bot.store.sms import CODE_LIFETIME, check_code, is_opted_out, new_code

logger = logging.getLogger(__name__)

CHANGE_INTENTS = ("cancel_appointment", "reschedule_appointment")
LOOKUP_SLOTS = ("lookup_reference", "lookup_phone")
CODE_SLOTS = ("lookup_phone", "lookup_code")
METHOD_SLOT = "lookup_method"  # "code": the visitor proves the number with a texted code
ALL_LOOKUP_SLOTS = (*LOOKUP_SLOTS, "lookup_code", METHOD_SLOT)
TEXT_CHANNEL = "sms"
WANTS_CODE = re.compile(
    r"\b(?:code|text me|txt me|send me a text|(?:do ?n[o']?t|dont|do not) have (?:it|one|the|a|"
    r"my)\b|no reference|lost (?:it|the|my)\b|can'?t find (?:it|the|my)\b|forgot)"
    # The same in Spanish: "mándeme un código", "no la tengo", "la perdí", "no la encuentro".
    r"|\bc[oó]digo|\bm[aá]nd[ae]me un (?:texto|mensaje)|\bno (?:la |lo )?tengo\b|"
    r"\bno tengo (?:la |mi )?referencia|\b(?:la |lo )?perd[ií]\b|\bno (?:la |lo )?encuentro\b|"
    r"\bse me olvid[oó]", re.IGNORECASE)
CODE_IN_TEXT = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})(?!\d)")
RESEND = re.compile(r"\b(?:new|another|resend|send (?:it )?again|didn'?t (?:get|receive))\b"
                    r"|\b(?:otro|nuevo)\b|\bno me (?:lleg[oó]|ha llegado)|\botra vez\b",
                    re.IGNORECASE)


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
    phone = (sender_phone(tracker.get_latest_input_channel(), tracker.sender_id)
             or tracker.get_slot(PROVEN_PHONE_SLOT))
    return upcoming_for_phone(sessions, phone, now) if phone else None


def codes_offered(settings: Settings, tracker: Tracker) -> bool:
    """A texted code can prove the number: SMS is on, and the visitor is not texting already
    (a texter's number is proven by the carrier)."""
    return settings.sms.enabled and tracker.get_latest_input_channel() != TEXT_CHANNEL


@answers_on_failure
class ActionAskLookupReference(Configured, Action):
    """The booking lookup's first question; on the web with SMS on, it offers a code too."""

    def name(self) -> str:
        return "action_ask_lookup_reference"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if language_in(tracker) == "es":
            text = ("Claro. ¿Cuál es su número de referencia? Viene en su confirmación y se ve "
                    "así: C-3F9A1C20. En el mismo mensaje me puede mandar el número de celular "
                    "con el que hizo la cita.")
            if codes_offered(self.settings, tracker):
                text += (' ¿No tiene la referencia? Diga "mándeme un código" y le mando un '
                         "código por texto al celular con el que hizo la cita.")
            dispatcher.utter_message(text=text)
            return []
        text = ("Sure. What's your booking reference? It's in your confirmation and looks like "
                "C-3F9A1C20. You can send the mobile number you booked with in the same message.")
        if codes_offered(self.settings, tracker):
            text += (' No reference? Say "text me a code" and I\'ll text a code to the mobile '
                     "number you booked with.")
        dispatcher.utter_message(text=text)
        return []


@answers_on_failure
class ValidateBookingLookupForm(Configured, ExtractedForm):
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
        if owned:
            return []
        if tracker.get_slot(METHOD_SLOT) == "code":
            return list(CODE_SLOTS)
        return list(LOOKUP_SLOTS)

    async def extract_lookup_reference(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        requested = tracker.get_slot("requested_slot")
        # None: the message that started the lookup ("move C-3F9A1C20, my number is ...").
        if requested is not None and requested not in LOOKUP_SLOTS:
            return {}
        text = tracker.latest_message.get("text") or ""
        reference = reference_in(text)
        if reference and not _leaving(tracker):
            return {"lookup_reference": reference}
        if requested != "lookup_reference":
            return {}
        if codes_offered(self.settings, tracker) and WANTS_CODE.search(text):
            return {METHOD_SLOT: "code"}  # the form asks for the number next
        if _leaving(tracker) or _phone_in(tracker):
            return {}
        phone = self.settings.clinic.phone_display
        if language_in(tracker) == "es":
            dispatcher.utter_message(
                text="Perdón, necesito el número de referencia de su confirmación: se ve así, "
                "C-3F9A1C20. Si no lo tiene, por favor llame a la clínica al "
                f"{phone}, o diga \"quiero parar\".")
            return {"lookup_reference": None}
        leave = ('say "forget it"' if tracker.get_latest_input_channel() == TEXT_CHANNEL
                 else 'say "stop"')
        dispatcher.utter_message(
            text="Sorry, I need the booking reference from your confirmation: it looks like "
            f"C-3F9A1C20. If you don't have it, please call the clinic at {phone}, or {leave}.")
        return {"lookup_reference": None}

    async def extract_lookup_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        requested = tracker.get_slot("requested_slot")
        if (requested is not None and requested not in LOOKUP_SLOTS) or _leaving(tracker):
            return {}
        number = _phone_in(tracker)
        if number:
            if tracker.get_slot(METHOD_SLOT) == "code" and not await self._text_code(
                    dispatcher, tracker, number):
                return {"lookup_phone": number, METHOD_SLOT: None}  # the reference, then
            return {"lookup_phone": number}
        if requested != "lookup_phone" or reference_in(tracker.latest_message.get("text") or ""):
            return {}
        _, problem = parse_phone(_without_reference(tracker))
        dispatcher.utter_message(
            text=f"Perdón, {problem_in_spanish(problem)}. Por favor escriba el número de celular "
            "con el que hizo la cita, por ejemplo \"210 555 0123\"." if language_in(tracker)
            == "es" else f"Sorry, {problem}. Please type the mobile number you booked with, for "
            "example \"210 555 0123\".")
        return {"lookup_phone": None}

    async def extract_lookup_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if tracker.get_slot("requested_slot") != "lookup_code" or _leaving(tracker):
            return {}
        phone = tracker.get_slot("lookup_phone")
        text = tracker.latest_message.get("text") or ""
        found = CODE_IN_TEXT.search(text)
        es = language_in(tracker) == "es"
        if not phone:
            return {}
        if not found:
            if RESEND.search(text):
                if not await self._text_code(dispatcher, tracker, phone):
                    return {"lookup_code": None, METHOD_SLOT: None}
            else:
                dispatcher.utter_message(
                    text="Por favor escriba el código de 6 dígitos que le mandé por texto, como "
                    "123456, o diga \"otro código\" para que le mande uno nuevo." if es else
                    "Please type the 6-digit code I texted, like 123456, or say \"new code\" for "
                    "another.")
            return {"lookup_code": None}
        checked = await asyncio.to_thread(
            check_code, sessions_for(self.settings), tracker.sender_id, phone,
            found.group(1) + found.group(2), datetime.now(timezone.utc))
        if checked.ok:
            return {"lookup_code": "verified", PROVEN_PHONE_SLOT: phone}
        phone_display = self.settings.clinic.phone_display
        left = checked.tries_left
        if checked.expired:
            dispatcher.utter_message(
                text="Ese código ya se venció o se intentó demasiadas veces. Diga \"otro "
                f"código\" para que le mande uno nuevo, o llame a la clínica al {phone_display}."
                if es else "That code has expired or was tried too often. Say \"new code\" for "
                f"another, or call the clinic at {phone_display}.")
        elif es:
            dispatcher.utter_message(
                text="Ese código no es correcto. Por favor revise el mensaje e intente otra vez "
                f"({'le queda 1 intento' if left == 1 else f'le quedan {left} intentos'}).")
        else:
            dispatcher.utter_message(
                text=f"That code isn't right. Please check the text and try again "
                f"({left} {'try' if left == 1 else 'tries'} left).")
        return {"lookup_code": None}

    async def _text_code(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         phone: str) -> bool:
        """Text a fresh code to `phone` if it has an upcoming booking; the form then says the
        same either way (utter_ask_lookup_code), so nobody learns whether a number has one.
        False when too many codes went out lately (the visitor is told)."""
        settings = self.settings
        sessions = sessions_for(settings)
        now = datetime.now(timezone.utc)
        minutes = int(CODE_LIFETIME.total_seconds() // 60)
        es = language_in(tracker) == "es"
        if await asyncio.to_thread(_may_get_code, sessions, phone, now):
            code = await asyncio.to_thread(new_code, sessions, tracker.sender_id, phone, now)
            if code is None:
                phone_display = settings.clinic.phone_display
                dispatcher.utter_message(
                    text="Ahorita ya no puedo mandar más códigos. Por favor use el número de "
                    "referencia de su confirmación, o llame a la clínica al "
                    f"{phone_display}." if es else "I can't send more codes right now. Please "
                    "use the booking reference from your confirmation, or call the clinic at "
                    f"{phone_display}.")
                return False
            try:
                # Sent at once, never queued: the code must not wait in a table, and it is
                # useless after ten minutes anyway. Asked for now, so no quiet hours apply.
                await asyncio.to_thread(
                    send_sms, settings.sms, phone,
                    # Without á/í/ó/ú, as every Spanish text: the text stays GSM-7, one segment.
                    f"{code} es su codigo de {settings.clinic.name} para ver su cita. Se vence "
                    f"en {minutes} minutos. Si usted no lo pidio, ignore este mensaje." if es else
                    f"{code} is your {settings.clinic.name} code to see your booking. It "
                    f"expires in {minutes} minutes. If you didn't ask for it, ignore this text.")
            except SmsError as error:
                logger.warning("Texting a code failed in conversation %s: %s",
                               tracker.sender_id, error)
        return True


def _may_get_code(sessions: sessionmaker, phone: str, now: datetime) -> bool:
    """Only a number with an upcoming booking that has not opted out gets a code: a stranger's
    number typed on the web must not receive texts."""
    if upcoming_for_phone(sessions, phone, now) is None:
        return False
    with sessions() as session:
        return not is_opted_out(session, phone)


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
        language = language_in(tracker)
        es = language == "es"
        phone_display = settings.clinic.phone_display
        events: List[EventType] = [SlotSet(slot, None) for slot in ALL_LOOKUP_SLOTS]
        events.append(SlotSet(PENDING_SLOT, None))
        found = await asyncio.to_thread(owned_consultation, tracker, sessions, now)
        if found is not None:
            # Owned (or proven by a code or the carrier): the confirmation asks for the lead.
            events.append(SlotSet("lead_reference", found.lead_reference))
        elif tracker.get_slot(METHOD_SLOT) == "code":
            dispatcher.utter_message(
                text="No encontré ninguna consulta próxima con ese número. Si hizo la cita con "
                "otro número, diga otra vez \"quiero cancelar mi cita\", o llame a la clínica al "
                f"{phone_display}." if es else "I couldn't find an upcoming consultation for "
                "that number. If you booked with another one, say \"cancel my appointment\" "
                f"again, or call the clinic at {phone_display}.")
            return events
        else:
            reference, phone = (tracker.get_slot(slot) for slot in LOOKUP_SLOTS)
            lookup = await asyncio.to_thread(
                find_booking, sessions, reference=reference or "", phone=phone or "",
                conversation_id=tracker.sender_id, now=now)
            if lookup.blocked:
                dispatcher.utter_message(
                    text="Lo siento, ya no puedo buscar citas aquí. Por favor llame a la "
                    f"clínica al {phone_display} y el equipo le ayuda." if es else "I'm sorry, "
                    "I can't look up bookings for you here any more. Please call the clinic at "
                    f"{phone_display} and the team will help you.")
                return events
            if lookup.found is None:
                dispatcher.utter_message(
                    text="No encontré ninguna consulta próxima con esa referencia y ese número "
                    "de celular. Por favor revise los dos en su confirmación e intente otra "
                    f"vez, o llame a la clínica al {phone_display}." if es else "I couldn't "
                    "find an upcoming consultation with that reference and mobile number. "
                    "Please check both in your confirmation and try again, or call the clinic "
                    f"at {phone_display}.")
                return events
            found = lookup.found
            events += [SlotSet("lead_reference", found.lead_reference),
                       SlotSet(PROVEN_PHONE_SLOT, phone)]
        if found.starts_at is None:
            dispatcher.utter_message(
                text="La clínica le va a llamar para buscar un horario para su consulta. Para "
                f"cambiar o cancelar eso, por favor llame a la clínica al {phone_display}."
                if es else "The clinic will call you to find a consultation time. To change or "
                f"cancel that, please call the clinic at {phone_display}.")
            return events
        when = when_said(found.starts_at, settings, language)
        if wanted_change(tracker) == "reschedule_appointment":
            events += await offer_slots(
                dispatcher, settings, f"Su consulta es el {when}. Escoja un nuevo horario (la "
                "cita sigue apartada hasta que lo escoja):" if es else f"Your consultation is "
                f"on {when}. Pick a new time (it stays booked until you do):",
                language=language)
            return [*events, SlotSet("rescheduling", found.reference)]
        dispatcher.utter_message(
            text=f"¿Cancelo su consulta del {when}?" if es else
            f"Cancel your consultation on {when}?", buttons=yes_no(language))
        return [*events, SlotSet(PENDING_SLOT, {
            "kind": "cancel", "consultation": found.reference,
            "starts_at": found.starts_at.isoformat()})]
