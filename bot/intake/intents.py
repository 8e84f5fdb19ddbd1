"""Intent names the intake's form reads, in one place.

Each names an intent in domain.yml; the form leaves a message with one of the rule-handled
intents to a rule (data/rules/) unless the message also answers the question asked.
"""

from __future__ import annotations

from functools import cache

import yaml

from bot.settings import PROJECT_ROOT

GOODBYE = "goodbye"
SWITCH_LANGUAGE = "switch_language"
REQUEST_CALLBACK = "request_callback"
SKIP_TO_BOOKING = "skip_to_booking"
CONTINUE_INTAKE = "continue_intake"
THANK = "thank"
STOP_INTAKE = "stop_intake"
RESTART_INTAKE = "restart_intake"
RED_FLAG_INTENTS = frozenset({"report_infection", "report_allergic_reaction",
                              "report_self_harm"})
# Answered by a rule, whatever the message also says (the form keeps its answers): a red flag
# unless the question asked turns it into an answer, stopping or starting over when the
# message says so in words (bot.intake.leaving).
STOP_OR_RESTART_INTENTS = frozenset({STOP_INTAKE, RESTART_INTAKE})
ALWAYS_RULES = frozenset({*RED_FLAG_INTENTS, *STOP_OR_RESTART_INTENTS})
# Answered by a rule when they are confident and the message does not answer the question
# (after switching language the form asks its question again, keeping every answer).
LEAVING_INTENTS = frozenset({GOODBYE, SWITCH_LANGUAGE, REQUEST_CALLBACK, SKIP_TO_BOOKING})
# Questions a visitor may ask mid-form: a rule answers, then the form asks again.
QUESTION_INTENT_PREFIXES = ("ask_",)
QUESTION_INTENTS = frozenset({"faq", "request_human", "bot_challenge", "share_distress"})
MIN_CONFIDENCE = 0.6
DEFAULT_FALLBACK_THRESHOLD = 0.4


def is_question_intent(intent: str | None) -> bool:
    """An FAQ or another question a rule answers in the middle of the form."""
    return intent is not None and (
        intent.startswith(QUESTION_INTENT_PREFIXES) or intent in QUESTION_INTENTS
    )


@cache
def fallback_threshold() -> float:
    """The FallbackClassifier's threshold in config.yml: below it the intent is nlu_fallback,
    so any other intent the form sees is at least this confident."""
    try:
        config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text()) or {}
    except OSError:
        return DEFAULT_FALLBACK_THRESHOLD
    for component in config.get("pipeline") or []:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", DEFAULT_FALLBACK_THRESHOLD))
    return DEFAULT_FALLBACK_THRESHOLD
