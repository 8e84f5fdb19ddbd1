"""Several questions in one message are split into whole questions, and nothing else is."""

from __future__ import annotations

import asyncio
import threading
import unicodedata
from typing import List

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.questions import one_question_at_a_time, split_questions


@pytest.mark.parametrize("text, questions", [
    ("how much is it? do you take insurance?", ["how much is it?", "do you take insurance?"]),
    ("how much is it and do you take insurance", ["how much is it", "do you take insurance"]),
    ("is it safe while breastfeeding? and can i use numbing cream?",
     ["is it safe while breastfeeding?", "can i use numbing cream?"]),
    ("how many sessions will i need and what does it cost",
     ["how many sessions will i need", "what does it cost"]),
    ("how many sessions would i need and how far apart are they? the wedding is june 14",
     ["how many sessions would i need", "how far apart are they? the wedding is june 14"]),
])
def test_two_whole_questions_are_split_in_order(text, questions):
    assert split_questions(text) == questions


@pytest.mark.parametrize("text", [
    "how much is micro-needling?",
    "maybe 20? is that a lot?",  # an answer with a question after it
    "rolling and boxcar",
    "cheeks and chin",
    "I don't have a fever, should I be worried?",
    "my cheek is swollen and oozing after microneedling. is that normal?",
    "do you do ice pick scars and how much",  # the second is too short to stand alone
    "what is prp? what is microneedling? how much does it cost? where are you?",  # too many
    "ok thanks. how much is it?",
])
def test_anything_but_several_whole_questions_is_left_as_written(text):
    assert split_questions(text) == [text]


@pytest.mark.parametrize("text, questions", [
    ("cuanto cuesta y aceptan seguro?", ["cuanto cuesta", "aceptan seguro?"]),
    ("CUANTO CUESTA Y ACEPTAN SEGURO?", ["CUANTO CUESTA", "ACEPTAN SEGURO?"]),
    ("cuanto cuesta el microneedling y cuantas sesiones necesito",
     ["cuanto cuesta el microneedling", "cuantas sesiones necesito"]),
    ("donde estan y a que hora abren", ["donde estan", "a que hora abren"]),
    ("cómo funciona el microneedling y cuánto tarda en sanar",
     ["cómo funciona el microneedling", "cuánto tarda en sanar"]),
    ("Cuánto cuesta el láser e incluye la consulta?",
     ["Cuánto cuesta el láser", "incluye la consulta?"]),
    ("cuanto tiempo dura el peeling y también aceptan seguro?",
     ["cuanto tiempo dura el peeling", "aceptan seguro?"]),
    ("cuanto cuesta el laser, tambien hacen peeling?",
     ["cuanto cuesta el laser", "hacen peeling?"]),
    ("que precio tiene el peeling y cuando pueden atenderme?",
     ["que precio tiene el peeling", "cuando pueden atenderme?"]),
    ("a que hora abren el sabado y hay estacionamiento?",
     ["a que hora abren el sabado", "hay estacionamiento?"]),
    ("donde estan ubicados y como llego desde downtown",
     ["donde estan ubicados", "como llego desde downtown"]),
    ("quien hace el procedimiento y es dermatóloga?",
     ["quien hace el procedimiento", "es dermatóloga?"]),
    ("¿Qué es el PRP y para qué sirve?", ["¿Qué es el PRP", "para qué sirve?"]),
    ("cuanto cuesta y qué incluye", ["cuanto cuesta", "qué incluye"]),
    ("cuanto cuesta y duele?", ["cuanto cuesta", "duele?"]),
    ("cuanto cuesta and do you take insurance", ["cuanto cuesta", "do you take insurance"]),
])
def test_two_spanish_questions_joined_by_y_are_answered_in_turn(text, questions):
    assert split_questions(text) == questions


@pytest.mark.parametrize("text, questions", [
    ("¿Cuánto cuesta? ¿Aceptan seguro?", ["¿Cuánto cuesta?", "¿Aceptan seguro?"]),
    ("¿Cuánto cuesta?¿Duele?", ["¿Cuánto cuesta?", "¿Duele?"]),
    ("q precio tiene? y duele?", ["q precio tiene?", "duele?"]),
    ("cuanto cuesta, ¿aceptan seguro?", ["cuanto cuesta", "¿aceptan seguro?"]),
    ("cuanto cuesta y ¿aceptan seguro?", ["cuanto cuesta", "¿aceptan seguro?"]),
    ("¿Cuánto cuesta la consulta? ¿Y también aceptan Medicaid?",
     ["¿Cuánto cuesta la consulta?", "¿aceptan Medicaid?"]),
    ("Es seguro durante el embarazo? y puedo usar crema para adormecer?",
     ["Es seguro durante el embarazo?", "puedo usar crema para adormecer?"]),
    ("cual es el precio? tienen planes de pago?", ["cual es el precio?", "tienen planes de pago?"]),
    ("cuanto cuesta? es seguro?", ["cuanto cuesta?", "es seguro?"]),
    ("¿Se me va a pelar la cara? ¿Cuántos días?", ["¿Se me va a pelar la cara?", "¿Cuántos días?"]),
    ("how much is it? y aceptan seguro?", ["how much is it?", "aceptan seguro?"]),
    ("cuantas sesiones necesito? cuanto tiempo entre cada una? mi boda es el 14 de junio",
     ["cuantas sesiones necesito?", "cuanto tiempo entre cada una? mi boda es el 14 de junio"]),
])
def test_spanish_questions_marked_with_question_marks_are_answered_in_turn(text, questions):
    assert split_questions(text) == questions


