"""Read conversations back from Rasa's SQL tracker store (its `events` table)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator

from sqlalchemy import text
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
