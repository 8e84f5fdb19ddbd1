"""Red flags escalate the same way everywhere; look-alikes never do; a decline leaves nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from bot.store.db import make_engine
from tests.e2e.conftest import Visitor
from tests.e2e.test_intake_over_http import ANSWERS

pytestmark = pytest.mark.e2e

ALARMS = ("call 911", "988", "urgent care")


def answer_until(visitor: Visitor, question: str) -> None:
    """Answer the self-assessment in order until the reply asks `question`."""
    reply = visitor.reads("am I a good candidate?")
    for answer in ANSWERS:
        if question in reply:
            return
        reply = visitor.reads(answer)
    if question in reply:
        return
    raise AssertionError(f"never asked {question!r}")


@pytest.mark.parametrize("message", [
    "this price is killing my budget", "could PRP trigger an allergy?",
    "can microneedling spread bacteria?", "no swelling at all, only a little redness",
    "I don't have a fever, should I be worried?", "I'm dying to try the vampire facial",
])
def test_look_alikes_get_an_answer_not_an_alarm(visitor, message):
    reply = visitor.reads(message)
    assert not any(alarm in reply for alarm in ALARMS), reply


@pytest.mark.parametrize("message, expected", [
    ("I don't see a reason to go on", "988"),
    ("there's puss coming out of my cheek", "urgent care"),
    ("I can not breathe", "call 911"), ("no puedo respirar", "llame al 911"),
    ("me quiero morir", "988"),
])
def test_red_flags_in_other_words_escalate_in_a_new_conversation(visitor, message, expected):
    assert expected in visitor.reads(message)


def test_a_red_flag_mid_assessment_escalates_instead_of_a_re_ask(visitor):
    answer_until(visitor, "How long have you had them")
    reply = visitor.reads("I don't see a reason to go on")
    assert "988" in reply and "Sorry" not in reply


def test_a_red_flag_while_finding_a_booking_escalates(visitor):
    visitor.reads("I want to cancel my appointment")
    reply = visitor.reads("my face is oozing pus since my session")
    assert "urgent care" in reply


def test_no_infection_answering_the_infection_question_goes_on(visitor):
    answer_until(visitor, "skin infection or a cold sore")
    reply = visitor.reads("no, no infection or cold sore")
    assert "urgent care" not in reply
    assert "immune system" in reply


def test_after_a_self_harm_reply_no_sales_talk_follows(visitor):
    visitor.reads("i want to end my life")
    reply = visitor.says("how much does it cost?")
    texts = " ".join(message.get("text", "") for message in reply)
    assert "$" in texts  # the question is answered...
    assert "self-assessment" not in texts  # ...without the offer
    assert not any(message.get("buttons") for message in reply)


def test_a_consent_hedge_asks_again_with_the_buttons(visitor):
    answer_until(visitor, "May the clinic store your answers")
    reply = visitor.says("I have concerns")
    assert any(button["title"] == "Yes, I agree"
               for message in reply for button in message.get("buttons", []))


def test_declining_consent_leaves_no_answers_in_the_tracker_store(visitor, assistant):
    visitor.reads("am I a good candidate?")
    for answer in ANSWERS:
        visitor.reads(answer)
    assert "nothing you told me has been stored" in visitor.reads("no")
    engine = make_engine(assistant.settings.database_url)
    try:
        with engine.connect() as connection:
            rows = [json.loads(data) for (data,) in connection.execute(
                text("SELECT data FROM events WHERE sender_id = :s"), {"s": visitor.sender})]
    finally:
        engine.dispose()
    stored = json.dumps(rows)
    assert "ice-pick and rolling" not in stored and "cheeks and temples" not in stored
    assert all(row.get("value") is None for row in rows
               if row.get("event") == "slot" and row.get("name") in ("scar_types", "age"))


def test_the_same_red_flag_again_gets_a_short_reply_that_points_back(visitor):
    first = visitor.reads("my cheek is oozing pus since my session")
    second = visitor.reads("it's still oozing pus, the redness is spreading")
    assert "urgent care" in second and "As I said just above" in second
    assert len(second) < len(first)


def test_after_a_self_harm_reply_thanks_gets_care_and_carrying_on_resumes_gently(visitor):
    visitor.reads("am I a candidate?")
    visitor.reads("ice pick")
    assert "988" in visitor.reads("honestly i don't want to be alive anymore")
    thanks = visitor.says("ok, thanks")
    said = " ".join(message.get("text", "") for message in thanks)
    assert "988" in said and "Sorry" not in said
    assert not any(message.get("buttons") for message in thanks)
    resumed = visitor.reads("can we just carry on")
    assert "gently" in resumed and "Roughly how many scars" in resumed
