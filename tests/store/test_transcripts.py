"""What staff read in a transcript: what the visitor typed, and in words what a button or the
widget sent for them (a payload such as "/greet" is not something the visitor wrote)."""

from __future__ import annotations

import asyncio
from typing import List

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.settings import PROJECT_ROOT
from bot.store.transcripts import OPENED, transcript, visitor_text


def _store(database_url: str, sender: str, events: List[Event]) -> None:
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    store = SQLTrackerStore(domain, host=database_url)  # as endpoints.yml passes DATABASE_URL
    tracker = DialogueStateTracker(sender, domain.slots)
    for event in events:
        tracker.update(event)
    asyncio.run(store.save(tracker))


def _visitor_lines(engine, sender: str) -> List[str]:
    return [line.text for line in transcript(engine, [sender]) if line.speaker == "visitor"]


def test_the_widgets_opening_greet_reads_as_opening_the_chat(database_url, engine):
    _store(database_url, "widget-1", [
        SessionStarted(timestamp=1.0),
        UserUttered("/greet", timestamp=2.0),
        BotUttered("Hi! What would you like to know?", timestamp=3.0),
        UserUttered("how much is it?", timestamp=4.0),
    ])

    assert _visitor_lines(engine, "widget-1") == [OPENED, "how much is it?"]


def test_the_spanish_pages_opening_greet_with_its_language_reads_as_opening_the_chat(
    database_url, engine
):
    _store(database_url, "widget-es", [
        UserUttered('/greet{"language":"es"}', timestamp=1.0),
        UserUttered("cuánto cuesta?", timestamp=2.0),
    ])

    assert _visitor_lines(engine, "widget-es") == [OPENED, "cuánto cuesta?"]


def test_a_clicked_button_reads_as_its_title(database_url, engine):
    _store(database_url, "widget-2", [
        BotUttered("Would you like a personal estimate?", timestamp=1.0, data={"buttons": [
            {"title": "Start the assessment", "payload": "/request_assessment"},
            {"title": "Talk to a person", "payload": "/request_human"},
        ]}),
        UserUttered("/request_human", timestamp=2.0),
    ])

    assert _visitor_lines(engine, "widget-2") == ["(chose \u201cTalk to a person\u201d)"]


def test_a_button_reads_in_the_language_it_was_offered_in(database_url, engine):
    _store(database_url, "widget-3", [
        BotUttered("¿Le gustaría un estimado?", timestamp=1.0, data={"buttons": [
            {"title": "Sí, por favor", "payload": "/affirm"},
        ]}),
        UserUttered("/affirm", timestamp=2.0),
    ])

    assert _visitor_lines(engine, "widget-3") == ["(chose \u201cSí, por favor\u201d)"]


def test_a_button_of_another_conversation_does_not_name_a_payload(database_url, engine):
    _store(database_url, "widget-4", [
        BotUttered("Shall we?", timestamp=1.0, data={"buttons": [
            {"title": "Yes", "payload": "/affirm"}]}),
    ])
    _store(database_url, "widget-5", [UserUttered("/affirm", timestamp=2.0)])

    lines = transcript(engine, ["widget-4", "widget-5"])

    assert [(line.conversation_id, line.text) for line in lines if line.speaker == "visitor"] == [
        ("widget-5", "(chose: affirm)")
    ]


def test_a_payload_without_its_button_reads_as_the_intent_in_words():
    assert visitor_text("/request_human", {}) == "(chose: request human)"
    assert visitor_text("/faq/cost", {}) == "(chose: faq: cost)"


def test_the_widgets_language_switch_reads_as_the_language_chosen():
    assert visitor_text('/switch_language{"language":"es"}', {}) == (
        "(switched the chat to Spanish)")
    assert visitor_text('/switch_language{"language": "en"}', {}) == (
        "(switched the chat to English)")
    assert visitor_text('/switch_language{"language":"fr"}', {}) == "(chose: switch language)"
    assert visitor_text("/switch_language{not json}", {}) == "(chose: switch language)"


def test_what_a_visitor_typed_is_shown_as_typed_even_with_a_slash():
    assert visitor_text("ice-pick", {"ice-pick": "Ice pick"}) == "ice-pick"
    assert visitor_text("/ what does 1/2 mean?", {}) == "/ what does 1/2 mean?"
    assert visitor_text("", {}) == ""
    assert visitor_text(None, {}) == ""
