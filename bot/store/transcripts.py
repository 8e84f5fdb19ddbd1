"""Read conversations back from Rasa's SQL tracker store (its `events` table)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, Mapping, Set

from sqlalchemy import bindparam, inspect, text
from sqlalchemy.engine import Engine


@dataclass
class Conversation:
    conversation_id: str
    slots: Dict[str, Any] = field(default_factory=dict)
    channel: str | None = None


def conversations(engine: Engine) -> Iterator[Conversation]:
    """Each conversation with the final value of every slot, replayed from its events."""
    query = text(
        "SELECT sender_id, type_name, data FROM events "
        "WHERE type_name IN ('slot', 'user', 'session_started', 'restart') "
        "ORDER BY sender_id, timestamp, id"
    )
    current: Conversation | None = None
    with engine.connect() as connection:
        for sender_id, type_name, data in connection.execute(query):
            if current is None or current.conversation_id != sender_id:
                if current is not None:
                    yield current
                current = Conversation(sender_id)
            event = json.loads(data)
            if type_name == "slot":
                current.slots[event["name"]] = event.get("value")
            elif type_name == "user":
                current.channel = event.get("input_channel") or current.channel
            elif type_name == "restart":
                current.slots.clear()
    if current is not None:
        yield current


REDACTED = "[removed: consent declined]"


def redact_since(
    engine: Engine, conversation_id: str, since: float, slots: Iterable[str]
) -> int:
    """Blank what a visitor said and was told from `since` (a Unix time) on, and the values of
    `slots` in the whole conversation; return the number of events changed.

    Rows are rewritten in place, never deleted: Rasa's SQL tracker store appends the events
    past the count it finds stored, so a deleted row would be written back on its next save.
    """
    slot_names = set(slots)
    changed = 0
    with engine.begin() as connection:
        rows = connection.execute(
            text("SELECT id, type_name, timestamp, data FROM events WHERE sender_id = :sender "
                 "AND type_name IN ('user', 'bot', 'slot')"),
            {"sender": conversation_id},
        ).all()
        for row_id, type_name, timestamp, data in rows:
            event = json.loads(data)
            if not _redact(event, type_name, (timestamp or 0) >= since, slot_names):
                continue
            connection.execute(text("UPDATE events SET data = :data WHERE id = :id"),
                               {"data": json.dumps(event), "id": row_id})
            changed += 1
    return changed


def _redact(event: Dict[str, Any], type_name: str, recent: bool, slots: Set[str]) -> bool:
    if type_name == "slot":
        if event.get("name") in slots and event.get("value") is not None:
            event["value"] = None
            return True
        return False
    if not recent or not event.get("text"):
        return False
    event["text"] = REDACTED
    if type_name == "user":
        parse_data = event.get("parse_data") or {}
        parse_data.update({"text": REDACTED, "entities": []})
        event["parse_data"] = parse_data
        event["metadata"] = {}
    else:
        event["data"] = {}
    return True


@dataclass(frozen=True)
class TranscriptLine:
    """One line of a conversation as staff read it."""

    conversation_id: str
    at: float  # Unix time
    speaker: str  # "visitor", "assistant", "staff" or "event" (a red flag, a pause, ...)
    text: str
    buttons: tuple[str, ...] = ()
    author: str = ""  # for "staff": the name the visitor was shown


# Events worth a line of their own in a transcript, beside what was said.
_NOTED = {"session_started": "A new session started",
          "pause": "The assistant was paused: a person took over",
          "resume": "Handed back: the assistant answers again",
          "restart": "The conversation restarted"}


OPENED = "(opened the chat)"
# Rasa reads a message "/intent" or "/intent{...entities...}" as that intent, without NLU.
_PAYLOAD = re.compile(r"^/([A-Za-z0-9_./-]+)(\{.*\})?\s*$", re.DOTALL)


def visitor_text(text: str | None, offered: Mapping[str, str]) -> str:
    """What a visitor's message reads as for staff. A payload is what a button or the widget
    sent, not what the visitor typed: the title of the button offered with it, "(opened the
    chat)" for the greeting the widget and the clinic page send when the chat opens, or else
    the intent in words."""
    text = text or ""
    payload = _PAYLOAD.match(text.strip())
    if payload is None:
        return text
    title = offered.get(text.strip())
    if title:
        return f"(chose \u201c{title}\u201d)"
    intent = payload.group(1)
    if intent == "greet":
        return OPENED
    if intent == "switch_language":
        chosen = _SWITCHED_TO.get(_entities(payload.group(2)).get("language", ""))
        if chosen:
            return f"(switched the chat to {chosen})"
    return f"(chose: {intent.replace('_', ' ').replace('/', ': ')})"


_SWITCHED_TO = {"en": "English", "es": "Spanish"}


def _entities(raw: str | None) -> Dict[str, Any]:
    try:
        found = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def transcript(engine: Engine, conversation_ids: Iterable[str],
               limit: int = 2000) -> list[TranscriptLine]:
    """Everything said in the conversations, oldest first, at most `limit` lines; empty when
    Rasa's `events` table does not exist yet (no conversation has been stored)."""
    ids = list(dict.fromkeys(conversation_ids))
    if not ids or not inspect(engine).has_table("events"):
        return []
    query = text(
        "SELECT sender_id, type_name, timestamp, data FROM events "
        "WHERE sender_id IN :ids AND type_name IN "
        "('user', 'bot', 'slot', 'session_started', 'pause', 'resume', 'restart') "
        "ORDER BY timestamp, id"
    ).bindparams(bindparam("ids", expanding=True))
    lines: list[TranscriptLine] = []
    offered: Dict[str, Dict[str, str]] = {}  # per conversation: button payload -> title
    with engine.connect() as connection:
        for sender_id, type_name, timestamp, data in connection.execute(query, {"ids": ids}):
            line = _line(sender_id, type_name, timestamp or 0.0, json.loads(data),
                         offered.setdefault(sender_id, {}))
            if line is not None:
                lines.append(line)
                if len(lines) >= limit:
                    break
    return lines


