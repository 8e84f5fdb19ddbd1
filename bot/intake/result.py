"""The explained result a visitor sees at the end of the self-assessment."""

from __future__ import annotations

from typing import Any, Mapping

from bot.intake.estimate import describe, estimate
from bot.intake.scoring import CONSULTATION_FIRST, GOOD_CANDIDATE, Result, score
from bot.settings import Settings

DISCLAIMER = (
    "This is not a diagnosis: a provider looks at your skin and confirms everything at your "
    "consultation."
)


def explain(result: Result) -> str:
    band = (
        f"Your answers point to {result.band} scarring, because "
        f"{_and(result.band_reasons)}."
    )
    if result.recommendation == GOOD_CANDIDATE:
        advice = "You look like a good candidate for a micro-needling consultation."
    elif result.recommendation == CONSULTATION_FIRST:
        advice = (
            "A consultation is needed first, so a provider can plan with you: "
            f"{'; '.join(result.recommendation_reasons)}."
        )
    else:
        advice = (
            "Not right now: "
            f"{'; '.join(result.recommendation_reasons)}. It's best to come back after that, "
            "and the clinic is happy to plan ahead with you."
        )
    return f"{band}\n{advice}\n{DISCLAIMER}"


def result_message(answers: Mapping[str, Any], settings: Settings) -> str:
    """The explained result and the cost estimate at the clinic's configured prices."""
    result = score(answers)
    cost = describe(estimate(result.sessions, settings.prices), settings.prices)
    return f"{explain(result)}\n{cost}"


def _and(items: list) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
