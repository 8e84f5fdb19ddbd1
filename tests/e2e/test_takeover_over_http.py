"""Staff take over a live conversation, against the real assistant: Rasa (with its HTTP API
behind the token only the web app holds), the action server and the web app.

A visitor on socket.io (as the widget) asks for a person and joins the queue; a staff member
(not an admin) signs in to the portal, takes the conversation over, writes, and hands back.
While paused the assistant stays silent and the visitor's words still reach the transcript.
"""

from __future__ import annotations

import queue
import re
import threading
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, Iterator, List

import pytest
import requests
import socketio
from sqlalchemy import select

from bot.handoff.reply_time import when_someone_answers
from bot.store.db import session_factory_for
from bot.store.handoff import is_waiting, waiting
from bot.store.models import AuditEntry, StaffRole
from bot.web.staff.accounts import create_user
from bot.web.staff.takeover import BACK
from tests.e2e.conftest import Visitor
from tests.web.conftest import Page

pytestmark = pytest.mark.e2e

STAFF_EMAIL = "maria.lopez@clinic.example"
STAFF_PASSWORD = "a long enough staff password"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
QUIET_S = 6  # how long a paused conversation must stay silent


@pytest.fixture(scope="module")
def staff_account(assistant) -> str:
    create_user(
        session_factory_for(assistant.settings.database_url),
        STAFF_EMAIL,
        StaffRole.STAFF,
        STAFF_PASSWORD,
    )
    return STAFF_EMAIL


class StaffBrowser:
    """A staff member in the portal over HTTP: the session cookie and the latest CSRF token."""

    def __init__(self, assistant) -> None:
        self.base = assistant.web_url
        self.http = requests.Session()
        self.token = ""

    def get(self, path: str) -> requests.Response:
        response = self.http.get(self.base + path, timeout=15, allow_redirects=False)
        found = _CSRF.search(response.text)
        self.token = found.group(1) if found else self.token
        return response

    def text(self, path: str) -> str:
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return Page(response.text).text

    def post(self, path: str, **form: str) -> requests.Response:
        return self.http.post(
            self.base + path,
            data={"csrf_token": self.token, **form},
            timeout=30,
            allow_redirects=False,
        )

    def sign_in(self) -> StaffBrowser:
        self.get("/staff/sign-in")
        response = self.post(
            "/staff/sign-in", email=STAFF_EMAIL, password=STAFF_PASSWORD, next="/staff/queue"
        )
        assert response.status_code == 303, response.text[:300]
        return self


class WidgetVisitor:
    """A visitor on the clinic page's widget: socket.io with a persistent session."""

    def __init__(self, assistant) -> None:
        self.session_id = uuid.uuid4().hex
        self.replies: queue.Queue = queue.Queue()
        self.client = socketio.Client(
            websocket_extra_options={"origin": f"http://localhost:{assistant.settings.web.port}"}
        )
        confirmed = threading.Event()
        self.client.on("session_confirm", lambda *_: confirmed.set())
        self.client.on("bot_uttered", self.replies.put)
        self.client.connect(
            assistant.rasa_url, socketio_path="/socket.io", transports=["websocket"]
        )
        self.client.emit("session_request", {"session_id": self.session_id})
        assert confirmed.wait(10), "no session_confirm from the server"

    def says(self, text: str) -> None:
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})

    def hears(self, timeout: float = 30) -> List[str]:
        """The texts that arrive until nothing more comes for a moment (the first may take
        up to `timeout` seconds)."""
        return [message.get("text", "") for message in self.hears_messages(timeout)]

    def hears_messages(self, timeout: float = 30) -> List[Dict[str, Any]]:
        """The bot_uttered payloads that arrive, as `hears` waits for them."""
        messages = [self.replies.get(timeout=timeout)]
        while True:
            try:
                messages.append(self.replies.get(timeout=2))
            except queue.Empty:
                return messages

    def hears_nothing(self, seconds: float) -> bool:
        try:
            self.replies.get(timeout=seconds)
        except queue.Empty:
            return True
        return False

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def widget(assistant) -> Iterator[WidgetVisitor]:
    visitor = WidgetVisitor(assistant)
    yield visitor
    visitor.close()


def _audit(assistant, conversation_id: str) -> List[str]:
    with session_factory_for(assistant.settings.database_url)() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.detail.contains(conversation_id[:12]))
            .order_by(AuditEntry.id)
        )
        return [f"{row.staff_email} {row.action}" for row in rows]


