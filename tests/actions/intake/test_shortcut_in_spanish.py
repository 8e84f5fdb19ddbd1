"""The short way (call back, or booking without the questions) in Spanish: its re-asks and
its answers follow the language slot; English stays English."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.intake.shortcuts import ActionFinishShortcut, ValidateContactForm
from tests.actions.intake.conftest import DOMAIN


def _validate(text: str, requested: str, **slots: Any) -> Dict[str, Any]:
    executor = ActionExecutor()
    executor.register_action(ValidateContactForm())
    tracker = {
        "sender_id": "conv-es", "slots": {**slots, "requested_slot": requested},
        "latest_message": {"text": text, "intent": {"name": "inform", "confidence": 0.9},
                           "entities": []},
        "events": [], "paused": False, "followup_action": None,
        "active_loop": {"name": "contact_form"}, "latest_action_name": "action_listen",
    }
    return asyncio.run(executor.run({"next_action": "validate_contact_form",
                                     "sender_id": "conv-es", "tracker": tracker,
                                     "domain": DOMAIN}))


def test_a_spanish_speaker_giving_a_short_number_is_re_asked_in_spanish():
    answer = _validate("210 555", "contact_phone", quick_consent=True, language="es")
    [reply] = answer["responses"]
    assert reply["text"].startswith("Perdón, parece que ese número está incompleto")
    [english] = _validate("210 555", "contact_phone", quick_consent=True)["responses"]
    assert english["text"].startswith("Sorry, that number doesn't look complete or valid.")


def _finish(settings, **slots: Any) -> List[Dict[str, Any]]:
    tracker = Tracker("conv-es", slots, {"text": "no", "intent": {"name": "deny"}}, [],
                      False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionFinishShortcut(settings).run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_a_spanish_speaker_who_says_no_hears_nothing_was_stored_in_spanish(make_settings):
    settings = make_settings()
    [reply] = _finish(settings, quick_consent=False, language="es")
    assert reply["text"] == (f"Entendido: no se guardó nada. Puede llamar a la clínica al "
                             f"{settings.clinic.phone_display} cuando guste.")
    [english] = _finish(settings, quick_consent=False)
    assert english["text"].startswith("Understood: nothing has been stored.")
