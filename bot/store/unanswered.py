"""The visitors' messages the assistant could not answer, read from Rasa's tracker store (its
`events` table), and the marks staff leave on them (`handled_questions`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Dict, Iterable, List, Set

from sqlalchemy import bindparam, func, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import sessionmaker

from bot.store.models import (
    Assessment,
    Consent,
    Consultation,
    HandledQuestion,
    Lead,
    StaffUser,
    as_utc,
    utcnow,
)
from bot.store.transcripts import REDACTED

# A message is unanswered when NLU gave it one of these intents (config.yml's
# FallbackClassifier, the out_of_scope intent) or the assistant's next step was one of these
# actions (data/rules/fallback.yml, chitchat.yml; RulePolicy's core fallback).
UNANSWERED_INTENTS = ("nlu_fallback", "out_of_scope")
FALLBACK_ACTIONS = ("utter_ask_rephrase", "utter_out_of_scope", "action_default_fallback")
# The newest this many unanswered messages are read; older ones are history.
MAX_MESSAGES = 5000


@dataclass(frozen=True)
class Message:
    """One message that got the fallback or the out-of-scope answer."""

    event_id: int  # the id of Rasa's `user` event
    conversation_id: str
    at: float  # Unix time
    text: str


def unanswered_messages(engine: Engine, limit: int = MAX_MESSAGES) -> List[Message]:
    """Messages that got the fallback or the out-of-scope answer and are not marked handled,
    newest first; empty when Rasa's `events` table does not exist yet."""
    if not inspect(engine).has_table("events"):
        return []
    # Every user event, but of the actions only the fallback ones: a fallback answers the
    # latest message before it in the same conversation.
    query = text(
        "SELECT id, sender_id, type_name, timestamp, data FROM events "
        "WHERE type_name = 'user' OR (type_name = 'action' AND action_name IN :actions) "
        "ORDER BY sender_id, timestamp, id"
    ).bindparams(bindparam("actions", expanding=True))
    found: Dict[int, Message] = {}
    with engine.connect() as connection:
        handled = _handled_ids(connection)
        last: Message | None = None
        for event_id, sender_id, type_name, at, data in connection.execute(
                query, {"actions": list(FALLBACK_ACTIONS)}):
            if type_name == "action":
                if last is not None and last.conversation_id == sender_id:
                    found[last.event_id] = last
                continue
            event = json.loads(data)
            message = Message(int(event_id), sender_id, float(at or 0.0),
                              str(event.get("text") or ""))
            last = message if _is_words(message.text) else None
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if last is not None and intent in UNANSWERED_INTENTS:
                found[message.event_id] = message
    kept = [m for m in found.values() if m.event_id not in handled]
    return sorted(kept, key=lambda m: (m.at, m.event_id), reverse=True)[:limit]


def _is_words(message_text: str) -> bool:
    # A button's payload ("/affirm") and a blanked message are not questions to answer.
    stripped = message_text.strip()
    return bool(stripped) and not stripped.startswith("/") and stripped != REDACTED


def _handled_ids(connection: Connection) -> Set[int]:
    rows = connection.execute(text("SELECT event_id FROM handled_questions"))
    return {int(row[0]) for row in rows}


def lead_references(session_factory: sessionmaker, conversation_ids: Iterable[str]
                    ) -> Dict[str, str]:
    """The lead each conversation belongs to, by its reference, where it has one."""
    ids = list(dict.fromkeys(conversation_ids))
    if not ids:
        return {}
    found: Dict[str, str] = {}
    with session_factory() as session:
        for model in (Lead, Assessment, Consent, Consultation):
            column = model.conversation_id
            query = (session.query(Lead.reference) if model is Lead
                     else session.query(Lead.reference).join(model, model.lead_id == Lead.id))
            for reference, conversation_id in query.add_columns(column).filter(
                    column.in_(ids)):
                found.setdefault(conversation_id, reference)
    return found


def mark_handled(session_factory: sessionmaker, user: StaffUser, event_ids: Iterable[int],
                 example: str) -> int:
    """Mark these messages handled by `user`; return how many were not marked before."""
    wanted = set(event_ids)
    at = utcnow()  # one time for the whole mark, which lists it as one
    with session_factory.begin() as session:
        already = {row[0] for row in session.query(HandledQuestion.event_id).filter(
            HandledQuestion.event_id.in_(wanted))} if wanted else set()
        new = sorted(wanted - already)
        session.add_all(HandledQuestion(event_id=event_id, handled_by_id=user.id,
                                        handled_by_email=user.email, handled_at=at,
                                        group_example=example[:500]) for event_id in new)
    return len(new)


@dataclass(frozen=True)
class HandledMark:
    """One "mark as handled": who, when, the group's first text and how many messages."""

    at: datetime
    who: str
    example: str
    count: int


def recently_handled(session_factory: sessionmaker, limit: int = 20) -> List[HandledMark]:
    """The latest marks, newest first."""
    with session_factory() as session:
        rows = (session.query(HandledQuestion.handled_at, HandledQuestion.handled_by_email,
                              HandledQuestion.group_example, func.count())
                .group_by(HandledQuestion.handled_at, HandledQuestion.handled_by_email,
                          HandledQuestion.group_example)
                .order_by(HandledQuestion.handled_at.desc()).limit(limit).all())
    return [HandledMark(as_utc(at), who, example, count) for at, who, example, count in rows]
