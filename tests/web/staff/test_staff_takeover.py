"""The queue of visitors waiting for a person and a conversation's take-over page, served for
real without a Rasa server: who may open and post them, what they show, and that nothing
changes when a form is refused or Rasa does not answer. Pausing, writing and handing back
against the real Rasa server are tested in tests/e2e/test_takeover_over_http.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Iterator

import pytest
from sqlalchemy import select

from bot.store.handoff import (
    hold_of,
    is_waiting,
    request_person,
    take_hold,
    waiting,
    waiting_count,
)
from bot.store.models import AuditEntry, HandoffRequest, StaffUser
from tests.conftest import free_port
from tests.web.conftest import Page
from tests.web.staff.conftest import (
    NOW,
    STAFF,
    Portal,
    add_events,
    add_intake,
    answered,
    running_portal,
    said,
)

TOKEN = "t" * 32
ACTIONS = ("pause", "messages", "resume", "done")


@pytest.fixture
def api_portal(migrated_sqlite_url: str) -> Iterator[Portal]:
    """The portal with Rasa's API configured (a token) but nothing listening at its address."""
    with running_portal(
        migrated_sqlite_url, RASA_API_TOKEN=TOKEN, RASA_API_URL=f"http://127.0.0.1:{free_port()}"
    ) as portal:
        yield portal


def _visitor(portal, conversation_id: str, text: str = "can I talk to a real person?") -> None:
    add_events(portal.sessions, conversation_id, [{"event": "session_started"}, said(text)])


def _staff_user(portal) -> StaffUser:
    with portal.sessions() as session:
        return session.scalars(select(StaffUser).where(StaffUser.email == STAFF[0])).one()


def test_asking_twice_keeps_one_waiting_entry_linked_to_the_lead(database_url):
    with running_portal(database_url) as portal:
        reference = add_intake(portal.sessions, "conv-maria", "Maria Lopez", "+12105550123")
        assert request_person(portal.sessions, "conv-maria", "socketio", NOW)
        assert not request_person(portal.sessions, "conv-maria", "socketio", NOW)
        assert request_person(portal.sessions, "conv-anon", "rest", NOW + timedelta(minutes=1))
        entries = waiting(portal.sessions)
        assert [(e.conversation_id, e.lead_reference) for e in entries] == [
            ("conv-maria", reference),
            ("conv-anon", None),
        ]
        assert waiting_count(portal.sessions) == 2


def test_the_queue_lists_the_longest_waiting_first_with_a_link_to_take_over(any_portal):
    add_intake(any_portal.sessions, "conv-maria", "Maria Lopez", "+12105550123")
    for conversation_id in ("conv-maria", "conv-anon"):
        _visitor(any_portal, conversation_id)
    request_person(any_portal.sessions, "conv-anon", "rest", NOW + timedelta(minutes=5))
    request_person(any_portal.sessions, "conv-maria", "socketio", NOW)
    page = any_portal.signed_in(STAFF).page("/staff/queue")
    text = page.text
    assert "Waiting (2)" in text
    assert text.index("Maria Lopez") < text.index("A visitor who left no details")
    assert "Web chat" in text and "REST API" in text
    links = [
        a["href"] for a in page.all("a") if a.get("href", "").startswith("/staff/conversations/")
    ]
    assert links == ["/staff/conversations/conv-maria", "/staff/conversations/conv-anon"]


def test_the_navigation_of_every_staff_page_counts_the_waiting_conversations(portal):
    client = portal.signed_in(STAFF)
    assert "Queue" in client.page("/staff/leads").text
    for n in range(3):
        request_person(portal.sessions, f"conv-{n}", "socketio", NOW)
    with portal.sessions.begin() as session:  # a closed entry does not count
        session.add(
            HandoffRequest(
                conversation_id="conv-old",
                channel="rest",
                requested_at=NOW,
                closed_at=NOW,
                closed_how="done",
            )
        )
    for path in ("/staff/leads", "/staff/dashboard", "/staff/unanswered", "/staff/queue"):
        page = client.page(path)
        queue_links = [a for a in page.all("a") if a.get("href") == "/staff/queue"]
        assert len(queue_links) == 1, path
        assert "Queue 3" in page.text, path


def test_the_queue_and_conversation_pages_need_a_session(portal):
    _visitor(portal, "conv-1")
    client = portal.client()
    pages = [client.get("/staff/queue"), client.get("/staff/conversations/conv-1")]
    forms = [
        client.post(f"/staff/conversations/conv-1/{action}", {"display_name": "Maria"}, csrf=False)
        for action in ACTIONS
    ]
    for response in pages + forms:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/staff/sign-in?next=")


@pytest.mark.parametrize(
    "action, data",
    [
        ("pause", {"display_name": "Maria"}),
        ("messages", {"message": "Hi, this is Maria"}),
        ("resume", {}),
        ("done", {}),
    ],
)
def test_a_take_over_form_without_its_csrf_token_is_refused_and_changes_nothing(
    api_portal, action, data
):
    portal = api_portal
    _visitor(portal, "conv-1")
    request_person(portal.sessions, "conv-1", "socketio", NOW)
    client = portal.signed_in(STAFF)
    client.get("/staff/conversations/conv-1")
    path = f"/staff/conversations/conv-1/{action}"
    missing = client.post(path, data, csrf=False)
    wrong = client.post(path, {**data, "csrf_token": "forged"})
    assert missing.status_code == wrong.status_code == 403
    assert is_waiting(portal.sessions, "conv-1")
    assert hold_of(portal.sessions, "conv-1") is None


