"""Messages in the middle of the self-assessment that are not answers: a rule handles them.

A goodbye ("bye", "gotta go", "adiós"), Spanish text ("no entiendo", "¿cuánto cuesta?"), a
request to be called back or to skip the questions and book: the form takes no answer from
them, so it rejects, and a rule in data/rules/ answers (and leaves or pauses the form). A
message that also answers the question asked ("call me" asked how to be contacted, "skip"
asked for an email address) is an answer.
"""

from __future__ import annotations

import re

from bot.intake.intents import LEAVING_INTENTS, MIN_CONFIDENCE
from bot.intake.spanish import looks_spanish

# The whole message is a goodbye, perhaps with "ok", "sorry" or "thanks" around it.
_FILLER = r"(?:ok|okay|no|nah|sorry|thanks|thank you|thx|alright|well|never ?mind|nvm|anyway)"
_GOODBYE = (r"(?:bye|bye bye|goodbye|good bye|bye now|see ya|see you|see you later|cya|"
            r"gotta go|got to go|have to go|i have to go|i gotta go|i've got to go|i need to go|"
            r"gtg|g2g|talk later|talk to you later|ttyl|later|adi[oó]s|chao|ciao|take care|"
            r"i'?m (?:leaving|off|done)|i'?ll come back later|i'?ll be back later)")
GOODBYE_ONLY = re.compile(
    rf"^\W*(?:{_FILLER}\W+)*{_GOODBYE}(?:\W+(?:{_FILLER}|bye|for now|now|then))*\W*$",
    re.IGNORECASE,
)


def never_an_answer(text: str) -> bool:
    """A goodbye and nothing else, or Spanish text ("no entiendo" is not a "no")."""
    return bool(GOODBYE_ONLY.match(text)) or looks_spanish(text)


def left_for_rules(intent: str | None, confidence: float, text: str, answers: bool) -> bool:
    """Whether the form should take nothing from this message and let a rule answer it.

    `answers` tells whether the message answers the pending question (or later ones).
    """
    if never_an_answer(text):
        return True
    return not answers and intent in LEAVING_INTENTS and confidence >= MIN_CONFIDENCE
