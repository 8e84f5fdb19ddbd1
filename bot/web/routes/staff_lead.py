"""One lead's page (`/staff/leads/<reference>`) and what staff do there: notes, status
changes, merging a possible duplicate, cancelling or moving the consultation.

The conversation section reads the transcript from Rasa's tracker store; the take-over part
of the portal adds its controls next to it (`staff/_conversation.html`).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List

from starlette.responses import Response
from starlette.routing import Route

from bot.booking.notices import booking_notify, staff_notify, when_text
from bot.booking.schedule import next_free
from bot.intake.estimate import describe, estimate
from bot.intake.scoring import score
from bot.notify.outbox import deliver_soon
from bot.store import audit
from bot.store.bookings import (
    AlreadyBookedError,
    SlotTakenError,
    book_slot,
    cancel_for_lead,
)
from bot.store.lead_work import (
    LeadDetail,
    LeadWorkError,
    add_note,
    change_status,
    consents_of,
    lead_detail,
    merge_duplicate,
)
from bot.store.models import Lead, LeadStatus, as_utc, is_safety_flag, new_consultation_reference
from bot.store.transcripts import transcript
from bot.web.staff.guard import Visit, portal_page, redirect, render_visit
from bot.web.staff.labels import label

MOVE_CHOICES = 40  # free times offered when moving a consultation
STAFF_CHANNEL = "staff"


def _reference(visit: Visit) -> str:
    return str(visit.request.path_params["reference"]).upper()


@portal_page()
def lead_page(visit: Visit) -> Response:
    return _show(visit, _reference(visit))


def _show(visit: Visit, reference: str, problem: str | None = None, status_code: int = 200,
          **kept: Any) -> Response:
    detail = lead_detail(visit.sessions, reference)
    if detail is None:
        return render_visit(visit, "staff/not_found.html", status_code=404,
                            reference=reference)
    audit.record(visit.sessions, visit.user, audit.VIEWED, detail.lead)
    settings = visit.settings
    zone = settings.clinic.timezone
    live = detail.live_consultation
    free = next_free(settings, visit.sessions, MOVE_CHOICES) if live is not None else []
    return render_visit(
        visit, "staff/lead.html", status_code=status_code, problem=problem, kept=kept,
        detail=detail, lead=detail.lead, zone=zone,
        consents=consents_of(detail.lead),
        assessments=[_assessment_view(a, settings) for a in reversed(detail.lead.assessments)],
        live=live, live_when=when_text(as_utc(live.starts_at), settings)
        if live is not None and live.starts_at is not None else None,
        free_times=[(t.isoformat(), when_text(t, settings)) for t in free],
        statuses=[(s.value, label(s.value)) for s in LeadStatus],
        transcript=_transcript(visit, detail),
        as_utc=as_utc,
    )


def _assessment_view(assessment: Any, settings: Any) -> Dict[str, Any]:
    answers = assessment.answers or {}
    result = score(answers)
    return {
        "row": assessment,
        "answers": [(label(k), _answer(v)) for k, v in answers.items()],
        "flags": [(f, label(f), is_safety_flag(f)) for f in assessment.flags or []],
        # Today's prices: the figures the visitor saw used the prices of that day.
        "estimate": describe(estimate(result.sessions, settings.prices), settings.prices),
    }


def _answer(value: Any) -> str:
    if value is None or value == "":
        return "not answered"
    if isinstance(value, list):
        return ", ".join(label(v) for v in value) or "none"
    return label(value) if isinstance(value, str) else str(value)


def _transcript(visit: Visit, detail: LeadDetail) -> List[Any]:
    # Rasa's tracker store shares the clinic's database (and so its engine).
    return transcript(visit.sessions.kw["bind"], detail.conversation_ids)


def _after_change(visit: Visit, reference: str, what: str, lead: Lead | None = None) -> Response:
    audit.record(visit.sessions, visit.user, audit.CHANGED, lead, detail=what,
                 lead_reference=reference)
    return redirect(f"/staff/leads/{reference}")


def _lead_row(visit: Visit, reference: str) -> Lead | None:
    detail = lead_detail(visit.sessions, reference)
    return detail.lead if detail else None


@portal_page()
def post_note(visit: Visit) -> Response:
    reference = _reference(visit)
    assert visit.user is not None
    try:
        add_note(visit.sessions, reference, visit.user, visit.field("note"))
    except LeadWorkError as error:
        return _show(visit, reference, str(error), 400, note=visit.field("note"))
    return _after_change(visit, reference, "added a note", _lead_row(visit, reference))


@portal_page()
def post_status(visit: Visit) -> Response:
    reference = _reference(visit)
    assert visit.user is not None
    status, note = visit.field("status"), visit.field("note")
    try:
        change_status(visit.sessions, reference, visit.user, status, note)
    except LeadWorkError as error:
        return _show(visit, reference, str(error), 400, status=status, status_note=note)
    return _after_change(visit, reference, f"status to {status}", _lead_row(visit, reference))


@portal_page()
def post_merge(visit: Visit) -> Response:
    reference = _reference(visit)
    assert visit.user is not None
    if visit.field("confirm") != "yes":
        return _show(visit, reference, "Tick the box to confirm the merge.", 400)
    try:
        original = merge_duplicate(visit.sessions, reference, visit.user)
    except LeadWorkError as error:
        return _show(visit, reference, str(error), 400)
    return _after_change(visit, original, f"merged duplicate {reference} into {original}",
                         _lead_row(visit, original))


@portal_page()
def post_cancel(visit: Visit) -> Response:
    reference = _reference(visit)
    consultation = visit.field("consultation")
    detail = lead_detail(visit.sessions, reference)
    live = detail.live_consultation if detail else None
    if live is None or live.reference != consultation:
        return _show(visit, reference, "That consultation is no longer booked.", 409)
    when = (when_text(as_utc(live.starts_at), visit.settings) if live.starts_at
            else "callback request")
    ids = cancel_for_lead(visit.sessions, consultation, reference,
                          staff_notify(visit.settings, "cancelled", consultation=when,
                                       consultation_reference=consultation))
    if ids is None:
        return _show(visit, reference, "That consultation is no longer booked.", 409)
    deliver_soon(ids, visit.sessions, visit.settings)
    return _after_change(visit, reference, f"cancelled consultation {consultation}",
                         detail.lead if detail else None)


@portal_page()
def post_move(visit: Visit) -> Response:
    reference = _reference(visit)
    consultation = visit.field("consultation")
    try:
        starts_at = datetime.fromisoformat(visit.field("starts_at")).astimezone(timezone.utc)
    except ValueError:
        return _show(visit, reference, "Choose a new time from the list.", 400)
    if starts_at not in next_free(visit.settings, visit.sessions, None):
        return _show(visit, reference, "That time is no longer free: choose another.", 409)
    detail = lead_detail(visit.sessions, reference)
    live = detail.live_consultation if detail else None
    if detail is None or live is None or live.reference != consultation:
        return _show(visit, reference, "That consultation is no longer booked.", 409)
    new_reference = new_consultation_reference()
    try:
        booked = book_slot(
            visit.sessions, reference=new_reference, lead_reference=reference,
            starts_at=starts_at, minutes=visit.settings.booking.consultation_minutes,
            channel=STAFF_CHANNEL, conversation_id=live.conversation_id,
            replaces=consultation,
            notify=booking_notify(visit.settings, "moved", new_reference, starts_at))
    except (SlotTakenError, AlreadyBookedError):
        return _show(visit, reference, "That time was just taken: choose another.", 409)
    deliver_soon(booked.notification_ids, visit.sessions, visit.settings)
    return _after_change(visit, reference, f"moved consultation {consultation} to "
                         f"{new_reference} at {starts_at.isoformat()}", detail.lead)


routes = [
    Route("/leads/{reference}", lead_page, name="staff_lead"),
    Route("/leads/{reference}/notes", post_note, methods=["POST"], name="staff_lead_note"),
    Route("/leads/{reference}/status", post_status, methods=["POST"],
          name="staff_lead_status"),
    Route("/leads/{reference}/merge", post_merge, methods=["POST"], name="staff_lead_merge"),
    Route("/leads/{reference}/consultation/cancel", post_cancel, methods=["POST"],
          name="staff_consultation_cancel"),
    Route("/leads/{reference}/consultation/move", post_move, methods=["POST"],
          name="staff_consultation_move"),
]
