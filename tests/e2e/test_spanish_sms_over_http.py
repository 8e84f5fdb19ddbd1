"""A Spanish-speaking texter, through the real assistant: Twilio's webhook signed with the
twilio library and posted to the real Rasa server (as tests/e2e/test_sms_over_http.py does).
They get Spanish replies to what they write in Spanish, go through the whole self-assessment
and a booking by numbered replies and a few words, and PARAR stops every message."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Consultation, Lead
from tests.e2e import test_sms_over_http as sms
from tests.e2e.conftest import E2E_PRICE
from tests.e2e.test_sms_over_http import Texter, user_turns

pytestmark = pytest.mark.e2e

# The texting assistant and its stand-in for Twilio, as tests/e2e/test_sms_over_http.py
# starts them (pytest finds fixtures by their name in this module).
twilio = sms.twilio
sms_assistant = sms.sms_assistant
sessions = sms.sessions
texter = sms.texter

OPT_OUT_NOTE_ES = "Responda PARAR si ya no quiere mensajes, o AYUDA si necesita ayuda."

# A reply, and words of the Spanish question that should follow it: numbers pick from the
# numbered choices, as most texters answer.
INTAKE_BY_NUMBERS_ES = [
    ("1 y 3", "cuántas cicatrices"),  # picahielo y onduladas (rolling)
    ("3", "Dónde las tiene"),  # más de 20
    ("1 y 3", "se le notan"),  # cachetes y sienes
    ("2", "Desde hace cuánto"),
    ("2", "granos"),
    ("de vez en cuando", "al sol"),  # words, not a number, are read too
    ("3", "tratamiento"),
    ("1", "isotretinoína"),
    ("2", "embarazada"),
    ("no", "queloides"),
    ("2", "sangre"),
    ("2", "infección"),
    ("2", "defensas"),
    ("2", "cuántos años"),
]
# The same answers in the texter's own words.
INTAKE_IN_WORDS_ES = [
    ("picahielo y onduladas", "cuántas cicatrices"),
    ("como 25", "Dónde las tiene"),
    ("en los cachetes y en las sienes", "se le notan"),
    ("se notan bastante", "Desde hace cuánto"),
    ("hace como 3 años", "granos"),
    ("de vez en cuando", "al sol"),
    ("rara vez me quemo y me bronceo fácil", "tratamiento"),
    ("ninguno", "isotretinoína"),
    ("no", "embarazada"),
    ("no", "queloides"),
    ("no", "sangre"),
    ("no", "infección"),
    ("no", "defensas"),
    ("no", "cuántos años"),
]
ENGLISH = ("Reply ", "Which looks most like", "How many", "Where are they", "Thank you",
           "You're booked", "STOP to opt out")


def _spanish(reply: str) -> str:
    for english in ENGLISH:
        assert english not in reply, (english, reply)
    return reply


def test_a_spanish_texter_gets_spanish_replies_and_the_spanish_opt_out_line(texter: Texter):
    [price] = texter.texts("Hola buenas, ¿cuánto cuesta el microneedling?")
    assert f"${E2E_PRICE}" in price and "por sesión" in _spanish(price)
    assert price.endswith(OPT_OUT_NOTE_ES)
    pain = texter.reads("¿y duele?")
    assert "crema" in _spanish(pain) and "PARAR" not in pain  # only the first reply says it


def _assessment_and_booking(texter: Texter, sessions, twilio, answers) -> None:
    first = texter.reads("hola, ¿soy buena candidata para el microneedling?")
    assert "cicatrices" in _spanish(first)
    assert "1) Hoyitos angostos y profundos" in first
    assert "Responda con un número del 1 al 6." in first
    for answer, next_question in answers:
        reply = texter.reads(answer)
        assert next_question.lower() in _spanish(reply).lower(), (answer, reply)
    result = texter.reads("tengo 34 años")
    # By text the result is not quoted: the health details stay private.
    assert "Para proteger su privacidad" in _spanish(result)
    assert "Permite que la clínica guarde" in result and "Responda 1 o 2." in result
    assert "ofertas" in _spanish(texter.reads("1"))
    assert "nombre" in _spanish(texter.reads("2"))
    assert "celular" in _spanish(texter.reads("María López"))
    assert "correo" in _spanish(texter.reads(texter.national))
    assert "Cómo prefiere" in _spanish(texter.reads("no tengo correo"))
    assert "A qué hora" in _spanish(texter.reads("mándenme un texto"))
    closing = _spanish(texter.reads("en la tarde"))
    assert "¡Gracias, María!" in closing and "cita" in closing
    assert "Responda con un número del 1 al 5." in closing  # four times and "Más horarios"
    for detail in ("grave", "severe", "picahielo", "20 cicatrices"):
        assert detail not in closing.lower()

    booked = _spanish(texter.reads("1"))
    assert "Listo, su consulta" in booked
    assert "cancelar mi cita" in booked
    with sessions() as session:
        [lead] = session.scalars(select(Lead).where(Lead.phone == texter.phone)).all()
        assert (lead.language, lead.channel) == ("es", "sms")
        assert lead.reference in closing
        [assessment] = lead.assessments
        assert assessment.answers["scar_types"] == ["icepick", "rolling"]
        assert assessment.answers["scar_areas"] == ["cheeks", "temples"]
        assert assessment.answers["active_acne"] == "occasional"
        assert assessment.answers["age"] == 34
        consultation = session.scalars(select(Consultation).where(
            Consultation.lead_id == lead.id)).one()
        assert consultation.channel == "sms"
    assert twilio.texts_to(texter.phone) == []  # the reply confirmed it: no second text


def test_a_spanish_texter_does_the_self_assessment_in_words_and_books_by_text(
    texter: Texter, sessions, twilio
):
    _assessment_and_booking(texter, sessions, twilio, INTAKE_IN_WORDS_ES)


def test_a_spanish_texter_answering_by_numbers_is_asked_everything_in_spanish(
    texter: Texter, sessions, twilio
):
    _assessment_and_booking(texter, sessions, twilio, INTAKE_BY_NUMBERS_ES)


def test_parar_stops_a_spanish_texter_and_nothing_reaches_the_assistant(
    texter: Texter, sessions
):
    texter.texts("hola, ¿dónde están ubicados?")
    [stopped] = texter.texts("PARAR")
    assert "Ya no le enviaremos mensajes" in _spanish(stopped)
    assert "START" in stopped  # the carriers' word to subscribe again
    turns = user_turns(sessions, texter.phone)
    assert texter.texts("¿cuánto cuesta?") == []  # no answer of any kind
    assert user_turns(sessions, texter.phone) == turns  # and the assistant never saw it
    [started] = texter.texts("START")
    assert "De nuevo le enviaremos mensajes" in started
    assert f"${E2E_PRICE}" in texter.reads("¿cuánto cuesta el microneedling?")


def test_a_spanish_texter_skips_the_email_with_saltar_as_the_question_says(texter: Texter):
    texter.reads("¿soy buen candidato?")
    for answer, _ in INTAKE_IN_WORDS_ES:
        texter.reads(answer)
    texter.reads("34")
    texter.reads("1")
    texter.reads("2")
    texter.reads("Juan García")
    assert "saltar" in texter.reads(texter.national)
    assert "Cómo prefiere" in texter.reads("saltar")


def test_a_texter_who_says_only_hola_can_pick_spanish_from_the_greeting(texter: Texter):
    greeting = texter.reads("Hola")  # one word either language uses: the greeting is English
    assert greeting.startswith("Hi, welcome to") and "5) Español" in greeting
    switched = texter.reads("5")
    assert "seguimos en español" in _spanish(switched)
    price = texter.reads("cuanto cuesta")
    assert f"${E2E_PRICE}" in price and "por sesión" in _spanish(price)
