"""After a treatment: staff mark the consultation treated, a check-in is texted two days
later, and the answer is kept; a red flag told by text flags the lead for staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, List

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.notify.outbox import NotificationDraft
from bot.notify.outbox import queue as _queue
from bot.store.bookings import LeadContact, Notify
from bot.store.models import (
    RED_FLAG_PREFIX,
    Consultation,
    ConsultationStatus,
    Lead,
    Notification,
    NotificationStatus,
    as_utc,
    safety_flag_text,
)

CHECKIN_TOPIC = "aftercare_checkin"
# A reply later than this is a new conversation, not the answer to the check-in.
ANSWER_WITHIN = timedelta(days=7)
ANSWERS = ("fine", "concern", "red_flag")


class AftercareError(ValueError):
    """The consultation cannot be marked treated; the message says why."""


@dataclass(frozen=True)
class Treated:
    reference: str
    treated_at: datetime
    notification_ids: List[int]  # the check-in queued now ([] with SMS off)
    already: bool = False  # it was marked before: nothing changed


# Builds the check-in for the lead's stored number, due at the given time.
CheckinDrafts = Callable[[LeadContact, datetime], Iterable[NotificationDraft]]


def mark_treated(session_factory: sessionmaker, reference: str, now: datetime,
                 checkin: CheckinDrafts, after: timedelta) -> Treated:
    """Mark a booked consultation treated and queue its check-in `after` its start (at once if
    that has passed). Marking it again changes nothing and queues nothing."""
    with session_factory.begin() as session:
        consultation = session.scalars(
            select(Consultation).where(Consultation.reference == reference.upper())).first()
        if consultation is None:
            raise AftercareError(f"no consultation {reference}")
        if consultation.status == ConsultationStatus.CANCELLED:
            raise AftercareError(f"{reference} was cancelled")
        if consultation.starts_at is None:
            raise AftercareError(f"{reference} is a callback request, not a booked time")
        if as_utc(consultation.starts_at) > now:
            raise AftercareError(f"{reference} has not taken place yet")
        if consultation.treated_at is not None:
            return Treated(consultation.reference, as_utc(consultation.treated_at), [],
                           already=True)
        consultation.treated_at = now
        lead = consultation.lead
        due = max(as_utc(consultation.starts_at) + after, now)
        contact = LeadContact(lead.reference, lead.name, lead.phone, lead.email, lead.band,
                              lead.language)
        ids = _queue(session, checkin(contact, due))
        return Treated(consultation.reference, now, ids)


def pending_checkin(session_factory: sessionmaker, phone: str, last_text_at: datetime | None,
                    now: datetime) -> str | None:
    """The consultation whose check-in this number's next text answers: delivered in the
    last ANSWER_WITHIN, unanswered, and nothing texted by the number since it went out."""
    with session_factory() as session:
        rows = session.execute(
            select(Notification.payload, Notification.delivered_at)
            .where(Notification.channel == "sms", Notification.topic == CHECKIN_TOPIC,
                   Notification.recipient == phone,
                   Notification.status == NotificationStatus.DELIVERED,
                   Notification.delivered_at >= now - ANSWER_WITHIN)
            .order_by(Notification.delivered_at.desc())
        ).all()
        for payload, delivered_at in rows:
            if last_text_at is not None and last_text_at >= as_utc(delivered_at):
                return None  # the number has written since: that was the answer
            reference = (payload or {}).get("consultation_reference")
            answered = session.scalar(select(Consultation.aftercare_answer).where(
                Consultation.reference == reference))
            if reference and answered is None:
                return str(reference)
    return None


def record_checkin_answer(session_factory: sessionmaker, reference: str, answer: str,
                          now: datetime) -> None:
    if answer not in ANSWERS:
        raise ValueError(f"answer must be one of {ANSWERS}")
    with session_factory.begin() as session:
        consultation = session.scalars(
            select(Consultation).where(Consultation.reference == reference)).one()
        consultation.aftercare_answer = answer
        consultation.aftercare_answered_at = now


# The name staff see for a number that has no lead.
NO_LEAD_NAME = "unknown (no lead for this number)"


def flag_red_flag(session_factory: sessionmaker, phone: str, kind: str,
                  notify: Notify | None = None, even_without_lead: bool = False) -> List[int]:
    """Put `red_flag_<kind>` on the number's own lead (the portal lists it as flagged) and
    queue staff's notifications; when the number has no lead, staff are told only
    `even_without_lead` (with the number alone), else nothing is queued."""
    with session_factory.begin() as session:
        lead = session.scalars(select(Lead).where(Lead.phone == phone,
                                                  Lead.duplicate_of_id.is_(None))).first()
        if lead is None:
            if notify is None or not even_without_lead:
                return []
            return _queue(session, notify(LeadContact("", NO_LEAD_NAME, phone, None, None)))
        flags = set((lead.safety_flags or "").split()) | {f"{RED_FLAG_PREFIX}{kind}"}
        lead.safety_flags = safety_flag_text(flags)
        if notify is None:
            return []
        contact = LeadContact(lead.reference, lead.name, lead.phone, lead.email, lead.band,
                              lead.language)
        return _queue(session, notify(contact))
