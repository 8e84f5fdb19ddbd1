"""The form takes answers written in Spanish or Spanglish, in either conversation language,
and never takes a request to explain the question as one."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("language", [None, "en", "es"])
@pytest.mark.parametrize("pending, text, intent, expected", [
    ("isotretinoin_recent", "sí, tomé accutane", "affirm", "yes"),
    ("isotretinoin_recent", "nel", "deny", "no"),
    ("pregnant_or_breastfeeding", "no estoy embarazada", "deny", "no"),
    ("scar_types", "si tengo ice pick scars", "inform", ["icepick"]),
    ("scar_count", "como 3 o 4", "inform", "up_to_10"),
    ("age", "tengo veinticinco años", "inform", 25),
    ("contact_time", "después de las 5", "inform", "evening"),
])
def test_a_spanish_answer_is_taken_whatever_the_conversations_language(
        intake, language, pending, text, intent, expected):
    form = intake(pending)
    if language:
        form.slots["language"] = language
    assert form.say(text, intent=intent).slots[pending] == expected


@pytest.mark.parametrize("text", ["¿qué significa eso?", "no sé qué es eso", "sí, no entiendo"])
def test_a_spanish_request_to_explain_leaves_the_question_unanswered(intake, text):
    form = intake("face_infection")
    form.slots["language"] = "es"
    form.say(text, intent="inform", confidence=0.5)
    assert form.slots.get("face_infection") is None


def test_a_first_spanish_message_that_answers_nothing_goes_on_in_spanish_not_as_an_error(intake):
    form = intake("scar_types")
    turn = form.say("no entiendo", intent="inform", confidence=0.5, language="es")
    assert turn.said == ["utter_language_switched"]
    assert form.requested == "scar_types"  # asked again, now in Spanish


def test_a_spanish_non_answer_in_a_spanish_conversation_is_re_asked_with_an_example(intake):
    form = intake("scar_types", language="es")
    turn = form.say("no entiendo", intent="inform", confidence=0.5, language="es")
    assert turn.said[0].startswith("Perdón, no le entendí.")


@pytest.mark.parametrize("language, thanks, reply", [
    ("en", "thanks!", "You're welcome!"), ("es", "gracias", "¡Con mucho gusto!")])
def test_thanks_between_questions_is_welcomed_and_the_question_asked_again(
        intake, language, thanks, reply):
    form = intake("skin_type", language=language)
    turn = form.say(thanks, intent="thank")
    assert turn.said == [reply]
    assert form.requested == "skin_type" and form.slots.get("skin_type") is None


@pytest.mark.parametrize("text, age", [
    ("tengo 34", 34), ("Tengo 34.", 34), ("ya tengo 60", 60), ("pues tengo 41", 41),
    ("tengo 34 pero me veo más joven", 34), ("tengo 29 y no fumo", 29),
])
def test_tengo_and_a_number_at_the_age_question_is_the_age_not_a_scar_count(intake, text, age):
    form = intake("age")  # every earlier question answered, the scar count among them
    turn = form.say(text, language="es")
    assert turn.slots["age"] == age
    assert "scar_count" not in turn.slots
    assert form.requested == "data_consent"


def test_tengo_and_a_number_at_the_count_question_is_still_the_count(intake):
    assert intake("scar_count").say("tengo 20", language="es").slots["scar_count"] == "11_to_20"
