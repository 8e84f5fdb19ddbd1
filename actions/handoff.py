"""A visitor asks to talk to a person: the conversation joins the staff portal's queue and the
visitor hears honestly when someone will answer (bot/handoff/reply_time.py)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from bot.handoff.reply_time import when_someone_answers
from bot.language import language_of
from bot.store.handoff import request_person


@answers_on_failure
class ActionQueueForPerson(Configured, Action):
    """Queue the conversation for staff (once, however often asked) and say when."""

    def name(self) -> str:
        return "action_queue_for_person"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        settings = self.settings
        channel = tracker.get_latest_input_channel() or "unknown"
        # The database write runs in a thread: the action server's loop serves everyone.
        await asyncio.to_thread(request_person, sessions_for(settings), tracker.sender_id, channel)
        dispatcher.utter_message(text=when_someone_answers(
            settings, datetime.now(timezone.utc), language_of(tracker.get_slot("language"))))
        return []
