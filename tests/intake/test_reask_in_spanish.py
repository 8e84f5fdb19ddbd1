"""A re-ask after an answer that was not read is in the visitor's language."""

from __future__ import annotations

import pytest

from bot.contact import parse_phone
from bot.intake.questions import QUESTIONS, reask


def test_every_question_has_a_spanish_example():
    for slot, question in QUESTIONS.items():
        assert question.example_es, slot
        assert question.example_in("es") != question.example, slot


def test_a_spanish_speaker_is_re_asked_in_spanish_with_the_reason():
    _, problem = parse_phone("210 555")
    assert reask("contact_phone", problem, "es") == (
        "Perdón, parece que ese número está incompleto o no es válido. Por favor escriba un "
        "número de celular de Estados Unidos, por ejemplo \"210 555 0123\".")


@pytest.mark.parametrize("slot", ["scar_count", "age", "bleeding_risk"])
def test_a_spanish_speaker_without_a_reason_hears_no_le_entendi(slot):
    assert reask(slot, None, "es").startswith("Perdón, no le entendí. ")


def test_an_email_reason_in_english_detail_is_not_quoted_to_a_spanish_speaker():
    from bot.contact import parse_email

    _, problem = parse_email("maria@")
    assert reask("contact_email", problem, "es").startswith(
        "Perdón, ese correo electrónico no funciona. Por favor escriba un correo")


def test_an_english_speaker_is_re_asked_as_before():
    assert reask("age", None) == ("Sorry, I didn't catch that. Please type your age as a "
                                  "number, for example \"34\".")
