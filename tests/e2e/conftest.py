"""Start the real assistant (Rasa server + action server) once for the end-to-end tests.

Each server writes its output to a log file in the test's tmp folder; a failing end-to-end test's
report ends with the last lines of the log of every server that was running (or started) then.
"""

from __future__ import annotations

import collections
import uuid
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
import requests

from bot.runner import Assistant
from bot.settings import load_settings
from bot.store import migrate
from bot.training import ensure_model
from tests.conftest import Inbox, free_port, smtp_inbox, write_env_file

E2E_PRICE = "333"
STAFF_EMAIL = "front-desk@clinic.example"
LOG_TAIL_LINES = 200

# Every assistant started in this session, in order, for the failure report's server logs.
STARTED: List[Assistant] = []
FIRST_STARTED_BY_TEST = pytest.StashKey[int]()


def start_assistant(tmp_dir: Path, database_url: str, **settings: str) -> Assistant:
    env_file = write_env_file(
        tmp_dir / f"e2e-{uuid.uuid4().hex[:6]}.env",
        **settings,
        DATABASE_URL=database_url,
        RASA_PORT=str(free_port()),
        ACTION_SERVER_PORT=str(free_port()),
        WEB_PORT=str(free_port()),
        PRICE_MICRONEEDLING_SESSION=E2E_PRICE,
        CLINIC_NAME="E2E Test Skin Clinic",
    )
    migrate.upgrade(database_url)
    assistant = Assistant(
        settings=load_settings(env_file),
        model=ensure_model(),
        extra_env={"BOT_ENV_FILE": str(env_file)},
        log_dir=tmp_dir / "server-logs",
    )
    STARTED.append(assistant)  # before start, so a failed start's logs are reported too
    return assistant.start()


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    with path.open(errors="replace") as log:
        return "".join(collections.deque(log, maxlen=lines))


def server_log_sections(assistants: List[Assistant]) -> List[Tuple[str, str]]:
    """(title, last lines) of each server log of `assistants`, as a report's sections."""
    sections = []
    for assistant in assistants:
        for name, path in assistant.log_files.items():
            if path.exists():
                sections.append((f"{name} log, last {LOG_TAIL_LINES} lines ({path})",
                                 log_tail(path)))
    return sections


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[FIRST_STARTED_BY_TEST] = len(STARTED)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failing end-to-end test's report ends with the servers' logs: of every assistant still
    running, and of those this test started (and perhaps stopped already)."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    first = item.stash.get(FIRST_STARTED_BY_TEST, len(STARTED))
    relevant = [a for i, a in enumerate(STARTED) if a.processes or i >= first]
    for title, text in server_log_sections(relevant):
        report.sections.append((title, text))


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
