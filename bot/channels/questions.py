"""Several questions in one message are answered one after the other.

Visitors write "how much is it? do you take insurance?" and Rasa's classifier picks one intent
per message, so the second question went unanswered. The channels split such a message into its
questions and run each through the assistant in turn, in the same conversation, collecting every
reply. Only a message made of whole questions is split: an answer with a question mark, a red
flag told in several sentences or a single question is passed on as it was written.
"""

from __future__ import annotations

import re
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
# "how much is it and do you take insurance": a second question joined by "and" / "also".
JOINED_QUESTION = re.compile(
    rf"\s*(?:,\s*)?\b(?:and|also|and also|plus)\s+(?=(?:{QUESTION_WORDS})\b)", re.IGNORECASE)
AFTER_QUESTION_MARK = re.compile(r"(?<=\?)\s+")
LEADING_JOIN = re.compile(r"^(?:and|also|plus|oh and)\s+", re.IGNORECASE)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def split_questions(text: str) -> List[str]:
    """The questions in `text`, in order; `[text]` unless it is two or more whole questions."""
    sentences = [part.strip() for part in AFTER_QUESTION_MARK.split(text.strip())
                 if part.strip()]
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
        parts += joined if QUESTION_START.match(question) and all(
            _is_question(part) for part in joined) else [question]
    if not 2 <= len(parts) <= MAX_QUESTIONS:
        return [text]
    return [LEADING_JOIN.sub("", part) for part in parts]


def _is_question(part: str) -> bool:
    return len(part.split()) >= MIN_WORDS and (part.endswith("?") or bool(
        QUESTION_START.match(part)))


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
