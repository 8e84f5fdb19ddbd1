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
