"""The visitor's language: English or Spanish, kept in the `language` slot (issue 13)."""

from __future__ import annotations

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"


def language_of(value: object) -> str:
    """"es" for "es", "ES", "es-MX", "es_US"...; "en" for anything else (None included)."""
    if isinstance(value, str) and value.strip().lower().replace("_", "-").split("-")[0] == "es":
        return "es"
    return DEFAULT_LANGUAGE
