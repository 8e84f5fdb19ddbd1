"""Rasa's socket.io channel, accepting browsers only from the clinic's own web pages.

Rasa builds its socket.io server with `cors_allowed_origins=[]`, which turns engine.io's
origin check off: a script on any site could open a socket and talk as a visitor (browsers do
not apply CORS to websockets). This channel checks the Origin header of every socket.io
request against ALLOWED_ORIGINS and refuses others with a 400; a request without an Origin
(not from a browser) is let through, as engine.io does. Several questions in one message are
answered in turn (bot/channels/questions.py). Name and credentials.yml settings
are Rasa's own ("socketio").
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.channels.questions import one_question_at_a_time
from bot.settings import get_settings


class OriginCheckedSocketIOInput(SocketIOInput):
    """socket.io at /socket.io, for pages whose origin is in ALLOWED_ORIGINS only."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @property
    def allowed_origins(self) -> List[str]:
        return list(get_settings().allowed_origins)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        """Rasa's socket.io routes and events, with engine.io's origin check switched on."""
        blueprint = super().blueprint(one_question_at_a_time(on_new_message))
        engine = self.sio.eio  # self.sio is set by super().blueprint()
        allowed = self.allowed_origins
        if not allowed:  # engine.io reads [] as "check nothing"
            raise ValueError("ALLOWED_ORIGINS is empty")
        engine.cors_allowed_origins = allowed
        # The Rasa server's CORS layer (--cors) already answers every route, this one included;
        # engine.io adding its own Access-Control headers would send them twice, which browsers
        # reject. So engine.io only checks the origin.
        engine._cors_headers = _no_cors_headers
        return blueprint


def _no_cors_headers(_environ: Dict[str, Any]) -> List[Any]:
    return []
