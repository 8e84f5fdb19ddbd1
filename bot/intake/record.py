"""The record stored for a finished intake, built from the conversation's slot values.

Used by the action that finishes the intake and by `python -m bot leads recover`, which reads
the slots back from Rasa's tracker store: both store exactly the same record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, List, Mapping

from bot.booking.ownership import phone_is_proven
from bot.intake.questions import ANSWER_SLOTS
from bot.intake.scoring import SCORING_VERSION, score
from bot.language import language_of
from bot.store.leads import ConsentRecord, IntakeRecord
from bot.store.models import RED_FLAG_PREFIX

# Every slot the intake fills: reset when it starts again, blanked when consent is declined.
INTAKE_SLOTS = (
    *ANSWER_SLOTS, "severity_band", "recommendation",
    "data_consent", "data_consent_at", "data_consent_wording", "data_consent_hash",
    "marketing_consent", "marketing_consent_at", "marketing_consent_wording",
    "marketing_consent_hash",
    "contact_name", "contact_phone", "contact_email", "contact_method", "contact_time",
)


def intake_record(conversation_id: str, channel: str, slots: Mapping[str, Any]) -> IntakeRecord:
    """The record to store for a finished intake, from the conversation's slots."""
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
        # A red flag anywhere in the conversation puts the lead on the portal's flagged list.
        flags=[*result.flags, *_red_flags(slots)],
        reasons=result.band_reasons + result.recommendation_reasons + result.then_check,
        scoring_version=SCORING_VERSION,
        data_consent=consent_record(slots, "data_consent"),
        marketing_consent=consent_record(slots, "marketing_consent"),
        # Only a proven number may update the lead already holding it; otherwise the intake
        # is kept as a possible duplicate for staff to merge.
        phone_proven=phone_is_proven(slots["contact_phone"], channel, conversation_id, slots),
        language=language_of(slots.get("language")),
    )


def _red_flags(slots: Mapping[str, Any]) -> List[str]:
    kind = slots.get("last_red_flag")
    return [f"{RED_FLAG_PREFIX}{kind}"] if kind else []


def consent_record(slots: Mapping[str, Any], slot: str) -> ConsentRecord:
    """The consent a `<kind>_consent` slot and its `_at`, `_wording`, `_hash` slots record."""
    return ConsentRecord(
        granted=bool(slots.get(slot)),
        wording_version=slots[f"{slot}_wording"],
        text_hash=slots[f"{slot}_hash"],
        given_at=datetime.fromisoformat(slots[f"{slot}_at"]),
    )
