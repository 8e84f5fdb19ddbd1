"""Names, mobile numbers and email addresses are read the way a visitor types them."""

import pytest

from bot import contact


@pytest.mark.parametrize(
    "text, expected",
    [
        ("210 555 0123", "+12105550123"),
        ("(210) 555-0123", "+12105550123"),
        ("+1 210-555-0123", "+12105550123"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(text, expected):
    assert contact.parse_phone(text) == (expected, None)


@pytest.mark.parametrize("text", ["12345", "call me maybe", "+1 000 000 0000"])
def test_invalid_phone_numbers_get_a_reason(text):
    number, reason = contact.parse_phone(text)
    assert number is None
    assert reason


def test_email_is_normalised_and_may_be_skipped():
    assert contact.parse_email("Maria@Example.COM") == ("Maria@example.com", None)
    assert contact.parse_email("it's maria@example.com thanks") == ("maria@example.com", None)
    assert contact.parse_email("skip") == ("", None)


def test_invalid_email_gets_a_readable_reason():
    address, reason = contact.parse_email("maria@example")
    assert address is None
    assert reason.startswith("that email address doesn't work: the part after the @-sign")


@pytest.mark.parametrize(
    "text, expected",
    [("Maria Lopez", "Maria Lopez"), ("my name is josé garcía", "José García"),
     ("210 555 0123", None), ("a@b.com", None)],
)
def test_names_are_tidied_and_numbers_refused(text, expected):
    assert contact.parse_name(text) == expected


@pytest.mark.parametrize("name, greeting", [
    ("Mrs. Dolores Villarreal", "Dolores"), ("Dr Ana Ruiz", "Ana"), ("Maria Lopez", "Maria"),
    ("Sra. Guadalupe Treviño", "Guadalupe"), ("Mr.", "Mr."),
])
def test_a_visitor_is_thanked_by_first_name_not_by_title(name, greeting):
    assert contact.first_name(name) == greeting
