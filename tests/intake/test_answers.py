"""Free-text and button answers are read the way a visitor means them."""

from datetime import date

import pytest

from bot.intake import answers
from bot.intake.questions import QUESTIONS
from bot.intake.spanish_answers import as_english


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


@pytest.mark.parametrize("text, expected", [
    ("I was born in 1990", 36), ("born in 97", 29), ("1985", 41), ("nací en 1997", 29),
    ("naci en el 89", 37), ("soy del 97", 29), ("soy de 1980", 46), ("born in 2020", None),
])
def test_a_year_of_birth_gives_the_age(text, expected):
    assert answers.parse_age(as_english(text), today=date(2026, 12, 6)) == expected


@pytest.mark.parametrize("text, expected", [
    ("im 28 turning 29 in march", 28), ("i'm turning 29 next month, 28 now", 28),
    ("ya voy para los 29, tengo 28", 28), ("cumplo 41 en mayo", 40), ("turning 40", 39),
])
def test_the_age_now_is_read_beside_the_age_to_come(text, expected):
    assert answers.parse_age(as_english(text)) == expected
