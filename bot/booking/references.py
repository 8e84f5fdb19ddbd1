"""Booking references (C-XXXXXXXX, from the confirmation) in what a visitor typed."""

from __future__ import annotations

import re

REFERENCE = re.compile(r"\bC[-\s]?([0-9A-F]{8})\b", re.IGNORECASE)


def reference_in(text: str) -> str | None:
    """'C-3F9A1C20' from a message that contains a booking reference, in any case."""
    match = REFERENCE.search(text)
    return f"C-{match.group(1).upper()}" if match else None


def without_reference(text: str) -> str:
    """The message with any booking reference taken out (what is left may be a number)."""
    return REFERENCE.sub(" ", text).strip()
