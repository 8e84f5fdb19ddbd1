"""Consent and safety answers mean what the visitor said, and every button reads as itself."""

from __future__ import annotations

import pytest
import yaml

from bot.intake import answers
from bot.intake.questions import QUESTIONS
from bot.settings import PROJECT_ROOT

REFUSALS_AND_HEDGES = [
    "I'm good", "I doubt it", "I have concerns", "maybe", "maybe later", "not sure",
    "I don't know", "hmm", "why do you need it?", "who sees it?", "depends", "I guess",
    "probably", "kind of", "yes but only if you don't call me", "no but you can text me",
    "rather not say", "let me think about it", "hold on", "what for?", "idk", "possibly",
    "I'd prefer not", "ok but not email", "sure, if I have to?", "not really sure",
    "can I decide later", "I'm not comfortable", "what happens to my data", "eh",
    "uh huh?", "later", "I think so", "you can't share it right?",
]


@pytest.mark.parametrize("text", REFUSALS_AND_HEDGES)
def test_consent_is_not_taken_from_a_hedge_or_a_question(text):
    assert answers.parse_consent(text) is None


@pytest.mark.parametrize("text", ["yes", "Yes, I agree", "I agree", "sure", "ok", "OK!",
                                  "yes please", "Yep"])
def test_consent_is_taken_from_an_unmistakable_yes(text):
    assert answers.parse_consent(text) == "yes"


@pytest.mark.parametrize("text", [
    "Yes that is fine", "ok yes you can store it", "yes you can keep my info", "that's fine",
    "sure go ahead", "yes please store it", "fine by me", "Yes, that's fine with me.",
    "ok you can use my details", "I don't mind", "no problem", "sure why not", "ok then",
    "yes send me offers", "sure, send them",
])
def test_consent_is_taken_from_a_yes_in_other_words(text):
    assert answers.parse_consent(text) == "yes"


@pytest.mark.parametrize("text", [
    "is that ok", "ok?", "is it fine if I say no", "can you keep it private?",
    "yes but don't call me", "ok I guess", "fine, I suppose", "you can't share it",
    "ok but only by text", "yes if it's private", "sure, Maria", "fine by me if my doctor agrees",
    "yes and no", "ok not now", "I don't mind waiting", "you can call me instead",
])
def test_a_yes_word_inside_a_question_a_hedge_or_a_condition_is_no_consent(text):
    assert answers.parse_consent(text) is None


@pytest.mark.parametrize("text", ["no", "No thanks", "nope", "I don't agree", "no way"])
def test_consent_is_declined_only_by_an_unmistakable_no(text):
    assert answers.parse_consent(text) == "no"


@pytest.mark.parametrize("text", [
    "no, gracias, no quiero que guarden nada", "no, no quiero promociones", "no me manden nada",
    "prefiero que no", "no quiero", "nel", "please don't keep anything", "i don't want offers",
])
def test_consent_is_declined_by_a_no_in_other_words(text):
    assert answers.parse_consent(text) == "no"


@pytest.mark.parametrize("text", ["ok dale", "dale", "sí porfa", "si mandame promos", "simon"])
def test_consent_is_taken_from_a_spanish_yes_in_other_words(text):
    assert answers.parse_consent(text) == "yes"


@pytest.mark.parametrize("text", [
    "I'm pregnant, not breastfeeding", "on blood thinners, not aspirin though", "I think so",
    "maybe, not sure", "yes and no", "not that I know of",
])
def test_a_mixed_or_hedged_safety_answer_is_never_a_no(text):
    assert answers.parse_yes_no(text) in ("unsure", "yes")


@pytest.mark.parametrize("text", ["lol I'm a guy", "I'm a man", "doesn't apply, male"])
def test_a_man_answering_the_pregnancy_question_is_a_no(text):
    assert QUESTIONS["pregnant_or_breastfeeding"].read(text)[0] == "no"


@pytest.mark.parametrize("text, age", [("twenty five", 25), ("twenty-five", 25),
                                       ("I'm thirty two", 32), ("nineteen", 19), ("25", 25)])
def test_an_age_in_words_is_read_as_a_number(text, age):
    assert answers.parse_age(text) == age


def _buttons():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    for name, variations in domain["responses"].items():
        slot = name.removeprefix("utter_ask_")
        if not name.startswith("utter_ask_") or slot not in QUESTIONS:
            continue
        for button in variations[0].get("buttons", []):
            yield pytest.param(slot, button, id=f"{slot}:{button['title']}")


@pytest.mark.parametrize("slot, button", list(_buttons()))
def test_every_button_reads_as_its_answer_by_payload_and_by_its_label(slot, button):
    by_payload, _ = QUESTIONS[slot].read(button["payload"])
    by_label, _ = QUESTIONS[slot].read(button["title"])
    assert by_payload is not None
    assert by_label == by_payload


def test_the_darkest_skin_type_button_is_accepted():
    assert QUESTIONS["skin_type"].read("never burn, dark brown skin")[0] == "V-VI"
