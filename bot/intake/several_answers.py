"""One message that answers the question asked and later ones too.

"rolling ones, around 12, cheeks and chin" asked for the scar types answers the types, the
count and the areas; "I'm 34 and I'm not pregnant" asked about pregnancy answers it and the
age. Later questions are filled only where the message names them unmistakably
(bot.intake.mentions), only when not answered yet, and never consent. The question asked is
read from what is left once the parts about other questions are set aside, so "I'm 34" is not
a "yes" to a safety question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Sequence

from bot.intake.mentions import Mention, Span, mention, read_as
from bot.intake.questions import CONSENT_SLOTS, LOOSELY_READ, QUESTIONS
from bot.intake.spanish_answers import fold

QUESTION_START = re.compile(
    r"^\s*(what|how|why|when|where|who|which|is|are|do|does|can|could|will|would|should)\b",
    re.IGNORECASE,
)
# Spanish questions: "¿" opens one; an accent marks the question word ("cómo", not "como 3",
# the "about" of a count; "qué", not "que sí").
SPANISH_QUESTION_START = re.compile(
    r"^\W*(?:qu\u00e9|c\u00f3mo|cu\u00e1nt[oa]s?|cu\u00e1ndo|d\u00f3nde|cu\u00e1l(?:es)?|"
    r"qui\u00e9n(?:es)?|por qu\u00e9)\b", re.IGNORECASE)
_SPANISH_QUESTION_PLAIN = re.compile(
    r"^\W*(?:cuant[oa]s?|donde|cual(?:es)?|a quien|quien(?:es)?|por que|a que hora|que hora|"
    r"que (?:es|son|pasa|tal|significa|incluye|tanto|hago|necesito|tengo que|debo)|"
    r"como (?:funciona|es|son|se|le|puedo|hago)|es (?:seguro|normal|caro)|"
    r"puedo|pueden|podria|se puede|tienen|aceptan|duele)\b")


# Asked for their age, Spanish speakers say "tengo 34" ("I have 34"), which elsewhere is a
# scar count: at the age question a bare "I have N" is the age.
_AGE_AS_HAVING = re.compile(
    r"\bi have (\d{1,3})\b(?=\s*(?:$|[,.;:!?)]|(?:y|and|but|pero|so|asi que|ya|nomas)\b))")


@dataclass(frozen=True)
class Reading:
    """The answer to the question asked (None if there is none), why it was not taken, and
    the answers to later questions, in the form's order."""

    value: Any
    problem: str | None = None
    later: Dict[str, Any] = field(default_factory=dict)


def reads_like_question(text: str) -> bool:
    return (text.rstrip().endswith("?") or "\u00bf" in text or bool(QUESTION_START.match(text))
            or bool(SPANISH_QUESTION_START.match(text))
            or bool(_SPANISH_QUESTION_PLAIN.match(fold(text))))


def read_message(
    text: str, pending: str, required: Sequence[str], slots: Mapping[str, Any]
) -> Reading:
    """Read the answer to `pending` and to every later question in `required` that the
    message answers unambiguously; `slots` are the answers so far."""
    text = read_as(text)
    if pending == "age":
        text = _AGE_AS_HAVING.sub(r"i'm \1", text)
    position = required.index(pending) if pending in required else len(required)
    later = [slot for slot in required[position + 1:]
             if slots.get(slot) is None and slot not in CONSENT_SLOTS]
    others = [slot for slot in required if slot != pending and slot not in CONSENT_SLOTS]
    claims: List[tuple[str, Mention]] = [
        (slot, found) for slot in others if (found := mention(slot, text)) is not None]
    answers_later = {} if reads_like_question(text) else {
        slot: found.value for slot, found in claims if slot in later}
    if not claims:
        value, problem = QUESTIONS[pending].read(text)
        return Reading(value, problem)
    if pending in CONSENT_SLOTS:
        # Consent is never read from a message that is about other questions.
        return Reading(None, None, answers_later)
    rest = _without(text, [span for _, found in claims for span in found.spans
                           if not _also_answers(pending, text[span[0]:span[1]])])
    value, problem = (QUESTIONS[pending].read(rest) if re.search(r"\w", rest)
                      else (None, None))
    if value is None:
        own = mention(pending, text)
        value, problem = (own.value, None) if own else (None, problem)
    return Reading(value, problem, answers_later)


def _also_answers(pending: str, fragment: str) -> bool:
    """Whether a part about another question also answers the one asked ("about 12 on my
    cheeks" asked for the count): only for questions not read loosely."""
    return pending not in LOOSELY_READ and QUESTIONS[pending].read(fragment)[0] is not None


def _without(text: str, spans: List[Span]) -> str:
    kept = list(text)
    for start, end in spans:
        kept[start:end] = [","] + [" "] * (end - start - 1)
    return "".join(kept)
