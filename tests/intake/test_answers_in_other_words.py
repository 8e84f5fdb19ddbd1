"""Answers to the assessment and contact questions said as visitors say them, not as the
buttons put them."""

from __future__ import annotations

from datetime import date

import pytest

from bot.intake.questions import QUESTIONS


def read(slot: str, text: str):
    return QUESTIONS[slot].read(text)[0]


@pytest.mark.parametrize("text, band", [
    ("20+", "over_20"), ("a lot", "over_20"), ("10-15", "11_to_20"), ("10 \u2013 15", "11_to_20"),
    ("hard to say, maybe 20ish", "11_to_20"), ("30ish", "over_20"), ("a dozen or so", "11_to_20"),
    ("5-8", "up_to_10"),
])
def test_scar_counts_as_people_write_them(text, band):
    assert read("scar_count", text) == band


@pytest.mark.parametrize("text, band", [
    ("since I was a teenager", "over_5"), ("since my teens", "over_5"),
    ("since my twenties", "over_5"), ("half my life", "over_5"),
    ("since I was young", "over_5"), ("since college", "over_5"),
    (f"since {date.today().year - 2}", "1_to_5"), (f"since {date.today().year - 12}", "over_5"),
])
def test_how_long_the_scars_have_been_there_in_other_words(text, band):
    assert read("scar_years", text) == band


@pytest.mark.parametrize("text, band", [
    ("makeup hides them", "hidden"), ("only in certain light", "hidden"),
    ("people ask about them", "noticeable"),
])
def test_visibility_in_other_words(text, band):
    assert read("scar_visibility", text) == band


@pytest.mark.parametrize("text, value", [("not much", "occasional"), ("barely", "occasional")])
def test_few_breakouts_are_occasional(text, value):
    assert read("active_acne", text) == value


@pytest.mark.parametrize("text, time", [
    ("after 5", "evening"), ("after 6pm", "evening"), ("before 10am", "morning"),
    ("around 1pm", "afternoon"), ("2:30pm", "afternoon"), ("at 9", "morning"),
    ("lunchtime", "afternoon"), ("Mornings are best", "morning"),
])
def test_a_time_to_be_contacted_as_a_clock_time_or_in_words(text, time):
    assert read("contact_time", text) == time


@pytest.mark.parametrize("text", ["5", "between 9 and 5", "13"])
def test_a_number_alone_or_a_range_of_the_day_is_no_contact_time(text):
    assert read("contact_time", text) is None


def test_the_sides_of_the_face_are_the_cheeks():
    assert read("scar_areas", "the sides of my face") == ["cheeks"]


def test_drugstore_products_are_creams():
    assert read("previous_treatments", "only drugstore stuff") == ["creams"]


@pytest.mark.parametrize("slot, text, value", [
    ("scar_visibility", "not rly noticeable unless ur close", "hidden"),
    ("scar_visibility", "u cant rly see them w makeup", "hidden"),
    ("scar_visibility", "nobody notices except me", "hidden"),
    ("scar_visibility", "ppl can def see them", "noticeable"),
    ("contact_method", "txt me pls", "text"),
    ("contact_time", "after school", "afternoon"),
])
def test_texting_shorthand_is_read_as_the_words_it_stands_for(slot, text, value):
    assert QUESTIONS[slot].read(text)[0] == value
