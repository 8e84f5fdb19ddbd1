"""Starting the intake afresh, and finishing it: save the lead, or count a declined one."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import sessionmaker

from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from bot.contact import first_name
from bot.intake.record import INTAKE_SLOTS, intake_record
from bot.store.leads import SavedLead, count_declined_assessment, save_intake
from bot.store.transcripts import redact_since

logger = logging.getLogger(__name__)


@answers_on_failure
class ActionResetIntake(Action):
    def name(self) -> str:
        return "action_reset_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return [SlotSet(slot, None) for slot in (*INTAKE_SLOTS, "requested_slot")]


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
        if tracker.get_slot("data_consent") is not True:
            return await _forget_declined_intake(dispatcher, tracker, sessions,
                                                 settings.clinic.phone_display)
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
            dispatcher.utter_message(
                text="I'm sorry, something went wrong on our side while saving your details. "
                f"Please call the clinic at {settings.clinic.phone_display} and we'll help you "
                "straight away."
            )
            return []
        how = {"call": "call you", "text": "text you", "email": "email you"}[
            record.preferred_contact
        ]
        when = "" if record.preferred_time == "any" else f" in the {record.preferred_time}"
        dispatcher.utter_message(
            text=f"Thank you, {first_name(record.name)}! The clinic will {how}{when} about a "
            f"consultation. Your reference is {saved.reference}."
        )
        return [SlotSet("lead_reference", saved.reference)]


async def _forget_declined_intake(
    dispatcher: CollectingDispatcher, tracker: Tracker, sessions: sessionmaker, phone: str
) -> List[EventType]:
    """Make "nothing has been stored" true: blank the intake in Rasa's tracker store too."""
    started = intake_started_at(tracker.events)
    await asyncio.to_thread(redact_since, sessions.kw["bind"], tracker.sender_id,
                            started, INTAKE_SLOTS)
    await _quietly(count_declined_assessment, sessions)
    dispatcher.utter_message(
        text="Understood: nothing you told me has been stored. If you change your mind, "
        f"call the clinic at {phone}. Take care!"
    )
    return [SlotSet(slot, None) for slot in INTAKE_SLOTS]


def intake_started_at(events: List[Dict[str, Any]]) -> float:
    """When the latest self-assessment began (its reset), or 0 for the whole conversation."""
    for event in reversed(events):
        if event.get("event") == "action" and event.get("name") == "action_reset_intake":
            return float(event.get("timestamp") or 0)
    return 0.0


async def _quietly(function: Any, *args: Any) -> None:
    try:
        await asyncio.to_thread(function, *args)
    except Exception:
        logger.exception("Could not count a declined assessment")
