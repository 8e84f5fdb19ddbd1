"""A visitor talks to the running assistant over HTTP and socket.io."""

from __future__ import annotations

import json
import queue
import threading
import uuid
from typing import List, Tuple

import pytest
import socketio
from sqlalchemy import text

from bot.store.db import make_engine
from tests.conftest import example_values
from tests.e2e.conftest import E2E_PRICE, Visitor, start_assistant

pytestmark = pytest.mark.e2e


def test_greeting_names_the_clinic_and_offers_topics(visitor):
    [reply] = visitor.says("hello")
    assert "E2E Test Skin Clinic" in reply["text"]
    assert any(button["payload"] == "/ask_cost" for button in reply["buttons"])


def test_price_question_quotes_the_price_from_settings(visitor):
    assert f"${E2E_PRICE} a session" in visitor.reads("how much does microneedling cost?")


def test_faq_answer_is_the_written_answer(visitor):
    reply = visitor.reads("how many sessions do i need for ice pick scars")
    assert "six to eight sessions" in reply


def test_results_are_never_promised(visitor):
    reply = visitor.reads("will my scars be gone completely?")
    assert "nobody can promise" in reply


def test_consultation_fee_question_quotes_the_fee_from_settings(visitor):
    fee = example_values()["CONSULTATION_FEE"]  # the e2e assistant runs on .env.example
    reply = visitor.reads("do you charge for the consultation or is it free?")
    assert f"is ${fee}, and that amount is credited toward your treatment" in reply


def test_parking_question_quotes_the_parking_setting(visitor):
    parking = example_values()["PARKING_INFO"].rstrip(".")
    reply = visitor.reads("where can I park when I come in?")
    assert parking in reply


def test_self_harm_gets_the_988_lifeline_and_911(visitor):
    visitor.reads("how much is it")
    reply = visitor.reads("honestly i want to end my life because of my skin")
    assert "988" in reply
    assert "911" in reply
    assert "$" not in reply


def test_signs_of_infection_tell_the_visitor_to_call_the_clinic_now(visitor):
    reply = visitor.reads("my cheek is swollen, hot and oozing pus since the treatment")
    assert "call the clinic now" in reply
    assert "(210) 555-0147" in reply


def test_allergic_reaction_says_call_911(visitor):
    assert "call 911 now" in visitor.reads("my lips and tongue are swelling up after the cream")


def test_gibberish_asks_to_rephrase_with_topic_buttons(visitor):
    [reply] = visitor.says("sdfkj qwpeoiru zxmcnv")
    assert "say it another way" in reply["text"]
    assert any(button["payload"] == "/request_human" for button in reply["buttons"])


def test_out_of_scope_says_what_it_can_help_with(visitor):
    assert "outside what I can help with" in visitor.reads("can you order me a pizza")


def _said(database_url: str, sender: str) -> List[Tuple[str, str | None]]:
    """(who, text) of each message of the conversation in Rasa's events table, in order."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT type_name, data FROM events WHERE sender_id = :sender "
                 "AND type_name IN ('user', 'bot') ORDER BY id"),
            {"sender": sender},
        ).all()
    engine.dispose()
    return [(who, json.loads(data).get("text")) for who, data in rows]


def test_conversation_is_kept_in_the_sql_tracker_store(assistant, visitor):
    first = [reply.get("text") for reply in visitor.says("what are your hours")]
    second = [reply.get("text") for reply in visitor.says("how much does microneedling cost?")]
    assert first and second
    assert _said(assistant.settings.database_url, visitor.sender) == [
        ("user", "what are your hours"), *(("bot", said) for said in first),
        ("user", "how much does microneedling cost?"), *(("bot", said) for said in second),
    ]


def _socketio_replies(assistant, messages: List[str]) -> List[dict]:
    """The first bot_uttered after each message, as the widget on the clinic's page (whose
    origin is in ALLOWED_ORIGINS) receives it, in one socket.io session."""
    client = socketio.Client(websocket_extra_options={
        "origin": f"http://localhost:{assistant.settings.web.port}"})
    replies: queue.Queue = queue.Queue()
    confirmed = threading.Event()
    session_id = uuid.uuid4().hex
    client.on("session_confirm", lambda *_: confirmed.set())
    client.on("bot_uttered", replies.put)
    client.connect(assistant.rasa_url, socketio_path="/socket.io", transports=["websocket"])
    received = []
    try:
        client.emit("session_request", {"session_id": session_id})
        assert confirmed.wait(10), "no session_confirm from the server"
        for message in messages:
            client.emit("user_uttered", {"message": message, "session_id": session_id})
            received.append(replies.get(timeout=30))
    finally:
        client.disconnect()
    return received


def test_socketio_visitor_gets_answers(assistant):
    [reply] = _socketio_replies(assistant, ["what is a vampire facial"])
    assert "platelet-rich plasma" in reply["text"]


def test_socketio_replies_to_a_spanish_message_carry_spanish(assistant):
    # The widget follows the language a visitor writes in (bot/channels/socketio.py).
    reply, after_ok = _socketio_replies(assistant, ["hola, ¿qué es el vampire facial?", "ok"])
    assert reply["language"] == "es" and "plaquetas" in reply["text"]
    assert "language" not in after_ok  # "ok" says nothing about the language


def test_postgresql_tracker_store_keeps_the_conversation_across_a_restart(
    tmp_path, postgres_database
):
    first = start_assistant(tmp_path, postgres_database)
    try:
        visitor = Visitor(first)
        before = [reply.get("text") for reply in visitor.says("what is microneedling")]
    finally:
        first.stop()
    second = start_assistant(tmp_path, postgres_database)
    try:
        visitor.url = f"{second.rasa_url}/webhooks/rest/webhook"
        after = [reply.get("text") for reply in visitor.says("how far apart are sessions")]
    finally:
        second.stop()
    assert any("four to six weeks" in (said or "") for said in after)
    assert _said(postgres_database, visitor.sender) == [
        ("user", "what is microneedling"), *(("bot", said) for said in before),
        ("user", "how far apart are sessions"), *(("bot", said) for said in after),
    ]


def test_two_questions_in_one_message_both_get_their_answer(visitor, assistant):
    reply = visitor.reads("how much is micro-needling? and where are you located?")
    assert f"${E2E_PRICE} a session" in reply  # the price, from the settings
    assert assistant.settings.clinic.address.split(",")[0] in reply
