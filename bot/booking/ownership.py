"""Whose booking and whose lead: what proves that a mobile number belongs to the visitor.

A sender id is whatever the client sends: on the web anyone can post
`{"sender": "+12105550123"}`. Only a channel that proves its sender (SMS, where the carrier
does) may have its sender id taken as the visitor's number. On the web a number is proven by
finding a booking with its reference and that number together (actions/booking/manage.py,
bot.store.bookings.find_booking), or by typing back a code texted to it (bot.store.sms).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

# Channels whose sender id is a phone number the channel vouches for: the SMS channel
# (bot/channels/sms.py) answers only requests signed by Twilio, whose From the carrier proves.
PROVEN_PHONE_CHANNELS: frozenset[str] = frozenset({"sms"})

E164 = re.compile(r"^\+[1-9]\d{7,14}$")

# The SMS channel puts each text's MessageSid into the message's metadata under this key: a
# new session's start finds the number proven by it (bot.store.sms.being_answered), before the
# text itself, whose input channel proves it later, is in the conversation.
SMS_MESSAGE_SID = "twilio_message_sid"

# The number the visitor proved in this conversation by reference and number (slot name).
PROVEN_PHONE_SLOT = "proven_phone"


def sender_phone(channel: str | None, sender_id: str) -> str | None:
    """The sender id as the visitor's mobile number, only on a channel that proves it."""
    if channel in PROVEN_PHONE_CHANNELS and E164.match(sender_id or ""):
        return sender_id
    return None


def phone_is_proven(
    phone: str | None, channel: str | None, sender_id: str, slots: Mapping[str, Any]
) -> bool:
    """Whether this conversation proved that `phone` is the visitor's own number."""
    if not phone:
        return False
    return phone in (sender_phone(channel, sender_id), slots.get(PROVEN_PHONE_SLOT))
