"""language_of turns any slot or header value into "en" or "es"."""

from __future__ import annotations

import pytest

from bot.language import DEFAULT_LANGUAGE, LANGUAGES, language_of, payload_language, switch_payload


@pytest.mark.parametrize("value", ["es", "ES", "es-MX", "es_US", " es "])
def test_spanish_codes_read_as_es(value):
    assert language_of(value) == "es"


@pytest.mark.parametrize("value", ["en", "en-US", None, "", 3, "spanish", "e"])
def test_anything_else_reads_as_the_default_english(value):
    assert language_of(value) == DEFAULT_LANGUAGE == "en"


def test_the_two_languages_are_english_and_spanish():
    assert LANGUAGES == ("en", "es")


def test_a_payload_names_its_language():
    assert payload_language(switch_payload("es")) == "es"
    assert payload_language('/greet{"language":"en"}') == "en"
    for text in ("/greet", "/switch_language{not json}", "hola", None, '/inform{"age": 3}'):
        assert payload_language(text) is None
