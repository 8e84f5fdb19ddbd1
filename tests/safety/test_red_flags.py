"""Red flags are caught in any wording and language, and never raised by mistake."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.red_flags import decide
from bot.safety.red_flags import detect


def kind(text: str, pending: str | None = None) -> str | None:
    flag = detect(text, pending)
    return flag.kind if flag else None


@pytest.mark.parametrize("text", [
    "I don't see a reason to go on", "me quiero morir", "ya no quiero vivir",
    "should i just kill myself?", "sometimes i don't want to be here anymore",
    "everyone would be better off without me", "i keep thinking about ending it all",
])
def test_thoughts_of_self_harm_are_caught_in_plain_words_and_spanish(text):
    assert kind(text) == "self_harm"


@pytest.mark.parametrize("text", [
    "I can not breathe", "i can't breathe", "no puedo respirar", "my throat is closing",
    "hives everywhere after the facial", "my lips are swelling up after the numbing cream",
    "se me esta cerrando la garganta", "tengo ronchas por todo el cuerpo",
    "why can't i breathe properly since the numbing cream?",
])
def test_an_allergic_reaction_is_caught_in_any_wording(text):
    assert kind(text) == "allergic_reaction"


@pytest.mark.parametrize("text", [
    "there's puss coming out of my cheek", "my cheek is infected",
    "there's pus and i have a fever", "I have a fever, is that normal?",
    "is it normal that my face is oozing pus?", "is it normal to have a fever after my treatment?",
    "the redness is getting worse and spreading", "me sale pus de la mejilla desde el tratamiento",
])
def test_signs_of_infection_are_caught_even_inside_a_question(text):
    assert kind(text) == "infection"


@pytest.mark.parametrize("text", [
    # negations
    "no swelling at all, only a little redness", "I don't have a fever, should I be worried?",
    "im not suicidal, just tired of my scars", "no tengo fiebre",
    # questions about a risk
    "could PRP trigger an allergy?", "can microneedling spread bacteria?",
    "can microneedling cause an infection?", "could I have an allergic reaction to PRP?",
    "what are the chances of infection?", "does the numbing cream cause swelling?",
    # figurative speech and distress without crisis words
    "this price is killing my budget", "my scars are killing my confidence",
    "I'm dying to try PRP", "me muero por probarlo", "I hate my scars so much",
    # history, other people, normal healing, ordinary questions
    "i'm allergic to lidocaine, can i still get numbed?",
    "my friend got an infection from a cheap spa, how do you keep things sterile?",
    "pinpoint bleeding during the treatment is that ok", "red like a sunburn for a day",
    "peeling on day 3", "how much does it cost",
])
def test_look_alikes_are_not_red_flags(text):
    assert kind(text) is None


def test_answering_the_infection_question_is_an_answer_not_an_alarm():
    assert kind("no, no infection or cold sore", pending="face_infection") is None
    assert kind("yes i have a small infection on my chin", pending="face_infection") is None
    assert kind("yes it's oozing pus since my microneedling last week",
                pending="face_infection") == "infection"


def message(text: str, intent: str, confidence: float = 0.9) -> Message:
    ranking = [{"name": intent, "confidence": confidence},
               {"name": "ask_downtime", "confidence": 0.05}]
    return Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})


def test_the_pipeline_escalates_what_the_classifier_missed():
    parsed = message("i can not breathe", "ask_pain", 0.5)
    decide(parsed)
    assert parsed.get("intent") == {"name": "report_allergic_reaction", "confidence": 1.0}


def test_the_pipeline_drops_a_red_flag_guess_the_detector_does_not_confirm():
    parsed = message("no swelling at all, only a little redness", "report_infection")
    decide(parsed)
    assert parsed.get("intent")["name"] == "ask_downtime"
    assert all(r["name"] != "report_infection" for r in parsed.get("intent_ranking"))


@pytest.mark.parametrize("intent", ["share_distress", "ask_after_hours_care"])
def test_an_unsure_guess_at_a_look_alike_asks_to_say_it_another_way(intent):
    # Their replies name 988 or 911: said to "ya no sé qué hacer, está muy caro" they scare.
    parsed = message("ya no sé qué hacer, está muy caro para nosotros", intent, 0.62)
    decide(parsed)
    assert parsed.get("intent")["name"] == "nlu_fallback"


@pytest.mark.parametrize("intent", ["share_distress", "ask_after_hours_care"])
def test_a_sure_look_alike_keeps_its_intent(intent):
    parsed = message("me siento horrible con mi cara", intent, 0.95)
    decide(parsed)
    assert parsed.get("intent")["name"] == intent


def test_a_button_payload_keeps_its_intent():
    parsed = message("/ask_pain", "ask_pain")
    decide(parsed)
    assert parsed.get("intent")["name"] == "ask_pain"


@pytest.mark.parametrize("text, expected", [
    ("no dejo de pensar en matarme", "self_harm"),
    ("no puedo dejar de pensar en quitarme la vida", "self_harm"),
    ("ya no quiero seguir", "self_harm"),
    ("soy alérgica a la lidocaína y se me hincha la cara", "allergic_reaction"),
    ("tengo la cara tan hinchada que casi no puedo abrir los ojos", "allergic_reaction"),
    ("se me hinchan los labios", "allergic_reaction"),
])
def test_spanish_reports_the_patterns_used_to_miss_are_caught(text, expected):
    assert kind(text) == expected


@pytest.mark.parametrize("text", [
    "no quiero seguir con las preguntas", "no quiero seguir contestando",
    "ya no quiero seguir con el cuestionario, gracias",
    "se me hincha la cara cuando me pongo crema, ¿puedo hacerme el tratamiento?",
    "no puedo parar de llorar de la risa con mis cicatrices",
])
def test_spanish_look_alikes_are_not_red_flags(text):
    assert kind(text) is None
