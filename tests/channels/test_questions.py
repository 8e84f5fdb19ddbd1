"""Several questions in one message are split into whole questions, and nothing else is."""

from __future__ import annotations

import asyncio
import threading
from typing import List

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.questions import one_question_at_a_time, split_questions


@pytest.mark.parametrize("text, questions", [
    ("how much is it? do you take insurance?", ["how much is it?", "do you take insurance?"]),
    ("how much is it and do you take insurance", ["how much is it", "do you take insurance"]),
    ("is it safe while breastfeeding? and can i use numbing cream?",
     ["is it safe while breastfeeding?", "can i use numbing cream?"]),
    ("how many sessions will i need and what does it cost",
     ["how many sessions will i need", "what does it cost"]),
    ("how many sessions would i need and how far apart are they? the wedding is june 14",
     ["how many sessions would i need", "how far apart are they? the wedding is june 14"]),
])
def test_two_whole_questions_are_split_in_order(text, questions):
    assert split_questions(text) == questions


@pytest.mark.parametrize("text", [
    "how much is micro-needling?",
    "maybe 20? is that a lot?",  # an answer with a question after it
    "rolling and boxcar",
    "cheeks and chin",
    "I don't have a fever, should I be worried?",
    "my cheek is swollen and oozing after microneedling. is that normal?",
    "do you do ice pick scars and how much",  # the second is too short to stand alone
    "what is prp? what is microneedling? how much does it cost? where are you?",  # too many
    "ok thanks. how much is it?",
])
def test_anything_but_several_whole_questions_is_left_as_written(text):
    assert split_questions(text) == [text]


def test_each_question_runs_in_turn_in_the_same_conversation_and_channel():
    seen: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        seen.append(message)

    collector = CollectingOutputChannel()
    message = UserMessage("how much is it? do you take insurance?", collector, "visitor-1",
                          input_channel="rest", metadata={"page": "/"})
    # In a thread of its own: another test may have left an event loop running in this one.
    runner = threading.Thread(
        target=lambda: asyncio.run(one_question_at_a_time(on_new_message)(message)))
    runner.start()
    runner.join(timeout=10)
    assert [m.text for m in seen] == ["how much is it?", "do you take insurance?"]
    assert {(m.sender_id, m.input_channel, m.output_channel) for m in seen} == {
        ("visitor-1", "rest", collector)}
    assert all(m.metadata == {"page": "/"} for m in seen)
