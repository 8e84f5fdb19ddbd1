"""A name and a mobile number given together with a request to be called back or to book
("call me, I'm Tom Baker, 210 555 0160"), so the short way does not ask for them again."""

from __future__ import annotations

import re
from typing import Dict

from bot.contact import parse_name
from bot.intake.mentions import mention

# A name is taken only where the visitor introduces it; a bare capitalised word may be anything.
_INTRODUCED_NAME = re.compile(
    r"\b(?P<intro>my name is|my name's|name is|name's|this is|i am|i'm|im|it's)\s+"
    r"(?P<name>[A-Za-zÀ-ÿ'.-]+(?:\s+[A-Za-zÀ-ÿ'.-]+){0,2})",
    re.IGNORECASE,
)
_NAME_ENDS = re.compile(r"\s+(?:and|at|on|my|number|phone|cell|call|please|pls|thanks)\b.*$",
                        re.IGNORECASE)


def contact_details_in(text: str) -> Dict[str, str]:
    """The contact_name and contact_phone a message gives, where it gives them clearly."""
    found: Dict[str, str] = {}
    phone = mention("contact_phone", text)
    if phone is not None:
        found["contact_phone"] = phone.value
    for match in _INTRODUCED_NAME.finditer(text):
        candidate = _NAME_ENDS.sub("", match["name"]).strip(" .,")
        name = parse_name(candidate)
        # "I'm tired", "this is taking forever": only after "my name is" may it be lowercase.
        sure = match["intro"].lower().startswith(("my name", "name"))
        if name and (sure or candidate[:1].isupper()):
            found["contact_name"] = name
            break
    return found
