"""The replies to a visitor's message in a clear language carry that language to the widget
(bot/channels/socketio.py), decided as the conversation's `language` slot is: a Spanish
message on the English page turns the widget's own words Spanish too."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Tuple

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOOutput
from rasa.shared.core.events import BotUttered

from bot.channels.socketio import telling_the_language


class RecordingServer:
    """Stands in for socketio.AsyncServer: records what would be emitted to which room."""

    def __init__(self) -> None:
        self.emitted: List[Tuple[str, Dict[str, Any], str]] = []

    async def emit(self, event: str, data: Dict[str, Any], room: str) -> None:
        self.emitted.append((event, data, room))


def _replies_to(text: str, metadata: Dict[str, Any] | None = None) -> List[Dict[str, Any]]:
    """What the widget receives when the assistant answers `text` with a text and buttons."""
    server = RecordingServer()

    async def assistant(message: UserMessage) -> None:
        output = message.output_channel
        await output.send_response(message.sender_id, BotUttered("Claro.").message())
        await output.send_response(message.sender_id, BotUttered(
            "¿Cuál?", data={"buttons": [{"title": "Sí", "payload": "yes"}]}).message())

    message = UserMessage(text, SocketIOOutput(server, "bot_uttered"), "session-1",
                          input_channel="socketio", metadata=metadata or {})
    asyncio.run(telling_the_language(assistant)(message))
    return [data for _, data, _ in server.emitted]


def test_replies_to_a_spanish_message_carry_spanish():
    replies = _replies_to("hola, cuánto cuesta el microneedling?")
    assert [reply.get("language") for reply in replies] == ["es", "es"]
    assert replies[0]["text"] == "Claro." and replies[1]["quick_replies"][0]["payload"] == "yes"


def test_replies_to_an_english_message_carry_english():
    assert {reply.get("language") for reply in _replies_to("how much does it cost?")} == {"en"}


def test_replies_to_an_ambiguous_word_carry_no_language():
    for text in ("ok", "no", "34", "Maria Lopez"):
        assert all("language" not in reply for reply in _replies_to(text)), text


def test_replies_to_a_button_naming_a_language_carry_it():
    for language in ("es", "en"):
        replies = _replies_to(f'/switch_language{{"language":"{language}"}}')
        assert {reply.get("language") for reply in replies} == {language}


def test_replies_to_a_payload_or_a_chosen_button_carry_no_language():
    assert all("language" not in reply for reply in _replies_to("/greet"))
    chosen = _replies_to("sometimes burn, tan gradually", {"choice": True})
    assert all("language" not in reply for reply in chosen)
