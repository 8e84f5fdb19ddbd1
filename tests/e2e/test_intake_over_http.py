"""A visitor completes the whole intake over HTTP; the clinic's database holds one lead."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import delete, func, select

from bot.settings import PROJECT_ROOT
from bot.store.db import make_engine, make_session_factory
from bot.store.models import Assessment, Consent, DeclinedAssessmentCount, Lead
from tests.e2e.conftest import Visitor

pytestmark = pytest.mark.e2e

ANSWERS = [
    "ice-pick and rolling", "more than 20", "cheeks and temples", "noticeable", "3 years",
    "occasionally", "rarely burn, tan easily", "none",
    "no", "no", "no", "no", "no", "no", "34",
]


@pytest.fixture
def session_factory(assistant):
    engine = make_engine(assistant.settings.database_url)
    yield make_session_factory(engine)
    engine.dispose()


def finish_intake(visitor: Visitor, phone: str) -> list:
    """Answer every question; return the replies to the last answer (thanks, then booking)."""
    for answer in ANSWERS[:-1]:
        visitor.reads(answer)
    result = visitor.reads(ANSWERS[-1])
    assert "severe scarring" in result
    assert "not a diagnosis" in result
    visitor.reads("yes")  # store my answers
    visitor.reads("no")  # no offers
    visitor.reads("Maria Lopez")
    visitor.reads(phone)
    visitor.reads("maria@example.com")
    visitor.reads("text")
    return visitor.says("evening")


def test_completed_intake_stores_exactly_one_lead_with_the_answers(visitor, session_factory):
    assert "Which looks most like your scars" in visitor.reads("am I a good candidate?")
    closing = finish_intake(visitor, "210 555 0161")[0]["text"]
    assert "Thank you, Maria!" in closing
    with session_factory() as session:
        [lead] = session.scalars(select(Lead).where(Lead.phone == "+12105550161")).all()
        [assessment] = lead.assessments
        assert assessment.conversation_id == visitor.sender
        assert assessment.answers["scar_types"] == ["icepick", "rolling"]
        assert assessment.answers["age"] == 34
        assert (assessment.band, assessment.recommendation) == ("severe", "consultation_first")
        assert lead.channel == "rest"
        assert lead.reference in closing
        consents = {c.kind: c for c in lead.consents}
        assert consents["data"].granted and not consents["marketing"].granted
        assert consents["data"].wording_version == "data-2026-11-27"


def test_repeating_the_last_message_does_not_make_a_second_lead(visitor, session_factory):
    visitor.reads("am I a good candidate?")
    finish_intake(visitor, "210 555 0162")
    visitor.reads("evening")
    with session_factory() as session:
        assert session.scalar(
            select(func.count()).select_from(Lead).where(Lead.phone == "+12105550162")) == 1


def test_invalid_phone_and_email_are_asked_again_with_an_example(visitor):
    visitor.reads("am I a good candidate?")
    for answer in ANSWERS:
        visitor.reads(answer)
    visitor.reads("yes")
    visitor.reads("no")
    visitor.reads("Maria Lopez")
    reply = visitor.reads("12345")
    assert "Sorry" in reply and "for example \"210 555 0123\"" in reply
    visitor.reads("210 555 0163")
    reply = visitor.reads("maria@example")
    assert "that email address doesn't work" in reply
    assert "What's your name?" not in reply


def test_faq_mid_form_is_answered_and_the_question_asked_again(visitor):
    visitor.reads("am I a good candidate?")
    visitor.reads("rolling")
    reply = visitor.reads("what is a vampire facial?")
    assert "platelet-rich plasma" in reply
    assert "Roughly how many scars" in reply


def test_red_flag_mid_form_stops_the_questions(visitor):
    visitor.reads("am I a good candidate?")
    visitor.reads("rolling")
    reply = visitor.reads("my lips are swelling and my throat feels tight")
    assert "call 911 now" in reply
    assert "Roughly how many scars" not in reply
    assert "Where are they" not in visitor.reads("about 5")


def test_declining_consent_stores_nothing_but_a_count(visitor, session_factory):
    with session_factory() as session:
        before_leads = session.scalar(select(func.count()).select_from(Lead))
        before_declined = session.scalar(select(func.sum(DeclinedAssessmentCount.count))) or 0
    visitor.reads("am I a good candidate?")
    for answer in ANSWERS:
        visitor.reads(answer)
    assert "nothing you told me has been stored" in visitor.reads("no")
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Lead)) == before_leads
        assert session.scalar(select(func.sum(DeclinedAssessmentCount.count))) == (
            before_declined + 1)


def test_a_lost_lead_is_recovered_from_the_conversation_history(visitor, session_factory,
                                                                assistant):
    visitor.reads("am I a good candidate?")
    finish_intake(visitor, "210 555 0164")
    with session_factory.begin() as session:  # as if the save had failed
        lead = session.scalars(select(Lead).where(Lead.phone == "+12105550164")).one()
        session.execute(delete(Consent).where(Consent.lead_id == lead.id))
        session.execute(delete(Assessment).where(Assessment.lead_id == lead.id))
        session.delete(lead)
    env = {**os.environ, "DATABASE_URL": assistant.settings.database_url}
    output = subprocess.run(
        [sys.executable, "-m", "bot", "leads", "recover"], cwd=PROJECT_ROOT, env=env,
        capture_output=True, text=True, check=True,
    ).stdout
    assert visitor.sender in output
    with session_factory() as session:
        lead = session.scalars(select(Lead).where(Lead.phone == "+12105550164")).one()
        assert lead.assessments[0].answers["scar_count"] == "over_20"