def test_a_staff_member_takes_over_a_widget_conversation_writes_and_hands_back(
    assistant, staff_account, widget
):
    sessions = session_factory_for(assistant.settings.database_url)
    widget.says("I want to talk to a person")
    before = datetime.now(timezone.utc)
    asked = widget.hears()
    after = datetime.now(timezone.utc)
    # Honest about when: the same words as the wording for this moment (in or out of hours).
    assert asked[0] in {
        when_someone_answers(assistant.settings, moment) for moment in (before, after)
    }
    entry = next(e for e in waiting(sessions) if e.conversation_id == widget.session_id)
    assert entry.channel == "socketio"

    staff = StaffBrowser(assistant).sign_in()
    path = f"/staff/conversations/{widget.session_id}"
    assert f'href="{path}"' in staff.get("/staff/queue").text
    staff.text(path)
    assert staff.post(f"{path}/pause", display_name="Maria").status_code == 303
    # Staff messages carry the name the widget shows on them; the assistant's carry none.
    assert widget.hears_messages() == [
        {"text": "You're now chatting with Maria from the clinic.", "staff_name": "Maria"}
    ]
    assert not is_waiting(sessions, widget.session_id)

    # Paused: the visitor's message is stored for staff, and the assistant says nothing.
    widget.says("how much is microneedling?")
    assert widget.hears_nothing(QUIET_S), "the assistant answered while paused"
    page = staff.text(path)
    assert "Paused: the assistant is silent. Maria (maria.lopez@clinic.example) took over" in page
    assert (
        page.split("Write to the visitor as Maria")[0]
        .rstrip()
        .endswith("how much is microneedling?")
    )

    assert (
        staff.post(
            f"{path}/messages", message="Hi, I'm Maria. A session is $333; shall I book you in?"
        ).status_code
        == 303
    )
    assert widget.hears_messages() == [
        {"text": "Hi, I'm Maria. A session is $333; shall I book you in?", "staff_name": "Maria"}
    ]
    assert "Maria (staff) Hi, I'm Maria. A session is $333; shall I book you in?" in staff.text(
        path
    )

    assert staff.post(f"{path}/resume").status_code == 303
    assert widget.hears_messages() == [{"text": BACK}]
    assert "The assistant is answering this conversation." in staff.text(path)
    widget.says("where are you located?")
    assert any(assistant.settings.clinic.address in text for text in widget.hears())

    assert _audit(assistant, widget.session_id) == [
        f"{STAFF_EMAIL} took_over",
        f"{STAFF_EMAIL} wrote_to_visitor",
        f"{STAFF_EMAIL} handed_back",
    ]


def test_a_paused_rest_conversation_gets_no_reply_until_handed_back(assistant, staff_account):
    visitor = Visitor(assistant)
    assert visitor.reads("where are you located?")
    staff = StaffBrowser(assistant).sign_in()
    path = f"/staff/conversations/{visitor.sender}"
    staff.text(path)
    assert staff.post(f"{path}/pause", display_name="Maria").status_code == 303
    # REST cannot be sent to later: staff are told, and the message is in the transcript.
    page = staff.text(path)
    assert "cannot receive messages sent later" in page
    assert "Maria (staff) You're now chatting with Maria from the clinic." in page

    assert visitor.says("hello? anyone there?") == []
    assert "hello? anyone there?" in staff.text(path)
    assert staff.post(f"{path}/resume").status_code == 303
    assert assistant.settings.clinic.address in visitor.reads("where are you located?")


def test_asking_for_a_person_twice_keeps_one_place_in_the_queue(assistant):
    visitor = Visitor(assistant)
    sessions = session_factory_for(assistant.settings.database_url)
    first = visitor.reads("I want to talk to a person")
    second = visitor.reads("put me through to someone")
    assert "I've let the team know" in first and "I've let the team know" in second
    assert [e.conversation_id for e in waiting(sessions)].count(visitor.sender) == 1


def test_asking_for_a_person_during_the_intake_keeps_the_intake_going(assistant):
    visitor = Visitor(assistant)
    assert "Which looks most like your scars" in visitor.reads("am I a good candidate?")
    reply = visitor.reads("I want to talk to a person")
    # The answer, then the intake's question again: nothing of the form is lost.
    assert reply.index("I've let the team know") < reply.index("Which looks most like your scars")


def test_rasas_api_refuses_a_request_without_the_token(assistant):
    url = f"{assistant.rasa_url}/conversations/anyone/tracker"
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, params={"token": "guess"}, timeout=10).status_code == 401
    events: Dict[str, Any] = {"event": "pause"}
    assert requests.post(f"{url}/events", json=events, timeout=10).status_code == 401
