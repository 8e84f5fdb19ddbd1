"""action_queue_for_person, run as the action server runs it, on a real migrated database."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionQueueForPerson
from bot.handoff.reply_time import when_someone_answers
from bot.store import migrate
from bot.store.db import session_factory_for
from bot.store.handoff import waiting


def _tracker(conversation_id: str, channel: str) -> Tracker:
    events = [
        {
            "event": "user",
            "text": "I want to talk to a person",
            "input_channel": channel,
            "parse_data": {"intent": {"name": "request_human"}},
        }
    ]
    return Tracker(
        conversation_id,
        {},
        {"text": "I want to talk to a person", "intent": {"name": "request_human"}},
        events,
        False,
        None,
        {},
        "action_listen",
    )


def _run(action: ActionQueueForPerson, tracker: Tracker) -> str:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    return str(message["text"])


def test_the_action_queues_the_conversation_with_its_channel_and_says_when(tmp_path, make_settings):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url)
    settings = make_settings(DATABASE_URL=url)
    before = datetime.now(timezone.utc)
    said = _run(ActionQueueForPerson(settings), _tracker("conv-sms", "sms"))
    after = datetime.now(timezone.utc)
    assert said in {when_someone_answers(settings, before), when_someone_answers(settings, after)}
    [entry] = waiting(session_factory_for(url))
    assert (entry.conversation_id, entry.channel) == ("conv-sms", "sms")


def test_without_its_database_the_action_apologises_with_the_phone(tmp_path, make_settings):
    settings = make_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'missing' / 'clinic.db'}")
    said = _run(ActionQueueForPerson(settings), _tracker("conv-1", "socketio"))
    assert "something went wrong on our side" in said
    assert settings.clinic.phone_display in said


def _spanish(tracker: Tracker) -> Tracker:
    tracker.slots["language"] = "es"
    return tracker


def test_a_spanish_speaker_hears_when_someone_answers_in_spanish(tmp_path, make_settings):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url)
    settings = make_settings(DATABASE_URL=url)
    said = _run(ActionQueueForPerson(settings), _spanish(_tracker("conv-es", "socketio")))
    assert said.startswith("Ya le avisé al equipo que quiere hablar con una persona.")


def test_without_its_database_a_spanish_speaker_gets_the_apology_in_spanish(
        tmp_path, make_settings):
    settings = make_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'missing' / 'clinic.db'}")
    said = _run(ActionQueueForPerson(settings), _spanish(_tracker("conv-2", "socketio")))
    assert said.startswith("Lo siento, algo falló de nuestro lado")
    assert "(210) 555-0147" in said
