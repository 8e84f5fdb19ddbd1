"""The running assistant follows the visitor's language: a Spanish message switches the
conversation to Spanish, a lone "ok" or "no" does not switch it back, "in English please" does,
and switching in the middle of the self-assessment keeps every answer given so far."""

from __future__ import annotations

from typing import Any, Dict

import pytest
import requests

from bot.runner import Assistant
from tests.e2e.conftest import Visitor

pytestmark = pytest.mark.e2e


def slots(assistant: Assistant, visitor: Visitor) -> Dict[str, Any]:
    response = requests.get(
        f"{assistant.rasa_url}/conversations/{visitor.sender}/tracker",
        params={"token": assistant.api_token}, timeout=30)
    response.raise_for_status()
    return response.json()["slots"]


def test_a_spanish_message_switches_and_a_lone_ok_or_no_does_not_switch_back(
        assistant, visitor):
    assert slots(assistant, visitor).get("language") in (None, "en")
    visitor.reads("hola, cuánto cuesta el microneedling?")
    assert slots(assistant, visitor)["language"] == "es"
    for shared_word in ("ok", "no", "si"):
        visitor.reads(shared_word)
        assert slots(assistant, visitor)["language"] == "es", shared_word
    reply = visitor.reads("in English please")
    assert "Sure, let's continue in English." in reply
    assert slots(assistant, visitor)["language"] == "en"


def test_the_spanish_buttons_payload_switches_without_reading_words(assistant, visitor):
    reply = visitor.reads('/switch_language{"language":"es"}')
    assert "Claro, seguimos en español." in reply
    assert slots(assistant, visitor)["language"] == "es"
    reply = visitor.reads('/switch_language{"language":"en"}')
    assert "Sure, let's continue in English." in reply


def test_switching_in_the_middle_of_the_assessment_keeps_every_answer(assistant, visitor):
    visitor.reads("am i a candidate for microneedling?")
    assert slots(assistant, visitor)["requested_slot"] == "scar_types"
    visitor.reads("rolling")
    assert "Where are they?" in visitor.reads("12")

    reply = visitor.reads("en español por favor")
    assert "Claro, seguimos en español." in reply
    assert "¿Dónde las tiene?" in reply  # the pending question again, in Spanish
    now = slots(assistant, visitor)
    assert now["language"] == "es"
    assert now["scar_types"] == ["rolling"]
    assert now["scar_count"] is not None
    assert now["requested_slot"] == "scar_areas"

    reply = visitor.reads("in English please")
    assert "Sure, let's continue in English." in reply
    assert "Where are they?" in reply
    back = slots(assistant, visitor)
    assert back["language"] == "en"
    assert {slot: back[slot] for slot in ("scar_types", "scar_count")} == {
        slot: now[slot] for slot in ("scar_types", "scar_count")}
    assert back["requested_slot"] == "scar_areas"