def test_accents_typed_as_letter_and_combining_mark_are_read_as_accents():
    text = unicodedata.normalize("NFD", "¿Cuánto cuesta? ¿Dónde están?")
    assert split_questions(text) == ["¿Cuánto cuesta?", "¿Dónde están?"]


@pytest.mark.parametrize("text", [
    "ice pick y boxcar",
    "mejillas y barbilla",
    "como 20? es mucho?",
    "hacen microneedling y cuanto",  # "cuanto" alone is no whole question
    "cuanto? y donde?",
])
def test_spanish_answer_with_y_is_not_split(text):
    assert split_questions(text) == [text]


@pytest.mark.parametrize("text", [
    "tengo 25 y quiero saber cuanto cuesta",
    "tengo 25 ¿cuanto cuesta y aceptan seguro?",
    "es mi primera vez y cuanto cuesta?",
    "Hola buenas tardes, cuanto cuesta y aceptan seguro?",
    "Hola, ¿cuánto cuesta?",
    "Sí, ¿y cuánto cuesta?",
    "ok gracias. cuanto cuesta?",
    "¿Cuánto cuesta el láser? Lo quiero para las manchas ¿o es mejor el peeling?",
    "¡Qué caro! ¿y cuánto dura?",
])
def test_spanish_statement_before_a_question_stays_with_it(text):
    assert split_questions(text) == [text]


@pytest.mark.parametrize("text", [
    "creo que si",
    "es normal? creo que si",
    "que bueno, y cuanto cuesta?",
    "me dijeron que cuesta 200 y que aceptan seguro",
    "¿Es cierto que aceptan seguro y que cuesta 200?",
    "es normal que me arda y que este rojo?",
    "como a las 3 y cuanto cuesta",
    "cuanto cuesta y cuando me lo puedo hacer",
])
def test_que_como_cuando_joining_a_sentence_start_no_question(text):
    assert split_questions(text) == [text]


@pytest.mark.parametrize("text", [
    "cuanto cuesta el laser y es para mi hija",  # "es", "hay", "tienen" ask only with a "?"
    "cuanto cuesta y aceptan seguro",
    "hay una mancha en mi cara y duele mucho al tocar",
    "cuanto cuesta esta crema y esta otra?",
    "cuanto cuesta, mi hermana tambien tiene acne?",
    "cuanto cuesta? y el peeling?",
])
def test_spanish_statement_opening_with_a_verb_is_not_a_question(text):
    assert split_questions(text) == [text]


@pytest.mark.parametrize("text", [
    "Me hice el peeling ayer. Hoy tengo ampollas y me arde mucho. ¿Es normal?",
    "¿Es normal? Se me hinchó la cara y tengo ronchas en el cuello",
    "Desde ayer tengo la cara hinchada. ¿Es normal? ¿Debo ir a urgencias?",
    "cuando me puse la crema se me hincho la cara y donde me toco se puso roja",
    "cuando me lavo la cara me arde y que hago?",
    "tengo fiebre y pus desde ayer, ¿es normal?",
    "porque me arde mucho y tengo ampollas",
    "se me hincho la cara? y tengo ronchas?",
])
def test_spanish_red_flag_told_in_several_sentences_is_not_split(text):
    assert split_questions(text) == [text]


@pytest.mark.parametrize("text", [
    "¿Cuánto cuesta el microneedling?",
    "cuanto cuesta el laser para las cicatrices de acne y manchas",
    "que diferencia hay entre el peeling y el laser?",
    "¿hacen microneedling y PRP juntos?",
    "que es el prp? que es el microneedling? cuanto cuesta? donde estan?",  # too many
])
def test_single_spanish_question_is_not_split(text):
    assert split_questions(text) == [text]


def test_each_question_runs_in_turn_in_the_same_conversation_and_channel():
    seen: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        seen.append(message)

    collector = CollectingOutputChannel()
    message = UserMessage("how much is it? do you take insurance?", collector, "visitor-1",
                          input_channel="rest", metadata={"page": "/"})
    # In a thread of its own: another test may have left an event loop running in this one.
    runner = threading.Thread(
        target=lambda: asyncio.run(one_question_at_a_time(on_new_message)(message)))
    runner.start()
    runner.join(timeout=10)
    assert [m.text for m in seen] == ["how much is it?", "do you take insurance?"]
    assert {(m.sender_id, m.input_channel, m.output_channel) for m in seen} == {
        ("visitor-1", "rest", collector)}
    assert all(m.metadata == {"page": "/"} for m in seen)
