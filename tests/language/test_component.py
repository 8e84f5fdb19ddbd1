"""The pipeline's LanguageDetector adds a `language` entity when a message is clearly in one
language, and changes nothing else."""

from __future__ import annotations

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import LanguageDetector
from bot.settings import PROJECT_ROOT


def classified(text: str, intent: str = "ask_cost") -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.7})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.7}])
    return message


def language_entities(message: Message) -> list:
    return [entity for entity in message.get("entities") or []
            if entity["entity"] == "language"]


@pytest.mark.parametrize(("text", "language"), [
    ("cuanto cuesta el microneedling?", "es"), ("tengo scars de acne", "es"),
    ("how much is it?", "en"), ("in English please", "en"), ("en español por favor", "es"),
])
def test_a_clear_message_gets_a_language_entity_over_the_whole_text(text, language):
    [message] = LanguageDetector().process([classified(text)])
    assert language_entities(message) == [{
        "entity": "language", "value": language, "start": 0, "end": len(text),
        "confidence": 1.0, "extractor": "LanguageDetector"}]


@pytest.mark.parametrize("text", ["no", "ok", "si", "María de la Cruz", "Cara Hay", "34"])
def test_an_unclear_message_gets_no_language_entity(text):
    [message] = LanguageDetector().process([classified(text)])
    assert language_entities(message) == []


def test_a_payload_keeps_only_the_entity_it_carries():
    message = classified('/switch_language{"language":"en"}', "switch_language")
    message.set("entities", [{"entity": "language", "value": "en", "start": 16, "end": 33}])
    [message] = LanguageDetector().process([message])
    assert [entity["value"] for entity in language_entities(message)] == ["en"]
    assert "extractor" not in language_entities(message)[0]


@pytest.mark.parametrize("metadata", [{"choice": True}, {"choice": True, "sms_message_sid": "SM1"}])
def test_a_chosen_buttons_english_payload_does_not_switch_a_spanish_visitor(metadata):
    message = classified("more than 20", "inform")
    message.set("metadata", metadata)
    [message] = LanguageDetector().process([message])
    assert language_entities(message) == []


def test_the_same_words_typed_by_the_visitor_do_set_the_language():
    message = classified("what is prp, the vampire facial?", "faq")
    message.set("metadata", {"choice": False})
    [message] = LanguageDetector().process([message])
    assert [entity["value"] for entity in language_entities(message)] == ["en"]


def test_the_intent_and_other_entities_are_left_as_they_were():
    message = classified("quiero el martes a las 10", "choose_time")
    slot_start = {"entity": "slot_start", "value": "2026-12-08T10:00", "start": 0, "end": 3}
    message.set("entities", [slot_start])
    [message] = LanguageDetector().process([message])
    assert message.get("intent") == {"name": "choose_time", "confidence": 0.7}
    assert message.get("intent_ranking") == [{"name": "choose_time", "confidence": 0.7}]
    assert message.get("entities")[0] == slot_start
    assert [entity["value"] for entity in language_entities(message)] == ["es"]


def test_the_pipeline_detects_the_language_and_no_longer_has_the_stop_gap():
    names = [component["name"] for component in
             yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())["pipeline"]]
    assert "bot.nlu.language.LanguageDetector" in names
    assert not any("SpanishStopGap" in name for name in names)
