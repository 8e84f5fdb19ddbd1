"""Reads each answer of the intake form, several at once, and takes corrections at any point.

Every slot of `intake_form` is custom-mapped: this action decides whether a message answers
the question that was asked (and later ones), corrects an earlier answer, or is something a
rule in data/rules/ handles: a question of its own (an FAQ), a red flag, "stop", "start over",
a goodbye, Spanish, a call-back or skip-to-booking request. For those it returns no slot
events, so the form rejects and the rule answers before the form asks again. The reading
itself is plain logic in bot/intake/ (several_answers, corrections, leaving).
"""

from __future__ import annotations

from typing import Any, List, Mapping

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.extracted_form import ExtractedForm
from actions.failures import answers_on_failure
from actions.intake.reasking import tell_not_answered
from bot.intake.consent import answer_slot_values
from bot.intake.corrections import Corrections, find_corrections
from bot.intake.intents import (
    CONTINUE_INTAKE,
    MIN_CONFIDENCE,
    RED_FLAG_INTENTS,
    STOP_OR_RESTART_INTENTS,
    THANK,
    fallback_threshold,
    is_question_intent,
)
from bot.intake.leaving import (
    asks_for_person,
    left_for_rules,
    never_an_answer,
    says_stop_or_restart,
)
from bot.intake.questions import ANSWER_SLOTS, CONSENT_SLOTS, CONTACT_SLOTS, QUESTIONS
from bot.intake.result import result_message
from bot.intake.scoring import score
from bot.intake.several_answers import read_message, reads_like_question
from bot.language import language_of
from bot.safety.red_flags import detect
from bot.settings import get_settings

FORM = "intake_form"
CORRECTABLE = (*ANSWER_SLOTS, *CONTACT_SLOTS)
# Questions whose answer is a number, unmistakable beside a question of the visitor's own;
# a yes or no beside a question ("no, is it safe while nursing?") is left to the FAQ.
ANSWERED_BESIDE_A_QUESTION = ("age", "scar_count", "scar_years")


