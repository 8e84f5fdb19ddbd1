"""The clinic-detail answers quote whatever .env says, through a real action server."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest
import requests
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clinic_info import (
    ActionTellMyBooking,
    describe_after_hours_care,
    describe_consultation_fee,
    describe_contact,
    describe_data_deletion,
    describe_financing,
    describe_hours,
    describe_languages_spoken,
    describe_location,
    describe_offers,
    describe_parking,
    describe_payment_options,
    describe_prices,
    describe_refund_policy,
    describe_who_answers,
)
from bot.settings import PROJECT_ROOT
from bot.store import migrate
from bot.store.bookings import book_slot, cancel
from bot.store.db import session_factory_for
from bot.store.leads import save_intake
from bot.store.models import new_consultation_reference
from tests.conftest import free_port, write_env_file
from tests.store.conftest import intake


def test_prices_quote_each_configured_price_and_the_package_saving(make_settings):
    text = describe_prices(
        make_settings(
            PRICE_MICRONEEDLING_SESSION="300",
            PRICE_MICRONEEDLING_PRP_SESSION="650",
            PACKAGE_SESSIONS="3",
            PACKAGE_PRICE="810",
        )
    )
    assert "$300 a session" in text
    assert "$650 a session" in text
    assert "package of 3 micro-needling sessions is $810, which saves $90" in text
    assert "CareCredit or Cherry" in text
    assert "consultation" in text


def test_a_package_that_saves_nothing_is_not_advertised(make_settings):
    text = describe_prices(make_settings(PRICE_MICRONEEDLING_SESSION="300", PACKAGE_PRICE="900"))
    assert "package" not in text


def test_financing_without_partners_points_to_the_phone(make_settings):
    text = describe_financing(make_settings(FINANCING_PARTNERS=""))
    assert "doesn't offer a financing plan" in text
    assert "(210) 555-0147" in text


def test_location_hours_and_contact_come_from_settings(make_settings):
    settings = make_settings(
        CLINIC_ADDRESS="1 Test St, San Antonio, TX 78201",
        CLINIC_HOURS="tue-sat 08:30-17:00",
        CLINIC_PHONE="+1 210 555 0111",
    )
    assert "1 Test St, San Antonio, TX 78201" in describe_location(settings)
    assert "Tuesday to Saturday: 8:30 AM to 5 PM" in describe_hours(settings)
    assert "(210) 555-0111" in describe_contact(settings)


@pytest.mark.parametrize(
    "fee, credited, expected",
    [
        ("0", "", "The consultation at Alamo Skin & Scar Clinic (example) is free."),
        ("75", "true", "is $75, and that amount is credited toward your treatment"),
        ("120", "false", "is $120; it's separate from the price of any treatment"),
    ],
)
def test_consultation_fee_quotes_the_fee_and_whether_it_is_credited(
    make_settings, fee, credited, expected
):
    text = describe_consultation_fee(
        make_settings(CONSULTATION_FEE=fee, CONSULTATION_FEE_CREDITED=credited)
    )
    assert expected in text
    assert "no obligation" in text


def test_an_unset_consultation_fee_points_to_the_front_desk(make_settings):
    text = describe_consultation_fee(make_settings(CONSULTATION_FEE=""))
    assert "call (210) 555-0147" in text
    assert "free" not in text and "$" not in text


def test_a_current_offer_is_quoted_as_configured(make_settings):
    text = describe_offers(make_settings(CURRENT_OFFER="20% off a first PRP session in May"))
    assert "Right now: 20% off a first PRP session in May." in text
    assert "package of 3 micro-needling sessions is $900, which saves $150" in text


def test_without_an_offer_the_package_is_the_way_to_save(make_settings):
    text = describe_offers(
        make_settings(CURRENT_OFFER="", PRICE_MICRONEEDLING_SESSION="400", PACKAGE_PRICE="1000")
    )
    assert "no special offer" in text
    assert "package of 3 micro-needling sessions is $1,000, which saves $200" in text


def test_without_an_offer_or_a_saving_package_nothing_is_advertised(make_settings):
    text = describe_offers(make_settings(CURRENT_OFFER="", PACKAGE_PRICE="1050"))
    assert "no special offer or discount" in text
    assert "package" not in text
    assert "CareCredit or Cherry" in text


def test_payment_options_are_per_session_or_a_package_upfront(make_settings):
    text = describe_payment_options(
        make_settings(PRICE_MICRONEEDLING_SESSION="360", PRICE_MICRONEEDLING_PRP_SESSION="800",
                      PACKAGE_SESSIONS="4", PACKAGE_PRICE="1200")
    )
    assert "pay per session as you go ($360 a session for micro-needling, $800 with PRP)" in text
    assert "upfront: 4 micro-needling sessions for $1,200, which saves $240" in text
    only_sessions = describe_payment_options(make_settings(PACKAGE_PRICE="1050"))
    assert "upfront" not in only_sessions
    assert "$350 a session" in only_sessions


def test_refund_policy_is_quoted_or_points_to_the_front_desk(make_settings):
    text = describe_refund_policy(
        make_settings(REFUND_POLICY="Packages are refundable within 30 days")
    )
    assert "Packages are refundable within 30 days." in text
    assert "(210) 555-0147" in text
    without = describe_refund_policy(make_settings(REFUND_POLICY="", CLINIC_PHONE="2105550111"))
    assert "call (210) 555-0111" in without
    assert "Example policy" not in without


def test_after_hours_care_names_urgent_care_911_and_the_configured_hours(make_settings):
    text = describe_after_hours_care(
        make_settings(CLINIC_HOURS="tue-sat 08:30-17:00", CLINIC_PHONE="+1 210 555 0111")
    )
    assert "Tuesday to Saturday: 8:30 AM to 5 PM" in text
    assert "(210) 555-0111" in text
    assert "urgent care" in text
    assert "call 911" in text


def test_parking_quotes_the_setting_or_asks_to_call(make_settings):
    text = describe_parking(make_settings(PARKING_INFO="Park free in lot B",
                                          CLINIC_ADDRESS="1 Test St, San Antonio, TX 78201"))
    assert text == "Park free in lot B. The address is 1 Test St, San Antonio, TX 78201."
    without = describe_parking(make_settings(PARKING_INFO=""))
    assert "where to park" in without
    assert "(210) 555-0147" in without


def test_a_request_to_delete_ones_data_is_told_to_call_as_the_privacy_page_says(make_settings):
    settings = make_settings()
    english, spanish = describe_data_deletion(settings), describe_data_deletion(settings, "es")
    for text in (english, spanish):
        assert settings.clinic.phone_display in text
    assert "confirm it's you" in english and "confirman que es usted" in spanish
    assert settings.clinic.hours.describe() in english


def test_who_speaks_spanish_at_the_clinic_is_the_clinics_own_line_or_a_call(make_settings):
    settings = make_settings(LANGUAGES_SPOKEN="Dr. Ruiz and our front desk speak Spanish",
                             LANGUAGES_SPOKEN_ES="La Dra. Ruiz y recepción hablan español")
    assert describe_languages_spoken(settings).startswith(
        "Dr. Ruiz and our front desk speak Spanish. If you'd like your visit in Spanish")
    assert describe_languages_spoken(settings, "es").startswith(
        "La Dra. Ruiz y recepción hablan español. Si quiere que le atiendan en español")
    unknown = make_settings(LANGUAGES_SPOKEN="", LANGUAGES_SPOKEN_ES="")
    assert "(210) 555-0147" in describe_languages_spoken(unknown, "es")
    assert "front desk" in describe_languages_spoken(unknown)
    # Never a promise the clinic did not make: without its line, nobody is said to speak it.
    assert "hablan español" not in describe_languages_spoken(unknown, "es")


def test_spanish_visitors_get_the_clinics_spanish_parking_offer_and_refund_lines(make_settings):
    settings = make_settings(PARKING_INFO="Park free in lot B",
                             PARKING_INFO_ES="Estaciónese gratis en el lote B",
                             CURRENT_OFFER="15% off", CURRENT_OFFER_ES="15 % de descuento",
                             REFUND_POLICY="No refunds", REFUND_POLICY_ES="No hay reembolsos")
    assert describe_parking(settings, "es").startswith("Estaciónese gratis en el lote B.")
    assert "15 % de descuento" in describe_offers(settings, "es")
    assert "No hay reembolsos." in describe_refund_policy(settings, "es")
    assert describe_parking(settings).startswith("Park free in lot B.")
    assert "15% off" in describe_offers(settings)


def test_without_a_spanish_line_spanish_visitors_get_the_clinics_english_one(make_settings):
    settings = make_settings(PARKING_INFO="Park free in lot B", PARKING_INFO_ES="",
                             REFUND_POLICY="No refunds", REFUND_POLICY_ES="")
    assert describe_parking(settings, "es").startswith("Park free in lot B.")
    assert "No refunds." in describe_refund_policy(settings, "es")


def test_who_answers_is_the_virtual_assistant_and_says_how_to_reach_a_person(make_settings):
    text = describe_who_answers(make_settings(CLINIC_NAME="Mission Skin Studio",
                                              CLINIC_PHONE="+1 210 555 0111"))
    assert "Mission Skin Studio's virtual assistant" in text
    assert "not a doctor" in text
    assert "a provider sees you in person at your consultation" in text
    assert "call (210) 555-0111" in text


def _booking_tracker(**slots: object) -> Tracker:
    return Tracker("conv-1", slots, {"text": "what did i book", "intent": {"name":
                   "ask_my_booking"}}, [], False, None, {}, "action_listen")


def _tell_my_booking(settings, tracker: Tracker) -> str:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionTellMyBooking(settings).run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    return message["text"]


@pytest.fixture
def clinic_database(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(url)
    return url


def test_my_booking_is_read_from_the_database_by_reference(make_settings, clinic_database):
    settings = make_settings(DATABASE_URL=clinic_database)
    sessions = session_factory_for(clinic_database)
    lead = save_intake(sessions, intake("conv-1")).reference
    booked = book_slot(sessions, reference=new_consultation_reference(), lead_reference=lead,
                       starts_at=datetime(2030, 6, 4, 15, 0, tzinfo=timezone.utc), minutes=30,
                       channel="rest", conversation_id="conv-1")
    # Only the reference is taken from the conversation; nothing else it carries is quoted.
    text = _tell_my_booking(settings, _booking_tracker(
        consultation_reference=booked.reference, contact_name="Someone Else",
        contact_phone="+12105550199"))
    assert "is on Tue Jun 4, 10 AM (Central time)" in text
    assert booked.reference in text
    assert "Someone Else" not in text and "555-0199" not in text
    cancel(sessions, booked.reference)
    after = _tell_my_booking(settings, _booking_tracker(consultation_reference=booked.reference))
    assert "can't see a booking" in after


def test_without_a_booking_says_how_to_find_one(make_settings, clinic_database):
    text = _tell_my_booking(make_settings(DATABASE_URL=clinic_database), _booking_tracker())
    assert "booking reference" in text
    assert "mobile number" in text
    assert "(210) 555-0147" in text


@pytest.fixture
def action_server_with_env(tmp_path):
    """Start the real action server on a free port with its own .env file."""
    started = []

    def start(**env_overrides: str) -> str:
        port = free_port()
        env_file = write_env_file(tmp_path / f"env-{port}", **env_overrides)
        process = subprocess.Popen(
            [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env={"BOT_ENV_FILE": str(env_file), "PATH": "/usr/bin:/bin"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/health", timeout=1).ok:
                    return url
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("action server did not start")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def _run_action(url: str, action: str) -> list:
    body = {
        "next_action": action,
        "sender_id": "test-visitor",
        "tracker": {"sender_id": "test-visitor", "slots": {}, "latest_message": {},
                    "events": [], "paused": False, "active_loop": {}},
        "domain": {},
        "version": "3.6.2",
    }
    response = requests.post(f"{url}/webhook", json=body, timeout=10)
    response.raise_for_status()
    return response.json()["responses"]


@pytest.mark.e2e  # starts the real action server
def test_a_changed_price_in_env_is_quoted_after_restart(action_server_with_env):
    before = _run_action(action_server_with_env(PRICE_MICRONEEDLING_SESSION="350"),
                         "action_tell_prices")
    after = _run_action(action_server_with_env(PRICE_MICRONEEDLING_SESSION="425"),
                        "action_tell_prices")
    assert "$350 a session" in before[0]["text"]
    assert "$425 a session" in after[0]["text"]


@pytest.mark.e2e  # starts the real action server
def test_greeting_names_the_clinic_and_offers_topics(action_server_with_env):
    [message] = _run_action(action_server_with_env(CLINIC_NAME="Mission Skin Studio"),
                            "action_greet")
    assert "Mission Skin Studio" in message["text"]
    assert {b["payload"] for b in message["buttons"]} >= {"What is micro-needling?", "/ask_cost"}


@pytest.mark.e2e  # starts the real action server
def test_a_changed_consultation_fee_in_env_is_quoted_after_restart(action_server_with_env):
    [before] = _run_action(action_server_with_env(CONSULTATION_FEE="0"),
                           "action_tell_consultation_fee")
    [after] = _run_action(action_server_with_env(CONSULTATION_FEE="95",
                                                 CONSULTATION_FEE_CREDITED="false"),
                          "action_tell_consultation_fee")
    assert "is free" in before["text"]
    assert "is $95; it's separate" in after["text"]
