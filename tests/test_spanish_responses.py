"""Every response, in domain.yml and among the FAQ answers, has a Spanish variation conditioned
on the `language` slot, and Rasa's own variation filter picks it in every state the English one
has (every value of the other slots its conditions name, on the web and by SMS), with as many
choices as the English; the Spanish keeps the English placeholders and button payloads; with
`language: en` Rasa never picks Spanish and can still pick every English variation."""

from __future__ import annotations

import itertools
import re
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import yaml
from rasa.core.nlg.generator import ResponseVariationFilter

from bot.settings import PROJECT_ROOT

Responses = Dict[str, List[Dict[str, Any]]]
State = Dict[str, Any]

LANGUAGE = "language"
CHANNELS = ("socketio", "sms")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def load_responses() -> Responses:
    found: Responses = {}
    for path in [
        PROJECT_ROOT / "domain.yml",
        *sorted((PROJECT_ROOT / "data" / "nlu" / "responses").glob("*.yml")),
    ]:
        found.update((yaml.safe_load(path.read_text()) or {}).get("responses") or {})
    return found


def language_of(variation: Dict[str, Any]) -> str | None:
    """The language a variation is conditioned on, None for an unconditioned one."""
    for condition in variation.get("condition") or []:
        if condition["name"] == LANGUAGE:
            return condition["value"]
    return None


def slot_values(responses: Responses) -> Dict[str, List[Any]]:
    """Every value a response condition names for a slot other than the language, and unset."""
    values: Dict[str, List[Any]] = {}
    for variations in responses.values():
        for variation in variations:
            for condition in variation.get("condition") or []:
                if condition["name"] != LANGUAGE:
                    seen = values.setdefault(condition["name"], [None])
                    if condition["value"] not in seen:
                        seen.append(condition["value"])
    return values


def states(name: str, responses: Responses) -> Iterator[Tuple[str, State]]:
    """(output channel, slot values) for every combination the response's conditions tell
    apart."""
    values = slot_values(responses)
    slots = sorted(
        {
            c["name"]
            for v in responses[name]
            for c in v.get("condition") or []
            if c["name"] != LANGUAGE
        }
    )
    for channel in CHANNELS:
        for combination in itertools.product(*(values[slot] for slot in slots)):
            yield channel, dict(zip(slots, combination, strict=True))


def picked(responses: Responses, name: str, channel: str, state: State) -> List[Dict[str, Any]]:
    """The variations Rasa chooses from (at random) in this state."""
    return ResponseVariationFilter(responses).responses_for_utter_action(name, channel, state)


def placeholders(variation: Dict[str, Any]) -> List[str]:
    words = [variation.get("text") or ""]
    words += [f"{b.get('title', '')} {b.get('payload', '')}" for b in variation.get("buttons", [])]
    return sorted(PLACEHOLDER.findall(" ".join(words)))


def payloads(variation: Dict[str, Any]) -> List[str]:
    return [button["payload"] for button in variation.get("buttons", [])]


def spanish_problems(responses: Responses) -> List[str]:
    """Where a Spanish visitor would not get a Spanish answer that matches the English one."""
    problems = []
    for name in responses:
        for channel, state in states(name, responses):
            english = picked(responses, name, channel, {**state, LANGUAGE: "en"})
            spanish = picked(responses, name, channel, {**state, LANGUAGE: "es"})
            where = f"{name} on {channel} with {state}"
            if not any(language_of(v) == "es" for v in spanish):
                problems.append(f"{where}: no Spanish variation is picked")
                continue
            if any(language_of(v) != "es" for v in spanish):
                problems.append(f"{where}: a variation not marked Spanish can be picked too")
            if len(spanish) != len(english):
                problems.append(f"{where}: {len(spanish)} Spanish choices, {len(english)} English")
            if sorted(map(placeholders, spanish)) != sorted(map(placeholders, english)):
                problems.append(f"{where}: placeholders differ from the English")
            if sorted(map(payloads, spanish)) != sorted(map(payloads, english)):
                problems.append(f"{where}: button payloads differ from the English")
            if {v.get("text") for v in spanish} & {v.get("text") for v in english}:
                problems.append(f"{where}: the Spanish text is the English one")
    return problems


def english_problems(responses: Responses) -> List[str]:
    """Where a visitor with `language: en` could be offered Spanish, or could never get one
    of the English variations."""
    problems, reached = [], set()
    for name in responses:
        for channel, state in states(name, responses):
            for variation in picked(responses, name, channel, {**state, LANGUAGE: "en"}):
                if language_of(variation) == "es":
                    problems.append(f"{name} on {channel} with {state}: Spanish is picked")
                reached.add(id(variation))
        problems += [
            f"{name}: an English variation is never picked ({v.get('text')!r})"
            for v in responses[name]
            if language_of(v) != "es" and id(v) not in reached
        ]
    return problems


RESPONSES = load_responses()


def test_the_responses_checked_are_the_domains_and_every_faq_answer():
    assert sum(name.startswith("utter_faq/") for name in RESPONSES) >= 25
    assert len(RESPONSES) > 80


def test_every_response_has_a_spanish_variation_picked_in_every_state():
    assert spanish_problems(RESPONSES) == []


