"""The visitor's language: English or Spanish, kept in the `language` slot (issue 13)."""

from __future__ import annotations

import json
import re

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
# A message's metadata key saying the text is a button's payload the visitor chose (widget) or
# picked by number (SMS), not words they wrote: payloads are English whatever the visitor reads.
CHOSEN = "choice"


def language_of(value: object) -> str:
    """"es" for "es", "ES", "es-MX", "es_US"...; "en" for anything else (None included)."""
    if isinstance(value, str) and value.strip().lower().replace("_", "-").split("-")[0] == "es":
        return "es"
    return DEFAULT_LANGUAGE


def switch_payload(language: str) -> str:
    """The message that switches the conversation to `language` (intent switch_language)."""
    return f'/switch_language{{"language":"{language_of(language)}"}}'


_PAYLOAD_ENTITIES = re.compile(r"^/\w+(\{.*\})\s*$", re.DOTALL)


def payload_language(text: str | None) -> str | None:
    """The language a payload names ('/switch_language{"language":"es"}' -> "es"), or None."""
    found = _PAYLOAD_ENTITIES.match(text or "")
    if not found:
        return None
    try:
        entities = json.loads(found.group(1))
    except ValueError:
        return None
    named = entities.get("language") if isinstance(entities, dict) else None
    return language_of(named) if isinstance(named, str) else None


def switched_by_latest_message(events: list[dict]) -> bool:
    """Whether the visitor's latest message changed the `language` slot (its `language`
    entity is set as a slot right after the message): a first message in the other language
    that answers nothing is then greeted in that language, not told it was not understood."""
    before = after = None
    seen_latest = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_latest:
                break
            seen_latest = True
        elif event.get("event") == "slot" and event.get("name") == "language":
            if not seen_latest:
                after = event.get("value") if after is None else after
            elif before is None:
                before = event.get("value")
    if not seen_latest or after is None:
        return False
    return language_of(after) != language_of(before)
