"""Intent names the intake's form reads, in one place.

Each names an intent in domain.yml; the form leaves a message with one of the rule-handled
intents to a rule (data/rules/) unless the message also answers the question asked.
"""

from __future__ import annotations

GOODBYE = "goodbye"
SPEAK_SPANISH = "speak_spanish"
REQUEST_CALLBACK = "request_callback"
SKIP_TO_BOOKING = "skip_to_booking"
CONTINUE_INTAKE = "continue_intake"
STOP_INTAKE = "stop_intake"
RESTART_INTAKE = "restart_intake"
RED_FLAG_INTENTS = frozenset({"report_infection", "report_allergic_reaction",
                              "report_self_harm"})
# Always answered by a rule, whatever the message also says (the form keeps its answers).
ALWAYS_RULES = frozenset({*RED_FLAG_INTENTS, STOP_INTAKE, RESTART_INTAKE})
# Answered by a rule when they are confident and the message does not answer the question.
LEAVING_INTENTS = frozenset({GOODBYE, SPEAK_SPANISH, REQUEST_CALLBACK, SKIP_TO_BOOKING})
# Questions a visitor may ask mid-form: a rule answers, then the form asks again.
QUESTION_INTENT_PREFIXES = ("ask_",)
QUESTION_INTENTS = frozenset({"faq", "request_human", "bot_challenge", "share_distress"})
MIN_CONFIDENCE = 0.6


def is_question_intent(intent: str | None) -> bool:
    """An FAQ or another question a rule answers in the middle of the form."""
    return intent is not None and (
        intent.startswith(QUESTION_INTENT_PREFIXES) or intent in QUESTION_INTENTS
    )
