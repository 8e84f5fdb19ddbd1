"""Starting the intake afresh, and finishing it: save the lead, or count a declined one."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import sessionmaker

from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from actions.texter import known_contact, known_texter
from bot.contact import first_name, when_to_contact
from bot.intake.questions import ANSWER_SLOTS
from bot.intake.record import INTAKE_SLOTS, intake_record
from bot.language import language_of
from bot.settings import Settings
from bot.store.leads import SavedLead, count_declined_assessment, save_intake
from bot.store.transcripts import redact_since

logger = logging.getLogger(__name__)
# When the latest self-assessment began afresh (seconds since the epoch): a declined intake
# is blanked in the tracker store from there on.
STARTED_SLOT = "intake_started_at"


@answers_on_failure
class ActionResetIntake(Configured, Action):
    """"Start over": every answer forgotten, the questions from the first one."""

    def name(self) -> str:
        return "action_reset_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return await _fresh_start(tracker, self.settings)


@answers_on_failure
class ActionStartIntake(Configured, Action):
    """Begin the self-assessment, or pick up an unfinished one with its answers kept (an
    interruption, a stop or a red flag that turned out not to be one loses nothing)."""

    def name(self) -> str:
        return "action_start_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if has_unfinished_intake(tracker):
            dispatcher.utter_message(response="utter_intake_resumed")
            return [SlotSet("requested_slot", None)]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        dispatcher.utter_message(response="utter_intake_before_booking"
                                 if intent == "request_booking" else "utter_intake_intro")
        return await _fresh_start(tracker, self.settings)


@answers_on_failure
class ActionContinueIntake(Action):
    """"Can we carry on": back to the unfinished self-assessment, or ask what they need."""

    def name(self) -> str:
        return "action_continue_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if not has_unfinished_intake(tracker):
            dispatcher.utter_message(response="utter_nothing_to_continue")
            return []
        dispatcher.utter_message(response="utter_intake_resumed")
        return [SlotSet("requested_slot", None), FollowupAction("intake_form")]


def has_unfinished_intake(tracker: Tracker) -> bool:
    """Answers given in this conversation that are neither stored nor declined yet."""
    return (tracker.get_slot("lead_reference") is None
            and tracker.get_slot("data_consent") is None
            and any(tracker.get_slot(slot) is not None for slot in ANSWER_SLOTS))


async def _fresh_start(tracker: Tracker, settings: Settings) -> List[EventType]:
    """Every intake slot empty, except the name and number of a texter whose number has a
    lead: those are not asked again."""
    known = known_contact(await known_texter(tracker, settings))
    return [SlotSet(slot, known.get(slot)) for slot in (*INTAKE_SLOTS, "requested_slot")] + [
        SlotSet(STARTED_SLOT, time.time())]


@answers_on_failure
class ActionFinishIntake(Configured, Action):
    """Save the lead when the visitor agreed; otherwise only count the assessment."""

    def name(self) -> str:
        return "action_finish_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        settings = self.settings
        sessions = sessions_for(settings)
        es = language_of(tracker.get_slot("language")) == "es"
        phone = settings.clinic.phone_display
        if tracker.get_slot("data_consent") is not True:
            return await _forget_declined_intake(dispatcher, tracker, sessions, phone, es)
        record = intake_record(
            tracker.sender_id, tracker.get_latest_input_channel() or "unknown",
            tracker.current_slot_values(),
        )
        try:
            saved: SavedLead = await asyncio.to_thread(save_intake, sessions, record)
        except Exception:
            logger.exception(
                "Could not save the intake of conversation %s; recover it with "
                "`python -m bot leads recover`", tracker.sender_id,
            )
            dispatcher.utter_message(text=(
                "Lo siento, algo falló de nuestro lado al guardar sus datos. Por favor llame a "
                f"la clínica al {phone} y le ayudamos de inmediato." if es else
                "I'm sorry, something went wrong on our side while saving your details. "
                f"Please call the clinic at {phone} and we'll help you straight away."
            ))
            return []
        name = first_name(record.name)
        if es:
            how = {"call": "le va a llamar", "text": "le va a mandar un mensaje de texto",
                   "email": "le va a mandar un correo"}[record.preferred_contact]
            when = when_to_contact(record.preferred_time, "es")
            dispatcher.utter_message(
                text=f"¡Gracias, {name}! La clínica {how}{when} para hablar de una consulta. "
                f"Su número de referencia es {saved.reference}."
            )
            return [SlotSet("lead_reference", saved.reference)]
        how = {"call": "call you", "text": "text you", "email": "email you"}[
            record.preferred_contact
        ]
        when = when_to_contact(record.preferred_time)
        dispatcher.utter_message(
            text=f"Thank you, {name}! The clinic will {how}{when} about a "
            f"consultation. Your reference is {saved.reference}."
        )
        return [SlotSet("lead_reference", saved.reference)]


async def _forget_declined_intake(
    dispatcher: CollectingDispatcher, tracker: Tracker, sessions: sessionmaker, phone: str,
    es: bool = False,
) -> List[EventType]:
    """Make "nothing has been stored" true: blank the intake in Rasa's tracker store too."""
    started = intake_started_at(tracker.events)
    await asyncio.to_thread(redact_since, sessions.kw["bind"], tracker.sender_id,
                            started, INTAKE_SLOTS)
    await _quietly(count_declined_assessment, sessions)
    dispatcher.utter_message(text=(
        "Entendido: no se guardó nada de lo que me dijo. Si cambia de opinión, llame a la "
        f"clínica al {phone}. ¡Cuídese mucho!" if es else
        "Understood: nothing you told me has been stored. If you change your mind, "
        f"call the clinic at {phone}. Take care!"
    ))
    return [SlotSet(slot, None) for slot in INTAKE_SLOTS]


def intake_started_at(events: List[Dict[str, Any]]) -> float:
    """When the latest self-assessment began afresh, or 0 for the whole conversation."""
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") == STARTED_SLOT and isinstance(
                event.get("value"), (int, float)):
            return float(event["value"])
        if event.get("event") == "action" and event.get("name") == "action_reset_intake":
            return float(event.get("timestamp") or 0)
    return 0.0


async def _quietly(function: Any, *args: Any) -> None:
    try:
        await asyncio.to_thread(function, *args)
    except Exception:
        logger.exception("Could not count a declined assessment")
