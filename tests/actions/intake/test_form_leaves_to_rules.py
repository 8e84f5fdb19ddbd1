"""Messages that are not answers are left for the rules: the form fills nothing, so Rasa
rejects it and a rule (goodbye, switching language, call back, skip to booking) answers."""

from __future__ import annotations

import pytest

from bot.intake.intents import GOODBYE, REQUEST_CALLBACK, SKIP_TO_BOOKING, SWITCH_LANGUAGE

PENDING = ["scar_types", "scar_count", "skin_type", "pregnant_or_breastfeeding",
           "bleeding_risk", "age", "data_consent", "marketing_consent", "contact_name",
           "contact_phone", "contact_email", "contact_method", "contact_time"]


@pytest.mark.parametrize("pending", PENDING)
@pytest.mark.parametrize("text", ["bye", "adiós", "gotta go", "ok bye!", "thanks, bye"])
def test_a_goodbye_is_never_taken_as_an_answer(intake, pending, text):
    assert intake(pending).say(text, intent=GOODBYE).rejected


@pytest.mark.parametrize("pending", PENDING)
@pytest.mark.parametrize("text", ["no hablo inglés", "en español por favor", "¿habla español?",
                                  "in English please"])
def test_asking_for_the_other_language_is_never_taken_as_an_answer(intake, pending, text):
    assert intake(pending).say(text, intent=SWITCH_LANGUAGE).rejected


@pytest.mark.parametrize("intent", ["deny", "inform", "nlu_fallback"])
def test_no_entiendo_is_not_a_no_whatever_the_classifier_thought(intake, intent):
    form = intake("isotretinoin_recent")
    turn = form.say("no entiendo", intent=intent, confidence=0.8)
    # Like "what does that mean?": no answer, the question is asked again.
    assert turn.slots == {"isotretinoin_recent": None} and turn.said
    assert form.slots.get("isotretinoin_recent") is None


@pytest.mark.parametrize("intent, text", [
    (REQUEST_CALLBACK, "can someone just call me"),
    (REQUEST_CALLBACK, "i'll leave my number, call me"),
    (SKIP_TO_BOOKING, "skip the questions and book"),
    (SKIP_TO_BOOKING, "I just want to book an appointment"),
])
@pytest.mark.parametrize("pending", ["scar_types", "skin_type", "face_infection", "age",
                                     "data_consent"])
def test_a_call_back_or_skip_request_is_left_to_its_rule(intake, pending, intent, text):
    assert intake(pending).say(text, intent=intent, confidence=0.9).rejected


@pytest.mark.parametrize("pending, text, slot, value", [
    ("contact_method", "just call me", "contact_method", "call"),
    ("contact_phone", "call me back at 210 555 0199", "contact_phone", "+12105550199"),
    ("contact_email", "skip", "contact_email", ""),
    # Once the visitor agreed to leave details, "call me" answers how to be contacted.
    ("contact_email", "i'll leave my number, call me", "contact_method", "call"),
    ("marketing_consent", "i'll leave my number, call me", "contact_method", "call"),
])
def test_a_shortcut_request_that_answers_the_question_is_an_answer(intake, pending, text,
                                                                  slot, value):
    turn = intake(pending).say(text, intent=REQUEST_CALLBACK, confidence=0.9)
    assert turn.slots[slot] == value


def test_an_unsure_classification_of_a_shortcut_gets_the_question_again(intake):
    turn = intake("skin_type").say("hmm dunno what to say", intent=SKIP_TO_BOOKING,
                                   confidence=0.4)
    assert turn.slots == {"skin_type": None}
    assert turn.said[0].startswith("Sorry")


@pytest.mark.parametrize("text", ["bye", "gotta go", "just call me back", "adiós"])
def test_a_goodbye_or_a_request_is_never_stored_as_a_name(intake, text):
    form = intake("contact_name")
    form.say(text, intent="inform", confidence=0.9)
    assert form.slots.get("contact_name") is None


@pytest.mark.parametrize("text", ["Chris Moreno", "Harold Jenkins", "Marcus Bell"])
@pytest.mark.parametrize("intent", ["stop_intake", "restart_intake"])
def test_a_name_classified_as_stopping_is_taken_as_the_name(intake, text, intent):
    form = intake("contact_name")
    turn = form.say(text, intent=intent, confidence=0.7)
    assert turn.slots["contact_name"] == text
    assert form.requested == "contact_phone"


@pytest.mark.parametrize("pending, text", [
    ("scar_count", "twenty"), ("keloid_tendency", "no"), ("age", "34"),
    ("skin_type", "i tan easily"),
])
def test_an_answer_classified_as_stopping_without_stop_words_is_taken(intake, pending, text):
    turn = intake(pending).say(text, intent="stop_intake", confidence=0.8)
    assert turn.slots.get(pending) is not None


