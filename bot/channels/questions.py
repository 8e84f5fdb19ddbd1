"""Several questions in one message are answered one after the other.

Visitors write "how much is it? do you take insurance?" and Rasa's classifier picks one intent
per message, so the second question went unanswered. The channels split such a message into its
questions and run each through the assistant in turn, in the same conversation, collecting every
reply. Only a message made of whole questions is split: an answer with a question mark, a red
flag told in several sentences or a single question is passed on as it was written.

Spanish questions are split the same way ("cuanto cuesta y aceptan seguro?", "¿Cuánto cuesta?
¿Duele?"), more warily: a Spanish question keeps the word order of a statement, so only its
opening word ("cuánto", "dónde"...) or its question marks tell it from one.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Awaitable, Callable, List

from rasa.core.channels.channel import UserMessage

MAX_QUESTIONS = 3
MIN_WORDS = 3
QUESTION_WORDS = (
    "what|whats|what's|how|hows|how's|why|when|where|who|which|is|are|do|does|did|can|could|"
    "will|would|should|shall|may|any|anything"
)
QUESTION_START = re.compile(rf"^\W*(?:and\s+|also\s+|plus\s+|oh\s+and\s+)?(?:{QUESTION_WORDS})\b",
                            re.IGNORECASE)
# Without the accent, "que", "como", "cuando", "donde" and "quien" also join, compare or
# exclaim ("creo que si", "como 20", "cuando me puse la crema", "que bueno"): the word after them
# tells which.
NOT_ASKING_AFTER = (
    r"me|te|se|le|les|lo|la|los|las|nos|yo|tu|el|ella|mi|mis|su|sus|un|una|unos|unas|a|al|de|del|"
    r"en|con|por|para|que|q|si|sí|no|ya|\d+|bueno|buena|bien|mal|padre|pena|l[aá]stima|horror|"
    r"miedo|caro|cara|raro|rico|lindo|gusto"
)
# Words that open a Spanish question even without a question mark ("donde estan", "a que hora
# abren"); "cuánto" and "cuál" ask with or without the accent.
SPANISH_ASKING_WORDS = (
    r"por\s+qué|(?:(?:a|de|en|con|para|desde|hasta)\s+)?(?:qué|cómo|cuándo|dónde|quién(?:es)?|"
    r"cu[aá]nt[oa]s?|cu[aá]l(?:es)?|"
    rf"(?:que|q|como|cuando|donde|quien(?:es)?)(?!\s+(?:{NOT_ASKING_AFTER})\b))"
)
# Verbs that open a statement as often as a question ("es mi primera vez", "hay una mancha"): they
# ask only with a question mark.
SPANISH_VERBS = (
    r"puedo|puede|pueden|podr[ií]a|se\s+puede|aceptan|tienen|hay|hacen|dan|abren|atienden|cobran|"
    r"ofrecen|trabajan|es|son|está|est[aá]n|duele|sirve|funciona|incluyen?|necesito|porque|por\s+que"
)
SPANISH_JOIN = r"(?:y|e)(?:\s+tambi[eé]n)?|tambi[eé]n"
# No "¡": it opens an exclamation ("¡Qué caro!"), not a question.
SPANISH_QUESTION = re.compile(
    rf"^[¿\s]*(?:(?:{SPANISH_JOIN})\s+)?[¿\s]*"
    rf"(?:(?P<asking>{SPANISH_ASKING_WORDS})|(?P<verb>{SPANISH_VERBS}))\b", re.IGNORECASE)
# "how much is it and do you take insurance": a second question joined by "and" / "also"; in
# Spanish by "y" / "e" / ", también". A bare "que" after "y" mostly carries on a statement ("dicen
# que es rapido y que cuesta 200"), so it starts no question there.
JOINED_QUESTION = re.compile(
    rf"\s*(?:,\s*)?\b(?:and|also|and also|plus)\s+(?=(?:{QUESTION_WORDS})\b)"
    rf"|(?:\s*(?:,\s*)?\b(?:y|e)(?:\s+tambi[eé]n)?|\s*,\s*tambi[eé]n)\s+"
    rf"(?=(?!(?:que|q)\b)(?:{SPANISH_ASKING_WORDS}|{SPANISH_VERBS})\b)", re.IGNORECASE)
# A question ends at "?" and, in Spanish, where "¿" opens the next one (taking the "y" before it),
# so "Tengo la cara hinchada. ¿Es normal?" keeps the statement before its question.
AFTER_QUESTION_MARK = re.compile(r"(?<=\?)\s+|(?<=\?)(?=¿)|[\s,]+(?:(?:y|e)\s+)?(?=¿)",
                                 re.IGNORECASE)
LEADING_JOIN = re.compile(r"^(?:and|also|plus|oh and)\s+", re.IGNORECASE)
SPANISH_LEADING_JOIN = re.compile(rf"^(¿?)\s*(?:{SPANISH_JOIN})\s+", re.IGNORECASE)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def split_questions(text: str) -> List[str]:
    """The questions in `text`, in order; `[text]` unless it is two or more whole questions."""
    written = unicodedata.normalize("NFC", text).strip()  # "á" typed as "a" + accent matches too
    sentences = [part.strip() for part in AFTER_QUESTION_MARK.split(written) if part.strip()]
    if any(not _is_question(sentence) for sentence in sentences[:-1]):
        return [text]  # a statement before a question is its context: keep them together
    questions = sentences
    if not _is_question(sentences[-1]):
        # A remark after the questions ("... how far apart? the wedding is june 14") stays
        # with the last question.
        questions = [*sentences[:-2], " ".join(sentences[-2:])] if len(sentences) > 1 else []
    parts: List[str] = []
    for question in questions:
        joined = [part.strip() for part in JOINED_QUESTION.split(question) if part.strip()]
        opens = QUESTION_START.match(question) or SPANISH_QUESTION.match(question)
        parts += joined if opens and all(
            _is_question(part) for part in joined) else [question]
    if not 2 <= len(parts) <= MAX_QUESTIONS:
        return [text]
    return [SPANISH_LEADING_JOIN.sub(r"\1", LEADING_JOIN.sub("", part)) for part in parts]


def _is_question(part: str) -> bool:
    join = SPANISH_LEADING_JOIN.match(part)
    if join and not QUESTION_START.match(part[join.end():]):
        # "se me hincho la cara? y tengo ronchas?": after "y" a question mark alone asks nothing.
        return _asks_in_spanish(part)
    if len(part.split()) >= MIN_WORDS and (part.endswith("?") or QUESTION_START.match(part)):
        return True
    return _asks_in_spanish(part)


def _asks_in_spanish(part: str) -> bool:
    opening = SPANISH_QUESTION.match(part)
    if opening is None:
        return False
    if opening.group("verb"):
        return part.endswith("?") or "¿" in part[:opening.start("verb")]
    return len(part[opening.start("asking"):].split()) >= 2  # "cuanto" alone is no question


def one_question_at_a_time(on_new_message: OnNewMessage) -> OnNewMessage:
    """Wrap a channel's `on_new_message` so each question of a message is handled in turn."""

    async def handle(message: UserMessage) -> Any:
        questions = split_questions(message.text or "") if message.text else []
        if len(questions) < 2:
            return await on_new_message(message)
        result = None
        for question in questions:
            result = await on_new_message(UserMessage(
                question, message.output_channel, message.sender_id,
                input_channel=message.input_channel, metadata=message.metadata,
            ))
        return result

    return handle
