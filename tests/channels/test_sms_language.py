"""The SMS channel writes its own words (keyword replies, numbered choices, the opt-out line)
in the language of the number's conversation, read from Rasa's tracker store."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet

from bot.channels.sms import conversation_language

SENDER = "+12105550123"
DOMAIN = Domain.from_dict({"slots": {"language": {
    "type": "categorical", "values": ["en", "es"], "initial_value": "en",
    "influence_conversation": False, "mappings": [{"type": "custom"}]}}})


def request_with(agent: Any) -> Any:
    return SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)))


def language_in(store: Any) -> str:
    return asyncio.run(conversation_language(request_with(SimpleNamespace(tracker_store=store)),
                                             SENDER))


def test_a_conversation_in_spanish_is_answered_in_spanish():
    store = InMemoryTrackerStore(DOMAIN)
    tracker = asyncio.run(store.get_or_create_tracker(SENDER))
    tracker.update(SlotSet("language", "es"))
    asyncio.run(store.save(tracker))
    assert language_in(store) == "es"


def test_a_conversation_left_in_english_is_answered_in_english():
    store = InMemoryTrackerStore(DOMAIN)
    asyncio.run(store.save(asyncio.run(store.get_or_create_tracker(SENDER))))
    assert language_in(store) == "en"


def test_a_number_never_seen_is_answered_in_english():
    assert language_in(InMemoryTrackerStore(DOMAIN)) == "en"


def test_without_a_tracker_store_or_when_it_fails_the_answer_is_english():
    class Broken:
        async def retrieve(self, sender_id: str) -> None:
            raise ConnectionError("database down")

    assert language_in(Broken()) == "en"
    assert asyncio.run(conversation_language(request_with(None), SENDER)) == "en"
