"""Skin type is read from how a visitor says their skin takes the sun, in any order and words."""

from __future__ import annotations

import pytest
import yaml

from bot.intake.questions import QUESTIONS
from bot.intake.skin_type import parse_skin_type
from bot.settings import PROJECT_ROOT


def read(text: str) -> str | None:
    return QUESTIONS["skin_type"].read(text)[0]


@pytest.mark.parametrize("text, band", [
    ("i burn sometimes and tan slowly", "III"),
    ("burn sometimes", "III"),
    ("tan slowly", "III"),
    ("sometimes burn, tan gradually", "III"),
    ("I tan slowly and burn sometimes", "III"),
    ("i tan easily dont really burn", "IV"),
    ("I don't really burn, I tan easily", "IV"),
    ("never burn", "V-VI"),
    ("burn easily never tan", "I-II"),
    ("never tan, burn easily", "I-II"),
    ("I never tan and always burn", "I-II"),
])
def test_burning_and_tanning_are_read_in_any_order(text, band):
    assert read(text) == band


# Each button's meaning, said as visitors say it instead of typing the label.
BUTTON_MEANINGS = {
    "I-II": ["I always burn", "i get sunburned really easily", "burns easily", "I go red",
             "never tan", "I don't tan", "i can't tan at all", "very fair", "pale skin",
             "I rarely tan and burn a lot", "I'm fair and freckly"],
    "III": ["I sometimes get a sunburn", "burn a little then tan", "I burn at first then tan",
            "I tan eventually", "I tan but slowly", "olive skin", "medium", "light brown",
            "burn occasionally, tan gradually"],
    "IV": ["I tan easily", "I tan really well", "I rarely burn", "hardly burn",
           "I don't burn easily", "I usually tan, rarely burn", "brown skin",
           "rarely burn and I tan easily"],
    "V-VI": ["I never burn", "i dont burn", "almost never burn", "very rarely burn",
             "I never get sunburned and I tan dark", "dark brown", "I'm black", "very dark skin",
             "my skin is dark", "type 6"],
}


@pytest.mark.parametrize("band, text", [(band, text) for band, texts in BUTTON_MEANINGS.items()
                                        for text in texts])
def test_every_skin_type_button_can_be_said_in_other_words(band, text):
    assert read(text) == band


def test_the_domain_has_a_skin_type_button_for_every_band_read():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    payloads = [button["payload"] for button in domain["responses"]["utter_ask_skin_type"][0]
                ["buttons"]]
    assert sorted(read(payload) for payload in payloads) == sorted(BUTTON_MEANINGS)


@pytest.mark.parametrize("text", ["I'm not that fair, I tan easily", "tan dark, never burn"])
def test_a_negated_colour_or_a_verb_modifier_is_not_read_as_a_colour(text):
    assert read(text) in ("IV", "V-VI")


@pytest.mark.parametrize("text, band", [
    # A mixed description leans to the darker type, whose risk of dark marks matters more.
    ("I burn easily but tan easily too", "III"),
    ("I tan easily and never burn", "V-VI"),
    ("fair but I tan easily", "III"),
])
def test_a_mixed_description_gives_its_rounded_up_middle(text, band):
    assert parse_skin_type(text) == band


@pytest.mark.parametrize("text", ["hmm dunno what to say", "sometimes", "not sure", "no",
                                  "what does that mean?", "yes"])
def test_words_about_nothing_in_the_sun_give_no_skin_type(text):
    assert read(text) is None


@pytest.mark.parametrize("text, band", [
    ("fitzpatrick 3", "III"),
    ("Fitzpatrick III, burns mildly and tans gradually", "III"),
    ("fitz four", "IV"),
    ("i'm a 2 on the fitzpatrick scale", "I-II"),
    ("fitzpatrick type V-VI", "V-VI"),
    ("skin type 1", "I-II"),
    ("tipo 4", "IV"), ("soy tipo tres", "III"), ("tipo de piel V", "V-VI"),
])
def test_a_fitzpatrick_type_named_in_clinical_words_is_read_as_its_band(text, band):
    assert read(text) == band


@pytest.mark.parametrize("text, band", [("IV", "IV"), ("iii", "III"), ("V-VI", "V-VI"),
                                        ("II", "I-II")])
def test_a_roman_numeral_alone_is_the_fitzpatrick_type(text, band):
    assert read(text) == band


@pytest.mark.parametrize("text", ["4", "2", "i"])
def test_a_digit_alone_is_not_taken_for_a_type(text):
    # On the web a digit could be the place of a button; by text the channel reads it so.
    assert read(text) is None


@pytest.mark.parametrize("text", ["soy trigueña", "apiñonada", "morenita"])
def test_skin_colour_words_of_south_texas_spanish_are_read(text):
    assert read(text) == "IV"


@pytest.mark.parametrize("text", ["hispanic", "asian skin", "caucasian"])
def test_a_skin_type_is_never_guessed_from_ethnicity(text):
    assert read(text) is None


@pytest.mark.parametrize("text, band", [
    ("rara vez se quema", "IV"), ("se broncea facil", "IV"), ("no se quema nunca", "V-VI"),
    ("siempre se quema y casi no se broncea", "I-II"),
    ("yo trabajo en el sol y casi nunca me quemo, nomas me pongo mas moreno", "V-VI"),
])
def test_skin_told_of_someone_else_or_with_no_se_before_the_verb_is_read(text, band):
    # A mother answering for her daughter ("se quema"); "no se quema" is not "no sé".
    assert read(text) == band
