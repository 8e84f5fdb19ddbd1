"""The web app's settings, and the URLs `python -m bot run` prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import ready_message
from bot.runner import Assistant
from bot.settings import Settings, SettingsError
from tests.conftest import example_values


def test_the_web_app_listens_on_port_8000_of_this_machine_by_default(make_settings):
    settings = make_settings(WEB_HOST="", WEB_PORT="")
    assert (settings.web.host, settings.web.port) == ("127.0.0.1", 8000)


def test_the_allowed_origins_follow_the_web_port(make_settings):
    assert make_settings(WEB_PORT="8431", ALLOWED_ORIGINS="").allowed_origins == (
        "http://localhost:8431", "http://127.0.0.1:8431")


def test_explicit_allowed_origins_win_over_the_web_port(make_settings):
    settings = make_settings(WEB_PORT="8431", ALLOWED_ORIGINS="https://www.clinic.example")
    assert settings.allowed_origins == ("https://www.clinic.example",)


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("WEB_PORT", "80000", "between 1 and 65535"),
    ("WEB_HOST", "not a host!", "IP address"),
    ("WIDGET_COLOR", "red", "like #1f5f7a"),
    ("WIDGET_COLOR", "#1f5f7a; background: url(x)", "like #1f5f7a"),
    ("WIDGET_POSITION", "top", "right, left"),
    ("WIDGET_TITLE", "<b>Ask</b>", "no < or >"),
])
def test_a_malformed_web_setting_is_refused_with_its_name(name, value, expected):
    with pytest.raises(SettingsError, match=name) as raised:
        Settings.from_mapping(example_values(**{name: value}))
    assert expected in str(raised.value)


def test_the_widget_settings_are_read(make_settings):
    web = make_settings(WIDGET_TITLE="Questions?", WIDGET_COLOR="#0A3D62",
                        WIDGET_POSITION="LEFT", WIDGET_GREETING="Hi there").web
    assert (web.widget_title, web.widget_color, web.widget_position, web.widget_greeting) == (
        "Questions?", "#0a3d62", "left", "Hi there")
    assert make_settings(WIDGET_GREETING="").web.widget_greeting is None


def test_the_widgets_spanish_title_and_greeting_are_read_and_optional(make_settings):
    web = make_settings(WIDGET_TITLE_ES="Pregúntenos",
                        WIDGET_GREETING_ES="¿Dudas? Escriba aquí").web
    assert (web.widget_title_es, web.widget_greeting_es) == ("Pregúntenos", "¿Dudas? Escriba aquí")
    unset = make_settings().web
    assert (unset.widget_title_es, unset.widget_greeting_es) == (None, None)


def test_bot_run_prints_the_clinic_page_first_then_rest_and_socketio(make_settings):
    settings = make_settings(WEB_PORT="8431", RASA_PORT="5431", ACTION_SERVER_PORT="5432",
                             CLINIC_NAME="Quillfeather Scar Atelier")
    message = ready_message(Assistant(settings=settings, model=Path("unused.tar.gz")), 21.4)
    assert re.findall(r"https?://\S+", message) == [
        "http://localhost:8431/", "http://localhost:8431/staff",
        "http://localhost:5431/webhooks/rest/webhook",
        "http://localhost:5431/socket.io", "http://127.0.0.1:5432/health"]
    assert "The assistant for Quillfeather Scar Atelier is ready (21 s)" in message
