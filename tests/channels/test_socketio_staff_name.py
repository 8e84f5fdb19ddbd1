"""A staff member's message reaches the widget with their name: Rasa's own send path
(`OutputChannel.send_response` with a BotUttered's message, as the HTTP API's
`output_channel=latest` uses it) through the socket.io output of bot/channels/socketio.py."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Tuple

from rasa.shared.core.events import BotUttered

from bot.channels.socketio import OriginCheckedSocketIOInput, StaffNamingSocketIOOutput


class RecordingServer:
    """Stands in for socketio.AsyncServer: records what would be emitted to which room."""

    def __init__(self) -> None:
        self.emitted: List[Tuple[str, Dict[str, Any], str]] = []

    async def emit(self, event: str, data: Dict[str, Any], room: str) -> None:
        self.emitted.append((event, data, room))


def _send(event: BotUttered) -> List[Tuple[str, Dict[str, Any], str]]:
    server = RecordingServer()
    output = StaffNamingSocketIOOutput(server, "bot_uttered")  # type: ignore[arg-type]
    asyncio.run(output.send_response("session-1", event.message()))
    return server.emitted


def test_a_staff_message_is_emitted_with_the_staff_members_name():
    event = BotUttered(
        "Hi, I'm Maria.\n\nWould Tuesday suit you?", metadata={"staff_name": "Maria"}
    )
    assert _send(event) == [
        ("bot_uttered", {"text": "Hi, I'm Maria.", "staff_name": "Maria"}, "session-1"),
        ("bot_uttered", {"text": "Would Tuesday suit you?", "staff_name": "Maria"}, "session-1"),
    ]


def test_the_assistants_messages_carry_no_name():
    plain = BotUttered("You're back with the clinic's virtual assistant.")
    buttons = BotUttered("Which kind?", data={"buttons": [{"title": "A", "payload": "a"}]})
    assert _send(plain) == [
        ("bot_uttered", {"text": "You're back with the clinic's virtual assistant."}, "session-1")
    ]
    [(_, sent, _)] = _send(buttons)
    assert "staff_name" not in sent and sent["quick_replies"][0]["payload"] == "a"


def test_the_http_apis_output_for_the_channel_is_the_naming_one():
    channel = OriginCheckedSocketIOInput()
    channel.sio = RecordingServer()  # set by blueprint() when Rasa starts the channel
    assert isinstance(channel.get_output_channel(), StaffNamingSocketIOOutput)
