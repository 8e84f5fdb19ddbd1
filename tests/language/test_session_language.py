"""A visitor's language outlives the conversation session, unlike their answers."""

from __future__ import annotations

import asyncio
from typing import Any, Dict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.session import CARRIED_OVER, ActionSessionStart


def slots_after_a_new_session(make_settings, **slots: Any) -> Dict[str, Any]:
    tracker = Tracker("web-visitor-1", slots, {}, [], False, None, {}, "action_listen")
    events = asyncio.run(ActionSessionStart(make_settings()).run(CollectingDispatcher(),
                                                                 tracker, {}))
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def test_a_spanish_speaker_starts_the_next_session_in_spanish(make_settings):
    slots = slots_after_a_new_session(make_settings, language="es", contact_name="María López",
                                      scar_types=["icepick"])
    assert slots == {"language": "es"}


def test_the_language_is_carried_over_with_the_other_non_health_slots():
    assert "language" in CARRIED_OVER
    assert not {"contact_name", "contact_phone", "scar_types", "age"} & set(CARRIED_OVER)
