"""With the language slot at "es" the clinic-detail answers are in Spanish, quoting the same
settings; with "en" (or no language) they stay in English."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clinic_info
from actions.clinic_info import MAIN_TOPICS, OTHER_LANGUAGE, ActionGreet, ActionTellMyBooking
from bot.store import migrate
from bot.store.bookings import book_slot
from bot.store.db import session_factory_for
from bot.store.leads import save_intake
from bot.store.models import new_consultation_reference
from tests.store.conftest import intake

DESCRIBERS = [
    clinic_info.describe_prices, clinic_info.describe_financing, clinic_info.describe_location,
    clinic_info.describe_hours, clinic_info.describe_contact,
    clinic_info.describe_consultation_fee, clinic_info.describe_offers,
    clinic_info.describe_payment_options, clinic_info.describe_refund_policy,
    clinic_info.describe_after_hours_care, clinic_info.describe_parking,
    clinic_info.describe_who_answers, clinic_info.describe_languages_spoken,
    clinic_info.describe_data_deletion,
]
ENGLISH_WORDS = (" the ", " you ", " is ", " call ", "session", "We're")


def tracker(language: str | None, channel: str = "twilio", **slots: Any) -> Tracker:
    said = {"event": "user", "text": "hola", "input_channel": channel,
            "parse_data": {"intent": {"name": "greet"}}}
    return Tracker("conv-es", {"language": language, **slots},
                   {"text": "hola", "intent": {"name": "greet"}}, [said], False, None, {},
                   "action_listen")


def run(action: Any, tracker_: Tracker) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages


@pytest.mark.parametrize("describe", DESCRIBERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("overrides", [
    {},
    {"FINANCING_PARTNERS": "", "CURRENT_OFFER": "", "REFUND_POLICY": "", "PARKING_INFO": "",
     "CONSULTATION_FEE": "", "LANGUAGES_SPOKEN": ""},
    {"CONSULTATION_FEE": "75", "CONSULTATION_FEE_CREDITED": "true", "PACKAGE_PRICE": "1200"},
])
def test_every_clinic_answer_has_its_spanish_with_the_same_details(
        make_settings, describe, overrides):
    settings = make_settings(**overrides)
    spanish, english = describe(settings, "es"), describe(settings)
    assert spanish != english
    # The one-line settings the clinic writes itself are quoted as written.
    ours = spanish
    for quoted in (settings.prices.refund_policy, settings.clinic.parking_info,
                   settings.prices.current_offer):
        ours = ours.replace(quoted or "\0", "")
    assert not any(word in f" {ours} " for word in ENGLISH_WORDS), spanish
    for detail in ("$", settings.clinic.phone_display, settings.clinic.address):
        if detail in english:
            assert detail in spanish


def test_spanish_prices_quote_the_configured_prices(make_settings):
    text = clinic_info.describe_prices(make_settings(
        PRICE_MICRONEEDLING_SESSION="300", PRICE_MICRONEEDLING_PRP_SESSION="650",
        PACKAGE_SESSIONS="3", PACKAGE_PRICE="810"), "es")
    assert "el microneedling cuesta $300 por sesión" in text
    assert "con PRP (el \"facial de vampiro\") cuesta $650 por sesión" in text
    assert "Un paquete de 3 sesiones de microneedling cuesta $810, y así se ahorra $90." in text
    assert "CareCredit o Cherry" in text


def test_spanish_hours_are_in_spanish_with_central_time(make_settings):
    text = clinic_info.describe_hours(make_settings(CLINIC_HOURS="tue-sat 08:30-17:00"), "es")
    assert text == ("Nuestro horario es de martes a sábado, de 8:30 a. m. a 5:00 p. m.; "
                    "cerrado el lunes y el domingo (hora del centro).")


def test_a_spanish_speaker_is_greeted_in_spanish_with_spanish_buttons(make_settings):
    settings = make_settings()
    [hello] = run(ActionGreet(settings), tracker("es"))
    assert hello["text"].startswith(f"¡Hola! Le damos la bienvenida a {settings.clinic.name}.")
    assert [b["payload"] for b in hello["buttons"]] == [
        *(b["payload"] for b in MAIN_TOPICS), '/switch_language{"language":"en"}']
    assert [b["title"] for b in hello["buttons"]][-2:] == ["Precios", "English"]


def test_an_english_speaker_is_still_greeted_in_english(make_settings):
    settings = make_settings()
    for language in ("en", None):
        [hello] = run(ActionGreet(settings), tracker(language))
        assert hello["text"].startswith(f"Hi, welcome to {settings.clinic.name}!")
        assert hello["buttons"] == [*MAIN_TOPICS, OTHER_LANGUAGE["en"]]
        assert hello["buttons"][-1] == {"title": "Español",
                                        "payload": '/switch_language{"language":"es"}'}


def test_the_widgets_greeting_leaves_the_language_to_its_header_switch(make_settings):
    [hello] = run(ActionGreet(make_settings()), tracker("en", channel="socketio"))
    assert hello["buttons"] == MAIN_TOPICS


def test_a_spanish_speaker_hears_their_booking_in_spanish(tmp_path, make_settings):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url)
    settings = make_settings(DATABASE_URL=url)
    sessions = session_factory_for(url)
    lead = save_intake(sessions, intake("conv-es")).reference
    booked = book_slot(sessions, reference=new_consultation_reference(), lead_reference=lead,
                       starts_at=datetime(2030, 6, 4, 15, 0, tzinfo=timezone.utc), minutes=30,
                       channel="rest", conversation_id="conv-es")
    [said] = run(ActionTellMyBooking(settings),
                 tracker("es", consultation_reference=booked.reference))
    assert (f"Su consulta en {settings.clinic.name} es el martes 4 de junio a las 10:00 a. m. "
            "(hora del centro)") in said["text"]
    assert booked.reference in said["text"]
    [nothing] = run(ActionTellMyBooking(settings), tracker("es"))
    assert nothing["text"].startswith("No veo ninguna cita hecha en esta conversación.")
