"""Free-text and button answers are read the way a visitor means them."""

import pytest

from bot.intake import answers
from bot.intake.questions import QUESTIONS


def read(slot: str, text: str):
    return QUESTIONS[slot].read(text)[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ice-pick", ["icepick"]),
        ("ice pick and rolling", ["icepick", "rolling"]),
        ("narrow deep pits like a pinprick", ["icepick"]),
        ("round dents, kind of like chickenpox", ["boxcar"]),
        ("my skin looks wavy", ["rolling"]),
        ("not sure", ["unsure"]),
        ("banana", None),
    ],
)
def test_scar_types_read_lay_words_and_several_types(text, expected):
    assert read("scar_types", text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("up to 10", "up_to_10"), ("5", "up_to_10"), ("a few", "up_to_10"),
        ("11 to 20", "11_to_20"), ("about 15", "11_to_20"),
        ("more than 20", "over_20"), ("loads", "over_20"), ("maybe thirty", "over_20"),
        ("purple", None),
    ],
)
def test_scar_count_falls_into_goodmans_bands(text, expected):
    assert read("scar_count", text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes", "yes"), ("yeah I am", "yes"), ("I'm on accutane", "yes"),
        ("no", "no"), ("nope", "no"), ("not anymore", "no"), ("I don't", "no"),
        ("not sure", "unsure"), ("idk", "unsure"),
        ("purple", None),
    ],
)
def test_yes_no_answers_include_not_sure(text, expected):
    assert answers.parse_yes_no(text) == expected


@pytest.mark.parametrize(
    "text, expected", [("34", 34), ("I'm 25", 25), ("twenty", 20), ("3", None), ("old", None)]
)
def test_age_must_be_a_plausible_number(text, expected):
    assert answers.parse_age(text) == expected
