"""Whether a message is written in Spanish, so that it is never read as an answer.

Until the assistant speaks Spanish, a Spanish message gets a short Spanish reply with the
clinic's phone (a rule). Inside the self-assessment the danger is the other way round: "no
entiendo" must not be taken as a "no". Words that English and Spanish share ("no", "si",
"hola" in Spanglish, names like "María José") do not count on their own.
"""

from __future__ import annotations

import re

# Words no English answer to the intake's questions contains; not names either ("Cara", "Hay",
# "Chao", "Dias"), nor words English speakers borrow ("nada", "soy", "favor").
SPANISH_WORDS = frozenset({
    "entiendo", "entiende", "entiendes", "hablo", "habla", "hablan", "hablar", "hable",
    "inglés", "ingles", "español", "espanol", "cuánto", "cuanto", "cuánta", "cuanta",
    "cuántas", "cuantas", "cuesta", "cuestan", "precio", "gracias", "adiós", "adios", "quiero",
    "quisiera", "necesito", "puedo", "pueden", "tengo", "tiene", "estoy", "está", "qué", "cómo",
    "dónde", "donde", "cuándo", "cuando", "también", "tambien", "ayuda", "cita", "años",
    "cicatrices", "sesiones", "pero", "porque", "usted", "ustedes", "llamar", "llamen", "por",
    "perdón", "perdon", "significa", "buenos", "buenas", "días", "tardes", "noches",
    "embarazada", "amamantando", "sé", "mucho", "muy", "nosotros", "información",
    "informacion", "aceptan", "seguro", "pagar", "ubicados", "abren", "duele", "hija", "hijo",
    "esposo", "esposa", "tratamiento", "acné", "señora", "señor", "disculpe", "hasta", "luego",
})
_WORD = re.compile(r"[^\W\d_]+")


def looks_spanish(text: str) -> bool:
    """True for "no entiendo", "no hablo inglés", "¿cuánto cuesta?", "adiós"."""
    if "¿" in text or "¡" in text:
        return True
    return any(word in SPANISH_WORDS for word in _WORD.findall(text.lower()))
