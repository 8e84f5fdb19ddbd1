"""Which language a visitor's message is written in: "en", "es", or None when it is not clear.

Two readings together. Word cues: words only one of the two languages uses ("cuánto",
"tengo", "the", "what"), which decide short and Spanglish messages ("tengo scars de acne")
where a statistical detector wavers. Lingua (offline: its models ship inside the package),
restricted to English and Spanish, settles the messages the cues leave even. A message made
only of words both languages share ("no", "ok", "si"), or that reads as a person's name
("María de la Cruz", "Cara Hay"), gives None: the conversation keeps its language. An
explicit request ("in English", "en español por favor", "¿habla español?") always wins.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, List, Tuple

from bot.language import CHOSEN

if TYPE_CHECKING:
    from lingua import LanguageDetector

ENGLISH, SPANISH = "en", "es"

_SPANISH_NAMES = r"(?:espa[nñ]ol|spanish)"
_ENGLISH_NAMES = r"(?:english|ingl[eé]s)"
_PLEASE = r"(?:por\s*fa(?:vor)?|porfa|please|pls|plz)"
# "I don't speak English" asks for Spanish, whichever language it is written in.
_NO_ENGLISH = re.compile(
    rf"\b(?:no\s+(?:hablo|entiendo|se|sé)(?:\s+mucho|\s+bien)?|"
    rf"(?:i\s+)?(?:don'?t|do\s+not|no)\s+(?:speak|understand)(?:\s+much)?)\s+{_ENGLISH_NAMES}\b",
    re.IGNORECASE)
# "I don't speak Spanish" asks for English.
_NO_SPANISH = re.compile(
    rf"\b(?:(?:i\s+)?(?:don'?t|do\s+not|can'?t|cannot)\s+(?:speak|understand|read)"
    rf"(?:\s+much)?|no\s+(?:hablo|entiendo))\s+{_SPANISH_NAMES}\b",
    re.IGNORECASE)
_ASKS_FOR = {
    SPANISH: re.compile(
        rf"\b(?:en|in)\s+{_SPANISH_NAMES}\b"
        rf"|\b(?:habla|hablas|hablan|hable|speak|speaks|talk)\s+(?:usted\s+)?{_SPANISH_NAMES}\b"
        rf"|^\W*{_SPANISH_NAMES}\W*(?:{_PLEASE}\W*)?$"
        rf"|\b(?:prefiero|prefer|rather)\s+(?:el\s+)?{_SPANISH_NAMES}\b"
        rf"|\b(?:switch|change|go|move|cambiar|cambie|cambiemos)\s+(?:back\s+)?"
        rf"(?:to|into|a|al)\s+{_SPANISH_NAMES}\b"
        rf"|\b{_SPANISH_NAMES}\s*,?\s*{_PLEASE}",
        re.IGNORECASE),
    ENGLISH: re.compile(
        rf"\b(?:en|in)\s+{_ENGLISH_NAMES}\b"
        rf"|\b(?:habla|hablas|hablan|hable|speak|speaks|talk)\s+(?:usted\s+)?{_ENGLISH_NAMES}\b"
        rf"|^\W*{_ENGLISH_NAMES}\W*(?:{_PLEASE}\W*)?$"
        rf"|\b(?:prefiero|prefer|rather)\s+(?:el\s+)?{_ENGLISH_NAMES}\b"
        rf"|\b(?:switch|change|go|move|cambiar|cambie|cambiemos)\s+(?:back\s+)?"
        rf"(?:to|into|a|al)\s+{_ENGLISH_NAMES}\b"
        rf"|\b{_ENGLISH_NAMES}\s*,?\s*{_PLEASE}",
        re.IGNORECASE),
}

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _words(listed: str) -> frozenset[str]:
    return frozenset(listed.split())


# Words (accents removed, lower case) that only Spanish uses, or English speakers never type
# in an English sentence. Left out on purpose: names and words English shares or borrows
# ("cara", "hay", "son", "sale", "nada", "hola", "gracias", "amigo", "bueno").
SPANISH_CUES = _words("""
    que cuanto cuanta cuantos cuantas cuesta cuestan costo costaria vale valen precio precios
    tengo tiene tienen tienes tenia tuve quiero quiere quieres quisiera necesito necesita
    necesitan puedo puede pueden podria podrian podemos estoy esta estan estas estuve estaba
    esto eso ese esa estos esas soy eres somos fui seria hago hace hacen hacer hacerme hizo
    hice como donde cuando porque pero para por con sin sobre desde hasta entre mi mis tu tus
    su sus nos les le lo los las del al una unos unas muy mucho mucha muchos muchas poco
    poquito tambien ya aqui alli alla ahi entonces todavia aun cita citas consulta cicatrices
    cicatriz granos grano espinillas barros manchas piel ayuda ayudar ayudan buenos buenas dias
    tardes noches senora senor senorita usted ustedes hablo habla hablan hablar entiendo
    entiende entender significa duele dolor embarazada amamantando lactancia tratamiento
    tratamientos sesiones sesion anos pagar pago pagos seguro aceptan abren cierran horario
    direccion ubicados llamar llamen llame marcar despues antes manana semana mes meses
    lunes martes miercoles jueves viernes sabado domingo hoy ahora nunca siempre algo alguien
    quien cual cuales el es se te mas menos bien mal cuidese gusto puedes saber
    informacion hacerlo funciona sirve hija hijo esposo esposa todo toda todos otra otro
    veces vez hinchazon hinchada roja rojo fiebre comezon ronchas morir matarme vivir
    pregunta preguntas dudas duda verdad claro creo digo dice dijo ver veo mejor peor
    nuevo nueva primera primero ellos nosotros cuesten haria deberia tendria
