"""What the conversation and queue pages' script asks while staff are on them (served for real,
real database): `/staff/conversations/<id>/updates` and `/staff/queue/updates`. The script
itself, in a real browser, is tested in tests/browser/test_staff_takeover.py."""

from __future__ import annotations

import time
from types import SimpleNamespace

from bot.store.handoff import request_person
from bot.web.staff import sessions
from tests.web.conftest import Page
from tests.web.staff.conftest import (
    NOW,
    STAFF,
    Portal,
    add_events,
    add_intake,
    answered,
    said,
)

UPDATES = "/staff/conversations/conv-1/updates"


def _conversation(portal: Portal) -> None:
    add_events(
        portal.sessions,
        "conv-1",
        [
            {"event": "session_started"},
            said("can I talk to a person?"),
            answered("I've let the team know."),
        ],
    )


def test_updates_need_a_signed_in_session(portal):
    _conversation(portal)
    client = portal.client()
    for path in (UPDATES, "/staff/queue/updates"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/staff/sign-in?next="), path
        assert "conv-1" not in response.text and "person" not in response.text


def test_updates_give_only_the_lines_after_those_the_page_shows(portal):
    _conversation(portal)
    client = portal.signed_in(STAFF)
    page = client.page("/staff/conversations/conv-1")
    [live] = [div for div in page.all("div") if "data-live" in div]
    assert live["data-live"] == UPDATES
    shown = int(live["data-live-after"])
    assert shown == 3  # the new session, the visitor, the assistant

    nothing_new = client.get(UPDATES, params={"after": shown}).json()
    assert nothing_new["lines"] == "" and nothing_new["after"] == shown

    add_events(
        portal.sessions, "conv-1", [said("hello? anyone there?")], start=NOW.replace(hour=16)
    )
    update = client.get(UPDATES, params={"after": shown}).json()
    assert update["after"] == shown + 1
    lines = Page(update["lines"])
    assert lines.text == "Visitor hello? anyone there?"
    assert [li["class"] for li in lines.all("li")] == ["line line--visitor"]
    # From the start (no `after`, or nonsense) everything comes back.
    for params in ({}, {"after": "-1"}, {"after": "x"}):
        assert client.get(UPDATES, params=params).json()["after"] == shown + 1


def test_updates_name_the_lead_and_the_staff_member_as_the_page_does(portal):
    add_intake(portal.sessions, "conv-1", "Maria Lopez", "+12105550123")
    add_events(
        portal.sessions,
        "conv-1",
        [
            said("hi"),
            {"event": "pause"},
            {"event": "bot", "text": "Hello, I'm Ana.", "metadata": {"staff_name": "Ana"}},
        ],
    )
    update = portal.signed_in(STAFF).get(UPDATES, params={"after": 0}).json()
    assert Page(update["lines"]).text == (
        "Maria Lopez hi The assistant was paused: a person took over Ana (staff) Hello, I'm Ana."
    )
    assert update["paused"] is True


def test_updates_escape_what_the_visitor_wrote(portal):
    add_events(portal.sessions, "conv-1", [said('<img src=x onerror="alert(1)"> <b>hi</b>')])
    update = portal.signed_in(STAFF).get(UPDATES, params={"after": 0}).json()
    assert "<img" not in update["lines"] and "<b>" not in update["lines"]
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &lt;b&gt;hi&lt;/b&gt;" in update["lines"]
    assert Page(update["lines"]).text == 'Visitor <img src=x onerror="alert(1)"> <b>hi</b>'


def test_updates_of_an_unknown_conversation_are_a_404(portal):
    response = portal.signed_in(STAFF).get("/staff/conversations/nobody/updates")
    assert response.status_code == 404
    assert response.json() == {"error": "no such conversation"}


def test_updates_count_the_waiting_visitors_and_are_never_cached(portal):
    _conversation(portal)
    client = portal.signed_in(STAFF)
    assert client.get("/staff/queue/updates").json() == {"waiting": 0}
    request_person(portal.sessions, "conv-1", "socketio", NOW)
    request_person(portal.sessions, "conv-2", "rest", NOW)
    for path in ("/staff/queue/updates", UPDATES):
        response = client.get(path)
        assert response.json()["waiting"] == 2, path
        assert response.headers["cache-control"] == "no-store", path
        assert response.headers["content-type"] == "application/json", path


def test_asking_for_updates_does_not_keep_an_idle_session_alive(portal, monkeypatch):
    _conversation(portal)
    client = portal.signed_in(STAFF)
    # An hour later (the server runs in this process): a page renews the session's idle
    # limit; the script's questions do not, so a page left open still signs out.
    an_hour_later = time.time() + 3600
    monkeypatch.setattr(sessions, "time", SimpleNamespace(time=lambda: an_hour_later))
    for path in (UPDATES, "/staff/queue/updates"):
        response = client.get(path)
        assert response.status_code == 200 and "set-cookie" not in response.headers, path
    assert "set-cookie" in client.get("/staff/conversations/conv-1").headers


def test_the_pages_load_the_live_script_with_their_nonce(portal):
    _conversation(portal)
    client = portal.signed_in(STAFF)
    for path in ("/staff/conversations/conv-1", "/staff/queue"):
        response = client.get(path)
        nonce = response.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
        scripts = [attrs for attrs, _ in Page(response.text).scripts]
        assert {"src": "/staff/assets/live.js", "defer": "", "nonce": nonce} in scripts, path
    script = client.get("/staff/assets/live.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
