"""Which messages the intake leaves to a rule: goodbyes, Spanish, confident shortcut
requests that do not answer the question (no Rasa)."""

from __future__ import annotations

import pytest

from bot.intake.intents import (
    GOODBYE,
    LEAVING_INTENTS,
    REQUEST_CALLBACK,
    SKIP_TO_BOOKING,
    SPEAK_SPANISH,
)
from bot.intake.leaving import left_for_rules, never_an_answer
from bot.intake.spanish import looks_spanish


@pytest.mark.parametrize("text", ["bye", "Bye!", "adiós", "adios", "gotta go", "ok bye",
                                  "thanks, bye", "no, gotta go", "I have to go now", "ttyl",
                                  "see you later", "bye for now"])
def test_a_goodbye_is_never_an_answer(text):
    assert never_an_answer(text)
    assert left_for_rules(None, 0.0, text, answers=True)


@pytest.mark.parametrize("text", ["no entiendo", "no hablo inglés", "¿cuánto cuesta?",
                                  "habla español?", "tengo 34 años", "gracias"])
def test_spanish_text_is_never_an_answer(text):
    assert looks_spanish(text)
    assert never_an_answer(text)


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
    assert {GOODBYE, SPEAK_SPANISH, REQUEST_CALLBACK, SKIP_TO_BOOKING} == LEAVING_INTENTS


def test_other_intents_are_not_left_to_these_rules():
    assert not left_for_rules("inform", 0.99, "something", answers=False)
