"""A new conversation session carries over only what is neither health nor contact details,
and a texter whose number has a lead starts it known.

Rasa's own session start can carry every slot into the next session; a visitor's answers and
contact details must not outlive the conversation they were given in (and a declined intake
must leave nothing behind), so only the slots below cross over. A text is different: the
carrier proves the sender's number, so a session started by a text from a number with a lead
takes that lead's reference ("I want to book" books straight away) and becomes the lead's
latest conversation.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from bot.booking.ownership import E164, SMS_MESSAGE_SID
from bot.store.leads import KnownLead, link_conversation
from bot.store.sms import being_answered

logger = logging.getLogger(__name__)

# The stored lead's public reference (no details; "I want to book" goes straight to booking),
# whether this visitor has been given crisis support (no sales talk follows), and the language
# they speak (a visitor who comes back after an hour is not greeted in the other one).
CARRIED_OVER = ("lead_reference", "crisis_support", "last_red_flag", "language")
# Rasa puts the metadata of the message that starts a session here before the session starts.
SESSION_METADATA_SLOT = "session_started_metadata"


@answers_on_failure
class ActionSessionStart(Configured, Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        carried = {slot: tracker.get_slot(slot) for slot in CARRIED_OVER
                   if tracker.get_slot(slot) is not None}
        known = await self._returning_texter(tracker)
        if known is not None:
            carried["lead_reference"] = known.reference
        return [SessionStarted(), *(SlotSet(slot, value) for slot, value in carried.items()),
                ActionExecuted("action_listen")]

    async def _returning_texter(self, tracker: Tracker) -> KnownLead | None:
        """The lead of the number whose text starts this session, linked to it; None when
        the session was not started by a text (whatever its sender id) or the number has no
        lead."""
        metadata = tracker.get_slot(SESSION_METADATA_SLOT)
        sid = metadata.get(SMS_MESSAGE_SID) if isinstance(metadata, dict) else None
        phone = tracker.sender_id
        if not isinstance(sid, str) or not E164.match(phone):
            return None
        sessions = sessions_for(self.settings)
        try:
            if not await asyncio.to_thread(being_answered, sessions, sid, phone,
                                           datetime.now(timezone.utc)):
                return None
            return await asyncio.to_thread(link_conversation, sessions, phone, phone)
        except Exception:  # logged: the session starts anyway, the texter just is not known
            logger.exception("Could not look up the lead of conversation %s",
                             phone[:5] + "***")
            return None
