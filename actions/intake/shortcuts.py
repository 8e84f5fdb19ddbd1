"""The short ways past the self-assessment: a call back, or booking without the questions.

Both ask only for consent, a name and a mobile number (contact_form), store a lead without an
assessment, and then either ask the clinic to call or offer free times.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking.offer import ask_for_call_back, start_booking
from actions.configured import Configured, sessions_for
from actions.extracted_form import ExtractedForm
from actions.failures import answers_on_failure
from actions.intake.reasking import tell_not_answered
from actions.texter import known_contact, known_texter
from bot.booking.ownership import phone_is_proven
from bot.contact import first_name
from bot.intake.answers import parse_consent
from bot.intake.consent import answer_slot_values
from bot.intake.intents import (
    GOODBYE,
    MIN_CONFIDENCE,
    RED_FLAG_INTENTS,
    STOP_INTAKE,
    SWITCH_LANGUAGE,
    is_question_intent,
)
from bot.intake.questions import QUESTIONS
from bot.intake.record import consent_record
from bot.intake.shortcut_details import contact_details_in
from bot.language import language_of
from bot.store.leads import ContactRecord, save_contact

logger = logging.getLogger(__name__)

FORM = "contact_form"
CALLBACK, BOOKING = "callback", "booking"
SHORTCUT_OF_INTENT = {"request_callback": CALLBACK, "skip_to_booking": BOOKING}
CONSENT_SLOTS = ("quick_consent", "quick_consent_at", "quick_consent_wording",
                 "quick_consent_hash")
CONTACT_DETAILS = ("contact_name", "contact_phone")
INTRO = {CALLBACK: "utter_callback_intro", BOOKING: "utter_skip_intro"}
# When the name and number are known, only consent is asked: the intro must not ask for them.
CONSENT_ONLY_INTRO = {CALLBACK: "utter_callback_intro_consent_only",
                      BOOKING: "utter_skip_intro_consent_only"}
# Messages the form leaves to a rule: a red flag, leaving, switching language, or a question.
LEFT_TO_RULES = frozenset({*RED_FLAG_INTENTS, STOP_INTAKE, GOODBYE, SWITCH_LANGUAGE})


@answers_on_failure
class ActionStartShortcut(Configured, Action):
    """Say what the short way is (and what skipping loses), then the form asks its questions.

    Consent, name and mobile already given in this conversation are not asked again, nor the
    name and number of a texter whose number has a lead.
    """

    def name(self) -> str:
        return "action_start_shortcut"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        shortcut = SHORTCUT_OF_INTENT.get(intent or "", CALLBACK)
        # "Call me, I'm Tom Baker, 210 555 0160": details given with the request are not asked
        # again (still stored only after consent).
        given = {**known_contact(await known_texter(tracker, self.settings)),
                 **contact_details_in(tracker.latest_message.get("text") or "")}
        details_known = all(tracker.get_slot(slot) or given.get(slot)
                            for slot in CONTACT_DETAILS)
        consent_asked = (tracker.get_slot("data_consent") is not True
                         and tracker.get_slot("quick_consent") is not True)
        intros = CONSENT_ONLY_INTRO if details_known and consent_asked else INTRO
        dispatcher.utter_message(response=intros[shortcut])
        events: List[EventType] = [SlotSet("shortcut", shortcut), SlotSet("requested_slot", None)]
        events += [SlotSet(slot, value) for slot, value in given.items()
                   if not tracker.get_slot(slot)]
        if tracker.get_slot("data_consent") is True:
            # The intake's consent covers storing a name and number for the same enquiry.
            events += [SlotSet(slot, tracker.get_slot(slot.replace("quick", "data")))
                       for slot in CONSENT_SLOTS]
        elif tracker.get_slot("quick_consent") is not True:
            events += [SlotSet(slot, None) for slot in CONSENT_SLOTS]
        return events


@answers_on_failure
class ValidateContactForm(ExtractedForm):
    def name(self) -> str:
        return f"validate_{FORM}"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        if tracker.get_slot("quick_consent") is False:
            return ["quick_consent"]  # filled: the form ends, nothing more is asked
        return ["quick_consent", "contact_name", "contact_phone"]

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        message = tracker.latest_message or {}
        text = (message.get("text") or "").strip()
        if not requested or not text or text.startswith("/"):
            return []
        if requested == "quick_consent":
            value, problem = parse_consent(text), None
        else:
            value, problem = QUESTIONS[requested].read(text)
        if value is None and _left_to_rules(message):
            return []  # a rule answers or ends the form; then the form asks again
        if value is None:
            if requested == "quick_consent":
                dispatcher.utter_message(response="utter_data_consent_unsure")
                return [SlotSet(requested, None)]
            tell_not_answered(dispatcher, tracker, requested, problem)
            return [SlotSet(requested, None)]
        if requested == "quick_consent":
            return [SlotSet(name, answer) for name, answer in
                    answer_slot_values("quick_consent", "quick", value == "yes", domain,
                                       _language_of(tracker)).items()]
        return [SlotSet(requested, value)]


@answers_on_failure
class ActionFinishShortcut(Configured, Action):
    """Store the lead, then ask the clinic to call, or offer free times."""

    def name(self) -> str:
        return "action_finish_shortcut"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        settings = self.settings
        phone_display = settings.clinic.phone_display
        es = _language_of(tracker) == "es"
        if tracker.get_slot("quick_consent") is not True:
            dispatcher.utter_message(
                text="Entendido: no se guardó nada. Puede llamar a la clínica al "
                f"{phone_display} cuando guste." if es else "Understood: nothing has been "
                f"stored. You can call the clinic at {phone_display} whenever you like.")
            return [SlotSet(slot, None) for slot in (*CONSENT_SLOTS, *CONTACT_DETAILS)]
        record = _contact_record(tracker)
        try:
            saved = await asyncio.to_thread(save_contact, sessions_for(settings), record)
        except Exception:
            logger.exception("Could not save the contact of conversation %s", tracker.sender_id)
            dispatcher.utter_message(
                text="Lo siento, algo falló de nuestro lado al guardar sus datos. Por favor "
                f"llame a la clínica al {phone_display} y le ayudamos de inmediato." if es else
                "I'm sorry, something went wrong on our side while saving your details. "
                f"Please call the clinic at {phone_display} and we'll help you straight away.")
            return []
        events: List[EventType] = [SlotSet("lead_reference", saved.reference)]
        name = first_name(record.name)
        dispatcher.utter_message(
            text=f"¡Gracias, {name}! Su número de referencia es {saved.reference}." if es else
            f"Thank you, {name}! Your reference is {saved.reference}.")
        if tracker.get_slot("shortcut") == BOOKING:
            return [*events, *await start_booking(dispatcher, tracker, settings,
                                                  saved.reference)]
        return [*events, *await ask_for_call_back(dispatcher, tracker, settings,
                                                  saved.reference)]


def _contact_record(tracker: Tracker) -> ContactRecord:
    slots = tracker.current_slot_values()
    channel = tracker.get_latest_input_channel() or "unknown"
    return ContactRecord(
        conversation_id=tracker.sender_id,
        channel=channel,
        name=slots["contact_name"],
        phone=slots["contact_phone"],
        consent=consent_record(slots, "quick_consent"),
        phone_proven=phone_is_proven(slots["contact_phone"], channel, tracker.sender_id, slots),
        language=language_of(slots.get("language")),
    )


def _language_of(tracker: Tracker) -> str:
    return language_of(tracker.get_slot("language"))


def _left_to_rules(message: Dict[str, Any]) -> bool:
    intent = message.get("intent") or {}
    name, confidence = intent.get("name") or "", intent.get("confidence") or 0.0
    return confidence >= MIN_CONFIDENCE and (name in LEFT_TO_RULES or is_question_intent(name))