@pytest.mark.parametrize("pending", ["scar_types", "keloid_tendency", "age", "data_consent",
                                     "contact_name", "contact_phone"])
@pytest.mark.parametrize("intent, text", [
    ("stop_intake", "stop"), ("stop_intake", "no, I want to stop"),
    ("stop_intake", "forget it"), ("stop_intake", "I'm done, no more questions"),
    ("restart_intake", "start over"), ("restart_intake", "can I redo the questions"),
])
def test_stopping_or_starting_over_in_words_is_left_to_its_rule(intake, pending, intent, text):
    assert intake(pending).say(text, intent=intent, confidence=0.9).rejected


def test_stopping_in_other_words_that_answer_nothing_is_still_left_to_its_rule(intake):
    assert intake("scar_types").say("ugh whatever", intent="stop_intake").rejected


@pytest.mark.parametrize("intent", ["stop_intake", "restart_intake"])
def test_an_unsure_guess_at_stopping_or_starting_over_asks_again_and_keeps_the_answers(
        intake, intent):
    form = intake("skin_type")
    form.slots.update(scar_types=["icepick"], scar_count="up_to_10")
    turn = form.say("hmm la verdad quien sabe", intent=intent, confidence=0.45)
    assert not turn.rejected and form.requested == "skin_type"
    assert form.slots["scar_types"] == ["icepick"] and form.slots["scar_count"] == "up_to_10"


@pytest.mark.parametrize("pending, text", [
    ("scar_count", "does it hurt?"),
    ("scar_visibility", "is it painful for the forehead too?"),
    ("scar_areas", "is it painful for the forehead too?"),
    ("age", "how long does healing take?"),
    ("keloid_tendency", "what is a keloid?"),
])
@pytest.mark.parametrize("confidence", [0.41, 0.5, 0.59])
def test_an_unsure_question_intent_on_a_question_is_left_to_the_faq_rule(intake, pending, text,
                                                                         confidence):
    form = intake(pending)
    turn = form.say(text, intent="faq", confidence=confidence)
    assert turn.rejected
    assert form.slots.get(pending) is None


def test_a_question_the_classifier_could_not_place_gets_the_question_again(intake):
    turn = intake("scar_count").say("does it hurt?", intent="nlu_fallback", confidence=0.4)
    assert turn.slots == {"scar_count": None}
    assert turn.said[0].startswith("Sorry")


def test_an_unsure_question_intent_on_a_statement_gets_the_question_again(intake):
    turn = intake("scar_count").say("hmm let me think", intent="faq", confidence=0.45)
    assert turn.slots == {"scar_count": None}


def test_an_unsure_question_intent_on_an_answer_is_the_answer(intake):
    turn = intake("scar_count").say("about 8", intent="faq", confidence=0.5)
    assert turn.slots == {"scar_count": "up_to_10"}


@pytest.mark.parametrize("pending", ["scar_years", "active_acne", "skin_type", "keloid_tendency",
                                     "age", "data_consent", "marketing_consent"])
@pytest.mark.parametrize("text", ["this is taking forever, can i just talk to someone",
                                  "can I speak to a real person"])
def test_asking_for_a_person_is_never_an_answer(intake, pending, text):
    form = intake(pending)
    turn = form.say(text, intent="request_human", confidence=0.55)
    assert turn.rejected
    assert form.slots.get(pending) is None


def test_asking_for_someone_to_call_answers_how_to_be_contacted(intake):
    turn = intake("contact_method").say("can someone call me", intent="request_callback",
                                        confidence=0.9)
    assert turn.slots["contact_method"] == "call"


@pytest.mark.parametrize("pending, text, faq, slot_value", [
    ("age", "tengo 45 años, ¿no estoy muy grande para esto?", "age_limit", 45),
    ("age", "I'm 52, am I too old for microneedling?", "age_limit", 52),
    ("age", "tengo 16, necesito permiso?", "age_limit", 16),
    ("scar_count", "como 20, ¿se pueden quitar todas?", "scars_go_away", "11_to_20"),
])
def test_a_number_answer_beside_a_question_is_kept_and_the_question_answered(
        intake, pending, text, faq, slot_value):
    form = intake(pending)
    turn = form.say(text, intent="faq", confidence=0.9, faq=faq)
    assert turn.slots[pending] == slot_value
    assert turn.said[0] == f"utter_faq/{faq}"
    assert form.requested != pending  # not asked again


@pytest.mark.parametrize("pending, text", [
    ("pregnant_or_breastfeeding", "no, is it safe while breastfeeding?"),
    ("keloid_tendency", "no, what is a keloid?"),
])
def test_a_yes_or_no_beside_a_question_is_left_to_the_faq_rule(intake, pending, text):
    form = intake(pending)
    turn = form.say(text, intent="faq", confidence=0.9, faq="pregnancy")
    assert turn.rejected
    assert form.slots.get(pending) is None
