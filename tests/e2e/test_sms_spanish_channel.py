"""Texting in Spanish through the real assistant: what the SMS channel writes itself (the
first reply's opt-out line, keyword replies, the check-in's thanks) follows the conversation's
language, and a Spanish-speaking lead's aftercare check-in is asked and thanked in Spanish."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from bot.booking.aftercare import mark_treated
from bot.channels.sms_text import FIRST_CONTACT_NOTE_ES
from bot.notify.outbox import deliver_due
from bot.notify.quiet_hours import next_allowed
from bot.runner import Assistant
from bot.store.leads import save_intake
from tests.e2e.test_sms_over_http import (  # noqa: F401 - fixtures
    Texter,
    _aftercare_answer,
    _booking,
    _soon,
    sessions,
    sms_assistant,
    twilio,
)
from tests.store.conftest import intake
from tests.twilio_standin import TwilioStandIn

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


def test_a_spanish_speaking_leads_check_in_is_asked_and_thanked_in_spanish(
        person: Texter, sessions, sms_assistant: Assistant,  # noqa: F811
        twilio: TwilioStandIn):  # noqa: F811
    settings = sms_assistant.settings
    lead = save_intake(sessions, intake(conversation_id=f"web-{uuid.uuid4().hex}",
                                        phone=person.phone, language="es")).reference
    reference = _booking(sessions, lead, _soon() - timedelta(days=6))
    mark_treated(sessions, settings, reference)
    deliver_due(sessions, settings,
                now=next_allowed(datetime.now(timezone.utc), settings.clinic.timezone))
    [asked] = twilio.texts_to(person.phone)
    assert "¿qué tal va sanando su piel" in asked and "Responda BIEN" in asked
    assert "qué bueno que va sanando bien" in person.reads("Todo bien, gracias")
    assert _aftercare_answer(sessions, reference) == "fine"
