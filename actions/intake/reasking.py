"""What a form says when a message did not answer its question, before asking it again."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.intake.questions import reask
from bot.language import language_of, switched_by_latest_message


def tell_not_answered(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str,
                      problem: str | None) -> None:
    """Why the answer was not read, with an example; but a first message in the other
    language ("no entiendo") was not a bad answer: say we go on in that language instead."""
    if switched_by_latest_message(tracker.events):
        dispatcher.utter_message(response="utter_language_switched")
        return
    dispatcher.utter_message(text=reask(slot, problem, language_of(tracker.get_slot("language"))))
