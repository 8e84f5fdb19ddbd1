"""Texting in Spanish through the real assistant: what the SMS channel writes itself (the
first reply's opt-out line, keyword replies) follows the conversation's language."""

from __future__ import annotations

import pytest

from bot.channels.sms_text import FIRST_CONTACT_NOTE_ES
from bot.runner import Assistant
from tests.e2e.test_sms_over_http import Texter, sms_assistant, twilio  # noqa: F401 - fixtures

pytestmark = pytest.mark.e2e


@pytest.fixture
def person(sms_assistant: Assistant) -> Texter:  # noqa: F811 - the imported fixture
    return Texter(sms_assistant)


def test_a_spanish_texter_hears_how_to_opt_out_and_the_keywords_answers_in_spanish(
        person: Texter):
    [reply] = person.texts("Hola, ¿cuánto cuesta el microneedling?")
    assert "$" in reply
    assert reply.endswith(FIRST_CONTACT_NOTE_ES)
    # STOP and START are English words, but this conversation is in Spanish.
    [stopped] = person.texts("STOP")
    assert stopped.startswith("Ya no le enviaremos mensajes")
    [started] = person.texts("START")
    assert started.startswith("De nuevo le enviaremos mensajes")


def test_an_english_texter_still_hears_english(person: Texter):
    [reply] = person.texts("How much is microneedling?")
    assert reply.endswith("Reply STOP to opt out, HELP for help.")
    [stopped] = person.texts("STOP")
    assert stopped.startswith("You're unsubscribed")
