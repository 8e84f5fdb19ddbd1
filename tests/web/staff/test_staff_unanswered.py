"""Unanswered questions over real HTTP: messages that got the fallback or the out-of-scope
answer, read from Rasa's events table, grouped with counts and links to their leads, and
marked as handled with who and when (CSRF checked)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Dict

from bot.store.models import AuditEntry, HandledQuestion
from bot.store.unanswered import unanswered_messages
from tests.web.staff.conftest import ADMIN, NOW, STAFF, Portal, add_events, add_intake, said


def _fell_back(text: str) -> Dict[str, Any]:
    return {**said(text), "parse_data": {"intent": {"name": "nlu_fallback"}}}


def _out_of_scope(text: str) -> Dict[str, Any]:
    return {**said(text), "parse_data": {"intent": {"name": "out_of_scope"}}}


def _action(name: str) -> Dict[str, Any]:
    return {"event": "action", "name": name}


def _conversations(portal: Portal) -> str:
    """Four conversations: botox asked three times (once by a visitor who became a lead),
    parking once; answered questions and button payloads in between."""
    sessions = portal.sessions
    add_events(sessions, "lead-conv", [
        said("how much does microneedling cost"), _action("utter_faq"),
        _fell_back("Do you do botox?"), _action("utter_ask_rephrase"),
    ], start=NOW)
    add_events(sessions, "anon-1", [
        _out_of_scope("do u offer botox"), _action("utter_out_of_scope"),
        said("/affirm"), _action("utter_ask_rephrase"),
    ], start=NOW + timedelta(minutes=5))
    # Intent not recorded in parse_data, but the rule's answer was the fallback.
    add_events(sessions, "anon-2", [
        said("Can I get Botox injections there"), _action("utter_ask_rephrase"),
        said("Is there parking at the clinic?"), _action("action_default_fallback"),
        said("thanks"), _action("utter_you_are_welcome"),
    ], start=NOW + timedelta(minutes=10))
    return add_intake(sessions, "lead-conv", "Maria Lopez", "+12105550123")


def test_the_page_groups_fallback_and_out_of_scope_messages_with_counts_and_lead_links(
        portal: Portal) -> None:
    reference = _conversations(portal)
    page = portal.signed_in(STAFF).page("/staff/unanswered")
    groups = [h for level, h in page.headings if level == 2 and "message" in h]
    assert groups[0].startswith("“") and groups[0].endswith("3 messages")
    assert "botox" in groups[0].lower()
    assert groups[1] == "“Is there parking at the clinic?” 1 message"
    assert len(groups) == 2
    assert "how much does microneedling cost" not in page.text
    assert "thanks" not in page.text and "/affirm" not in page.text
    links = {a["href"] for a in page.all("a")}
    assert f"/staff/leads/{reference}" in links
    assert "2 visitors who left no details" in page.text  # their session ids are not shown
    assert "anon-1" not in page.text
    assert ("a", {"href": "/staff/unanswered", "aria-current": "page"}) in page.elements


def test_marking_a_group_handled_keeps_who_and_when_and_removes_it_from_the_page(
        portal: Portal) -> None:
    _conversations(portal)
    client = portal.signed_in(STAFF)
    page = client.page("/staff/unanswered")
    forms = [f for f in page.all("input") if f.get("name") == "messages"]
    botox = forms[0]["value"]
    response = client.post("/staff/unanswered/handled", {"messages": botox,
                                                          "example": "Do you do botox?"})
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/unanswered?handled=3"
    with portal.sessions() as session:
        marks = session.query(HandledQuestion).all()
        assert len(marks) == 3
        assert {m.handled_by_email for m in marks} == {STAFF[0]}
        assert all(m.handled_at is not None for m in marks)
    after = client.page("/staff/unanswered?handled=3")
    assert "Marked 3 messages as handled." in after.text
    remaining = [h for level, h in after.headings if level == 2 and "message" in h]
    assert remaining == ["“Is there parking at the clinic?” 1 message"]
    assert "Recently handled" in after.text and STAFF[0] in after.text
    # A new visitor asking again brings the question back, as a new group.
    add_events(portal.sessions, "anon-3", [_fell_back("do you do botox"),
                                           _action("utter_ask_rephrase")],
               start=NOW + timedelta(hours=1))
    again = client.page("/staff/unanswered")
    assert "“do you do botox” 1 message" in [h for _, h in again.headings]


def test_marking_a_group_handled_is_in_the_audit_log_with_who_and_which_question(
        any_portal: Portal) -> None:
    _conversations(any_portal)
    staff = any_portal.signed_in(STAFF)
    page = staff.page("/staff/unanswered")
    botox = next(f["value"] for f in page.all("input") if f.get("name") == "messages")
    staff.post("/staff/unanswered/handled", {"messages": botox, "example": "Do you do botox?"})
    # The same group sent again (an old tab) marks nothing new, and so logs nothing.
    staff.post("/staff/unanswered/handled", {"messages": botox, "example": "Do you do botox?"})
    with any_portal.sessions() as session:
        entries = [(e.staff_email, e.action, e.lead_reference, e.detail)
                   for e in session.query(AuditEntry).filter_by(action="question_handled")]
    assert entries == [
        (STAFF[0], "question_handled", None, "3 messages like “Do you do botox?”")]
    log = any_portal.signed_in(ADMIN).page(f"/staff/audit?who={STAFF[0]}")
    assert (f"{STAFF[0]} Marked a question handled 3 messages like “Do you do botox?”"
            in log.text)


def test_marking_handled_without_the_csrf_token_is_refused_and_marks_nothing(
        portal: Portal) -> None:
    _conversations(portal)
    client = portal.signed_in(ADMIN)
    page = client.page("/staff/unanswered")
    messages = next(f["value"] for f in page.all("input") if f.get("name") == "messages")
    assert client.post("/staff/unanswered/handled", {"messages": messages},
                       csrf=False).status_code == 403
    assert client.post("/staff/unanswered/handled", {"messages": messages,
                                                      "csrf_token": "forged"}).status_code == 403
    with portal.sessions() as session:
        assert session.query(HandledQuestion).count() == 0


def test_only_messages_still_unanswered_can_be_marked(portal: Portal) -> None:
    _conversations(portal)
    client = portal.signed_in(STAFF)
    client.get("/staff/unanswered")
    engine = portal.sessions.kw["bind"]
    ids = [m.event_id for m in unanswered_messages(engine)]
    response = client.post("/staff/unanswered/handled",
                           {"messages": f"{ids[0]} 999999 1 nonsense"})
    assert response.headers["location"] == "/staff/unanswered?handled=1"
    assert [m.event_id for m in unanswered_messages(engine)] == ids[1:]


def test_a_question_with_markup_renders_as_text(portal: Portal) -> None:
    add_events(portal.sessions, "x", [_fell_back("<script>alert(1)</script>"),
                                      _action("utter_ask_rephrase")])
    response = portal.signed_in(STAFF).get("/staff/unanswered")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_without_any_conversation_the_page_says_there_is_nothing(portal: Portal) -> None:
    page = portal.signed_in(STAFF).page("/staff/unanswered")
    assert "No unanswered questions" in page.text


def test_the_page_works_on_sqlite_and_postgresql(any_portal: Portal) -> None:
    _conversations(any_portal)
    client = any_portal.signed_in(STAFF)
    page = client.page("/staff/unanswered")
    messages = next(f["value"] for f in page.all("input") if f.get("name") == "messages")
    assert client.post("/staff/unanswered/handled",
                       {"messages": messages}).status_code == 303
    assert len(unanswered_messages(any_portal.sessions.kw["bind"])) == 1
