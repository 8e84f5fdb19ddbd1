"""Typing a button's label fills the same answer through the form as tapping it."""

from __future__ import annotations

import pytest

from tests.intake.test_buttons_typed import BUTTONS


@pytest.mark.parametrize("slot, payload, typed", BUTTONS)
def test_typing_a_buttons_label_fills_what_tapping_it_fills(intake, slot, payload, typed):
    tapped = intake(slot).say(payload)
    written = intake(slot).say(typed)
    assert tapped.slots[slot] is not None
    assert written.slots[slot] == tapped.slots[slot]
