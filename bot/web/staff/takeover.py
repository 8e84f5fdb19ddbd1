"""Staff stepping into a conversation: pause the assistant, write to the visitor, hand back.

Rasa's own mechanism does the work (bot/web/staff/rasa_api.py): a `pause` event makes Rasa
store the visitor's messages but predict nothing, `resume` hands back, and a staff message is
a bot message appended to the tracker, so the transcript is the conversation as it happened.
It reaches the visitor on the channel they wrote on last: socket.io through Rasa (the room of
their session), a text through Twilio for SMS (never to a number that opted out). A REST
conversation cannot be sent to later: the message is stored and staff are told.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List

from sqlalchemy.orm import sessionmaker

from bot.notify.sms import SmsError, send_sms
from bot.settings import Settings
from bot.store import audit
from bot.store.handoff import (
    DONE,
    HANDED_BACK,
    TAKEN_OVER,
    close_waiting,
    lead_of,
    release_hold,
    take_hold,
)
from bot.store.models import StaffUser
from bot.store.sms import is_opted_out
from bot.web.staff.rasa_api import RasaApi

TOOK_OVER = "took_over"
WROTE = "wrote_to_visitor"
GAVE_BACK = "handed_back"
MARKED_DONE = "queue_done"  # a waiting request closed without taking over
SOCKETIO = "socketio"
SMS = "sms"
MAX_MESSAGE = 1000
MAX_NAME = 40
BACK = (
    "You're back with the clinic's virtual assistant. Ask me anything, or say \"talk to a "
    'person" to reach the team again.'
)


class TakeoverError(ValueError):
    """What staff asked cannot be done; the message says why, for the page."""


@dataclass(frozen=True)
class Delivery:
    """How a message reached the visitor: `delivered`, and a note for staff when it did not."""

    delivered: bool
    note: str = ""


def joined_text(display_name: str) -> str:
    return f"You're now chatting with {display_name} from the clinic."


def display_name_for(email: str) -> str:
    """A first name guessed from an email ('maria.lopez@...' -> 'Maria'); staff can change it."""
    local = email.split("@", 1)[0]
    first = local.replace("_", ".").replace("-", ".").split(".", 1)[0]
    return first[:1].upper() + first[1:MAX_NAME].lower() if first.isalpha() else ""


def take_over(
    api: RasaApi,
    settings: Settings,
    sessions: sessionmaker,
    user: StaffUser,
    conversation_id: str,
    display_name: str,
) -> Delivery:
    """Pause the assistant in the conversation and tell the visitor who joined."""
    name = " ".join(display_name.split())
    if not name or len(name) > MAX_NAME:
        raise TakeoverError(
            f"Give the first name the visitor will see (at most {MAX_NAME} characters)."
        )
    if any(c in name for c in "<>"):
        raise TakeoverError("The name cannot contain < or >.")
    delivery = _say(
        api,
        settings,
        sessions,
        conversation_id,
        joined_text(name),
        name,
        before=[{"event": "pause"}],
    )
    take_hold(sessions, conversation_id, user, name)
    close_waiting(sessions, conversation_id, user, TAKEN_OVER)
    _audit(sessions, user, TOOK_OVER, conversation_id, f"as {name}")
    return delivery


def write(
    api: RasaApi,
    settings: Settings,
    sessions: sessionmaker,
    user: StaffUser,
    conversation_id: str,
    display_name: str,
    text: str,
) -> Delivery:
    """Send the staff member's words to the visitor of a conversation they have paused."""
    text = text.strip()
    if not text:
        raise TakeoverError("Write a message first.")
    if len(text) > MAX_MESSAGE:
        raise TakeoverError(f"Keep a message under {MAX_MESSAGE} characters; send two.")
    if not api.state(conversation_id).paused:
        raise TakeoverError(
            "The assistant is not paused in this conversation: take it over "
            "first, so that you and the assistant do not both answer."
        )
    delivery = _say(api, settings, sessions, conversation_id, text, display_name)
    _audit(
        sessions,
        user,
        WROTE,
        conversation_id,
        f"{len(text)} characters" + ("" if delivery.delivered else ", not delivered"),
    )
    return delivery


def hand_back(
    api: RasaApi, settings: Settings, sessions: sessionmaker, user: StaffUser, conversation_id: str
) -> Delivery:
    """Tell the visitor the assistant is back, and resume it."""
    delivery = _say(
        api, settings, sessions, conversation_id, BACK, None, after=[{"event": "resume"}]
    )
    release_hold(sessions, conversation_id)
    close_waiting(sessions, conversation_id, user, HANDED_BACK)
    _audit(sessions, user, GAVE_BACK, conversation_id)
    return delivery


def _say(
    api: RasaApi,
    settings: Settings,
    sessions: sessionmaker,
    conversation_id: str,
    text: str,
    staff_name: str | None,
    before: List[Dict[str, Any]] | None = None,
    after: List[Dict[str, Any]] | None = None,
) -> Delivery:
    message: Dict[str, Any] = {"event": "bot", "text": text}
    if staff_name:
        # The transcript shows who wrote it; the assistant's own messages carry no name.
        message["metadata"] = {"staff_name": staff_name}
    events = [*(before or []), message, *(after or [])]
    channel = api.state(conversation_id).latest_input_channel
    if channel == SOCKETIO:
        api.append(conversation_id, events, send_to_latest_channel=True)
        return Delivery(True)
    api.append(conversation_id, events)
    if channel == SMS:
        return _text(settings, sessions, conversation_id, text)
    return Delivery(
        False,
        f"This visitor wrote over {channel or 'an unknown channel'}, which "
        "cannot receive messages sent later: it is in the transcript only. Call "
        "or email them if you have their details.",
    )


def _text(settings: Settings, sessions: sessionmaker, phone: str, text: str) -> Delivery:
    # An SMS conversation is named by the visitor's number (bot/channels/sms.py).
    with sessions() as session:
        if is_opted_out(session, phone):
            return Delivery(
                False,
                "Not texted: this number opted out (STOP). The message is in the transcript only.",
            )
    try:
        send_sms(settings.sms, phone, text)
    except SmsError as error:
        return Delivery(
            False, f"The text could not be sent ({error}); the message is in the transcript only."
        )
    return Delivery(True)


def mark_done(sessions: sessionmaker, user: StaffUser, conversation_id: str) -> bool:
    """Close the conversation's waiting request without taking over (the visitor was called,
    say); False if it was not waiting."""
    if not close_waiting(sessions, conversation_id, user, DONE):
        return False
    _audit(sessions, user, MARKED_DONE, conversation_id)
    return True


def _audit(
    sessions: sessionmaker, user: StaffUser, action: str, conversation_id: str, detail: str = ""
) -> None:
    lead = lead_of(sessions, conversation_id)
    where = f"conversation {conversation_id[:12]}"
    audit.record(sessions, user, action, lead, detail=f"{where} {detail}".strip())
