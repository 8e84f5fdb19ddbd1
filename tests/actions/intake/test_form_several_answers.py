"""One message that answers the pending question and later ones, through the form action."""

from __future__ import annotations

import pytest

from bot.intake.questions import ANSWER_SLOTS


def test_rolling_ones_around_12_cheeks_and_chin_answers_three_questions(intake):
    form = intake("scar_types")
    turn = form.say("rolling ones, around 12, cheeks and chin")
    assert turn.slots == {"scar_types": ["rolling"], "scar_count": "11_to_20",
                          "scar_areas": ["cheeks", "chin"]}
    assert form.requested == "scar_visibility"  # count and areas are not asked again


def test_age_and_pregnancy_in_one_message_fill_both_and_show_the_result(intake):
    form = intake("pregnant_or_breastfeeding")
    turn = form.say("I'm 34 and I'm not pregnant")
    assert turn.slots["pregnant_or_breastfeeding"] == "no"
    assert turn.slots["age"] == 34
    assert form.requested == "keloid_tendency"
    for answer in ("no", "yes", "no", "no"):
        turn = form.say(answer)
    # The age was given early: answering the last safety question completes the assessment.
    assert {"severity_band", "recommendation"} <= set(turn.slots)
    assert form.requested == "data_consent"


def test_the_last_answer_given_as_a_later_one_shows_the_result_once(intake):
    form = intake("immune_suppression")
    turn = form.say("no, I'm 40")
    assert turn.slots["immune_suppression"] == "no"
    assert turn.slots["age"] == 40
    assert {"severity_band", "recommendation"} <= set(turn.slots)
    assert sum("not a diagnosis" in said for said in turn.said) == 1


def test_a_later_safety_question_is_filled_only_when_its_topic_is_named(intake):
    form = intake("keloid_tendency")
    turn = form.say("no, but I take a baby aspirin every day")
    assert turn.slots == {"keloid_tendency": "no", "bleeding_risk": "yes"}


@pytest.mark.parametrize("pending, text", [
    ("previous_treatments", "none, no"),
    ("previous_treatments", "laser, yes, not sure"),
    ("skin_type", "fair, never"),
    ("isotretinoin_recent", "no, nope, no"),
    ("scar_years", "about 3 years, I'm fine, all good"),
])
def test_a_safety_question_is_never_filled_from_a_vague_word(intake, pending, text):
    turn = intake(pending).say(text)
    later = ANSWER_SLOTS[ANSWER_SLOTS.index(pending) + 1:]
    assert pending in turn.slots
    assert not set(turn.slots) & set(later)


def test_a_question_already_answered_is_not_overwritten_as_a_later_answer(intake):
    form = intake("scar_types", scar_areas=["back"])
    turn = form.say("boxcar, around 12, cheeks")
    assert turn.slots == {"scar_types": ["boxcar"], "scar_count": "11_to_20"}


def test_later_questions_answered_and_the_pending_one_not_asks_it_again(intake):
    form = intake("scar_count")
    turn = form.say("on my cheeks and chin")
    assert turn.slots == {"scar_areas": ["cheeks", "chin"]}
    assert not any(said.startswith("Sorry") for said in turn.said)
    assert form.requested == "scar_count"


def test_a_question_about_a_topic_fills_nothing(intake):
    turn = intake("skin_type").say("is it safe for dark skin?", intent="faq", confidence=0.9)
    assert turn.rejected


def test_name_and_mobile_in_one_message(intake):
    form = intake("contact_name")
    turn = form.say("Mrs. Dolores Villarreal 210-555-0199")
    assert turn.slots == {"contact_name": "Dolores Villarreal",
                          "contact_phone": "+12105550199"}
    assert form.requested == "contact_email"


def test_mobile_method_and_time_in_one_message(intake):
    form = intake("contact_phone")
    turn = form.say("210 555 0199, text me in the evenings")
    assert turn.slots == {"contact_phone": "+12105550199", "contact_method": "text",
                          "contact_time": "evening"}
    assert form.requested == "contact_email"
