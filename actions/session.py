"""A new conversation session carries over only what is neither health nor contact details.

Rasa's own session start can carry every slot into the next session; a visitor's answers and
contact details must not outlive the conversation they were given in (and a declined intake
must leave nothing behind), so only the slots below cross over.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.failures import answers_on_failure

# The stored lead's public reference (no details; "I want to book" goes straight to booking)
# and whether this visitor has been given crisis support (no sales talk follows).
CARRIED_OVER = ("lead_reference", "crisis_support", "last_red_flag")


@answers_on_failure
class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        carried = [SlotSet(slot, tracker.get_slot(slot)) for slot in CARRIED_OVER
                   if tracker.get_slot(slot) is not None]
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]