@answers_on_failure
class ValidateIntakeForm(ExtractedForm):
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
        if not requested or requested not in QUESTIONS or not text or text.startswith("/"):
            return []
        if intent_name in RED_FLAG_INTENTS and not _answers_the_question(
                intent_name, text, requested):
            return []  # the escalation rule answers
        if intent_name in STOP_OR_RESTART_INTENTS and says_stop_or_restart(text):
            return []  # the stop or start-over rule answers
        if never_an_answer(text):
            return []  # a goodbye or Spanish text: a rule answers ("no entiendo" is no "no")
        if asks_for_person(text) and requested not in CONTACT_SLOTS:
            return []  # "can i just talk to someone": the hand-over rule answers

        slots = tracker.current_slot_values()
        corrections = find_corrections(text, requested, slots, CORRECTABLE)
        if corrections:
            return self._correct(corrections, requested, slots, dispatcher)

        required = await self.required_slots([], dispatcher, tracker, domain)
        reading = read_message(text, requested, required, slots)
        answers = reading.value is not None or bool(reading.later)
        if left_for_rules(intent_name, confidence, text, answers):
            return []  # a goodbye, Spanish, a call back or skipping to booking: a rule answers
        if (intent_name in STOP_OR_RESTART_INTENTS and not answers
                and confidence >= MIN_CONFIDENCE):
            # Stopping in other words than ours: the rule answers. An unsure guess would throw
            # every answer away ("rara vez se quema" read as "otra vez"), so it is asked again.
            return []
        # A message written as a question is left to the FAQ rules at any confidence the
        # classifier let through; one that is not needs the classifier to be sure.
        is_question = is_question_intent(intent_name) and (
            confidence >= MIN_CONFIDENCE
            or (reads_like_question(text) and confidence >= fallback_threshold()))
        if reading.value is not None and not (is_question and reads_like_question(text)):
            return self._accept(requested, reading.value, reading.later, slots, dispatcher,
                                domain)
        if is_question:
            faq = _faq_response(message)
            if reading.value is not None and requested in ANSWERED_BESIDE_A_QUESTION and faq:
                # "tengo 45 años, ¿no estoy muy grande?": the number answers the question
                # asked and the FAQ answers theirs, so it is not asked again.
                dispatcher.utter_message(response=faq)
                return self._accept(requested, reading.value, reading.later, slots,
                                    dispatcher, domain)
            return []  # the FAQ rule answers it, then the form asks again
        if reading.later:
            # Later questions answered, the pending one not: the form asks it again.
            return self._accept(None, None, reading.later, slots, dispatcher, domain)
        if intent_name == CONTINUE_INTAKE and confidence >= MIN_CONFIDENCE:
            return [SlotSet(requested, None)]  # "let's carry on": ask the question again
        if intent_name == THANK and confidence >= MIN_CONFIDENCE:
            # "thanks" / "gracias" between questions: no bad answer, just go on.
            spanish = language_of(tracker.get_slot("language")) == "es"
            dispatcher.utter_message(text="¡Con mucho gusto!" if spanish else "You're welcome!")
            return [SlotSet(requested, None)]
        if requested == "data_consent":
            # A hedge ("I have concerns", "I'm good") is neither yes nor no: explain, ask again.
            dispatcher.utter_message(response="utter_data_consent_unsure")
            return [SlotSet(requested, None)]
        tell_not_answered(dispatcher, tracker, requested, reading.problem)
        return [SlotSet(requested, None)]

    def _accept(
        self,
        slot: str | None,
        value: Any,
        later: Mapping[str, Any],
        slots: Mapping[str, Any],
        dispatcher: CollectingDispatcher,
        domain: DomainDict,
    ) -> List[EventType]:
        """The answer to the pending question (if any) and to later ones, in order."""
        events: List[EventType] = []
        if slot in CONSENT_SLOTS:
            kind = slot.split("_")[0]
            events += [SlotSet(name, answer) for name, answer in answer_slot_values(
                slot, kind, value == "yes", domain, language_of(slots.get("language"))).items()]
        elif slot is not None:
            events.append(SlotSet(slot, value))
        events += [SlotSet(name, answer) for name, answer in later.items()]
        now = {**slots, **({slot: value} if slot else {}), **later}
        if _all_answered(now) and not _all_answered(slots):
            events += self._show_result(now, dispatcher)
        return events

    def _correct(
        self,
        corrections: Corrections,
        requested: str,
        slots: Mapping[str, Any],
        dispatcher: CollectingDispatcher,
    ) -> List[EventType]:
        """Change the corrected answers; the form then asks the pending question again."""
        if not corrections.changed:
            dispatcher.utter_message(response="utter_answer_already_noted")
            return [SlotSet(requested, None)]
        dispatcher.utter_message(response="utter_answer_corrected")
        events: List[EventType] = [SlotSet(slot, value)
                                   for slot, value in corrections.changed.items()]
        if set(corrections.changed) & set(ANSWER_SLOTS) and slots.get("severity_band"):
            events += self._show_result({**slots, **corrections.changed}, dispatcher)
        return events

    def _show_result(
        self, slots: Mapping[str, Any], dispatcher: CollectingDispatcher
    ) -> List[EventType]:
        answers = {slot: slots.get(slot) for slot in ANSWER_SLOTS}
        result = score(answers)
        # health_details: a channel that must not carry them (SMS) says "call us" instead.
        language = language_of(slots.get("language"))
        dispatcher.utter_message(text=result_message(answers, get_settings(), language),
                                 health_details=True)
        return [
            SlotSet("severity_band", result.band),
            SlotSet("recommendation", result.recommendation),
        ]


def _all_answered(slots: Mapping[str, Any]) -> bool:
    return all(slots.get(slot) is not None for slot in ANSWER_SLOTS)


def _faq_response(message: Mapping[str, Any]) -> str | None:
    """The answer the response selector picked for an FAQ ("utter_faq/age_limit"), if the
    message was read as one."""
    if (message.get("intent") or {}).get("name") != "faq":
        return None
    selected = ((message.get("response_selector") or {}).get("faq") or {}).get("response")
    return (selected or {}).get("utter_action")


def _answers_the_question(intent: str | None, text: str, requested: str) -> bool:
    """A red-flag reading that, with the pending question as context, is an answer to it
    ("yes, a small infection on my chin" when asked about a skin infection right now)."""
    # Only where the question itself is what turns the reading around; a red flag that the
    # trained second reading found stays one.
    return (intent in RED_FLAG_INTENTS and detect(text) is not None
            and detect(text, pending=requested) is None)
