"""Starting the intake afresh, and finishing it: save the lead, or count a declined one."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.failures import answers_on_failure
from actions.intake.questions import ANSWER_SLOTS
from actions.intake.scoring import SCORING_VERSION, score
from actions.ownership import phone_is_proven
from bot.settings import get_settings
from bot.store.db import clinic_sessions
from bot.store.leads import (
    ConsentRecord,
    IntakeRecord,
    SavedLead,
    count_declined_assessment,
    save_intake,
)
from bot.store.transcripts import redact_since

logger = logging.getLogger(__name__)

INTAKE_SLOTS = (
    *ANSWER_SLOTS, "severity_band", "recommendation",
    "data_consent", "data_consent_at", "data_consent_wording", "data_consent_hash",
    "marketing_consent", "marketing_consent_at", "marketing_consent_wording",
    "marketing_consent_hash",
    "contact_name", "contact_phone", "contact_email", "contact_method", "contact_time",
)


def intake_record(conversation_id: str, channel: str, slots: Dict[str, Any]) -> IntakeRecord:
    """The record to store for a finished intake, from the conversation's slots.

    Also used by `python -m bot leads recover`, which reads the slots from Rasa's tracker.
    """
    answers = {slot: slots.get(slot) for slot in ANSWER_SLOTS}
    result = score(answers)  # scored again here: the stored result always matches the answers
    return IntakeRecord(
        conversation_id=conversation_id,
        channel=channel,
        name=slots["contact_name"],
        phone=slots["contact_phone"],
        email=slots.get("contact_email") or None,
        preferred_contact=slots["contact_method"],
        preferred_time=slots["contact_time"],
        answers=answers,
        band=result.band,
        recommendation=result.recommendation,
        flags=result.flags,
        reasons=result.band_reasons + result.recommendation_reasons,
        scoring_version=SCORING_VERSION,
        data_consent=_consent(slots, "data_consent"),
        marketing_consent=_consent(slots, "marketing_consent"),
        # Only a proven number may update the lead already holding it; otherwise the intake
        # is kept as a possible duplicate for staff to merge.
        phone_proven=phone_is_proven(slots["contact_phone"], channel, conversation_id, slots),
    )


def _consent(slots: Dict[str, Any], slot: str) -> ConsentRecord:
    return ConsentRecord(
        granted=bool(slots.get(slot)),
        wording_version=slots[f"{slot}_wording"],
        text_hash=slots[f"{slot}_hash"],
        given_at=datetime.fromisoformat(slots[f"{slot}_at"]),
    )


@answers_on_failure
class ActionResetIntake(Action):
    def name(self) -> str:
        return "action_reset_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return [SlotSet(slot, None) for slot in (*INTAKE_SLOTS, "requested_slot")]


@answers_on_failure
class ActionFinishIntake(Action):
    """Save the lead when the visitor agreed; otherwise only count the assessment."""

    def name(self) -> str:
        return "action_finish_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        settings = get_settings()
        if tracker.get_slot("data_consent") is not True:
            return await _forget_declined_intake(dispatcher, tracker, settings.clinic.phone_display)
        record = intake_record(
            tracker.sender_id, tracker.get_latest_input_channel() or "unknown",
            tracker.current_slot_values(),
        )
        try:
            saved: SavedLead = await asyncio.to_thread(save_intake, clinic_sessions(), record)
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
        first_name = record.name.split()[0]
        how = {"call": "call you", "text": "text you", "email": "email you"}[
            record.preferred_contact
        ]
        when = "" if record.preferred_time == "any" else f" in the {record.preferred_time}"
        dispatcher.utter_message(
            text=f"Thank you, {first_name}! The clinic will {how}{when} about a consultation. "
            f"Your reference is {saved.reference}."
        )
        return [SlotSet("lead_reference", saved.reference)]


async def _forget_declined_intake(
    dispatcher: CollectingDispatcher, tracker: Tracker, phone: str
) -> List[EventType]:
    """Make "nothing has been stored" true: blank the intake in Rasa's tracker store too."""
    started = intake_started_at(tracker.events)
    await asyncio.to_thread(redact_since, clinic_sessions().kw["bind"], tracker.sender_id,
                            started, INTAKE_SLOTS)
    await _quietly(count_declined_assessment, clinic_sessions())
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
