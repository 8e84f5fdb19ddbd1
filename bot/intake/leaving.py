"""Messages in the middle of the self-assessment that are not answers: a rule handles them.

A goodbye ("bye", "gotta go", "adiós", "me tengo que ir"), a request to be called back or
to skip the questions and book, a request for a person: the form takes no answer from them,
so it rejects, and a rule in data/rules/ answers (and leaves or pauses the form). A message
that also answers the question asked ("call me" asked how to be contacted, "skip" asked for
an email address) is an answer.

Stopping or starting over end the visitor's answers, so the classifier's word alone is not
enough: the message must say it ("stop", "cancel", "start over", ...). A name like "Chris
Moreno" read as a wish to stop is an answer.
"""

from __future__ import annotations

import re

from bot.intake.intents import LEAVING_INTENTS, MIN_CONFIDENCE

# The whole message is a goodbye, perhaps with "ok", "sorry" or "thanks" around it.
_FILLER = (r"(?:ok|okay|no|nah|sorry|thanks|thank you|thx|alright|well|never ?mind|nvm|anyway|"
           r"gracias|muchas gracias|bueno|pues|perd[oó]n|disculpe|ya|okey)")
_GOODBYE = (r"(?:bye|bye bye|goodbye|good bye|bye now|see ya|see you|see you later|cya|"
            r"gotta go|got to go|have to go|i have to go|i gotta go|i've got to go|i need to go|"
            r"gtg|g2g|talk later|talk to you later|ttyl|later|adi[oó]s|chao|ciao|take care|"
            r"i'?m (?:leaving|off|done)|i'?ll come back later|i'?ll be back later|"
            r"hasta luego|hasta pronto|nos vemos|me tengo que ir|tengo que irme|ya me voy|"
            r"me voy|luego (?:le|te|les) (?:escribo|hablo)|cu[ií]dese|cu[ií]date)")
GOODBYE_ONLY = re.compile(
    rf"^\W*(?:{_FILLER}\W+)*{_GOODBYE}(?:\W+(?:{_FILLER}|bye|for now|now|then))*\W*$",
    re.IGNORECASE,
)


# Words that say "stop the questions" or "start them again", in the ways visitors write them.
STOP_OR_RESTART = re.compile(
    r"\b(?:stop|stopping|quit|quitting|cancel|cancell?ing|enough|exit|end|"
    # "leave my details" is no wish to leave
    r"(?:leave|leaving)(?!\s+(?:my|a|an|the|some|you|your|details|number|info|contact|it with))|"
    r"do ?n'?t want|do not want|do ?n'?t wanna|not interested|no longer interested|"
    r"forget (?:it|about it|this)|never ?mind|nvm|give up|changed my mind|change my mind|"
    r"no more (?:questions|of this|quiz\w*)|i'?m done|done with|abort|halt|get me out|"
    r"let me out|not doing this|not now|"
    r"start over|start again|starting over|restart|re ?do|re-do|reset|"
    r"from (?:the )?(?:start|beginning|top)|from scratch|begin again|over again|again|"
    r"parar|p[aá]rale|paren|det[eé]n(?:gase|ganse|er)?|cancel(?:ar|a|e)|ya no quiero|"
    r"no quiero (?:seguir|continuar|contestar|hacer esto)|ya basta|basta|"
    r"olv[ií]d(?:alo|elo|ese)|no me interesa|"
    r"(?:empezar|comenzar|iniciar) (?:de nuevo|otra vez|desde el principio)|"
    r"volver a empezar|desde el principio|de nuevo|otra vez|reiniciar)\b",
    re.IGNORECASE,
)
# Asking for a person rather than answering: "can i just talk to someone", "a real person".
ASKS_FOR_PERSON = re.compile(
    r"\b(?:talk|speak|chat)(?:ing)?\s+(?:to|with)\s+(?:a\s+|an\s+|the\s+)?(?:real\s+|live\s+)?"
    r"(?:someone|somebody|anyone|anybody|person|human|people|doctor|dermatologist|nurse|"
    r"staff|agent|representative|rep|receptionist|provider|team|clinic|office)\b|"
    r"\b(?:real|live|actual)\s+(?:person|human|people)\b|\b(?:human|person),?\s+please\b|"
    r"\b(?:can|could|will|would)\s+(?:someone|somebody|a person|anyone)\s+"
    r"(?:call|phone|ring|contact|text|reach|help)\b|"
    r"\b(?:get|put|transfer|connect)\s+me\s+(?:to|through to|with)\s+(?:someone|somebody|"
    r"a person|a human|staff|the clinic)\b|"
    r"\bhablar con (?:alguien|una persona|un humano|(?:el|la|un|una) (?:doctora?|"
    r"enfermera|recepcionista|persona)|alguien de la cl[ií]nica)\b|"
    r"\bpersona (?:real|de verdad)\b|"
    r"\b(?:puede|podr[ií]a) (?:alguien|una persona) (?:llamarme|hablarme|ayudarme)\b|"
    r"\bcomun[ií]queme con\b",
    re.IGNORECASE,
)


def says_stop_or_restart(text: str) -> bool:
    """Whether the message itself says to stop the questions or to start them again."""
    return bool(STOP_OR_RESTART.search(text))


def asks_for_person(text: str) -> bool:
    """Whether the message asks to talk to a person ("can i just talk to someone")."""
    return bool(ASKS_FOR_PERSON.search(text))


def never_an_answer(text: str) -> bool:
    """A goodbye and nothing else, in English or Spanish. Other Spanish text is read as an
    answer ("no entiendo" is not one: bot.intake.spanish_answers)."""
    return bool(GOODBYE_ONLY.match(text))


def left_for_rules(intent: str | None, confidence: float, text: str, answers: bool) -> bool:
    """Whether the form should take nothing from this message and let a rule answer it.

    `answers` tells whether the message answers the pending question (or later ones).
    """
    if never_an_answer(text):
        return True
    return not answers and intent in LEAVING_INTENTS and confidence >= MIN_CONFIDENCE
