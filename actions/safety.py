"""After a self-harm reply: remember it, so nothing sales-like follows in this conversation."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.failures import answers_on_failure


@answers_on_failure
class ActionNoteCrisisSupport(Action):
    def name(self) -> str:
        return "action_note_crisis_support"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return [SlotSet("crisis_support", True)]
