"""Red-flag wording always reaches the escalation, whatever the classifier thought."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.red_flags import RED_FLAG_PATTERNS, RedFlagOverride
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def override() -> RedFlagOverride:
    data = load_data(str(PROJECT_ROOT / "data" / "nlu" / "red_flags.yml"))
    found = {entry["name"]: entry["pattern"] for entry in data.regex_features}
    return RedFlagOverride(None, None, {i: found[n] for n, i in RED_FLAG_PATTERNS.items()})


@pytest.mark.parametrize(
    "text, intent",
    [
        ("i can't breathe", "report_allergic_reaction"),
        ("my throat is closing", "report_allergic_reaction"),
        ("hives everywhere after the facial", "report_allergic_reaction"),
        ("kill me now lol", "report_self_harm"),
        ("sometimes i don't want to be here anymore", "report_self_harm"),
        ("should i just kill myself?", "report_self_harm"),
        ("my cheek is infected", "report_infection"),
        ("there's pus and i have a fever", "report_infection"),
        ("is it normal to have a fever after my treatment?", "report_infection"),
        ("why can't i breathe properly since the numbing cream?", "report_allergic_reaction"),
    ],
)
def test_red_flag_wording_sets_the_red_flag_intent(override, text, intent):
    message = Message(data={"text": text, "intent": {"name": "inform", "confidence": 0.4},
                            "intent_ranking": [{"name": "inform", "confidence": 0.4}]})
    [processed] = override.process([message])
    assert processed.get("intent") == {"name": intent, "confidence": 1.0}
    assert processed.get("intent_ranking")[0]["name"] == intent


@pytest.mark.parametrize(
    "text",
    ["can microneedling cause an infection?", "could I have an allergic reaction to PRP?",
     "how much does it cost", "my scars are killing my confidence"],
)
def test_questions_about_reactions_and_ordinary_words_are_left_alone(override, text):
    assert override.red_flag(text) is None
