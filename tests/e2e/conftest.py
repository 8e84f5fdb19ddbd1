"""Start the real assistant (Rasa server + action server) once for the end-to-end tests."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterator, List

import pytest
import requests

from bot.runner import Assistant
from bot.settings import load_settings
from bot.store import migrate
from bot.training import ensure_model
from tests.conftest import Inbox, free_port, smtp_inbox, write_env_file

E2E_PRICE = "333"
STAFF_EMAIL = "front-desk@clinic.example"


def start_assistant(tmp_dir: Path, database_url: str, **settings: str) -> Assistant:
    env_file = write_env_file(
        tmp_dir / f"e2e-{uuid.uuid4().hex[:6]}.env",
        **settings,
        DATABASE_URL=database_url,
        RASA_PORT=str(free_port()),
        ACTION_SERVER_PORT=str(free_port()),
        PRICE_MICRONEEDLING_SESSION=E2E_PRICE,
        CLINIC_NAME="E2E Test Skin Clinic",
    )
    migrate.upgrade(database_url)
    assistant = Assistant(
        settings=load_settings(env_file),
        model=ensure_model(),
        extra_env={"BOT_ENV_FILE": str(env_file)},
        quiet=True,
    )
    return assistant.start()


@pytest.fixture(scope="session")
def e2e_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def inbox() -> Iterator[Inbox]:
    with smtp_inbox() as running:
        yield running


@pytest.fixture(scope="session")
def assistant(e2e_dir, inbox) -> Iterator[Assistant]:
    running = start_assistant(
        e2e_dir, f"sqlite:///{e2e_dir / 'clinic.db'}",
        SMTP_HOST="127.0.0.1", SMTP_PORT=str(inbox.port), SMTP_STARTTLS="false",
        STAFF_EMAIL=STAFF_EMAIL, BOOKING_MIN_NOTICE_HOURS="0",
        CLINIC_HOURS="mon-sun 08:00-20:00", CLOSED_DATES="",
    )
    yield running
    running.stop()


class Visitor:
    """One person chatting over the REST channel."""

    def __init__(self, assistant: Assistant) -> None:
        self.url = f"{assistant.rasa_url}/webhooks/rest/webhook"
        self.sender = f"visitor-{uuid.uuid4().hex}"

    def says(self, text: str) -> List[dict]:
        """The bot's replies (text, buttons, attachment) to `text`."""
        response = requests.post(self.url, json={"sender": self.sender, "message": text},
                                 timeout=30)
        response.raise_for_status()
        return response.json()

    def reads(self, text: str) -> str:
        """The bot's reply texts to `text`, joined into one string."""
        return "\n".join(message.get("text", "") for message in self.says(text))


@pytest.fixture
def visitor(assistant) -> Visitor:
    return Visitor(assistant)
