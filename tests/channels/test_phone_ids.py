"""Which conversation ids the web channels refuse: those a texter's conversation could have."""

from __future__ import annotations

import json
import secrets
import uuid

import pytest

from bot.channels.phone_ids import reads_as_phone_number
from bot.channels.rest import InvalidRequestError, read_message


@pytest.mark.parametrize(
    "conversation_id",
    [
        "+12105550123",  # as the SMS channel names a texter's conversation
        " +12105550123 ",
        "12105550123",
        "2105550123",
        "(210) 555-0123",
        "210.555.0123",
        "210/555/0123",
        "+1 (210) 555 0123",
        "tel:+1-210-555-0123",
        "+\uff11\uff12\uff11\uff10\uff15\uff15\uff15\uff10\uff11\uff12\uff13",  # full-width digits
        "+447700900123",
        "447700900123",  # a UK number without its "+"
        "0044 7700 900123",
        "011 44 7700 900123",
        "5550123",
    ],
)
def test_a_phone_number_written_any_usual_way_reads_as_one(conversation_id):
    assert reads_as_phone_number(conversation_id)


@pytest.mark.parametrize(
    "conversation_id",
    [
        "web-1",
        "test-visitor",
        "conv-1",
        "rest-check",
        "me",
        "42",
        "12345",
        "",
        "session-12105550123",
        "conv-blind2-07-1a2b3c4d",
        "conv-set-0-980f85d7",
    ],
)
def test_an_ordinary_conversation_id_does_not_read_as_a_phone_number(conversation_id):
    assert not reads_as_phone_number(conversation_id)


def test_the_widgets_and_rasas_random_ids_never_read_as_phone_numbers():
    ids = [secrets.token_hex(32) for _ in range(2000)]  # the widget's: 32 random bytes in hex
    ids += [uuid.uuid4().hex for _ in range(2000)]  # Rasa's, for a session_request without one
    ids += [f"visitor-{uuid.uuid4().hex}" for _ in range(2000)]
    assert [i for i in ids if reads_as_phone_number(i)] == []


def test_a_rest_body_with_a_phone_number_sender_is_refused_with_the_reason():
    body = json.dumps({"sender": "(210) 555-0123", "message": "cancel my appointment"})
    with pytest.raises(InvalidRequestError, match="must not be a phone number"):
        read_message(body.encode())


def test_a_rest_body_with_an_ordinary_sender_is_read():
    body = json.dumps({"sender": "web-1", "message": "hi"})
    assert read_message(body.encode())["sender"] == "web-1"