def _line(sender_id: str, type_name: str, at: float, event: Dict[str, Any],
          offered: Dict[str, str]) -> TranscriptLine | None:
    if type_name == "user":
        return TranscriptLine(sender_id, at, "visitor", visitor_text(event.get("text"), offered))
    if type_name == "bot":
        raw_buttons = (event.get("data") or {}).get("buttons") or []
        offered.update({str(b.get("payload")): str(b.get("title", "")) for b in raw_buttons
                        if b.get("payload")})
        buttons = tuple(str(b.get("title", "")) for b in raw_buttons)
        if not event.get("text") and not buttons:
            return None
        # A staff member's message (bot/web/staff/takeover.py) names who wrote it.
        staff_name = (event.get("metadata") or {}).get("staff_name")
        if staff_name:
            return TranscriptLine(sender_id, at, "staff", event.get("text") or "",
                                  author=str(staff_name))
        return TranscriptLine(sender_id, at, "assistant", event.get("text") or "", buttons)
    if type_name == "slot":
        if event.get("name") == "last_red_flag" and event.get("value"):
            kind = str(event["value"]).replace("_", " ")
            return TranscriptLine(sender_id, at, "event", f"Red flag: {kind}")
        return None
    return TranscriptLine(sender_id, at, "event", _NOTED[type_name])


@dataclass(frozen=True)
class ConversationState:
    """What Rasa's stored events say about a conversation now."""

    exists: bool
    paused: bool  # the assistant stays silent: a person has taken over
    channel: str | None  # the channel of the visitor's latest message (Rasa's "latest")


def conversation_state(engine: Engine, conversation_id: str) -> ConversationState:
    """Whether the conversation is paused and which channel it came in on last, as Rasa
    would replay them from its `events` table: a pause lasts until a resume, and a restart or
    a new session (after an hour without a message) ends it too."""
    if not inspect(engine).has_table("events"):
        return ConversationState(False, False, None)
    with engine.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM events WHERE sender_id = :sender LIMIT 1"),
            {"sender": conversation_id}).scalar() is not None
        last_pause_event = connection.execute(
            text("SELECT type_name FROM events WHERE sender_id = :sender AND type_name IN "
                 "('pause', 'resume', 'restart', 'session_started') "
                 "ORDER BY timestamp DESC, id DESC LIMIT 1"),
            {"sender": conversation_id}).scalar()
        last_user = connection.execute(
            text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user' "
                 "ORDER BY timestamp DESC, id DESC LIMIT 1"),
            {"sender": conversation_id}).scalar()
    channel = json.loads(last_user).get("input_channel") if last_user else None
    return ConversationState(exists, last_pause_event == "pause", channel)
