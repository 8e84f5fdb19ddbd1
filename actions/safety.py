"""After a red-flag reply: remember it, so the same one again is answered briefly and, after
thoughts of self-harm, nothing sales-like follows in this conversation."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.failures import answers_on_failure

RED_FLAG_INTENTS = {
    "report_infection": "infection",
    "report_allergic_reaction": "allergic_reaction",
    "report_self_harm": "self_harm",
}


@answers_on_failure
class ActionNoteRedFlag(Action):
    def name(self) -> str:
        return "action_note_red_flag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        kind = RED_FLAG_INTENTS.get(str(intent))
        if kind is None:
            return []
        events: List[EventType] = [SlotSet("last_red_flag", kind)]
        if kind == "self_harm":
            events.append(SlotSet("crisis_support", True))
        return events
