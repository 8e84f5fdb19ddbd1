"""The running assistant answers in Spanish once a conversation's `language` slot is "es", and in
English otherwise. The visitor switches with the Español button's payload, then writes in
Spanish (an English message would switch the conversation back to English)."""

from __future__ import annotations

import pytest

from bot.runner import Assistant
from tests.e2e.conftest import Visitor

pytestmark = pytest.mark.e2e


def speaks_spanish(assistant: Assistant, visitor: Visitor) -> Visitor:
    assert "seguimos en español" in visitor.reads('/switch_language{"language":"es"}')
    return visitor


def test_a_spanish_conversation_gets_the_spanish_faq_answer(assistant, visitor):
    spanish = speaks_spanish(assistant, visitor)
    reply = spanish.reads("cuantas sesiones necesito para las cicatrices de ice pick?")
    assert "de seis a ocho sesiones" in reply
    assert "six to eight" not in reply


def test_a_spanish_conversation_gets_the_retrieval_answer_in_spanish(assistant, visitor):
    reply = speaks_spanish(assistant, visitor).reads(
        "se me van a quitar las cicatrices por completo?")
    assert "nadie le puede prometer" in reply
    assert "nobody can promise" not in reply


def test_a_spanish_conversation_in_crisis_gets_988_in_spanish_and_911(assistant, visitor):
    spanish = speaks_spanish(assistant, visitor)
    reply = spanish.reads("la verdad ya me quiero morir por como se ve mi piel")
    assert "oprima 2 para español" in reply
    assert "988" in reply and "911" in reply
    assert "$" not in reply
    again = spanish.reads("es que me quiero morir")
    assert "Aquí sigo con usted" in again


def test_a_conversation_left_in_english_still_gets_the_english_answer(visitor):
    reply = visitor.reads("how many sessions do i need for ice pick scars")
    assert "six to eight sessions" in reply
    assert "seis" not in reply
