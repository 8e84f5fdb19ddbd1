"""The record stored for a finished intake carries the conversation's language slot, so the
lead's language is the one the visitor spoke."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.intake.record import intake_record


def _slots(language: object) -> dict:
    at = datetime(2026, 12, 5, 15, 0, tzinfo=timezone.utc).isoformat()
    slots = {
        "contact_name": "Rosa Garza", "contact_phone": "+12105550123", "contact_email": None,
        "contact_method": "call", "contact_time": "any", "language": language,
    }
    for kind in ("data_consent", "marketing_consent"):
        slots.update({kind: True, f"{kind}_at": at, f"{kind}_wording": "v1",
                      f"{kind}_hash": "ab" * 32})
    return slots


@pytest.mark.parametrize(("slot", "stored"), [("es", "es"), ("en", "en"), (None, "en")])
def test_the_intake_record_takes_the_conversations_language_slot(slot, stored):
    assert intake_record("conv-1", "socketio", _slots(slot)).language == stored
