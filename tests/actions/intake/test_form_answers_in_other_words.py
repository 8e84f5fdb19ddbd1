"""Answers said in other words than the buttons' are taken by the form (as the conversation
set's visitors typed them), and the form carries on to the next question."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, band", [
    ("i burn sometimes and tan slowly", "III"),
    ("i tan easily dont really burn", "IV"),
    ("burn easily never tan", "I-II"),
    ("i never burn, my skin is dark brown", "V-VI"),
])
def test_a_skin_type_described_in_any_order_moves_the_form_on(intake, text, band):
    form = intake("skin_type")
    turn = form.say(text)
    assert turn.slots == {"skin_type": band}
    assert form.requested == "previous_treatments"


@pytest.mark.parametrize("pending, next_question", [("data_consent", "marketing_consent"),
                                                    ("marketing_consent", "contact_name")])
@pytest.mark.parametrize("text", ["Yes that is fine", "ok yes you can store it",
                                  "yes you can keep my info", "that's fine", "sure go ahead",
                                  "yes please store it", "fine by me"])
def test_consent_in_other_words_is_recorded_with_its_wording(intake, pending, next_question,
                                                             text):
    form = intake(pending)
    turn = form.say(text, intent="affirm")
    assert turn.slots[pending] is True
    assert turn.slots[f"{pending}_wording"]
    assert turn.slots[f"{pending}_hash"]
    assert form.requested == next_question


@pytest.mark.parametrize("text", ["ok but who sees it?", "fine I guess", "yes if you don't call"])
def test_a_hedged_consent_is_explained_and_asked_again(intake, text):
    form = intake("data_consent")
    turn = form.say(text, intent="affirm")
    assert turn.slots == {"data_consent": None}
    assert "utter_data_consent_unsure" in turn.said


def test_a_mobile_number_in_words_is_stored_and_changes_no_other_answer(intake):
    form = intake("contact_phone", scar_count="11_to_20")
    turn = form.say("two one zero five five five zero one four four", intent="nlu_fallback",
                    confidence=0.4)
    assert turn.slots == {"contact_phone": "+12105550144"}
    assert form.slots["scar_count"] == "11_to_20"
    assert form.requested == "contact_email"


def test_saying_there_is_no_email_skips_the_email_question(intake):
    form = intake("contact_email")
    turn = form.say("I do not have email", intent="nlu_fallback", confidence=0.4)
    assert turn.slots == {"contact_email": ""}
    assert form.requested == "contact_method"
