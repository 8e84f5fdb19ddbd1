"""A web client cannot name its conversation after a phone number: on SMS the number is the
conversation's id (the carrier proves it), so a REST sender or socket.io session id that reads
as one would continue a texter's conversation. The real channels refuse it, and still take
ordinary ids."""

from __future__ import annotations

import queue
import uuid
from typing import Any, Iterator

import pytest
import requests
import socketio
from sqlalchemy import text

from bot.store.db import make_engine
from tests.e2e.conftest import Visitor

pytestmark = pytest.mark.e2e

PHONE_SHAPED_IDS = ["+12105550191", "12105550192", "(210) 555-0193"]


def _events(assistant, sender: str) -> int:
    """How many events Rasa's tracker store holds for the conversation `sender`."""
    engine = make_engine(assistant.settings.database_url)
    with engine.connect() as connection:
        count = connection.execute(
            text("SELECT COUNT(*) FROM events WHERE sender_id = :sender"), {"sender": sender}
        ).scalar_one()
    engine.dispose()
    return int(count)


def _post(assistant, sender: str, message: str) -> requests.Response:
    return requests.post(
        f"{assistant.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=30,
    )


@pytest.mark.parametrize("sender", PHONE_SHAPED_IDS)
def test_a_rest_message_from_a_phone_number_sender_is_refused_and_leaves_no_conversation(
    assistant, sender
):
    response = _post(assistant, sender, "cancel my appointment")
    assert response.status_code == 400
    assert "must not be a phone number" in response.json()["reason"]
    assert _events(assistant, sender) == 0


def test_a_rest_message_from_an_ordinary_sender_is_answered(assistant):
    visitor = Visitor(assistant)
    reply = visitor.reads("what are your hours")
    assert reply
    assert _events(assistant, visitor.sender) > 0


class SocketClient:
    """A socket.io client as the widget is one, recording what the server sends it."""

    def __init__(self, assistant) -> None:
        self.replies: queue.Queue = queue.Queue()
        self.refusals: queue.Queue = queue.Queue()
        self.confirmed: queue.Queue = queue.Queue()
        self.client = socketio.Client(
            websocket_extra_options={"origin": f"http://localhost:{assistant.settings.web.port}"}
        )
        self.client.on("session_confirm", self.confirmed.put)
        self.client.on("session_refused", self.refusals.put)
        self.client.on("bot_uttered", self.replies.put)
        self.client.connect(
            assistant.rasa_url, socketio_path="/socket.io", transports=["websocket"]
        )

    def emit(self, event: str, data: Any) -> None:
        self.client.emit(event, data)


def _nothing_in(box: queue.Queue, seconds: float) -> bool:
    try:
        box.get(timeout=seconds)
    except queue.Empty:
        return True
    return False


@pytest.fixture
def socket_client(assistant) -> Iterator[SocketClient]:
    client = SocketClient(assistant)
    yield client
    client.client.disconnect()


def test_a_socketio_session_named_after_a_phone_number_gets_no_conversation(
    assistant, socket_client
):
    phone = "+12105550194"
    socket_client.emit("session_request", {"session_id": phone})
    refusal = socket_client.refusals.get(timeout=10)
    assert "must not be a phone number" in refusal["reason"]
    # A message sent without the refused session's confirmation is refused too.
    socket_client.emit("user_uttered", {"message": "what are your hours", "session_id": phone})
    assert "must not be a phone number" in socket_client.refusals.get(timeout=10)["reason"]
    assert _nothing_in(socket_client.replies, 5)
    assert socket_client.confirmed.empty()
    assert _events(assistant, phone) == 0


def test_a_socketio_session_with_a_random_id_is_answered_after_a_refused_one(
    assistant, socket_client
):
    socket_client.emit("session_request", {"session_id": "12105550195"})
    socket_client.refusals.get(timeout=10)
    session_id = uuid.uuid4().hex + uuid.uuid4().hex  # as the widget makes one: 64 hex digits
    socket_client.emit("session_request", {"session_id": session_id})
    assert socket_client.confirmed.get(timeout=10) == session_id
    socket_client.emit("user_uttered", {"message": "what are your hours", "session_id": session_id})
    reply = socket_client.replies.get(timeout=30)
    assert reply.get("text")
    assert socket_client.refusals.empty()
    assert _events(assistant, session_id) > 0
