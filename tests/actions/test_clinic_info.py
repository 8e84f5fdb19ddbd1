"""The clinic-detail answers quote whatever .env says, through a real action server."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests

from actions.clinic_info import (
    describe_contact,
    describe_financing,
    describe_hours,
    describe_location,
    describe_prices,
)
from bot.settings import PROJECT_ROOT
from tests.conftest import free_port, write_env_file


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
