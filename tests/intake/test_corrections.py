"""Telling corrections of earlier answers from answers to the pending question (no Rasa)."""

from __future__ import annotations

import pytest

from bot.intake.corrections import find_corrections
from bot.intake.questions import ANSWER_SLOTS, CONTACT_SLOTS

ANSWERS = dict(
    scar_types=["icepick"], scar_count="up_to_10", scar_areas=["cheeks"],
    scar_visibility="hidden", scar_years="1_to_5", active_acne="none", skin_type="III",
    previous_treatments=["none"], isotretinoin_recent="no", pregnant_or_breastfeeding="yes",
    keloid_tendency="no", bleeding_risk="yes", face_infection="no", immune_suppression="no",
    age=25, contact_name="Maria Lopez", contact_phone="+12105550123",
)
CORRECTABLE = [*ANSWER_SLOTS, *CONTACT_SLOTS]


def corrections(text: str, pending: str = "data_consent"):
    return find_corrections(text, pending, ANSWERS, CORRECTABLE)


@pytest.mark.parametrize("text, slot, value", [
    ("actually I'm 35 not 25", "age", 35),
    ("wait, they're on my forehead too", "scar_areas", ["cheeks", "forehead"]),
    ("wait, they're on my forehead", "scar_areas", ["forehead"]),
    ("sorry I meant no to the blood thinners", "bleeding_risk", "no"),
    ("no wait I'm not pregnant", "pregnant_or_breastfeeding", "no"),
    ("oops my number is 210 555 0199", "contact_phone", "+12105550199"),
    ("actually it's more like 30 scars", "scar_count", "over_20"),
    ("oh sorry, I've had them for 10 years", "scar_years", "over_5"),
    ("my bad, I've tried laser before", "previous_treatments", ["laser"]),
    ("actually my name is Lola Perez", "contact_name", "Lola Perez"),
    ("correction: I get keloids", "keloid_tendency", "yes"),
])
def test_a_marked_correction_changes_the_earlier_answer(text, slot, value):
    assert corrections(text).changed == {slot: value}


@pytest.mark.parametrize("pending, text, slot, value", [
    ("data_consent", "I'm 35 not 25", "age", 35),
    ("contact_time", "I'm not pregnant", "pregnant_or_breastfeeding", "no"),
    ("keloid_tendency", "I'm not pregnant", "pregnant_or_breastfeeding", "no"),
    ("marketing_consent", "they're on my forehead too", "scar_areas", ["cheeks", "forehead"]),
    ("skin_type", "my number is 210 555 0199", "contact_phone", "+12105550199"),
])
def test_a_correction_without_a_marker_word(pending, text, slot, value):
    assert corrections(text, pending).changed == {slot: value}


@pytest.mark.parametrize("pending, text", [
    ("active_acne", "yes, on my chin"),
    ("scar_visibility", "noticeable on my cheeks and forehead"),
    ("previous_treatments", "I tried microneedling for my ice pick scars"),
    ("age", "34"),
    ("age", "I'm 40"),
    ("keloid_tendency", "no"),
    ("contact_time", "I'm off at 12"),
    ("contact_name", "Dolores"),
    ("face_infection", "a cold sore on my chin"),
    ("data_consent", "yes"),
    ("data_consent", "no"),
    ("scar_years", "since I was 15, about 10 years"),
])
def test_a_plain_answer_to_the_pending_question_is_not_a_correction(pending, text):
    assert not corrections(text, pending)


def test_a_question_is_not_a_correction():
    assert not corrections("wait, is it safe if I'm pregnant?")


def test_a_marked_message_that_repeats_an_answer_changes_nothing():
    found = corrections("no wait I'm pregnant")
    assert found.changed == {}
    assert found.unchanged == ["pregnant_or_breastfeeding"]


def test_an_unmarked_message_that_repeats_an_answer_is_no_correction():
    assert not corrections("I'm pregnant", "keloid_tendency")


def test_a_question_not_answered_yet_is_not_corrected():
    assert not find_corrections("actually I'm 35", "keloid_tendency",
                                {"scar_types": ["rolling"]}, CORRECTABLE)


def test_several_answers_corrected_at_once():
    assert corrections("actually I'm 35 and I'm not pregnant").changed == {
        "pregnant_or_breastfeeding": "no", "age": 35}


@pytest.mark.parametrize("pending, text", [
    ("isotretinoin_recent", "I had it for acne on my chin"),
    ("isotretinoin_recent", "I stopped it 2 months back"),
    ("face_infection", "no, nothing on my forehead"),
])
def test_an_earlier_topic_named_in_passing_is_not_a_correction(pending, text):
    assert not corrections(text, pending).changed


@pytest.mark.parametrize("pending, text, slot, value", [
    ("data_consent", "and sorry my age is wrong, it's 32", "age", 32),
    ("marketing_consent", "my age should be 32", "age", 32),
    ("data_consent", "wrong age, 32 years old", "age", 32),
    ("contact_email", "my number is wrong, it's 210 555 0199", "contact_phone", "+12105550199"),
    ("contact_method", "sorry my email is wrong, it is maria.l@example.com", "contact_email",
     "maria.l@example.com"),
    ("data_consent", "sorry the number of scars is more like 25", "scar_count", "over_20"),
    ("data_consent", "sorry, I've had them for 10 years not 3", "scar_years", "over_5"),
])
def test_a_correction_naming_a_topic_changes_that_question_only(pending, text, slot, value):
    answered = {**ANSWERS, "contact_email": "maria@example.com"}
    found = find_corrections(text, pending, answered, CORRECTABLE)
    assert found.changed == {slot: value}


@pytest.mark.parametrize("text", ["sorry it's 32 not 25", "it's 32 not 25, sorry",
                                  "i put 25 but it's 32"])
def test_a_number_alone_replacing_the_old_age_corrects_the_age(text):
    assert corrections(text).changed == {"age": 32}


def test_a_number_with_years_is_never_taken_for_an_age_or_a_count():
    found = corrections("sorry my age is wrong, I've had them 10 years")
    assert "scar_count" not in found.changed
    assert found.changed.get("age") is None


@pytest.mark.parametrize("text", [
    "wait i do still have active acne, pretty often",
    "hmm actually my acne is frequent",
    "oh also i lied about the breakouts, i get them constantly",
    "going back to the acne question: frequent",
])
def test_a_correction_at_a_later_yes_no_question_changes_the_earlier_answer_only(text):
    answered = {slot: value for slot, value in ANSWERS.items()
                if slot not in {"bleeding_risk", "face_infection", "immune_suppression", "age",
                                "contact_name", "contact_phone"}}
    assert find_corrections(text, "bleeding_risk", answered, CORRECTABLE).changed == {
        "active_acne": "frequent"}


def test_an_age_given_as_tengo_and_a_number_is_the_age_not_a_scar_count():
    answered = {"scar_count": "up_to_10", "age": None}
    for text in ("tengo 58", "tengo cincuenta y ocho"):
        assert find_corrections(text, "age", answered, ANSWER_SLOTS).changed == {}, text
    named = find_corrections("tengo 58 cicatrices", "age", answered, ANSWER_SLOTS)
    assert named.changed == {"scar_count": "over_20"}
