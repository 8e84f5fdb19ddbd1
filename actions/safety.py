"""After a red-flag reply: remember it, so the same one again is answered briefly and, after
thoughts of self-harm, nothing sales-like follows in this conversation. Told by text, from a
number that has a lead, the red flag also flags that lead for staff (the portal's flagged
list) and staff are told at once to call back."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from bot.booking.aftercare import alert_red_flag
from bot.booking.ownership import sender_phone
from bot.notify.outbox import deliver_soon

logger = logging.getLogger(__name__)

RED_FLAG_INTENTS = {
    "report_infection": "infection",
    "report_allergic_reaction": "allergic_reaction",
    "report_self_harm": "self_harm",
}


@answers_on_failure
class ActionNoteRedFlag(Configured, Action):
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
        phone = sender_phone(tracker.get_latest_input_channel(), tracker.sender_id)
        if phone and tracker.get_slot("last_red_flag") != kind:
            await self._flag_for_staff(phone, kind, tracker.sender_id)
        return events

    async def _flag_for_staff(self, phone: str, kind: str, conversation_id: str) -> None:
        settings = self.settings
        sessions = sessions_for(settings)
        try:
            ids = await asyncio.to_thread(alert_red_flag, sessions, settings, phone, kind)
        except Exception:  # logged: the escalation already went out, never undo it
            logger.exception("Could not flag the lead of conversation %s for staff",
                             conversation_id)
            return
        deliver_soon(ids, sessions, settings)