def test_an_english_visitor_gets_no_spanish_and_can_get_every_english_variation():
    assert english_problems(RESPONSES) == []


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_the_english_text_stays_the_unconditional_and_first_variation(name):
    variations = RESPONSES[name]
    assert language_of(variations[0]) != "es"  # the consent wording's hash reads the first
    assert any(not v.get("condition") and not v.get("channel") for v in variations)
    assert all(language_of(v) in (None, "en", "es") for v in variations)


def test_the_language_slot_starts_in_english_and_does_not_steer_the_dialogue():
    slot = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["slots"][LANGUAGE]
    assert slot["type"] == "categorical"
    assert slot["values"] == ["en", "es"]
    assert slot["initial_value"] == "en"
    assert slot["influence_conversation"] is False
    # Set from the `language` entity (LanguageDetector, payloads) in any turn, forms included.
    assert slot["mappings"] == [{"type": "from_entity", "entity": "language"}]


# The checks above are only as good as their ability to find a fault: each fault below is one
# they must report.

ES = {"type": "slot", "name": LANGUAGE, "value": "es"}
EN = {"type": "slot", "name": LANGUAGE, "value": "en"}
CRISIS = {"type": "slot", "name": "crisis_support", "value": True}
NO_CRISIS = {"type": "slot", "name": "crisis_support", "value": None}


def test_a_response_without_spanish_is_reported():
    assert spanish_problems({"utter_x": [{"text": "Hi"}]}) != []


def test_a_missing_spanish_sms_variation_is_reported():
    broken = {
        "utter_x": [
            {"text": "Hi"},
            {"channel": "sms", "text": "Hi by text"},
            {"condition": [ES], "text": "Hola"},
        ]
    }
    assert spanish_problems(broken) == ["utter_x on sms with {}: no Spanish variation is picked"]


def test_a_spanish_variation_missing_for_one_slot_value_is_reported():
    broken = {
        "utter_x": [
            {"condition": [CRISIS, EN], "text": "Take care"},
            {"text": "Bye"},
            {"condition": [ES, NO_CRISIS], "text": "Adiós"},
        ]
    }
    assert (
        "utter_x on socketio with {'crisis_support': True}: no Spanish variation is picked"
        in spanish_problems(broken)
    )


def test_a_spanish_default_that_also_matches_a_condition_is_reported():
    # Rasa would pick at random between the two Spanish variations in a crisis.
    broken = {
        "utter_x": [
            {"condition": [CRISIS, EN], "text": "Take care"},
            {"text": "Bye"},
            {"condition": [ES, CRISIS], "text": "Cuídese"},
            {"condition": [ES], "text": "Adiós"},
        ]
    }
    assert (
        "utter_x on socketio with {'crisis_support': True}: 2 Spanish choices, 1 English"
        in spanish_problems(broken)
    )


def test_a_changed_placeholder_or_payload_is_reported():
    broken = {
        "utter_x": [
            {"text": "Call {phone}", "buttons": [{"title": "Yes", "payload": "yes"}]},
            {
                "condition": [ES],
                "text": "Llame al {telefono}",
                "buttons": [{"title": "Sí", "payload": "sí"}],
            },
        ]
    }
    problems = spanish_problems(broken)
    assert "utter_x on socketio with {}: placeholders differ from the English" in problems
    assert "utter_x on socketio with {}: button payloads differ from the English" in problems


def test_an_english_variation_that_a_visitor_in_english_cannot_get_is_reported():
    # A language condition that never matches "en" hides the English crisis reply.
    hidden = {
        "utter_x": [
            {"condition": [CRISIS, {**EN, "value": "english"}], "text": "Take care"},
            {"text": "Bye"},
            {"condition": [ES, CRISIS], "text": "Cuídese"},
            {"condition": [ES, NO_CRISIS], "text": "Adiós"},
        ]
    }
    assert english_problems(hidden) == [
        "utter_x: an English variation is never picked ('Take care')"
    ]


def test_an_english_condition_without_a_language_leaks_into_spanish():
    # Without `language: en`, the English crisis reply also matches a Spanish visitor in crisis.
    leaky = {
        "utter_x": [
            {"condition": [CRISIS], "text": "Take care"},
            {"text": "Bye"},
            {"condition": [ES, CRISIS], "text": "Cuídese"},
            {"condition": [ES, NO_CRISIS], "text": "Adiós"},
        ]
    }
    assert (
        "utter_x on socketio with {'crisis_support': True}: a variation not marked Spanish "
        "can be picked too" in spanish_problems(leaky)
    )


def test_a_spanish_variation_without_its_language_condition_is_reported():
    leaky = {
        "utter_x": [
            {"text": "Bye"},
            {"condition": [ES], "text": "Adiós"},
            {"condition": [CRISIS], "text": "Cuídese"},
        ]
    }
    assert english_problems(leaky) == []  # unmarked, it looks English...
    assert (
        "utter_x on socketio with {'crisis_support': True}: a variation not marked Spanish "
        "can be picked too" in spanish_problems(leaky)
    )  # ...but a Spanish visitor in crisis is not answered in Spanish
