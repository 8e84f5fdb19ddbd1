"""Switching SMS on: the Twilio settings (all three or none), what the servers' environment
gets for credentials.yml, the webhook URL `make run` prints, and `python -m bot consultations
treated`."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from bot import cli
from bot.cli import ready_message
from bot.runner import Assistant
from bot.settings import PROJECT_ROOT, SettingsError
from bot.store.db import make_engine, make_session_factory
from bot.store.leads import save_intake
from tests.notify.test_texts import _book
from tests.store.conftest import intake
from tests.twilio_standin import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER

TWILIO = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
          "TWILIO_FROM_NUMBER": "(210) 555-0100"}


def test_sms_is_off_without_twilio_settings(make_settings):
    assert make_settings().sms.enabled is False


def test_the_three_twilio_settings_switch_sms_on(make_settings):
    sms = make_settings(**TWILIO).sms
    assert sms.enabled and sms.from_number == FROM_NUMBER  # stored as E.164
    assert sms.webhook_url == "http://localhost:5005/webhooks/sms/webhook"
    assert sms.api_base_url == "https://api.twilio.com"


@pytest.mark.parametrize("missing", sorted(TWILIO))
def test_one_twilio_setting_missing_stops_the_start_and_names_it(make_settings, missing):
    given = {k: v for k, v in TWILIO.items() if k != missing}
    with pytest.raises(SettingsError, match=missing):
        make_settings(**given)


def test_a_malformed_account_sid_or_number_is_refused(make_settings):
    with pytest.raises(SettingsError, match="TWILIO_ACCOUNT_SID"):
        make_settings(**{**TWILIO, "TWILIO_ACCOUNT_SID": "SK123"})
    with pytest.raises(SettingsError, match="TWILIO_FROM_NUMBER"):
        make_settings(**{**TWILIO, "TWILIO_FROM_NUMBER": "12"})


def test_the_webhook_url_follows_the_public_address_or_its_own_setting(make_settings):
    behind_proxy = make_settings(**TWILIO, PUBLIC_BASE_URL="https://www.clinic.example")
    assert behind_proxy.sms.webhook_url == "https://www.clinic.example/webhooks/sms/webhook"
    own = make_settings(**TWILIO, SMS_WEBHOOK_URL="https://sms.clinic.example/in")
    assert own.sms.webhook_url == "https://sms.clinic.example/in"


def test_twilios_api_address_must_be_https_except_on_this_machine(make_settings):
    with pytest.raises(SettingsError, match="TWILIO_API_BASE_URL"):
        make_settings(**TWILIO, TWILIO_API_BASE_URL="http://api.example.com")
    assert make_settings(**TWILIO, TWILIO_API_BASE_URL="http://127.0.0.1:9/").sms.api_base_url \
        == "http://127.0.0.1:9"


def test_the_servers_always_get_the_variables_credentials_yml_expands(make_settings):
    credentials = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text())
    expanded = {value[2:-1] for value in credentials["bot.channels.sms.SmsInput"].values()}
    off = make_settings().environment()
    # Rasa refuses to start on an unset ${VAR}: empty when SMS is off, never missing.
    assert {name: off[name] for name in expanded} == {
        "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "",
        "SMS_WEBHOOK_URL": "http://localhost:5005/webhooks/sms/webhook"}
    on = make_settings(**TWILIO).environment()
    assert on["TWILIO_AUTH_TOKEN"] == AUTH_TOKEN and on["TWILIO_ACCOUNT_SID"] == ACCOUNT_SID


def test_make_run_prints_the_webhook_url_to_give_twilio(make_settings):
    settings = make_settings(**TWILIO, PUBLIC_BASE_URL="https://www.clinic.example")
    message = ready_message(Assistant(settings=settings, model=Path("unused.tar.gz")), 21.4)
    assert ("Texts (SMS):     give Twilio this webhook (A message comes in, HTTP POST): "
            "https://www.clinic.example/webhooks/sms/webhook") in message
    assert "cannot reach" not in message


def test_a_local_webhook_url_comes_with_a_hint_and_sms_off_prints_none(make_settings):
    local = ready_message(Assistant(settings=make_settings(**TWILIO),
                                    model=Path("unused.tar.gz")), 21.4)
    assert "Twilio cannot reach this machine's own address" in local
    off = ready_message(Assistant(settings=make_settings(), model=Path("unused.tar.gz")), 21.4)
    assert "SMS" not in off


def test_staff_mark_a_consultation_treated_from_the_command_line(
        migrated_sqlite_url, make_settings, capsys):
    settings = make_settings(**TWILIO, DATABASE_URL=migrated_sqlite_url)
    sessions = make_session_factory(make_engine(migrated_sqlite_url))
    lead = save_intake(sessions, intake()).reference
    reference, _ = _book(sessions, settings, lead,
                         starts_at=datetime.now(timezone.utc) - timedelta(hours=2))
    assert cli.main(["consultations", "treated", reference.lower()], settings=settings) == 0
    assert "check-in is queued" in capsys.readouterr().out
    assert cli.main(["consultations", "treated", reference], settings=settings) == 0
    assert "already; nothing changed" in capsys.readouterr().out
    assert cli.main(["consultations", "treated", "C-NOSUCH00"], settings=settings) == 1
    assert "no consultation" in capsys.readouterr().err
