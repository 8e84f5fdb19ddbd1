"""The running assistant answers in Spanish once a conversation's `language` slot is "es", and in
English otherwise. Nothing sets the slot yet (issue 13's next steps: detection and a switch), so
these tests set it as the switch will, through Rasa's HTTP API."""

from __future__ import annotations

import pytest
import requests

from bot.runner import Assistant
from tests.e2e.conftest import Visitor

pytestmark = pytest.mark.e2e


def speaks_spanish(assistant: Assistant, visitor: Visitor) -> Visitor:
    # A session starts with the first message and resets every slot not carried over
    # (actions/session.py), so the language is set once the conversation has begun.
    visitor.says("hello")
    response = requests.post(
        f"{assistant.rasa_url}/conversations/{visitor.sender}/tracker/events",
        params={"token": assistant.api_token},
        json={"event": "slot", "name": "language", "value": "es"},
        timeout=30,
    )
    response.raise_for_status()
    return visitor


def test_a_spanish_conversation_gets_the_spanish_faq_answer(assistant, visitor):
    spanish = speaks_spanish(assistant, visitor)
    reply = spanish.reads("how many sessions do i need for ice pick scars")
    assert "de seis a ocho sesiones" in reply
    assert "six to eight" not in reply


def test_a_spanish_conversation_gets_the_retrieval_answer_in_spanish(assistant, visitor):
    reply = speaks_spanish(assistant, visitor).reads("will my scars be gone completely?")
    assert "nadie le puede prometer" in reply
    assert "nobody can promise" not in reply


def test_a_spanish_conversation_in_crisis_gets_988_in_spanish_and_911(assistant, visitor):
    spanish = speaks_spanish(assistant, visitor)
    reply = spanish.reads("honestly i want to end my life because of my skin")
    assert "oprima 2 para español" in reply
    assert "988" in reply and "911" in reply
    assert "$" not in reply
    again = spanish.reads("i want to end my life")
    assert "Aquí sigo con usted" in again


def test_a_conversation_left_in_english_still_gets_the_english_answer(visitor):
    reply = visitor.reads("how many sessions do i need for ice pick scars")
    assert "six to eight sessions" in reply
    assert "seis" not in reply
