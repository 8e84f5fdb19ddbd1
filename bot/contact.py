"""A visitor's name, mobile number and email address, read from what they typed.

Shared by the intake (contact questions), booking (finding a booking by its number) and any
channel or portal that takes contact details: none of them reaches into another's parsers.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Tuple

import phonenumbers
from email_validator import EmailNotValidError, validate_email

_WORD = re.compile(r"[a-z0-9']+")


def _normal(text: str) -> str:
    return " ".join(_WORD.findall(text.lower().replace("-", " ")))


# A title before a name is not part of it: "Mrs. Dolores Villarreal" is stored as "Dolores
# Villarreal" and thanked as "Dolores".
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "sr", "sra", "srta", "dona", "doña", "prof",
          "rev"}
_TITLE = re.compile(rf"^(?:{'|'.join(sorted(TITLES, key=len, reverse=True))})\.?(?=\s)",
                    re.IGNORECASE)
_INTRO = re.compile(r"^(?:(?:hi|hello|hey|ok|okay|sure|yes|yeah)[,!.]?\s+)?"
                    r"(?:my name is|my name's|name is|name's|i'm|i am|im|it's|it is|this is|"
                    r"call me|name:?)\s+", re.IGNORECASE)
_THANKS = re.compile(r"[\s,.!]+(?:thanks|thank you|thx|ty|please|pls)[\s.!]*$", re.IGNORECASE)
# Words that show a message is a sentence, not a name ("just call me back", "I'm not sure").
NEVER_IN_NAMES = {
    "i", "me", "my", "you", "your", "the", "is", "are", "am", "was", "not", "no", "dont",
    "don't", "yes", "yeah", "yep", "nope", "nah", "ok", "okay", "please", "want", "wanna",
    "thanks", "thank", "bye", "goodbye", "gotta", "what", "why", "how", "just", "sorry",
    "actually", "hello", "hi", "hey", "idk", "know", "questions", "question", "number",
    "phone", "appointment", "callback", "skip", "stop", "pregnant", "nothing", "none",
    "anonymous", "adios", "adiós", "ttyl", "sure", "maybe",
}
# Words that may be a name ("Will Smith", "May Chen", "Grace Do"), but not two of them.
SENTENCE_WORDS = {
    "a", "an", "it", "be", "do", "call", "back", "book", "can", "could", "would", "should",
    "will", "may", "who", "when", "where", "go", "later", "need", "wait", "that", "this",
    "of", "for", "with", "in", "on", "at", "to", "and", "or", "have", "had", "rather",
    "prefer", "cancel", "help", "again", "start", "over", "see", "ya", "leave", "name", "pass",
}


# Lower-case parts of a surname stay as typed: "maría de la cruz" -> "María de la Cruz".
PARTICLES = {"de", "del", "la", "las", "los", "y", "da", "das", "do", "dos", "van", "von",
             "der", "den", "di", "le"}


def parse_name(text: str) -> str | None:
    """A name as the visitor gives it ("my name is maria lopez" -> "Maria Lopez"), without a
    title ("Mrs. Dolores Villarreal" -> "Dolores Villarreal"), or None."""
    cleaned = _INTRO.sub("", text.strip()).strip(" .!,")
    cleaned = _THANKS.sub("", cleaned).strip(" .!,")
    cleaned = _TITLE.sub("", cleaned).strip(" .!,")
    if not 1 < len(cleaned) <= 80 or any(ch.isdigit() for ch in cleaned) or "@" in cleaned:
        return None
    if not re.fullmatch(r"[^\W\d_][^\d@?]*", cleaned):
        return None
    words = [word.strip(".,!'").lower() for word in cleaned.split()]
    if len(words) > 6 or cleaned.strip(".").lower() in TITLES:
        return None
    if any(word in NEVER_IN_NAMES for word in words):
        return None
    common = [word for word in words if word in SENTENCE_WORDS]
    if len(common) == len(words) or len(common) > 1:
        return None
    parts = cleaned.split()
    return " ".join(part if index and part in PARTICLES else part[:1].upper() + part[1:]
                    for index, part in enumerate(parts))


def first_name(name: str) -> str:
    """The name to greet someone by: "Mrs. Dolores Villarreal" -> "Dolores"."""
    parts = name.split()
    given = [part for part in parts if part.strip(".").lower() not in TITLES]
    return (given or parts or [name])[0]


_DIGIT_WORDS = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3",
                "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
_REPEATS = {"double": 2, "triple": 3}


def digits_in_words(text: str) -> str | None:
    """The digits of a number said digit by digit ("two one zero five five five ..."), or
    None when the text is not only digits, digit words and separators."""
    digits, repeat = [], 1
    for word in re.findall(r"[^\s,.()+-]+", text.lower()):
        if word in _REPEATS:
            repeat = _REPEATS[word]
            continue
        digit = _DIGIT_WORDS.get(word) or (word if word.isdigit() else None)
        if digit is None:
            return None
        digits.append(digit * repeat if len(digit) == 1 else digit)
        repeat = 1
    joined = "".join(digits)
    return joined if len(joined) >= 7 else None


def parse_phone(text: str, region: str = "US") -> Tuple[str | None, str | None]:
    """(E.164 number, None) or (None, why it was not accepted). A number may be written in
    digits or said in words, digit by digit ("two one zero, five five five, ...")."""
    text = digits_in_words(text) or text
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None, "that doesn't look like a phone number"
    if not phonenumbers.is_valid_number(number):
        return None, "that number doesn't look complete or valid"
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE:
        return None, "that looks like a landline; we need a mobile number for texts"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


# parse_phone's and parse_email's reasons, said in Spanish; keyed by how the English begins
# (an email's reason goes on with email-validator's own English detail, left out here).
PROBLEMS_ES = {
    "that doesn't look like a phone number": "eso no parece un número de teléfono",
    "that number doesn't look complete or valid":
        "parece que ese número está incompleto o no es válido",
    "that looks like a landline": "parece que ese es un teléfono fijo; necesitamos un número "
                                  "de celular para los mensajes de texto",
    "that email address doesn't work": "ese correo electrónico no funciona",
}


def problem_in_spanish(problem: str | None) -> str:
    """Why an answer was not accepted, in Spanish; "I didn't catch that" when no reason."""
    for english, spanish in PROBLEMS_ES.items():
        if problem and problem.startswith(english):
            return spanish
    return "no le entendí"


SKIP_WORDS = {"skip", "no email", "none", "no", "pass", "rather not", "don't have one",
              "dont have one", "no thanks",
              # The Spanish question says "saltar"; people also answer as they would say it.
              "saltar", "salta", "saltalo", "saltelo", "saltate", "ninguno",
              "paso", "no gracias", "no tengo", "mejor no"}


# "I do not have email", "no email address", "I'd rather not", "no tengo correo", "prefiero
# no darlo": no address to give.
NO_EMAIL = re.compile(
    r"\b(?:no|don'?t|dont|do not|haven'?t|have not|never|not|without|sin)\b"
    r"(?:\s+\w+){0,3}\s+(?:e ?mail|email address|an email|one|correo)\b|"
    r"\brather not\b|\bprefer not\b|^skip\b|^saltar\b|\bprefiero no\b")


def _without_accents(text: str) -> str:
    return "".join(part for part in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(part))


def parse_email(text: str) -> Tuple[str | None, str | None]:
    """(normalised address, None), ('', None) for a skip, or (None, why it was refused)."""
    cleaned = text.strip().strip(".")
    plain = _normal(_without_accents(cleaned))
    if plain in SKIP_WORDS or ("@" not in cleaned and NO_EMAIL.search(plain)):
        return "", None
    candidates = [word for word in cleaned.split() if "@" in word] or [cleaned]
    try:
        result = validate_email(candidates[0].strip("<>,;"), check_deliverability=False)
    except EmailNotValidError as error:
        reason = str(error).rstrip(".")
        return None, f"that email address doesn't work: {reason[:1].lower()}{reason[1:]}"
    return result.normalized, None


_TIMES_OF_DAY_ES = {"morning": "en la mañana", "afternoon": "en la tarde", "evening": "en la noche"}


def when_to_contact(time_of_day: str | None, language: str = "en") -> str:
    """' in the evening' (' en la noche') for a contact time; '' for any time."""
    if not time_of_day or time_of_day == "any":
        return ""
    if language == "es":
        return f" {_TIMES_OF_DAY_ES[time_of_day]}" if time_of_day in _TIMES_OF_DAY_ES else ""
    return f" in the {time_of_day}"
