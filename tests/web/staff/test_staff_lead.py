"""A lead's page: everything about the lead, its transcript, notes, status changes, merging a
duplicate, and cancelling or moving its consultation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.booking.schedule import next_free
from bot.store.bookings import book_slot, request_callback
from bot.store.models import (
    Assessment,
    Consultation,
    ConsultationStatus,
    Lead,
    LeadStatusChange,
)
from tests.web.staff.conftest import (
    STAFF,
    add_contact,
    add_events,
    add_intake,
    answered,
    said,
)


def test_a_leads_page_shows_contact_consent_answers_result_estimate_and_transcript(
        any_portal):
    reference = add_intake(any_portal.sessions, "conv-maria", "Maria Lopez", "+12105550123",
                           flags=["icepick_scars", "safety_answer_unsure",
                                  "red_flag_infection"])
    add_events(any_portal.sessions, "conv-maria", [
        {"event": "session_started"},
        said("how much is microneedling?"),
        answered("A session is $350.", ["Start the assessment"]),
        said("my face is oozing pus since yesterday"),
        {"event": "slot", "name": "last_red_flag", "value": "infection"},
        answered("Please call the clinic now."),
    ])
    add_events(any_portal.sessions, "someone-else", [said("not this lead's words")])
    page = any_portal.signed_in(STAFF).page(f"/staff/leads/{reference}")
    text = page.text
    assert "Maria Lopez" in page.title and reference in text
    assert "(210) 555-0123" in text and "conv-maria@example.com" in text
    assert "Text, Evening" in text
    # Consent: both kinds, the wording version, the answer and the channel.
    assert "Storing and using the answers Agreed data-2026-11-27" in text
    assert "Marketing Declined data-2026-11-27" in text
    # The result, its reasons, the flags and every answer.
    assert "Severe" in text and "Consultation first" in text
    assert "your scars are noticeable at a conversation distance" in text
    assert "\"Not sure\" to a safety question" in text
    assert "Red flag in the conversation: infection" in text
    assert "Scar types Ice-pick" in text
    assert "Scar count Over 20" in text
    # The estimate as the assistant words it, from the configured prices.
    assert "Estimate, not a quote" in text and "6 to 8 sessions" in text
    # The conversation, in order, with the red flag marked and no other conversation.
    spoken = text[text.index("Conversation"):]
    assert spoken.index("how much is microneedling?") < spoken.index("A session is $350.") \
        < spoken.index("my face is oozing pus") < spoken.index("Red flag: infection") \
        < spoken.index("Please call the clinic now.")
    assert "Buttons: Start the assessment" in spoken
    assert "not this lead's words" not in text


def test_a_lead_without_a_stored_conversation_says_so(portal):
    reference = add_contact(portal.sessions, "conv-call", "Lee Chan", "+12105550104")
    text = portal.signed_in(STAFF).page(f"/staff/leads/{reference}").text
    assert "No self-assessment" in text
    assert "No conversation found" in text


def test_an_unknown_lead_is_a_404_page(portal):
    response = portal.signed_in(STAFF).get("/staff/leads/L-NOPE0000")
    assert response.status_code == 404
    assert "No lead L-NOPE0000" in response.text


def test_a_status_change_needs_a_note_and_is_kept_with_who_and_when(any_portal):
    reference = add_intake(any_portal.sessions, "c1", "Maria Lopez", "+12105550123")
    client = any_portal.signed_in(STAFF)
    client.get(f"/staff/leads/{reference}")
    refused = client.post(f"/staff/leads/{reference}/status",
                          {"status": "contacted", "note": "   "})
    assert refused.status_code == 400 and "Write a note" in refused.text
    assert any_portal.lead(reference).status.value == "new"
    before = datetime.now(timezone.utc)
    done = client.post(f"/staff/leads/{reference}/status",
                       {"status": "not_candidate", "note": "Pregnant; call back in a year"})
    assert done.status_code == 303
    assert any_portal.lead(reference).status.value == "not_candidate"
    with any_portal.sessions() as session:
        change = session.query(LeadStatusChange).one()
        assert (change.from_status, change.to_status, change.note) == (
            "new", "not_candidate", "Pregnant; call back in a year")
        assert change.author.email == STAFF[0]
        at = change.created_at if change.created_at.tzinfo else change.created_at.replace(
            tzinfo=timezone.utc)
        assert before - timedelta(seconds=5) <= at <= datetime.now(timezone.utc)
    text = client.page(f"/staff/leads/{reference}").text
    assert f"{STAFF[0]} · status New → Not a candidate" in text
    assert "Pregnant; call back in a year" in text
    same = client.post(f"/staff/leads/{reference}/status",
                       {"status": "not_candidate", "note": "again"})
    assert same.status_code == 400


def test_notes_are_added_to_the_leads_thread_in_order(portal):
    reference = add_intake(portal.sessions, "c1", "Maria Lopez", "+12105550123")
    client = portal.signed_in(STAFF)
    client.get(f"/staff/leads/{reference}")
    for note in ("Called, no answer", "Called again: <b>booked</b> for Tuesday"):
        assert client.post(f"/staff/leads/{reference}/notes", {"note": note}).status_code == 303
    page = client.get(f"/staff/leads/{reference}").text
    assert page.index("Called, no answer") < page.index("Called again")
    assert "&lt;b&gt;booked&lt;/b&gt;" in page


def test_merging_a_possible_duplicate_moves_its_records_to_the_original(any_portal):
    sessions = any_portal.sessions
    original = add_intake(sessions, "c-first", "Maria Lopez", "+12105550123", email=None,
                          band="mild", recommendation="good_candidate", flags=[])
    duplicate = add_intake(sessions, "c-second", "Maria L.", "+12105550123",
                           email="maria@example.com", band="severe",
                           flags=["bleeding_risk"])
    client = any_portal.signed_in(STAFF)
    page = client.page(f"/staff/leads/{duplicate}")
    assert f"Merge into {original}" in page.text
    client.post(f"/staff/leads/{duplicate}/notes", {"note": "Same person, new phone call"})
    unconfirmed = client.post(f"/staff/leads/{duplicate}/merge", {})
    assert unconfirmed.status_code == 400
    merged = client.post(f"/staff/leads/{duplicate}/merge", {"confirm": "yes"})
    assert merged.status_code == 303
    assert merged.headers["location"] == f"/staff/leads/{original}"
    with sessions() as session:
        leads = session.query(Lead).all()
        assert [lead.reference for lead in leads] == [original]
        lead = leads[0]
        assert lead.name == "Maria Lopez"  # the original's details stay
        assert lead.email == "maria@example.com"  # a missing one is taken over
        assert sorted(a.conversation_id for a in session.query(Assessment)) == [
            "c-first", "c-second"]
        assert (lead.band, lead.safety_flags.split()) == ("severe", ["bleeding_risk"])
        assert len(lead.consents) == 4
    text = client.page(f"/staff/leads/{original}").text
    assert "Same person, new phone call" in text
    assert client.get(f"/staff/leads/{duplicate}").status_code == 404


def test_a_merge_is_refused_while_both_leads_have_a_live_consultation(portal):
    sessions = portal.sessions
    original = add_intake(sessions, "c-first", "Maria Lopez", "+12105550123")
    duplicate = add_intake(sessions, "c-second", "Maria L.", "+12105550123")
    for lead, conversation in ((original, "c-first"), (duplicate, "c-second")):
        request_callback(sessions, lead_reference=lead, callback_time="morning",
                         channel="rest", conversation_id=conversation)
    client = portal.signed_in(STAFF)
    client.get(f"/staff/leads/{duplicate}")
    refused = client.post(f"/staff/leads/{duplicate}/merge", {"confirm": "yes"})
    assert refused.status_code == 400 and "cancel one first" in refused.text
    with sessions() as session:
        assert session.query(Lead).count() == 2


def _book(portal, reference: str) -> str:
    start = next_free(portal.settings, portal.sessions, 1)[0]
    return book_slot(portal.sessions, reference="C-TEST0001", lead_reference=reference,
                     starts_at=start, minutes=30, channel="socketio",
                     conversation_id="c1").reference


def test_staff_cancel_a_leads_consultation_with_the_assistants_booking_code(portal):
    reference = add_intake(portal.sessions, "c1", "Maria Lopez", "+12105550123")
    booking = _book(portal, reference)
    client = portal.signed_in(STAFF)
    page = client.page(f"/staff/leads/{reference}")
    assert booking in page.text and "Cancel consultation" in page.text
    assert client.post(f"/staff/leads/{reference}/consultation/cancel",
                       {"consultation": booking}).status_code == 303
    with portal.sessions() as session:
        assert session.query(Consultation).one().status == ConsultationStatus.CANCELLED
    again = client.post(f"/staff/leads/{reference}/consultation/cancel",
                        {"consultation": booking})
    assert again.status_code == 409
    assert "No consultation booked." in client.page(f"/staff/leads/{reference}").text


def test_staff_move_a_consultation_to_a_free_time_from_the_list(any_portal):
    reference = add_intake(any_portal.sessions, "c1", "Maria Lopez", "+12105550123")
    booking = _book(any_portal, reference)
    client = any_portal.signed_in(STAFF)
    page = client.page(f"/staff/leads/{reference}")
    choices = [o["value"] for o in page.all("option") if "T" in o.get("value", "")]
    target = choices[3]
    moved = client.post(f"/staff/leads/{reference}/consultation/move",
                        {"consultation": booking, "starts_at": target})
    assert moved.status_code == 303
    with any_portal.sessions() as session:
        rows = {c.reference: c for c in session.query(Consultation)}
        assert rows[booking].status == ConsultationStatus.CANCELLED
        (new,) = [c for c in rows.values() if c.reference != booking]
        starts = new.starts_at if new.starts_at.tzinfo else new.starts_at.replace(
            tzinfo=timezone.utc)
        assert starts == datetime.fromisoformat(target)
        assert new.status == ConsultationStatus.REQUESTED and new.conversation_id == "c1"
    taken = client.post(f"/staff/leads/{reference}/consultation/move",
                        {"consultation": new.reference, "starts_at": target})
    assert taken.status_code == 409
