"""Free-text and button answers are read the way a visitor means them."""

import pytest

from actions.intake import answers
from actions.intake.questions import QUESTIONS


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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("210 555 0123", "+12105550123"),
        ("(210) 555-0123", "+12105550123"),
        ("+1 210-555-0123", "+12105550123"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(text, expected):
    assert answers.parse_phone(text) == (expected, None)


@pytest.mark.parametrize("text", ["12345", "call me maybe", "+1 000 000 0000"])
def test_invalid_phone_numbers_get_a_reason(text):
    number, reason = answers.parse_phone(text)
    assert number is None
    assert reason


def test_email_is_normalised_and_may_be_skipped():
    assert answers.parse_email("Maria@Example.COM") == ("Maria@example.com", None)
    assert answers.parse_email("it's maria@example.com thanks") == ("maria@example.com", None)
    assert answers.parse_email("skip") == ("", None)


def test_invalid_email_gets_a_readable_reason():
    address, reason = answers.parse_email("maria@example")
    assert address is None
    assert reason.startswith("that email address doesn't work: the part after the @-sign")


@pytest.mark.parametrize(
    "text, expected",
    [("Maria Lopez", "Maria Lopez"), ("my name is josé garcía", "José García"),
     ("210 555 0123", None), ("a@b.com", None)],
)
def test_names_are_tidied_and_numbers_refused(text, expected):
    assert answers.parse_name(text) == expected
