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


@pytest.mark.parametrize("text, expected", [
    ("two one zero five five five zero one four four", "+12105550144"),
    ("Two one oh, five five five, oh one four four", "+12105550144"),
    ("two one zero double five five zero one four four", "+12105550144"),
    ("two one zero 555 zero one four four", "+12105550144"),
])
def test_a_mobile_number_said_digit_by_digit_in_words(text, expected):
    assert contact.parse_phone(text) == (expected, None)


@pytest.mark.parametrize("text", ["12345", "call me maybe", "+1 000 000 0000", "one two three",
                                  "twenty one"])
def test_invalid_phone_numbers_get_a_reason(text):
    number, reason = contact.parse_phone(text)
    assert number is None
    assert reason


def test_email_is_normalised_and_may_be_skipped():
    assert contact.parse_email("Maria@Example.COM") == ("Maria@example.com", None)
    assert contact.parse_email("it's maria@example.com thanks") == ("maria@example.com", None)
    assert contact.parse_email("skip") == ("", None)


@pytest.mark.parametrize("text", ["I do not have email", "i dont have an email", "no email",
                                  "I don't use email", "I'd rather not", "I have no email address",
                                  "not on email", "I don't have one"])
def test_saying_there_is_no_email_address_skips_it(text):
    assert contact.parse_email(text) == ("", None)


@pytest.mark.parametrize("text", ["saltar", "Saltar.", "sáltelo", "no tengo correo",
                                  "no tengo", "prefiero no darlo", "sin correo electrónico",
                                  "no uso el correo", "ninguno"])
def test_saying_in_spanish_there_is_no_email_address_skips_it(text):
    assert contact.parse_email(text) == ("", None)


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


@pytest.mark.parametrize("text, expected", [
    ("Mrs. Dolores Villarreal", "Dolores Villarreal"),
    ("mrs dolores villarreal", "Dolores Villarreal"),
    ("my name is Dr. Ana Ruiz", "Ana Ruiz"), ("Ms Jo Park", "Jo Park"),
    ("Miss Lee Chan", "Lee Chan"), ("Mr. Tom Hale", "Tom Hale"), ("Sr. Juan Pérez", "Juan Pérez"),
    ("Sra Guadalupe Treviño", "Guadalupe Treviño"), ("Srta. Ana Díaz", "Ana Díaz"),
    ("Mrs.", None), ("Sarah Jones, thanks", "Sarah Jones"),
])
def test_a_name_is_stored_without_its_title(text, expected):
    assert contact.parse_name(text) == expected


@pytest.mark.parametrize("text", ["bye", "gotta go", "just call me back", "I'm not sure",
                                  "skip the questions", "no thanks", "what do you need it for"])
def test_a_sentence_is_not_taken_for_a_name(text):
    assert contact.parse_name(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Will Smith", "Will Smith"), ("May Chen", "May Chen"), ("Grace Do", "Grace Do"),
    ("Don Johnson", "Don Johnson"), ("maría de la cruz", "María de la Cruz"),
])
def test_names_that_are_also_words_are_kept(text, expected):
    assert contact.parse_name(text) == expected


@pytest.mark.parametrize("name, greeting", [
    ("Mrs. Dolores Villarreal", "Dolores"), ("Dr Ana Ruiz", "Ana"), ("Maria Lopez", "Maria"),
    ("Sra. Guadalupe Treviño", "Guadalupe"), ("Mr.", "Mr."), ("Don Johnson", "Don"),
    (contact.parse_name("Mrs. Dolores Villarreal") or "", "Dolores"),
])
def test_a_visitor_is_thanked_by_first_name_not_by_title(name, greeting):
    assert contact.first_name(name) == greeting
