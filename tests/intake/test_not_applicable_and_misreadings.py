"""Answers that were misread before: not-applicable answers, aspirin, "people can see them",
counts in words, negations, Spanish."""

from __future__ import annotations

import pytest

from bot.intake import answers
from bot.intake.questions import QUESTIONS, SCREENING


def read(slot: str, text: str):
    return QUESTIONS[slot].read(text)[0]


@pytest.mark.parametrize("text", [
    "I'm a man", "lol i'm a guy", "im a dude", "not applicable", "n/a", "N/A", "doesn't apply",
    "no chance, I'm 58 and male", "Male.", "haha no, I'm a dad", "does not apply to me",
])
def test_a_man_or_not_applicable_is_no_to_the_pregnancy_question(text):
    assert read("pregnant_or_breastfeeding", text) == "no"


@pytest.mark.parametrize("text", ["I'm a man but yes", "lol I'm a guy", "n/a"])
def test_the_pregnancy_question_is_never_yes_for_a_man(text):
    assert read("pregnant_or_breastfeeding", text) != "yes"


@pytest.mark.parametrize("text", ["I'm pregnant", "yes, 12 weeks along", "nursing my baby",
                                  "I'm breastfeeding"])
def test_pregnancy_and_breastfeeding_are_still_yes(text):
    assert read("pregnant_or_breastfeeding", text) == "yes"


@pytest.mark.parametrize("text", ["I don't take any medication", "no meds", "I dont take any meds",
                                  "not on any medication", "doesn't apply"])
def test_no_medication_is_no_to_the_blood_thinner_question(text):
    assert read("bleeding_risk", text) == "no"


@pytest.mark.parametrize("text", ["I take a baby aspirin every day", "daily low-dose aspirin",
                                  "baby aspirin", "eliquis", "I'm on warfarin"])
def test_daily_aspirin_or_a_blood_thinner_is_yes(text):
    assert read("bleeding_risk", text) == "yes"


@pytest.mark.parametrize("text", [
    "I don't take any medication but I have hemophilia", "no meds, just a daily aspirin",
])
def test_no_medication_with_a_bleeding_risk_named_is_flagged_not_no(text):
    assert read("bleeding_risk", text) == "unsure"


@pytest.mark.parametrize("text", ["not aspirin", "no aspirin", "I don't take aspirin"])
def test_a_negated_blood_thinner_is_no(text):
    assert read("bleeding_risk", text) == "no"


@pytest.mark.parametrize("question", [q.slot for q in SCREENING if q.slot != "age"])
@pytest.mark.parametrize("text", ["doesn't apply", "not applicable", "n/a"])
def test_doesnt_apply_is_no_to_every_safety_question(question, text):
    assert read(question, text) == "no"


@pytest.mark.parametrize("question", ["isotretinoin_recent", "keloid_tendency",
                                      "face_infection", "immune_suppression"])
@pytest.mark.parametrize("text", ["I'm a man", "I'm fine", "I'm good"])
def test_an_im_that_says_nothing_about_the_question_is_not_a_yes(question, text):
    assert read(question, text) is None


@pytest.mark.parametrize("text", ["I'm not pregnant", "no I'm not", "I am not"])
def test_im_not_is_a_plain_no(text):
    assert read("pregnant_or_breastfeeding", text) == "no"


@pytest.mark.parametrize("text, expected", [
    ("people can definitely see them", "noticeable"), ("people notice them", "noticeable"),
    ("you can tell from across the room", "noticeable"), ("not noticeable", "hidden"),
    ("can't see them unless you're close", "hidden"), ("people can hardly see them", "hidden"),
    ("barely noticeable", "hidden"),
])
def test_visibility_in_visitors_words(text, expected):
    assert read("scar_visibility", text) == expected


@pytest.mark.parametrize("text, expected", [
    ("a dozen or so", "11_to_20"), ("a dozen", "11_to_20"), ("twenty five", "over_20"),
    ("between 10 and 20", "11_to_20"), ("10 to 15", "11_to_20"), ("3 or 4", "up_to_10"),
    ("not many, 5 or 6", "up_to_10"), ("not that many", "up_to_10"),
])
def test_counts_in_words_and_ranges(text, expected):
    assert read("scar_count", text) == expected


@pytest.mark.parametrize("text, age", [("twenty five", 25), ("twenty-five", 25),
                                       ("I'm thirty two", 32)])
def test_an_age_in_words_still_reads(text, age):
    assert read("age", text) == age


@pytest.mark.parametrize("slot, text, expected", [
    ("scar_types", "rolling, not boxcar", ["rolling"]),
    ("previous_treatments", "no laser, just peels", ["peel"]),
    ("previous_treatments", "never tried laser or peels", ["none"]),
    ("previous_treatments", "nothing", ["none"]),
    ("scar_areas", "cheeks, not my chin", ["cheeks"]),
    ("active_acne", "not often", "occasional"),
    ("skin_type", "I never tan and always burn", "I-II"),
])
def test_a_choice_after_a_negation_is_not_chosen(slot, text, expected):
    assert read(slot, text) == expected


@pytest.mark.parametrize("slot", list(QUESTIONS))
@pytest.mark.parametrize("text", ["no entiendo", "no hablo inglés", "¿cuánto cuesta?",
                                  "¿qué significa eso?", "no sé qué es eso", "sí, no entiendo",
                                  "no le entendí", "I don't understand",
                                  "what does that mean?"])
def test_a_request_to_explain_or_a_question_is_no_answer_to_any_question(slot, text):
    assert QUESTIONS[slot].read(text)[0] is None


def test_si_and_no_alone_still_answer():
    assert read("keloid_tendency", "no") == "no"
    assert answers.parse_yes_no("si") == "yes"
    assert read("keloid_tendency", "sí") == "yes"
