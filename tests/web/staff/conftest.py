"""The staff portal served for real: the web app on a free port (uvicorn in a thread), a
migrated database (SQLite, and PostgreSQL where a test asks for both), accounts made with
the same code as `python -m bot users create`, and a browser-like HTTP client."""

from __future__ import annotations

import contextlib
import functools
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Iterator, List

import pytest
import requests
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from bot.settings import Settings
from bot.store.db import session_factory_for
from bot.store.leads import ConsentRecord, ContactRecord, IntakeRecord, save_contact, save_intake
from bot.store.models import Lead, StaffRole, StaffUser
from bot.web.app import STATIC_DIR, create_app
from bot.web.staff.lockout import LockoutPolicy
from bot.web.staff.passwords import hash_password
from tests.conftest import example_values
from tests.web.conftest import Page, serve_app

ADMIN = ("admin@clinic.example", "admin password long enough")
STAFF = ("staff@clinic.example", "staff password long enough")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# No waiting between failures in tests that are not about slowing down.
FAST_LOCKOUT = LockoutPolicy(delay_step_s=0.0, max_delay_s=0.0, account_limit=5,
                             address_limit=12)


class Client:
    """A person's browser: keeps the cookie, reads the CSRF token from the last form page."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.http = requests.Session()
        self.token = ""

    def get(self, path: str, **options: Any) -> requests.Response:
        response = self.http.get(self.base + path, timeout=15, allow_redirects=False,
                                 **options)
        found = _CSRF.search(response.text) if "html" in response.headers.get(
            "content-type", "") else None
        if found:
            self.token = found.group(1)
        return response

    def post(self, path: str, data: Dict[str, str] | None = None, csrf: bool = True
             ) -> requests.Response:
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf_token", self.token)
        response = self.http.post(self.base + path, data=form, timeout=30,
                                  allow_redirects=False)
        found = _CSRF.search(response.text)
        if found:
            self.token = found.group(1)
        return response

    def sign_in(self, email: str, password: str) -> requests.Response:
        self.get("/staff/sign-in")
        return self.post("/staff/sign-in", {"email": email, "password": password,
                                            "next": "/staff/leads"})

    def page(self, path: str) -> Page:
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return Page(response.text)


@dataclass
class Portal:
    url: str
    database_url: str
    settings: Settings
    sessions: sessionmaker
    app: Any

    def client(self) -> Client:
        return Client(self.url)

    def signed_in(self, who: tuple = STAFF) -> Client:
        client = self.client()
        response = client.sign_in(*who)
        assert response.status_code == 303, response.text[:500]
        return client

    def lead(self, reference: str) -> Lead:
        with self.sessions() as session:
            return session.query(Lead).filter_by(reference=reference).one()


@functools.cache
def _hash(password: str) -> str:
    return hash_password(password)


@contextlib.contextmanager
def running_portal(database_url: str, **overrides: str) -> Iterator[Portal]:
    settings = Settings.from_mapping(example_values(
        DATABASE_URL=database_url, SMTP_HOST="", STAFF_EMAIL="", STAFF_WEBHOOK_URL="",
        STAFF_WEBHOOK_SECRET="", CLINIC_HOURS="mon-sun 08:00-20:00", CLOSED_DATES="",
        BOOKING_MIN_NOTICE_HOURS="0", **overrides))
    sessions = session_factory_for(database_url)
    with sessions.begin() as session:
        # The same rows `create_user` writes (tested on its own), with hashes made once per
        # test run: argon2 is slow on purpose.
        for (email, password), role in ((ADMIN, StaffRole.ADMIN), (STAFF, StaffRole.STAFF)):
            session.add(StaffUser(email=email, role=role, password_hash=_hash(password),
                                  active=True, session_version=1))
    app = create_app(settings, static_dir=STATIC_DIR)
    app.state.staff_lockout = FAST_LOCKOUT
    try:
        with serve_app(app) as url:
            yield Portal(url, database_url, settings, sessions, app)
    finally:
        sessions.kw["bind"].dispose()


@pytest.fixture
def portal(migrated_sqlite_url: str) -> Iterator[Portal]:
    with running_portal(migrated_sqlite_url) as running:
        yield running


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated database on SQLite and on PostgreSQL (skipped without one, failed under CI)."""
    return str(request.getfixturevalue(
        "migrated_sqlite_url" if request.param == "sqlite" else "migrated_postgres_database"))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_portal(request: pytest.FixtureRequest) -> Iterator[Portal]:
    """The portal on SQLite and on PostgreSQL (skipped without one, failed under CI)."""
    url = request.getfixturevalue(
        "migrated_sqlite_url" if request.param == "sqlite" else "migrated_postgres_database")
    with running_portal(url) as running:
        yield running


NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)


def consent(granted: bool = True, at: datetime = NOW) -> ConsentRecord:
    return ConsentRecord(granted, "data-2026-11-27", "ab" * 32, at)


def add_intake(sessions: sessionmaker, conversation_id: str, name: str, phone: str,
               created_at: datetime | None = None, channel: str = "socketio",
               **changes: Any) -> str:
    """A lead saved by the same code as a finished intake; returns its reference."""
    values: Dict[str, Any] = dict(
        conversation_id=conversation_id, channel=channel, name=name, phone=phone,
        email=f"{conversation_id}@example.com", preferred_contact="text",
        preferred_time="evening",
        answers={"scar_types": ["icepick"], "scar_count": "over_20", "age": 34,
                 "scar_visibility": "noticeable"},
        band="severe", recommendation="consultation_first", flags=["icepick_scars"],
        reasons=["your scars are noticeable at a conversation distance"],
        scoring_version="test", data_consent=consent(), marketing_consent=consent(False),
    )
    values.update(changes)
    saved = save_intake(sessions, IntakeRecord(**values))
    if created_at is not None:
        _backdate(sessions, saved.reference, created_at)
    return saved.reference


def add_contact(sessions: sessionmaker, conversation_id: str, name: str, phone: str,
                created_at: datetime | None = None) -> str:
    saved = save_contact(sessions, ContactRecord(conversation_id, "rest", name, phone,
                                                 consent()))
    if created_at is not None:
        _backdate(sessions, saved.reference, created_at)
    return saved.reference


def _backdate(sessions: sessionmaker, reference: str, created_at: datetime) -> None:
    with sessions.begin() as session:
        lead = session.query(Lead).filter_by(reference=reference).one()
        lead.created_at = created_at
        for assessment in lead.assessments:
            assessment.created_at = created_at


EVENTS_TABLE = """
CREATE TABLE IF NOT EXISTS events (
    id {id_type} PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)
"""


def add_events(sessions: sessionmaker, sender_id: str, events: List[Dict[str, Any]],
               start: datetime = NOW) -> None:
    """Rasa's tracker store rows (its `events` table, as its SQLTrackerStore writes them)."""
    engine = sessions.kw["bind"]
    id_type = "SERIAL" if engine.dialect.name == "postgresql" else "INTEGER"
    with engine.begin() as connection:
        connection.execute(text(EVENTS_TABLE.format(id_type=id_type)))
        for offset, event in enumerate(events):
            event = {"timestamp": (start + timedelta(seconds=offset)).timestamp(), **event}
            connection.execute(text(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, "
                "action_name, data) VALUES (:sender, :type, :ts, NULL, :action, :data)"),
                {"sender": sender_id, "type": event["event"], "ts": event["timestamp"],
                 "action": event.get("name"), "data": json.dumps(event)})


def said(text_: str, channel: str = "socketio") -> Dict[str, Any]:
    return {"event": "user", "text": text_, "input_channel": channel,
            "parse_data": {"intent": {"name": "x"}}}


def answered(text_: str, buttons: List[str] | None = None) -> Dict[str, Any]:
    return {"event": "bot", "text": text_,
            "data": {"buttons": [{"title": b, "payload": b} for b in buttons or []]}}