def test_a_staff_member_marks_a_request_done_and_it_is_audited(portal):
    _visitor(portal, "conv-1")
    request_person(portal.sessions, "conv-1", "socketio", NOW)
    client = portal.signed_in(STAFF)
    page = client.page("/staff/conversations/conv-1")
    assert "waiting for a person" in page.text
    response = client.post("/staff/conversations/conv-1/done")
    assert response.status_code == 303 and response.headers["location"] == "/staff/queue"
    assert not is_waiting(portal.sessions, "conv-1")
    assert "Nobody is waiting" in client.page("/staff/queue").text
    with portal.sessions() as session:
        entry = session.scalars(select(HandoffRequest)).one()
        assert (entry.closed_how, entry.closed_by_email) == ("done", STAFF[0])
        audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "queue_done")).one()
        assert audited.staff_email == STAFF[0] and "conv-1" in audited.detail


def test_a_conversation_page_shows_its_transcript_and_that_it_is_paused_and_by_whom(api_portal):
    portal = api_portal
    add_events(
        portal.sessions,
        "conv-1",
        [
            {"event": "session_started"},
            said("can I talk to a real person?"),
            answered("Someone from the team will reply here shortly."),
            {"event": "pause"},
            {
                "event": "bot",
                "text": "You're now chatting with Maria from the clinic.",
                "metadata": {"staff_name": "Maria"},
            },
            said("great, is PRP safe while nursing?"),
        ],
    )
    take_hold(portal.sessions, "conv-1", _staff_user(portal), "Maria")
    text = portal.signed_in(STAFF).page("/staff/conversations/conv-1").text
    assert f"Paused: the assistant is silent. Maria ({STAFF[0]}) took over" in text
    assert "The assistant was paused: a person took over" in text
    assert "Maria (staff) You're now chatting with Maria from the clinic." in text
    # The visitor's message while paused is there for staff, with no answer after it.
    transcript = text.split("Write to the visitor as Maria")[0]
    assert transcript.rstrip().endswith("great, is PRP safe while nursing?")
    assert "Hand back to the assistant" in text


def test_a_new_session_ends_a_pause_as_it_does_in_rasa(portal):
    add_events(
        portal.sessions,
        "conv-1",
        [
            {"event": "session_started"},
            said("hello"),
            {"event": "pause"},
            {"event": "session_started"},
            said("back after an hour"),
        ],
    )
    text = portal.signed_in(STAFF).page("/staff/conversations/conv-1").text
    assert "The assistant is answering this conversation." in text
    assert "Paused" not in text


def test_an_unknown_conversation_is_a_404_and_cannot_be_paused(api_portal):
    portal = api_portal
    client = portal.signed_in(STAFF)
    assert client.get("/staff/conversations/nobody").status_code == 404
    client.get("/staff/queue")
    assert (
        client.post("/staff/conversations/nobody/pause", {"display_name": "Maria"}).status_code
        == 404
    )
    assert hold_of(portal.sessions, "nobody") is None


def test_when_rasa_does_not_answer_nothing_is_changed_and_staff_are_told(api_portal):
    portal = api_portal
    _visitor(portal, "conv-1")
    request_person(portal.sessions, "conv-1", "socketio", NOW)
    client = portal.signed_in(STAFF)
    client.get("/staff/conversations/conv-1")
    response = client.post("/staff/conversations/conv-1/pause", {"display_name": "Maria"})
    assert response.status_code == 502
    assert "Nothing was changed: the assistant's server did not answer" in Page(response.text).text
    assert TOKEN not in response.text
    assert is_waiting(portal.sessions, "conv-1")
    assert hold_of(portal.sessions, "conv-1") is None


def test_without_an_api_token_the_page_says_take_over_is_unavailable(portal):
    _visitor(portal, "conv-1")
    client = portal.signed_in(STAFF)
    text = client.page("/staff/conversations/conv-1").text
    assert "Taking over is unavailable: the web app has no RASA_API_TOKEN" in text
    assert "Pause the assistant" not in text
    response = client.post("/staff/conversations/conv-1/pause", {"display_name": "Maria"})
    assert response.status_code == 503


def test_a_leads_transcript_links_to_its_conversations_take_over_page(portal):
    reference = add_intake(portal.sessions, "conv-maria", "Maria Lopez", "+12105550123")
    add_events(portal.sessions, "conv-maria", [{"event": "session_started"}, said("hi")])
    page = portal.signed_in(STAFF).page(f"/staff/leads/{reference}")
    assert "/staff/conversations/conv-maria" in {a.get("href") for a in page.all("a")}


def test_a_conversation_id_rasa_cannot_be_sent_is_refused_without_a_request(api_portal):
    # Rasa's router takes path parameters as they come: "conv 1" could only be sent as
    # "conv%201", another conversation.
    _visitor(api_portal, "conv 1")
    client = api_portal.signed_in(STAFF)
    client.get("/staff/conversations/conv%201")
    response = client.post("/staff/conversations/conv%201/pause", {"display_name": "Maria"})
    assert response.status_code == 502
    assert (
        "this conversation's id cannot be sent to the assistant's server"
        in Page(response.text).text
    )
    assert hold_of(api_portal.sessions, "conv 1") is None
