"""Which messages the intake leaves to a rule: goodbyes (in English or Spanish), confident
shortcut requests that do not answer the question (no Rasa)."""

from __future__ import annotations

import pytest
import yaml

from bot.intake.intents import (
    GOODBYE,
    LEAVING_INTENTS,
    MIN_CONFIDENCE,
    REQUEST_CALLBACK,
    SKIP_TO_BOOKING,
    SWITCH_LANGUAGE,
    fallback_threshold,
)
from bot.intake.leaving import (
    asks_for_person,
    left_for_rules,
    never_an_answer,
    says_stop_or_restart,
)
from bot.settings import PROJECT_ROOT


@pytest.mark.parametrize("text", ["bye", "Bye!", "adiós", "adios", "gotta go", "ok bye",
                                  "thanks, bye", "no, gotta go", "I have to go now", "ttyl",
                                  "see you later", "bye for now"])
def test_a_goodbye_is_never_an_answer(text):
    assert never_an_answer(text)
    assert left_for_rules(None, 0.0, text, answers=True)


@pytest.mark.parametrize("text", ["adiós", "hasta luego", "me tengo que ir", "gracias, adiós",
                                  "bueno, ya me voy", "nos vemos", "Cuídese"])
def test_a_spanish_goodbye_is_never_an_answer(text):
    assert never_an_answer(text)


# Spanish is read as an answer now; the readers refuse what only asks ("no entiendo").
@pytest.mark.parametrize("text", ["no entiendo", "tengo 34 años", "gracias", "sí, seguido",
                                  "no, nunca"])
def test_spanish_text_is_not_left_to_a_rule_for_being_spanish(text):
    assert not never_an_answer(text)


@pytest.mark.parametrize("text", ["ya no quiero seguir", "cancelar", "mejor empezar de nuevo",
                                  "olvídelo"])
def test_spanish_words_for_stopping_or_starting_over_are_read(text):
    assert says_stop_or_restart(text)


@pytest.mark.parametrize("text", ["quiero hablar con una persona", "¿puede alguien llamarme?",
                                  "quiero hablar con la doctora"])
def test_asking_for_a_person_in_spanish_is_read(text):
    assert asks_for_person(text)


@pytest.mark.parametrize("text", ["no", "sí", "si", "José García", "María de la Cruz",
                                  "Dolores Villarreal", "nada", "Cara Hay", "rolling, 12",
                                  "not bye"])
def test_english_answers_and_spanish_names_are_not_taken_for_spanish_or_goodbyes(text):
    assert not never_an_answer(text)


@pytest.mark.parametrize("intent", sorted(LEAVING_INTENTS))
def test_a_confident_leaving_intent_is_left_to_its_rule_unless_it_answers(intent):
    assert left_for_rules(intent, 0.6, "something", answers=False)
    assert not left_for_rules(intent, 0.59, "something", answers=False)
    assert not left_for_rules(intent, 0.99, "something", answers=True)


def test_the_leaving_intents_are_the_ones_the_rules_handle():
    assert {GOODBYE, SWITCH_LANGUAGE, REQUEST_CALLBACK, SKIP_TO_BOOKING} == LEAVING_INTENTS


def test_other_intents_are_not_left_to_these_rules():
    assert not left_for_rules("inform", 0.99, "something", answers=False)


@pytest.mark.parametrize("text", [
    "stop", "I want to stop", "quit", "cancel this", "enough questions", "I want to leave",
    "exit", "end this", "I don't want to do this anymore", "dont wanna answer all this",
    "forget it", "never mind", "I'm done", "no more questions", "I changed my mind",
    "start over", "can I restart", "redo the questions", "let's do it again from the beginning",
    "reset", "begin again", "start from scratch",
])
def test_stopping_or_starting_over_is_said_in_words(text):
    assert says_stop_or_restart(text)


@pytest.mark.parametrize("text", [
    "Chris Moreno", "Harold Jenkins", "Mrs. Dolores Villarreal", "Ender Wiggin", "Wendy Endo",
    "no", "yes", "all over my face", "210 555 0155", "rolling and boxcar", "twenty",
    "wait, I do want to leave my details", "no more breakouts", "I'll leave my number",
])
def test_names_and_answers_have_no_stop_wording(text):
    assert not says_stop_or_restart(text)


@pytest.mark.parametrize("text", [
    "this is taking forever, can i just talk to someone", "can I speak to a real person",
    "I want to talk with the doctor", "human please", "can someone call me",
    "put me through to someone", "is there a live person",
])
def test_asking_for_a_person_is_recognised(text):
    assert asks_for_person(text)


@pytest.mark.parametrize("text", ["talk to you later", "speak to me", "someone told me about it",
                                  "my friend had it done", "people can see them"])
def test_words_about_people_that_ask_for_nobody(text):
    assert not asks_for_person(text)


def test_the_least_confidence_for_a_question_is_the_fallback_classifiers_threshold():
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    assert fallback_threshold() == fallback["threshold"]
    assert fallback_threshold() < MIN_CONFIDENCE
