"""What the running servers let in: which addresses, which web pages, which requests."""

from __future__ import annotations

import contextlib
import json
import socket
import uuid

import pytest
import requests
import socketio
from sqlalchemy import text

from bot.store.db import make_engine

pytestmark = pytest.mark.e2e

EMPTY_MESSAGE_PROMPT = 'Type your question, for example "how much is micro-needling?"'
EVIL_ORIGIN = "https://evil.example"


def _clinic_page(assistant) -> str:
    """The web app's origin: ALLOWED_ORIGINS of .env.example is empty, so it follows WEB_PORT."""
    return f"http://localhost:{assistant.settings.web.port}"


def _other_address() -> str | None:
    """An address of this machine other than loopback, if it has one."""
    candidates = set()
    with contextlib.suppress(OSError):
        candidates.update(socket.gethostbyname_ex(socket.gethostname())[2])
    for probe in ("192.0.2.1", "10.255.255.255"):  # connect() on UDP sends nothing
        with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))
            candidates.add(s.getsockname()[0])
    return next((a for a in sorted(candidates) if not a.startswith(("127.", "0."))), None)


def _connects(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        return False
    return True


def _events(assistant, sender: str) -> list:
    engine = make_engine(assistant.settings.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT type_name, data FROM events WHERE sender_id = :s"), {"s": sender},
        ).all()
    engine.dispose()
    return [(kind, json.loads(data)) for kind, data in rows]


# --- the action server: this machine only ---------------------------------------------------

def test_action_server_answers_on_loopback_only(assistant):
    other = _other_address()
    if other is None:
        pytest.skip("this machine has no address besides loopback to try")
    assert requests.get(f"{assistant.action_url}/health", timeout=5).status_code == 200
    assert _connects(other, assistant.settings.rasa_port), (
        f"control: the Rasa server (every address) should be reachable on {other}")
    assert not _connects(other, assistant.settings.action_port), (
        f"the action server is reachable from other machines on {other}")


# --- CORS on the Rasa server ----------------------------------------------------------------

def test_a_page_from_another_site_gets_no_cors_permission(assistant):
    response = requests.get(f"{assistant.rasa_url}/webhooks/rest/",
                            headers={"Origin": EVIL_ORIGIN}, timeout=5)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_preflight_from_another_site_gets_no_cors_permission(assistant):
    response = requests.options(
        f"{assistant.rasa_url}/webhooks/rest/webhook", timeout=5,
        headers={"Origin": EVIL_ORIGIN, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"},
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_the_clinic_page_gets_its_origin_echoed(assistant):
    response = requests.get(f"{assistant.rasa_url}/webhooks/rest/",
                            headers={"Origin": _clinic_page(assistant)}, timeout=5)
    assert response.headers["Access-Control-Allow-Origin"] == _clinic_page(assistant)


# --- socket.io origins ----------------------------------------------------------------------

def _socketio_handshake(assistant, origin: str) -> requests.Response:
    return requests.get(f"{assistant.rasa_url}/socket.io/", timeout=5,
                        params={"EIO": "4", "transport": "polling"}, headers={"Origin": origin})


def test_socketio_handshake_from_another_site_is_refused(assistant):
    response = _socketio_handshake(assistant, EVIL_ORIGIN)
    assert response.status_code == 400
    assert "not an accepted origin" in response.text


def test_socketio_handshake_from_the_clinic_page_is_accepted_with_one_cors_header(assistant):
    response = _socketio_handshake(assistant, _clinic_page(assistant))
    assert response.status_code == 200
    assert response.text.startswith("0{")  # engine.io's open packet
    assert response.raw.headers.getlist("Access-Control-Allow-Origin") == [
        _clinic_page(assistant)]


def test_socketio_websocket_from_another_site_is_refused(assistant):
    client = socketio.Client(websocket_extra_options={"origin": EVIL_ORIGIN})
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(assistant.rasa_url, socketio_path="/socket.io",
                       transports=["websocket"], wait_timeout=5)
    client.disconnect()


# --- the REST channel -----------------------------------------------------------------------

def _post(assistant, body: bytes | str) -> requests.Response:
    return requests.post(f"{assistant.rasa_url}/webhooks/rest/webhook", timeout=30,
                         data=body if isinstance(body, bytes) else body.encode(),
                         headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("body, reason", [
    ('{"message": "how much is it?"}', '"sender"'),
    ('{"sender": "   ", "message": "how much is it?"}', '"sender"'),
    ('{"sender": 42, "message": "how much is it?"}', '"sender"'),
    ('{"sender": null, "message": "how much is it?"}', '"sender"'),
    ('{"sender": "rest-check"}', '"message"'),
    ('{"sender": "rest-check", "message": ["hi"]}', '"message"'),
    ('["sender", "message"]', "JSON object"),
    ('"hello"', "JSON object"),
    ("not json", "must be JSON"),
    ("", "must be JSON"),
    ('{"sender": "rest-check", "message": "hi", "metadata": "x"}', '"metadata"'),
], ids=["no sender", "blank sender", "number sender", "null sender", "no message",
        "list message", "array body", "string body", "not json", "empty body",
        "string metadata"])
def test_a_malformed_request_is_refused_with_the_reason(assistant, body, reason):
    response = _post(assistant, body)
    assert response.status_code == 400
    assert reason in response.json()["reason"]


def test_a_request_without_sender_does_not_join_the_default_conversation(assistant):
    before = len(_events(assistant, "default"))
    assert _post(assistant, '{"message": "my name is Ann, call 210 555 0100"}').status_code == 400
    assert len(_events(assistant, "default")) == before


@pytest.mark.parametrize("message", ["", "   ", "\n\t"])
def test_an_empty_message_gets_a_prompt_without_running_the_bot(assistant, message):
    sender = f"empty-{uuid.uuid4().hex}"
    response = _post(assistant, json.dumps({"sender": sender, "message": message}))
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": sender, "text": EMPTY_MESSAGE_PROMPT}]
    assert _events(assistant, sender) == []


def test_a_valid_message_is_answered_and_recorded_as_the_rest_channel(assistant):
    sender = f"rest-{uuid.uuid4().hex}"
    response = _post(assistant, json.dumps(
        {"sender": sender, "message": "what are your hours", "input_channel": "twilio"}))
    assert response.status_code == 200
    assert response.json() and response.json()[0]["recipient_id"] == sender
    channels = {data.get("input_channel") for kind, data in _events(assistant, sender)
                if kind == "user"}
    assert channels == {"rest"}
