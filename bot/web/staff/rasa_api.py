"""Rasa's HTTP API, as the web app uses it to step into a conversation: read the tracker's
state, append events (a pause, a resume, a staff member's message).

Only the web app holds the API's token (RASA_API_TOKEN); Rasa takes it as the `token` query
parameter. `output_channel=latest` with `execute_side_effects=true` makes Rasa send an
appended bot message to the conversation's latest input channel (for socket.io: the room of
the visitor's session id) besides storing it in the tracker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List
from urllib.parse import quote

import requests

from bot.settings import Settings

RASA_TIMEOUT_S = 10
PATH_SAFE = "!$&'()*+,;=:@/-._~"  # what a URL path carries unescaped (RFC 3986)


class RasaApiError(RuntimeError):
    """Rasa's API did not answer, or refused the request."""


@dataclass(frozen=True)
class TrackerState:
    paused: bool
    latest_input_channel: str | None


@dataclass(frozen=True)
class RasaApi:
    url: str
    token: str

    @classmethod
    def for_settings(cls, settings: Settings) -> RasaApi | None:
        """The API as configured; None without a token (take-over is then unavailable)."""
        token = settings.handoff.rasa_api_token
        return cls(settings.handoff.rasa_api_url, token) if token else None

    def state(self, conversation_id: str) -> TrackerState:
        answer = self._call("GET", conversation_id, "tracker", {"include_events": "NONE"})
        return TrackerState(bool(answer.get("paused")), answer.get("latest_input_channel"))

    def append(
        self,
        conversation_id: str,
        events: List[Dict[str, Any]],
        send_to_latest_channel: bool = False,
    ) -> TrackerState:
        """Append `events` to the tracker; with `send_to_latest_channel`, bot messages among
        them also go to the visitor on the conversation's latest channel."""
        params = {"include_events": "NONE"}
        if send_to_latest_channel:
            params.update(output_channel="latest", execute_side_effects="true")
        answer = self._call("POST", conversation_id, "tracker/events", params, events)
        return TrackerState(bool(answer.get("paused")), answer.get("latest_input_channel"))

    def _call(
        self, method: str, conversation_id: str, path: str, params: Dict[str, str], body: Any = None
    ) -> Dict[str, Any]:
        # Rasa's router does not unquote path parameters: an id is sent as it is, and one
        # that needs escaping in a URL cannot be reached at all.
        if quote(conversation_id, safe=PATH_SAFE) != conversation_id:
            raise RasaApiError("this conversation's id cannot be sent to the assistant's server")
        url = f"{self.url}/conversations/{conversation_id}/{path}"
        try:
            response = requests.request(
                method,
                url,
                params={**params, "token": self.token},
                json=body,
                timeout=RASA_TIMEOUT_S,
            )
        except requests.RequestException as error:
            # Not the error's text: it quotes the URL, token included.
            raise RasaApiError(
                f"the assistant's server did not answer ({type(error).__name__})"
            ) from None
        if response.status_code != 200:
            raise RasaApiError(f"the assistant's server answered {response.status_code}")
        answer = response.json()
        return answer if isinstance(answer, dict) else {}
