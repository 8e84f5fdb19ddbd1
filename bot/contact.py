"""A visitor's name, mobile number and email address, read from what they typed.

Shared by the intake (contact questions), booking (finding a booking by its number) and any
channel or portal that takes contact details: none of them reaches into another's parsers.
"""

from __future__ import annotations

import re
from typing import Tuple

import phonenumbers
from email_validator import EmailNotValidError, validate_email

_WORD = re.compile(r"[a-z0-9']+")


def _normal(text: str) -> str:
    return " ".join(_WORD.findall(text.lower().replace("-", " ")))


def parse_name(text: str) -> str | None:
    """A name as the visitor gives it ("my name is maria lopez" -> "Maria Lopez"), or None."""
    cleaned = re.sub(r"^(my name is|my name's|i'm|i am|im|it's|it is|this is|name:?)\s+", "",
                     text.strip(), flags=re.IGNORECASE).strip(" .!")
    if not 1 < len(cleaned) <= 80 or any(ch.isdigit() for ch in cleaned) or "@" in cleaned:
        return None
    if not re.fullmatch(r"[^\W\d_][^\d@]*", cleaned):
        return None
    return " ".join(part[:1].upper() + part[1:] for part in cleaned.split())


HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sr", "sra", "srta", "don", "dona",
              "doña", "prof", "rev"}


def first_name(name: str) -> str:
    """The name to greet someone by: "Mrs. Dolores Villarreal" -> "Dolores"."""
    parts = name.split()
    given = [part for part in parts if part.strip(".").lower() not in HONORIFICS]
    return (given or parts or [name])[0]


def parse_phone(text: str, region: str = "US") -> Tuple[str | None, str | None]:
    """(E.164 number, None) or (None, why it was not accepted)."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None, "that doesn't look like a phone number"
    if not phonenumbers.is_valid_number(number):
        return None, "that number doesn't look complete or valid"
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE:
        return None, "that looks like a landline; we need a mobile number for texts"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


SKIP_WORDS = {"skip", "no email", "none", "no", "pass", "rather not", "don't have one",
              "dont have one", "no thanks"}


def parse_email(text: str) -> Tuple[str | None, str | None]:
    """(normalised address, None), ('', None) for a skip, or (None, why it was refused)."""
    cleaned = text.strip().strip(".")
    if _normal(cleaned) in SKIP_WORDS:
        return "", None
    candidates = [word for word in cleaned.split() if "@" in word] or [cleaned]
    try:
        result = validate_email(candidates[0].strip("<>,;"), check_deliverability=False)
    except EmailNotValidError as error:
        reason = str(error).rstrip(".")
        return None, f"that email address doesn't work: {reason[:1].lower()}{reason[1:]}"
    return result.normalized, None
