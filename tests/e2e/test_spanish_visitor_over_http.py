"""A Spanish-speaking visitor from San Antonio, over the REST channel of the real assistant:
nothing sets the language for them but what they write (and the buttons they press). They
ask the price and a question, do the whole self-assessment in Spanish, agree to be
contacted and book; the lead is stored with language es. Switching to English in the middle
of the self-assessment keeps every answer given so far. A red flag written in Spanish is
escalated in Spanish (988 with "oprima 2", 911).

Replies are checked by the words a Spanish reply has ("usted", "cita", "cicatrices"), not by
whole sentences, and never to contain the English of the same step."""

from __future__ import annotations

import re
from typing import List

import pytest
from sqlalchemy import select

from bot.store.db import make_engine, make_session_factory
from bot.store.models import Consultation, Lead
from tests.e2e.conftest import E2E_PRICE, Visitor

pytestmark = pytest.mark.e2e

# Each answer as a visitor types it, and words of the question that should follow it.
SPANISH_ANSWERS = [
    ("tengo de picahielo y unas onduladas", "cuántas cicatrices"),
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
ENGLISH_QUESTIONS = ["Which looks most like", "how many scars", "Where are they",
                     "How noticeable", "How long have you had", "breakouts", "to the sun",
                     "isotretinoin", "pregnant", "how old"]


@pytest.fixture
def sessions(assistant):
    engine = make_engine(assistant.settings.database_url)
    yield make_session_factory(engine)
    engine.dispose()


def _in_spanish(reply: str, *words: str) -> None:
    """The reply reads as Spanish: it has each of `words` and none of the English questions."""
    for word in words:
        assert word.lower() in reply.lower(), (word, reply)
    for english in ENGLISH_QUESTIONS:
        assert english.lower() not in reply.lower(), (english, reply)


def _lead(sessions, phone: str) -> Lead:
    with sessions() as session:
        lead = session.scalars(select(Lead).where(Lead.phone == phone)).one()
        session.expunge(lead)
        return lead


def _answers(sessions, phone: str) -> dict:
    with sessions() as session:
        lead = session.scalars(select(Lead).where(Lead.phone == phone)).one()
        [assessment] = lead.assessments
        return dict(assessment.answers)


def _spanish_assessment(visitor: Visitor) -> str:
    """From asking to the result, in Spanish; the result."""
    first = visitor.reads("oiga, ¿soy buena candidata para el microneedling?")
    _in_spanish(first, "cicatrices")
    for answer, next_question in SPANISH_ANSWERS:
        reply = visitor.reads(answer)
        assert next_question.lower() in reply.lower(), (answer, reply)
        _in_spanish(reply)
    result = visitor.reads("tengo 34 años")
    _in_spanish(result, "no es un diagnóstico")
    assert "not a diagnosis" not in result
    return result


def test_a_spanish_visitor_asks_the_price_and_a_question_and_is_answered_in_spanish(visitor):
    price = visitor.reads("Hola, buenas tardes. ¿Cuánto cuesta el microneedling?")
    assert f"${E2E_PRICE}" in price
    _in_spanish(price, "sesión")
    assert "per session" not in price

    pain = visitor.reads("¿y duele mucho?")
    _in_spanish(pain, "crema")
    assert "numbing cream" not in pain


def test_a_spanish_visitor_does_the_whole_self_assessment_consents_and_books_in_spanish(
    visitor, sessions
):
    visitor.reads("buenas, quería preguntar por el tratamiento de cicatrices de acné")
    result = _spanish_assessment(visitor)
    _in_spanish(result, "usted")

    consent = visitor.reads("sí, estoy de acuerdo")
    _in_spanish(consent, "ofertas")
    _in_spanish(visitor.reads("no, gracias"), "nombre")
    _in_spanish(visitor.reads("María López"), "celular")
    _in_spanish(visitor.reads("210 555 0181"), "correo")
    _in_spanish(visitor.reads("maria.lopez@example.com"), "cómo prefiere")
    _in_spanish(visitor.reads("mándenme un texto"), "hora")
    closing = visitor.says("en la tarde")
    thanks = "\n".join(message.get("text", "") for message in closing)
    _in_spanish(thanks, "¡Gracias, María!", "cita")
    assert "Thank you" not in thanks and "book your consultation" not in thanks

    offer = closing[-1]
    times = [b for b in offer.get("buttons") or [] if b["payload"].startswith("/choose_time")]
    assert len(times) == 4, offer
    assert any(b["title"] == "Más horarios" for b in offer["buttons"]), offer["buttons"]
    booked = visitor.reads(times[0]["payload"])
    _in_spanish(booked, "Listo", "su consulta", "cancelarla")
    assert "You're booked" not in booked
    reference = re.search(r"\b(C-[0-9A-F]{8})\b", booked)
    assert reference, booked

    lead = _lead(sessions, "+12105550181")
    assert lead.language == "es"
    assert lead.reference in thanks
    answers = _answers(sessions, "+12105550181")
    assert answers["scar_types"] == ["icepick", "rolling"]
    assert answers["scar_areas"] == ["cheeks", "temples"]
    assert answers["age"] == 34
    with sessions() as session:
        consultation = session.scalars(
            select(Consultation).where(Consultation.reference == reference.group(1))).one()
        assert consultation.lead_id == lead.id


def _answered_in_spanish(visitor: Visitor, count: int) -> List[str]:
    visitor.reads("¿soy buen candidato para el microneedling?")
    return [visitor.reads(answer) for answer, _ in SPANISH_ANSWERS[:count]]


def test_switching_to_english_mid_assessment_keeps_every_answer_given_so_far(visitor, sessions):
    replies = _answered_in_spanish(visitor, 5)  # kinds, count, areas, visibility, years
    assert "granos" in replies[-1]

    switched = visitor.reads("can we continue in English please?")
    # The question waiting for an answer, asked again in English; nothing asked twice.
    assert "breakouts" in switched, switched
    assert "granos" not in switched and "Which looks most like" not in switched

    for answer, question in [("now and then", "sun"), ("rarely burn, tan easily", "treatment"),
                             ("none", "isotretinoin"), ("no", "pregnant"), ("no", "keloids"),
                             ("no", "blood thinners"), ("no", "infection"),
                             ("no", "immune system"), ("no", "how old")]:
        reply = visitor.reads(answer)
        assert question in reply, (answer, reply)
    result = visitor.reads("34")
    assert "not a diagnosis" in result
    for answer in ("yes", "no", "Maria Lopez", "210 555 0182", "skip", "text"):
        visitor.reads(answer)
    assert "Thank you, Maria!" in visitor.reads("evening")

    answers = _answers(sessions, "+12105550182")
    # What was said in Spanish before the switch...
    assert answers["scar_types"] == ["icepick", "rolling"]
    assert answers["scar_count"] == "over_20"
    assert answers["scar_areas"] == ["cheeks", "temples"]
    assert answers["scar_visibility"] == "noticeable"
    assert answers["scar_years"] == "1_to_5"
    # ... and in English after it.
    assert answers["active_acne"] == "occasional"
    assert answers["age"] == 34
    assert _lead(sessions, "+12105550182").language == "en"


def test_the_english_button_switches_mid_assessment_and_espanol_switches_back(visitor):
    _answered_in_spanish(visitor, 2)  # kinds, count: the areas are asked next

    english = visitor.reads('/switch_language{"language":"en"}')
    assert "Where are they" in english, english
    assert "Dónde" not in english

    spanish = visitor.reads('/switch_language{"language":"es"}')
    assert "Dónde las tiene" in spanish, spanish
    # The answer goes on from where it was, in the language chosen last.
    assert "se le notan" in visitor.reads("en la frente")


def test_a_spanish_visitor_in_crisis_is_given_988_in_spanish_and_911(visitor):
    reply = visitor.reads("la verdad ya no quiero vivir, me da vergüenza cómo se me ve la cara")
    assert "oprima 2 para español" in reply
    assert "988" in reply and "911" in reply
    assert "$" not in reply and "Suicide & Crisis Lifeline" not in reply


def test_a_red_flag_in_spanish_mid_assessment_stops_the_questions_in_spanish(visitor):
    visitor.reads("¿soy buen candidato para el microneedling?")
    visitor.reads("onduladas")
    reply = visitor.reads("se me están hinchando los labios y me cuesta respirar")
    assert "llame al 911" in reply
    assert "call 911" not in reply
    assert "cuántas cicatrices" not in reply.lower()
