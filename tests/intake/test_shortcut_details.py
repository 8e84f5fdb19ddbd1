"""Contact details given with a call-back or booking request are taken, and nothing else."""

from __future__ import annotations

import pytest

from bot.intake.shortcut_details import contact_details_in


@pytest.mark.parametrize("text, details", [
    ("can someone call me? this is Tom Baker, 210 555 0160",
     {"contact_name": "Tom Baker", "contact_phone": "+12105550160"}),
    ("My name is maria lopez call me at (210) 555-0101",
     {"contact_name": "Maria Lopez", "contact_phone": "+12105550101"}),
    ("call me back pls, im Sarah at 2105550177",
     {"contact_name": "Sarah", "contact_phone": "+12105550177"}),
])
def test_a_name_and_number_given_with_the_request_are_taken(text, details):
    assert contact_details_in(text) == details


@pytest.mark.parametrize("text", [
    "just call me back",
    "i am not sure, call me",
    "I'm tired of questions, call me",
    "this is taking forever, call me",
])
def test_nothing_is_taken_where_no_name_or_number_is_given(text):
    assert contact_details_in(text) == {}
