"""The scoring table: answers -> severity band and recommendation, with the reasons."""

import pytest

from bot.intake.scoring import (
    CONSULTATION_FIRST,
    GOOD_CANDIDATE,
    NOT_RIGHT_NOW,
    score,
)

CLEAR = {
    "scar_types": ["rolling"], "scar_count": "11_to_20", "scar_areas": ["cheeks"],
    "scar_visibility": "noticeable", "scar_years": "1_to_5", "active_acne": "none",
    "skin_type": "III", "previous_treatments": ["none"], "isotretinoin_recent": "no",
    "pregnant_or_breastfeeding": "no", "keloid_tendency": "no", "bleeding_risk": "no",
    "face_infection": "no", "immune_suppression": "no", "age": 30,
}


def answers(**changes):
    return {**CLEAR, **changes}


@pytest.mark.parametrize(
    "changes, band, recommendation",
    [
        ({}, "moderate", GOOD_CANDIDATE),
        ({"scar_visibility": "hidden"}, "mild", GOOD_CANDIDATE),
        ({"scar_visibility": "hidden", "scar_count": "over_20"}, "moderate", GOOD_CANDIDATE),
        ({"scar_count": "over_20"}, "severe", CONSULTATION_FIRST),
        ({"scar_visibility": "stays_when_stretched"}, "severe", CONSULTATION_FIRST),
        ({"scar_types": ["flat_marks"], "scar_visibility": "noticeable"}, "mild", GOOD_CANDIDATE),
        ({"scar_types": ["icepick"], "scar_visibility": "hidden", "scar_count": "up_to_10"},
         "moderate", CONSULTATION_FIRST),
        ({"scar_types": ["raised"]}, "moderate", CONSULTATION_FIRST),
        ({"isotretinoin_recent": "yes"}, "moderate", NOT_RIGHT_NOW),
        ({"pregnant_or_breastfeeding": "yes"}, "moderate", NOT_RIGHT_NOW),
        ({"face_infection": "yes"}, "moderate", NOT_RIGHT_NOW),
        ({"active_acne": "frequent"}, "moderate", NOT_RIGHT_NOW),
        ({"active_acne": "occasional"}, "moderate", GOOD_CANDIDATE),
        ({"keloid_tendency": "yes"}, "moderate", CONSULTATION_FIRST),
        ({"bleeding_risk": "yes"}, "moderate", CONSULTATION_FIRST),
        ({"immune_suppression": "yes"}, "moderate", CONSULTATION_FIRST),
        ({"bleeding_risk": "unsure"}, "moderate", CONSULTATION_FIRST),
        ({"age": 17}, "moderate", CONSULTATION_FIRST),
        ({"age": 18}, "moderate", GOOD_CANDIDATE),
        # Waiting outranks checking: come back later, and the provider will check then.
        ({"isotretinoin_recent": "yes", "keloid_tendency": "yes"}, "moderate", NOT_RIGHT_NOW),
    ],
)
def test_answers_lead_to_band_and_recommendation(changes, band, recommendation):
    result = score(answers(**changes))
    assert (result.band, result.recommendation) == (band, recommendation)


def test_the_deciding_answers_are_given_as_reasons():
    result = score(answers(scar_count="over_20", isotretinoin_recent="yes"))
    assert "you have more than 20 scars" in result.band_reasons
    assert any("Accutane" in reason for reason in result.recommendation_reasons)
    assert "isotretinoin_recent" in result.flags


def test_icepick_scars_are_sent_to_a_consultation_with_the_reason():
    result = score(answers(scar_types=["icepick", "rolling"]))
    assert result.recommendation == CONSULTATION_FIRST
    assert any("TCA CROSS or punch excision" in r for r in result.recommendation_reasons)


@pytest.mark.parametrize(
    "changes, sessions",
    [
        ({"scar_visibility": "hidden"}, (3, 4)),
        ({}, (4, 6)),
        ({"scar_visibility": "stays_when_stretched"}, (6, 8)),
        ({"scar_types": ["icepick"], "scar_visibility": "hidden"}, (6, 8)),
        ({"scar_types": ["flat_marks"]}, (2, 3)),
    ],
)
def test_likely_sessions_follow_band_and_scar_type(changes, sessions):
    assert score(answers(**changes)).sessions == sessions


def test_darker_skin_is_flagged_for_the_provider_but_not_refused():
    result = score(answers(skin_type="V-VI"))
    assert result.recommendation == GOOD_CANDIDATE
    assert "pigmentation_risk" in result.flags


def test_missing_answers_do_not_crash_scoring():
    assert score({}).band == "mild"


def test_not_right_now_still_names_what_a_provider_checks_afterwards():
    result = score(answers(pregnant_or_breastfeeding="yes", keloid_tendency="unsure",
                           scar_types=["icepick"]))
    assert result.recommendation == NOT_RIGHT_NOW
    assert any("not sure" in reason for reason in result.then_check)
    assert any("TCA CROSS" in reason for reason in result.then_check)
