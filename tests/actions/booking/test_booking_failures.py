"""Every booking action answers when it fails for real (database gone or locked, a lead
deleted between turns): an apology with the clinic's phone, and the conversation goes on.

The actions run through rasa-sdk's ActionExecutor, as the action server runs them: an
exception there would reach Rasa as an error and the visitor would hear nothing.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from typing import Any, Dict

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor
from sqlalchemy import delete

from actions.booking.book import ActionBookSlot
from actions.booking.manage import ActionChangeConsultation, ValidateBookingLookupForm
from actions.booking.offer import ActionOfferMoreSlots, ActionStartBooking
from bot.settings import Settings
from bot.store import db as store_db
from bot.store import migrate
from bot.store.db import session_factory_for
from bot.store.models import Lead
from tests.actions.booking.test_booking_actions import stored_lead, tracker
from tests.actions.booking.test_booking_ownership import FORM_DOMAIN

APOLOGY = "something went wrong on our side"
PHONE = "(210) 555-0147"


@pytest.fixture
def database(tmp_path):
    """A clinic database in its own directory."""
    directory = tmp_path / "data"
    directory.mkdir()
    path = directory / "clinic.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def settings(database, make_settings) -> Settings:
    """Settings pointing at that database, for the actions under test."""
    return make_settings(DATABASE_URL=f"sqlite:///{database}", BOOKING_MODE="slots",
                         BOOKING_MIN_NOTICE_HOURS="0", CLINIC_HOURS="mon-sun 08:00-20:00",
                         CLOSED_DATES="")


def call(action, tracker_: Tracker, domain: Dict[str, Any] | None = None) -> Dict[str, Any]:
    """Run the action as the action server does; its JSON answer to Rasa."""
    executor = ActionExecutor()
    executor.register_action(action)
    return asyncio.run(executor.run({
        "next_action": action.name(), "sender_id": tracker_.sender_id,
        "tracker": tracker_.current_state(), "domain": domain or {}}))


def said(answer: Dict[str, Any]) -> str:
    return "\n".join(r.get("text") or "" for r in answer["responses"])


def every_booking_action(settings: Settings, lead: Dict[str, Any]):
    return [
        (ActionStartBooking(settings), tracker(intent="request_booking", **lead), None),
        (ActionBookSlot(settings), tracker("tomorrow at 3pm", **lead), None),
        (ActionOfferMoreSlots(settings), tracker("more times", intent="more_times", **lead), None),
        (ActionChangeConsultation(settings), tracker(
            "cancel", intent="cancel_appointment", lookup_reference="C-00000000",
            lookup_phone="+12105550123"), None),
        (ValidateBookingLookupForm(settings), tracker(
            "C-00000000 2105550123", intent="inform", active_loop="booking_lookup_form",
            requested_slot="lookup_reference", **lead), FORM_DOMAIN),
    ]


def test_every_booking_action_apologises_when_the_database_is_gone(database, settings):
    lead = stored_lead(session_factory_for(settings.database_url))
    shutil.rmtree(database.parent)  # the disk went away after the servers started
    for action, tracker_, domain in every_booking_action(settings, lead):
        answer = call(action, tracker_, domain)
        assert APOLOGY in said(answer) and PHONE in said(answer), action.name()
        assert answer["events"] == []


def test_after_the_database_is_back_the_next_message_is_answered(database, settings):
    lead = stored_lead(session_factory_for(settings.database_url))
    shutil.rmtree(database.parent)
    assert APOLOGY in said(call(ActionStartBooking(settings), tracker(**lead)))
    database.parent.mkdir()
    migrate.upgrade(f"sqlite:///{database}")
    answer = call(ActionOfferMoreSlots(settings),
                  tracker("more times", intent="more_times", **lead))
    assert said(answer).startswith("Here are more free times")


def test_a_locked_database_gets_the_apology_then_the_booking_goes_through(database, settings,
                                                                          monkeypatch):
    monkeypatch.setattr(store_db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    lead = stored_lead(session_factory_for(settings.database_url))
    offer = call(ActionStartBooking(settings), tracker(**lead))["responses"][0]["buttons"][0]
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a long write
    try:
        answer = call(ActionBookSlot(settings), tracker(offer["payload"], **lead))
        assert APOLOGY in said(answer) and PHONE in said(answer)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert said(call(ActionBookSlot(settings), tracker(offer["payload"], **lead))).startswith(
        "You're booked")


def test_a_lead_deleted_between_turns_gets_the_apology_and_the_conversation_goes_on(
        database, settings):
    sessions = session_factory_for(settings.database_url)
    lead = stored_lead(sessions)
    offer = call(ActionStartBooking(settings), tracker(**lead))["responses"][0]["buttons"]
    with sessions.begin() as session:
        session.execute(delete(Lead))  # staff removed it, on request, meanwhile
    answer = call(ActionBookSlot(settings), tracker(offer[0]["payload"], **lead))
    assert APOLOGY in said(answer) and PHONE in said(answer)
    more = call(ActionOfferMoreSlots(settings), tracker("more times", intent="more_times", **lead))
    assert said(more).startswith("Here are more free times")
