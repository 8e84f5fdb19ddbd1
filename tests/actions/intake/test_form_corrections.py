"""Correcting an earlier answer at any point of the intake, through the form action."""

from __future__ import annotations

import pytest

from tests.actions.intake.conftest import ORDER

CONSENT_QUESTIONS = ["data_consent", "marketing_consent"]
# (pending question, message, corrected slot, corrected value); the answers so far are those
# of tests/actions/intake/conftest.py: age 25, areas cheeks, blood thinners yes, pregnant no.
CORRECTIONS = [
    ("actually I'm 35 not 25", "age", 35),
    ("wait, they're on my forehead too", "scar_areas", ["cheeks", "forehead"]),
    ("sorry I meant no to the blood thinners", "bleeding_risk", "no"),
    ("no wait I'm pregnant", "pregnant_or_breastfeeding", "yes"),
    ("I'm 35 not 25", "age", 35),
    ("they're on my forehead too", "scar_areas", ["cheeks", "forehead"]),
]


@pytest.mark.parametrize("pending", CONSENT_QUESTIONS)
@pytest.mark.parametrize("text, slot, value", CORRECTIONS)
def test_a_correction_while_consent_is_pending_changes_the_answer_and_never_the_consent(
        intake, pending, text, slot, value):
    form = intake(pending)
    turn = form.say(text)
    assert turn.slots[slot] == value
    assert not set(turn.slots) & {"data_consent", "marketing_consent", "data_consent_at",
                                  "marketing_consent_at"}
    assert "utter_answer_corrected" in turn.said
    assert form.requested == pending  # the consent question is asked again


@pytest.mark.parametrize("pending", ORDER[ORDER.index("data_consent"):])
def test_an_earlier_answer_can_be_corrected_while_any_later_question_is_pending(intake,
                                                                                  pending):
    form = intake(pending)
    turn = form.say("actually I'm 35 not 25")
    assert turn.slots["age"] == 35
    assert form.requested == pending


@pytest.mark.parametrize("pending", ORDER[ORDER.index("scar_visibility"):])
def test_adding_an_area_with_too_keeps_the_areas_given_before(intake, pending):
    form = intake(pending)
    turn = form.say("wait, they're on my forehead too")
    assert turn.slots["scar_areas"] == ["cheeks", "forehead"]
    assert set(turn.slots) <= {"scar_areas", "severity_band", "recommendation"}
    assert form.requested == pending


def test_correcting_the_mobile_number_while_the_email_is_pending(intake):
    form = intake("contact_email")
    turn = form.say("oops my number is 210 555 0199")
    assert turn.slots == {"contact_phone": "+12105550199"}
    assert "utter_answer_corrected" in turn.said
    assert form.requested == "contact_email"


def test_no_wait_im_not_pregnant_corrects_a_yes_while_consent_is_pending(intake):
    form = intake("data_consent", pregnant_or_breastfeeding="yes")
    turn = form.say("no wait I'm not pregnant")
    assert turn.slots["pregnant_or_breastfeeding"] == "no"
    assert "data_consent" not in turn.slots


def test_a_corrected_health_answer_after_the_result_shows_the_result_again(intake):
    form = intake("data_consent")
    turn = form.say("sorry I meant no to the blood thinners")
    assert turn.slots["bleeding_risk"] == "no"
    assert {"severity_band", "recommendation"} <= set(turn.slots)
    assert any("not a diagnosis" in said for said in turn.said)


def test_a_marked_correction_that_changes_nothing_says_so_and_asks_again(intake):
    form = intake("data_consent")  # pregnant_or_breastfeeding is already "no"
    turn = form.say("no wait I'm not pregnant")
    assert turn.slots == {"data_consent": None}
    assert "utter_answer_corrected" not in turn.said
    assert form.requested == "data_consent"


@pytest.mark.parametrize("pending, text, slot, value", [
    ("active_acne", "yes, on my chin", "active_acne", "frequent"),
    ("scar_visibility", "noticeable on my cheeks and forehead", "scar_visibility", "noticeable"),
    ("previous_treatments", "I tried microneedling for my rolling scars", "previous_treatments",
     ["microneedling"]),
    ("age", "34", "age", 34),
    ("keloid_tendency", "no", "keloid_tendency", "no"),
    ("contact_name", "Dolores", "contact_name", "Dolores"),
    ("contact_time", "evenings after work", "contact_time", "evening"),
])
def test_a_plain_answer_to_the_pending_question_is_not_a_correction(intake, pending, text,
                                                                    slot, value):
    form = intake(pending)
    before = dict(form.slots)
    turn = form.say(text)
    assert turn.slots[slot] == value
    assert "utter_answer_corrected" not in turn.said
    assert all(form.slots[name] == before[name] for name in before)


@pytest.mark.parametrize("pending", CONSENT_QUESTIONS)
@pytest.mark.parametrize("text", ["and sorry my age is wrong, it's 32", "sorry it's 32 not 25",
                                  "my age should be 32"])
def test_correcting_the_age_by_naming_it_changes_the_age_only(intake, pending, text):
    form = intake(pending, scar_count="11_to_20")
    turn = form.say(text, intent="nlu_fallback", confidence=0.4)
    assert turn.slots["age"] == 32
    assert "scar_count" not in turn.slots
    assert form.slots["scar_count"] == "11_to_20"
    assert form.requested == pending
