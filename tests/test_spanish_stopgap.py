"""A Spanish message is read as speak_spanish, a farewell keeps its intent, English is left."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.spanish_stopgap import SpanishStopGap


def classified(text: str, intent: str, confidence: float = 0.5) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    return message


@pytest.mark.parametrize("text", ["cuanto cuesta el microneedling?", "no entiendo",
                                  "tengo scars de acne, quiero una cita"])
def test_spanish_becomes_speak_spanish_whatever_was_guessed(text):
    [message] = SpanishStopGap().process([classified(text, "ask_cost")])
    assert message.get("intent") == {"name": "speak_spanish", "confidence": 1.0}
    assert message.get("intent_ranking")[1]["name"] == "ask_cost"


def test_a_recognised_farewell_keeps_its_intent():
    [message] = SpanishStopGap().process([classified("adiós", "goodbye", 0.8)])
    assert message.get("intent")["name"] == "goodbye"


@pytest.mark.parametrize("text", ["how much is it?", "Maria Jose Lopez", "no", "/greet"])
def test_english_names_and_buttons_are_left_alone(text):
    [message] = SpanishStopGap().process([classified(text, "ask_cost")])
    assert message.get("intent")["name"] == "ask_cost"


def test_a_red_flag_in_spanish_stays_the_only_intent_at_the_top():
    [message] = SpanishStopGap().process([classified("me quiero morir", "report_self_harm", 1.0)])
    assert message.get("intent")["name"] == "report_self_harm"
    assert [entry["name"] for entry in message.get("intent_ranking")] == ["report_self_harm"]
