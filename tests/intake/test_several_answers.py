"""Reading one message for the pending question and the later ones it answers (no Rasa)."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from bot.intake.questions import ANSWER_SLOTS, CONTACT_SLOTS
from bot.intake.several_answers import read_message

WITH_CONTACT = [*ANSWER_SLOTS, "data_consent", "marketing_consent", *CONTACT_SLOTS]


def answered_up_to(pending: str) -> Dict[str, Any]:
    return {slot: "x" for slot in WITH_CONTACT[:WITH_CONTACT.index(pending)]}


@pytest.mark.parametrize("pending, text, value, later", [
    ("scar_types", "rolling ones, around 12, cheeks and chin", ["rolling"],
     {"scar_count": "11_to_20", "scar_areas": ["cheeks", "chin"]}),
    ("scar_types", "ice pick and boxcar, maybe 30 of them", ["icepick", "boxcar"],
     {"scar_count": "over_20"}),
    ("scar_count", "about 12 on my cheeks and chin", "11_to_20",
     {"scar_areas": ["cheeks", "chin"]}),
    ("scar_areas", "cheeks, people can definitely see them, for about 5 years", ["cheeks"],
     {"scar_visibility": "noticeable", "scar_years": "1_to_5"}),
    ("scar_years", "since high school, still breaking out sometimes", "over_5",
     {"active_acne": "occasional"}),
    ("skin_type", "I tan easily and never had any treatment", "IV",
     {"previous_treatments": ["none"]}),
    ("pregnant_or_breastfeeding", "I'm 34 and I'm not pregnant", "no", {"age": 34}),
    ("pregnant_or_breastfeeding", "no chance, I'm 58 and male", "no", {"age": 58}),
    ("isotretinoin_recent", "no, and I'm not pregnant either", "no",
     {"pregnant_or_breastfeeding": "no"}),
    ("keloid_tendency", "no, but I take a baby aspirin every day", "no",
     {"bleeding_risk": "yes"}),
    ("immune_suppression", "no, I'm 40", "no", {"age": 40}),
    ("contact_name", "Dolores Villarreal 210-555-0199", "Dolores Villarreal",
     {"contact_phone": "+12105550199"}),
    ("contact_phone", "210 555 0199, text me in the evenings", "+12105550199",
     {"contact_method": "text", "contact_time": "evening"}),
])
def test_one_message_answers_the_pending_question_and_later_ones(pending, text, value, later):
    reading = read_message(text, pending, WITH_CONTACT, answered_up_to(pending))
    assert reading.value == value
    assert reading.later == later


def test_later_answers_come_in_the_forms_order():
    reading = read_message("rolling, I'm 34, not pregnant, about 12", "scar_types", WITH_CONTACT,
                           {})
    assert list(reading.later) == ["scar_count", "pregnant_or_breastfeeding", "age"]


def test_a_question_already_answered_is_not_answered_again():
    slots = {"scar_count": "up_to_10"}
    reading = read_message("rolling, around 12", "scar_types", WITH_CONTACT, slots)
    assert reading.later == {}


@pytest.mark.parametrize("pending, text", [
    ("isotretinoin_recent", "I'm 34"),
    ("face_infection", "I'm not on blood thinners"),
])
def test_a_safety_question_is_not_answered_by_a_message_about_something_else(pending, text):
    reading = read_message(text, pending, WITH_CONTACT, answered_up_to(pending))
    assert reading.value is None


@pytest.mark.parametrize("text", ["none, no", "laser, yes", "fair, never", "no, nope, nah",
                                  "yes I'm sure", "all good, fine"])
def test_later_safety_questions_are_never_filled_from_vague_words(text):
    reading = read_message(text, "previous_treatments", WITH_CONTACT,
                           answered_up_to("previous_treatments"))
    assert reading.later == {}


@pytest.mark.parametrize("pending", ["data_consent", "marketing_consent"])
def test_consent_is_never_read_from_a_message_about_other_questions(pending):
    reading = read_message("no. I'm not pregnant", pending, WITH_CONTACT,
                           answered_up_to(pending))
    assert reading.value is None


def test_a_question_mark_takes_no_later_answers():
    reading = read_message("is it ok for dark skin and I'm 34?", "active_acne", WITH_CONTACT,
                           answered_up_to("active_acne"))
    assert reading.later == {}


def test_consent_and_contact_are_never_later_answers_before_consent():
    reading = read_message("I'm 34, my name is Maria, 210 555 0199", "immune_suppression",
                           [*ANSWER_SLOTS, "data_consent"],
                           answered_up_to("immune_suppression"))
    assert reading.later == {"age": 34}
