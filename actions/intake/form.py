"""Reads each answer of the intake form, re-asks with an example, takes corrections.

Every slot of `intake_form` is custom-mapped: this action decides whether a message answers
the question that was asked. A message that is a question of its own (an FAQ), a red flag,
"stop" or "start over" is left unanswered here, so the form rejects it and a rule in
data/rules/intake.yml handles it before the form asks again.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.failures import answers_on_failure
from bot.intake.consent import WORDING_VERSIONS, wording_hash, wording_text
from bot.intake.questions import ANSWER_SLOTS, CONTACT_SLOTS, QUESTIONS, SCREENING
from bot.intake.result import result_message
from bot.intake.scoring import score
from bot.safety.red_flags import detect
from bot.settings import get_settings

FORM = "intake_form"
RED_FLAG_INTENTS = {"report_infection", "report_allergic_reaction", "report_self_harm"}
HANDLED_BY_RULES = {*RED_FLAG_INTENTS, "stop_intake", "restart_intake"}
# Questions a visitor may ask mid-form: answered by a rule, then the form asks again.
QUESTION_INTENT_PREFIXES = ("ask_",)
QUESTION_INTENTS = {"faq", "request_human", "bot_challenge", "share_distress"}
MIN_QUESTION_CONFIDENCE = 0.6
CORRECTION = re.compile(
    r"^\s*(actually|correction|sorry,? i meant|i meant|wait,?|oops,?|"
    r"i made a mistake,?|change my answer( to)?)[\s,:-]*",
    re.IGNORECASE,
)
QUESTION_START = re.compile(
    r"^\s*(what|how|why|when|where|who|which|is|are|do|does|can|could|will|would|should)\b",
    re.IGNORECASE,
)
LAST_SCREENING_SLOT = SCREENING[-1].slot


@answers_on_failure
class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return f"validate_{FORM}"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        slots = [*ANSWER_SLOTS, "data_consent"]
        if tracker.get_slot("data_consent") is True:
            slots += ["marketing_consent", *CONTACT_SLOTS]
        return slots

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        message = tracker.latest_message or {}
        text = (message.get("text") or "").strip()
        intent = message.get("intent") or {}
        intent_name, confidence = intent.get("name"), intent.get("confidence") or 0.0
        if not requested or not text or text.startswith("/"):
            return []
        if intent_name in HANDLED_BY_RULES and not _answers_the_question(
                intent_name, text, requested):
            return []  # the escalation (or stop, start over) rule answers

        correction = self._correction(text, requested, tracker, dispatcher, domain)
        if correction:
            return correction

        is_question = _is_question_intent(intent_name) and confidence >= MIN_QUESTION_CONFIDENCE
        value, problem = QUESTIONS[requested].read(text)
        if value is not None and not (is_question and _reads_like_question(text)):
            return self._accept(requested, value, tracker, dispatcher, domain)
        if is_question:
            return []  # the FAQ rule answers it, then the form asks again
        if requested == "data_consent":
            # A hedge ("I have concerns", "I'm good") is neither yes nor no: explain, ask again.
            dispatcher.utter_message(response="utter_data_consent_unsure")
            return [SlotSet(requested, None)]
        reason = problem or "I didn't catch that"
        dispatcher.utter_message(text=f"Sorry, {reason}. {QUESTIONS[requested].example}")
        return [SlotSet(requested, None)]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        # Extraction already validated every value; pass on all of its slot events, including
        # the result slots that are not questions of the form.
        return [SlotSet(slot, value) for slot, value in tracker.slots_to_validate().items()]

    def _accept(
        self,
        slot: str,
        value: Any,
        tracker: Tracker,
        dispatcher: CollectingDispatcher,
        domain: DomainDict,
    ) -> List[EventType]:
        now = datetime.now(timezone.utc).isoformat()
        if slot in ("data_consent", "marketing_consent"):
            kind = slot.split("_")[0]
            return [
                SlotSet(slot, value == "yes"),
                SlotSet(f"{slot}_at", now),
                SlotSet(f"{slot}_wording", WORDING_VERSIONS[kind]),
                SlotSet(f"{slot}_hash", wording_hash(wording_text(domain, kind))),
            ]
        events: List[EventType] = [SlotSet(slot, value)]
        if slot == LAST_SCREENING_SLOT:
            events += self._show_result({**tracker.current_slot_values(), slot: value},
                                        dispatcher)
        return events

    def _correction(
        self,
        text: str,
        requested: str,
        tracker: Tracker,
        dispatcher: CollectingDispatcher,
        domain: DomainDict,
    ) -> List[EventType]:
        marker = CORRECTION.match(text)
        if not marker:
            return []
        rest = text[marker.end():]
        lowered = f" {rest.lower()} "
        for slot in ANSWER_SLOTS + CONTACT_SLOTS:
            question = QUESTIONS[slot]
            if slot == requested or tracker.get_slot(slot) is None:
                continue
            if not any(f" {word} " in lowered or lowered.startswith(f" {word}")
                       for word in question.topic_words):
                continue
            value, _ = question.read(rest)
            if value is None:
                continue
            dispatcher.utter_message(response="utter_answer_corrected")
            events: List[EventType] = [SlotSet(slot, value)]
            if slot in ANSWER_SLOTS and tracker.get_slot("severity_band"):
                events += self._show_result({**tracker.current_slot_values(), slot: value},
                                            dispatcher)
            return events
        return []

    def _show_result(
        self, slots: Dict[str, Any], dispatcher: CollectingDispatcher
    ) -> List[EventType]:
        answers = {slot: slots.get(slot) for slot in ANSWER_SLOTS}
        result = score(answers)
        dispatcher.utter_message(text=result_message(answers, get_settings()))
        return [
            SlotSet("severity_band", result.band),
            SlotSet("recommendation", result.recommendation),
        ]


def _answers_the_question(intent: str | None, text: str, requested: str) -> bool:
    """A red-flag reading that, with the pending question as context, is an answer to it
    ("yes, a small infection on my chin" when asked about a skin infection right now)."""
    # Only where the question itself is what turns the reading around; a red flag that the
    # trained second reading found stays one.
    return (intent in RED_FLAG_INTENTS and detect(text) is not None
            and detect(text, pending=requested) is None)


def _is_question_intent(intent: str | None) -> bool:
    return intent is not None and (
        intent.startswith(QUESTION_INTENT_PREFIXES) or intent in QUESTION_INTENTS
    )


def _reads_like_question(text: str) -> bool:
    return text.rstrip().endswith("?") or bool(QUESTION_START.match(text))
