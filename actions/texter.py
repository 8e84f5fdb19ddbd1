"""A texter whose number already has a lead is known: the carrier proves the number, so the
conversation may use that lead's reference, name and number (never its health details)."""

from __future__ import annotations

import asyncio
from typing import Dict

from rasa_sdk import Tracker

from actions.configured import sessions_for
from bot.booking.ownership import sender_phone
from bot.settings import Settings
from bot.store.leads import KnownLead, lead_of_number


async def known_texter(tracker: Tracker, settings: Settings) -> KnownLead | None:
    """The lead of the number the latest message was texted from; None on the web."""
    phone = sender_phone(tracker.get_latest_input_channel(), tracker.sender_id)
    if phone is None:
        return None
    return await asyncio.to_thread(lead_of_number, sessions_for(settings), phone)


def known_contact(known: KnownLead | None) -> Dict[str, str]:
    """The contact slots a known texter is not asked for again."""
    return {"contact_name": known.name, "contact_phone": known.phone} if known else {}