""")
# Only English uses these; English words Spanglish borrows for the treatment ("scars",
# "microneedling", "facial", "acne", "ice pick") are not cues.
ENGLISH_CUES = _words("""
    the an is are was were be been am i i'm im i've ive my you your you're youre we our
    they them their it it's its this that these those what whats how hows why when where
    who which do does did don't dont doesn't doesnt didn't can can't cant could would should
    will won't have has had not and or but with without about for from into of on at to in
    much many any some just also too really very there here if then than so get got need
    want wanted know think like please thanks thank yeah yep nope hi hello hey after
    before tomorrow morning afternoon evening week help hurt hurts swollen long take work
    works anyone someone something anything nothing talk call done go going gonna wanna
    gotta let let's lets make sure sorry kind sort
""")
# Words either language uses alone ("no", "ok", "si", "hola"): never enough on their own.
SHARED = _words("""
    no ok okay k kk si sí yes ya hola gracias adios bye lol jaja jajaja haha hmm mmm ah oh
    eh pues bueno sale va nada amigo porfa cool nice good super perfecto perfect
""")
# Lowercase words that sit inside people's names ("María de la Cruz", "Juan del Río").
NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "van", "von", "da", "di"})
# How sure Lingua must be when the word cues leave a message even.
MIN_CONFIDENCE = 0.9
MIN_WORDS_FOR_LINGUA = 3



def language_of_message(text: str | None, metadata: object = None) -> str | None:
    """The language a visitor's message sets the conversation to, or None when it leaves it
    as it was: a payload ("/greet") carries its own, and a button's words chosen (metadata
    `{"choice": true}`) are English whatever the visitor reads."""
    text = text or ""
    if text.startswith("/") or (isinstance(metadata, dict) and metadata.get(CHOSEN) is True):
        return None
    return detect(text)


def detect(text: str) -> str | None:
    """"en" or "es" when the message is clearly in that language, None when unsure."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    requested = asked_for(text)
    if requested is not None:
        return requested
    words = _WORD.findall(text)
    folded = [_fold(word) for word in words]
    meaningful = [word for word in folded if word not in SHARED]
    if not meaningful or _reads_as_name(words):
        return None
    spanish = sum(word in SPANISH_CUES for word in meaningful)
    english = sum(word in ENGLISH_CUES for word in meaningful)
    if "¿" in text or "¡" in text:
        spanish += 1
    if spanish and not english:
        return SPANISH
    if english and not spanish:
        return ENGLISH
    if spanish and english:
        # Spanglish: twice the cues of the other language decide, else Lingua does.
        if spanish >= 2 * english:
            return SPANISH
        if english >= 2 * spanish:
            return ENGLISH
        return _lingua(text, threshold=0.5)
    if len(words) < MIN_WORDS_FOR_LINGUA:
        return None
    return _lingua(text, threshold=MIN_CONFIDENCE)


def asked_for(text: str) -> str | None:
    """The language a message explicitly asks for ("in English", "¿habla español?")."""
    last: Tuple[int, str] | None = None
    patterns = ((SPANISH, _NO_ENGLISH), (ENGLISH, _NO_SPANISH), *_ASKS_FOR.items())
    for language, pattern in patterns:
        for match in pattern.finditer(text):
            if last is None or match.end() > last[0] or (
                    match.end() == last[0] and pattern in (_NO_ENGLISH, _NO_SPANISH)):
                last = (match.end(), language)
    # Where a message names both ("no en español, in English please"), the later one wins.
    return last[1] if last else None


def _reads_as_name(words: List[str]) -> bool:
    """Capitalised words, maybe with "de la", and no Spanish cue: a person's name."""
    if not words or len(words) > 5:
        return False
    capitalised = [word for word in words if word.lower() not in NAME_PARTICLES]
    return bool(capitalised) and all(
        word[0].isupper() and _fold(word) not in SPANISH_CUES for word in capitalised)


def _fold(word: str) -> str:
    """Lower case without accents: "Cuánto" -> "cuanto", "años" -> "anos"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _lingua(text: str, threshold: float) -> str | None:
    from lingua import Language

    detector = _detector()
    spanish = detector.compute_language_confidence(text, Language.SPANISH)
    if spanish >= threshold and spanish > 0.5:
        return SPANISH
    if 1.0 - spanish >= threshold and spanish < 0.5:
        return ENGLISH
    return None


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    """Built once per process, on first use: loading it costs a fraction of a second."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()
