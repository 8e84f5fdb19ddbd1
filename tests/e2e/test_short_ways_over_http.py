"""The short ways over HTTP: a call back or booking without the questions, carrying on after an
interruption, a goodbye that never keeps a visitor in the questions, and Spanish in the middle
of them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.settings import format_dollars
from bot.store.db import make_engine, make_session_factory
from bot.store.models import Consultation, Lead

pytestmark = pytest.mark.e2e


@pytest.fixture
def session_factory(assistant):
    engine = make_engine(assistant.settings.database_url)
    yield make_session_factory(engine)
    engine.dispose()


def test_a_visitor_who_only_wants_a_call_back_leaves_name_and_number(visitor, session_factory):
    assert "name and mobile number" in visitor.reads("can someone just call me back?")
    visitor.reads("yes")
    visitor.reads("Mrs. Dolores Villarreal")
    closing = visitor.reads("210 555 0191")
    assert "Thank you, Dolores!" in closing and "will call you" in closing
    with session_factory() as session:
        lead = session.scalars(select(Lead).where(Lead.phone == "+12105550191")).one()
        assert lead.assessments == [] and lead.reference in closing
        assert [c.wording_version for c in lead.consents] == ["quick-2026-11-27"]
        consultation = session.scalars(
            select(Consultation).where(Consultation.lead_id == lead.id)).one()
        assert consultation.starts_at is None  # a request to be called, not a slot


def test_no_to_the_short_consent_stores_nothing(visitor, session_factory):
    visitor.reads("i'd rather you call me")
    assert "nothing has been stored" in visitor.reads("no")
    assert "What's your name" not in visitor.reads("ok")


def test_skipping_the_questions_says_what_is_lost_then_books(visitor, session_factory):
    visitor.reads("am I a candidate?")
    visitor.reads("rolling")
    explained = visitor.reads("skip the questions, i just want to book")
    assert "safety pre-check" in explained and "name and mobile" in explained
    visitor.reads("yes")
    visitor.reads("Sam Ortiz")
    replies = visitor.says("210 555 0192")
    slots = [button for reply in replies for button in reply.get("buttons", [])
             if button["payload"].startswith("/choose_time")]
    assert slots, replies
    booked = visitor.reads(slots[0]["payload"])
    assert "booked" in booked.lower()
    with session_factory() as session:
        consultation = session.scalars(
            select(Consultation).join(Lead).where(Lead.phone == "+12105550192")).one()
        assert consultation.starts_at is not None


def test_carrying_on_after_stopping_keeps_the_answers_given(visitor):
    visitor.reads("am I a candidate?")
    visitor.reads("ice pick")
    visitor.reads("about 10")
    visitor.reads("stop")
    resumed = visitor.reads("can we just carry on")
    assert "pick up where we left off" in resumed
    assert "Where are they?" in resumed
    assert "Which looks most like your scars" not in resumed


def test_goodbye_in_the_middle_of_the_questions_leaves_them(visitor):
    visitor.reads("am I a candidate?")
    left = visitor.reads("ok gotta go, bye")
    assert "stopped the questions" in left
    assert "stopped the questions" not in visitor.reads("how much is it?")


def test_no_entiendo_in_the_middle_of_the_questions_goes_on_in_spanish(visitor):
    visitor.reads("am I a candidate?")
    reply = visitor.reads("no entiendo")
    assert "seguimos en español" in reply and "no le entendí" not in reply
    assert "cicatrices" in reply  # the pending question, asked again in Spanish


def test_a_spanish_price_question_gets_the_clinics_prices_in_spanish(visitor, assistant):
    reply = visitor.reads("cuanto cuesta el microneedling?")
    assert "cuesta" in reply and "por sesión" in reply
    assert format_dollars(assistant.settings.prices.microneedling_session) in reply


def test_name_and_number_given_with_the_request_are_not_asked_again(visitor, session_factory):
    asked = visitor.reads("could someone call me back? this is Tom Baker, 210 555 0194")
    assert "May the clinic store your name and mobile number" in asked
    closing = visitor.reads("yes")
    assert "Thank you, Tom!" in closing and "will call you" in closing
    with session_factory() as session:
        lead = session.scalars(select(Lead).where(Lead.phone == "+12105550194")).one()
        assert lead.name == "Tom Baker"
