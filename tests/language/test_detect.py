"""detect() tells English from Spanish in short and Spanglish messages, and stays out of it
when a message is a lone shared word or a person's name."""

from __future__ import annotations

import time

import pytest

from bot.language import detect as detect_module
from bot.language.detect import asked_for, detect


@pytest.mark.parametrize("text", [
    "cuanto cuesta el microneedling?", "tengo scars de acne", "buenos días", "no entiendo",
    "no hablo inglés", "quiero una cita", "me duele mucho la cara", "¿cuánto es?",
    "mi hija quiere información", "me quiero morir", "tengo 34 años",
    "si tengo ice pick scars", "el martes en la tarde", "mañana a las 3", "aceptan seguro?",
    "no se que es eso", "que significa eso", "me salen granos en la cara",
    "cuantas sesiones necesito", "nunca me quemo", "estoy embarazada",
    "hola, tengo unas preguntas", "quisiera saber el precio del facial de vampiro",
    "se me hinchó la cara después del tratamiento", "necesito hablar con alguien",
    "hace como 5 años", "my cara tiene muchas scars", "tienen appointments el sabado?",
    "ok gracias por la informacion",
])
def test_spanish_and_spanglish_read_as_spanish(text):
    assert detect(text) == "es"


@pytest.mark.parametrize("text", [
    "how much is microneedling?", "i have ice pick scars", "no thanks", "what are your hours",
    "do you take insurance", "my face is swollen and red", "i want to book", "tomorrow at 3",
    "about 5 years", "is it painful", "the vampire facial, how much",
    "where are you located", "i dont understand", "what does that mean",
    "maybe 3 or 4 on my cheeks", "i'm 34",
])
def test_english_reads_as_english(text):
    assert detect(text) == "en"


@pytest.mark.parametrize("text", [
    "si", "sí", "Sí", "no", "No", "ok", "Ok", "okay", "yes", "hola", "gracias", "adios",
    "nada", "bueno", "lol", "ok ok", "si si", "no no", "no gracias", "34", "rolling, 12",
    "prp", "microneedling", "", "   ",
])
def test_a_lone_shared_word_or_number_is_unsure(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", [
    "María de la Cruz", "Cara Hay", "José Luis Garza", "Dolores Villarreal", "Maria Jose Lopez",
    "José García", "Juan del Río", "Guadalupe Hernández",
])
def test_a_persons_name_is_unsure(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", ["/greet", '/switch_language{"language":"es"}', "/affirm"])
def test_a_button_payload_is_never_read(text):
    assert detect(text) is None


@pytest.mark.parametrize(("text", "language"), [
    ("in English", "en"), ("english please", "en"), ("English", "en"), ("en inglés", "en"),
    ("en ingles por favor", "en"), ("can we do this in english", "en"),
    ("can you speak english", "en"), ("hablas inglés?", "en"),
    ("en español", "es"), ("español por favor", "es"), ("hablas español?", "es"),
    ("¿Habla español?", "es"), ("Español", "es"), ("in spanish please", "es"),
    ("do you speak spanish", "es"), ("i don't speak english", "es"),
    ("no hablo ingles", "es"), ("sorry no speak english", "es"),
])
def test_an_explicit_request_names_the_language(text, language):
    assert asked_for(text) == language
    assert detect(text) == language


def test_an_explicit_request_wins_over_the_words_around_it():
    assert detect("ok ya no quiero seguir en español, in english please") == "en"
    assert detect("can we please continue en español") == "es"


def test_the_lingua_detector_is_built_once_and_reused():
    detect_module._detector.cache_clear()
    first = detect_module._detector()
    assert detect_module._detector() is first


def test_reading_a_message_takes_milliseconds_once_built():
    detect("Guadalupe sent Ramón")  # no cue words: Lingua reads it, and loads its models
    started = time.perf_counter()
    for _ in range(50):
        detect("cuanto cuesta el microneedling?")
        detect("Guadalupe sent Ramón")
    assert (time.perf_counter() - started) / 100 < 0.01


@pytest.mark.parametrize(("text", "language"), [
    ("can we switch to spanish", "es"), ("switch back to english", "en"),
    ("cambiemos a español", "es"), ("prefiero español", "es"), ("i prefer english", "en"),
    ("sorry, i don't speak spanish", "en"), ("no hablo español", "en"),
    ("¿podemos seguir en inglés?", "en"),
])
def test_switching_preferring_and_not_speaking_name_the_language_wanted(text, language):
    assert detect(text) == language
