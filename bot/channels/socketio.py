"""Rasa's socket.io channel, accepting browsers only from the clinic's own web pages.

Rasa builds its socket.io server with `cors_allowed_origins=[]`, which turns engine.io's
origin check off: a script on any site could open a socket and talk as a visitor (browsers do
not apply CORS to websockets). This channel checks the Origin header of every socket.io
request against ALLOWED_ORIGINS and refuses others with a 400; a request without an Origin
(not from a browser) is let through, as engine.io does. Several questions in one message are
answered in turn (bot/channels/questions.py). Name and credentials.yml settings
are Rasa's own ("socketio").

The session id, the conversation's id, comes from the browser too: a `session_request` or a
message whose session id reads as a phone number (bot/channels/phone_ids.py) would join or
continue a texter's conversation, so it is refused with a `session_refused` event
({"reason": ...}) and no `session_confirm`, no room and no message. The widget's ids are
random and never refused.

A staff member's message (bot/web/staff/takeover.py) is a bot message whose metadata names
them (`staff_name`). Rasa passes a bot message's metadata to the output channel, but its
socket.io output sends only the text; this channel's output adds `staff_name` to the
`bot_uttered` payload, so the widget shows who wrote it. Messages sent over Rasa's HTTP API
(`output_channel=latest`, how staff messages are sent) go through this output.

The replies to a visitor's message that is clearly in one language carry it (`"language":
"es"`), the same decision that sets the conversation's `language` slot: a visitor who writes in
Spanish on the English page gets the widget's own words in Spanish too.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint
from socketio import AsyncServer

from bot.channels.phone_ids import PHONE_ID_REFUSED, reads_as_phone_number
from bot.channels.questions import OnNewMessage, one_question_at_a_time
from bot.language import payload_language
from bot.language.detect import language_of_message
from bot.settings import get_settings

logger = logging.getLogger(__name__)

SESSION_REFUSED_EVT = "session_refused"
STAFF_NAME = "staff_name"  # the bot message's metadata key, and the payload's
LANGUAGE = "language"  # the payload's key for the language a visitor's message set
SocketHandler = Callable[..., Awaitable[Any]]


class OriginCheckedSocketIOInput(SocketIOInput):
    """socket.io at /socket.io, for pages whose origin is in ALLOWED_ORIGINS only."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @property
    def allowed_origins(self) -> List[str]:
        return list(get_settings().allowed_origins)

    def get_output_channel(self) -> OutputChannel | None:
        """The output Rasa's HTTP API uses for `output_channel=socketio` (or `latest`)."""
        if super().get_output_channel() is None:  # no server yet: Rasa's warning, and None
            return None
        return StaffNamingSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's socket.io routes and events, with engine.io's origin check switched on."""
        blueprint = super().blueprint(one_question_at_a_time(telling_the_language(on_new_message)))
        engine = self.sio.eio  # self.sio is set by super().blueprint()
        allowed = self.allowed_origins
        if not allowed:  # engine.io reads [] as "check nothing"
            raise ValueError("ALLOWED_ORIGINS is empty")
        engine.cors_allowed_origins = allowed
        # The Rasa server's CORS layer (--cors) already answers every route, this one included;
        # engine.io adding its own Access-Control headers would send them twice, which browsers
        # reject. So engine.io only checks the origin.
        engine._cors_headers = _no_cors_headers
        # Rasa's own handlers, each behind the check of the session id it is given.
        handlers = self.sio.handlers[self.namespace or "/"]
        for event in ("session_request", self.user_message_evt):
            self.sio.on(event, namespace=self.namespace)(
                _refusing_phone_number_ids(self.sio, event, handlers[event], self.namespace)
            )
        return blueprint


class StaffNamingSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, with the name of the staff member who wrote a text."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        staff_name = kwargs.get(STAFF_NAME)
        if not isinstance(staff_name, str) or not staff_name:
            await super().send_text_message(recipient_id, text, **kwargs)
            return
        for message_part in text.strip().split("\n\n"):  # as Rasa splits a text
            await self._send_message(recipient_id, {"text": message_part, STAFF_NAME: staff_name})


class LanguageTellingSocketIOOutput(StaffNamingSocketIOOutput):
    """The replies to a message that set the conversation's language, each with that language
    (`"language": "es"`), so the widget says its own words in it too."""

    def __init__(self, sio: AsyncServer, bot_message_evt: str, language: str) -> None:
        super().__init__(sio, bot_message_evt)
        self.language = language

    async def _send_message(self, socket_id: str, response: Any) -> None:
        await super()._send_message(socket_id, {**response, LANGUAGE: self.language})


def telling_the_language(on_new_message: OnNewMessage) -> OnNewMessage:
    """Wrap `on_new_message` so the replies to a message in a clear language, or to a button
    naming one ("Español"), carry it: the same decision as the `language` slot's."""

    async def handle(message: UserMessage) -> Any:
        language = (payload_language(message.text)
                    or language_of_message(message.text, message.metadata))
        output = message.output_channel
        if language is not None and isinstance(output, SocketIOOutput):
            message.output_channel = LanguageTellingSocketIOOutput(
                output.sio, output.bot_message_evt, language)
        return await on_new_message(message)

    return handle


def _no_cors_headers(_environ: Dict[str, Any]) -> List[Any]:
    return []


def _refusing_phone_number_ids(
    sio: AsyncServer, event: str, handler: SocketHandler, namespace: str | None
) -> SocketHandler:
    """`handler`, except for data whose session id reads as a phone number: that is answered
    with SESSION_REFUSED_EVT and goes no further."""

    async def checked(sid: str, data: Any = None) -> Any:
        session_id = data.get("session_id") if isinstance(data, dict) else None
        if session_id is not None and reads_as_phone_number(str(session_id)):
            logger.warning("socket.io %s refused: its session id reads as a phone number", event)
            await sio.emit(
                SESSION_REFUSED_EVT,
                {"reason": f"session_id: {PHONE_ID_REFUSED}"},
                room=sid,
                namespace=namespace,
            )
            return None
        return await handler(sid, data)

    return checked
