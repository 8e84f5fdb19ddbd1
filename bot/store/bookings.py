"""Consultations: race-safe booking, callback requests, cancelling, and their outbox rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, Iterable, List, Set

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.store.models import (
    Consultation,
    ConsultationStatus,
    Lead,
    LeadStatus,
    Notification,
    as_utc,
)

LIVE = (ConsultationStatus.REQUESTED, ConsultationStatus.CONFIRMED)


class SlotTakenError(Exception):
    """Someone else booked this start time first."""


@dataclass(frozen=True)
class NotificationDraft:
    channel: str  # "email" or "webhook"
    topic: str
    recipient: str
    payload: Dict[str, Any]


@dataclass(frozen=True)
class Booked:
    reference: str
    starts_at: datetime | None
    calendar_token: str
    notification_ids: List[int]



def booked_starts(session_factory: sessionmaker, start: datetime, end: datetime) -> Set[datetime]:
    with session_factory() as session:
        rows = session.scalars(
            select(Consultation.starts_at).where(
                Consultation.status.in_(LIVE),
                Consultation.starts_at >= start,
                Consultation.starts_at < end,
            )
        ).all()
    return {as_utc(row) for row in rows}


def book_slot(
    session_factory: sessionmaker,
    *,
    reference: str,
    lead_reference: str,
    starts_at: datetime,
    minutes: int,
    channel: str,
    conversation_id: str,
    notifications: Iterable[NotificationDraft] = (),
    replaces: str | None = None,
) -> Booked:
    """Book `starts_at` for the lead; SlotTakenError if a live consultation already starts then.

    `replaces` names a consultation to cancel in the same transaction (moving a booking).
    """
    try:
        with session_factory.begin() as session:
            lead = _lead(session, lead_reference)
            if replaces:
                _cancel(session, replaces)
            consultation = Consultation(
                reference=reference, lead=lead, starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes),
                channel=channel, conversation_id=conversation_id,
                status=ConsultationStatus.REQUESTED,
            )
            session.add(consultation)
            lead.status = LeadStatus.BOOKED
            session.flush()  # the unique index on live start times decides the race here
            ids = _queue(session, notifications)
            return Booked(consultation.reference, starts_at, consultation.calendar_token, ids)
    except IntegrityError as error:
        raise SlotTakenError(str(starts_at)) from error


def request_callback(
    session_factory: sessionmaker,
    *,
    lead_reference: str,
    callback_time: str,
    channel: str,
    conversation_id: str,
    notifications: Iterable[NotificationDraft] = (),
) -> Booked:
    """Record a callback request; one live request per conversation."""
    with session_factory.begin() as session:
        lead = _lead(session, lead_reference)
        existing = session.scalars(
            select(Consultation).where(
                Consultation.conversation_id == conversation_id,
                Consultation.starts_at.is_(None),
                Consultation.status.in_(LIVE),
            )
        ).first()
        if existing:
            existing.callback_time = callback_time
            return Booked(existing.reference, None, existing.calendar_token, [])
        consultation = Consultation(
            lead=lead, callback_time=callback_time, channel=channel,
            conversation_id=conversation_id, status=ConsultationStatus.REQUESTED,
        )
        session.add(consultation)
        session.flush()
        return Booked(consultation.reference, None, consultation.calendar_token,
                      _queue(session, notifications))


@dataclass(frozen=True)
class Upcoming:
    reference: str
    starts_at: datetime
    lead_reference: str
    name: str
    phone: str
    email: str | None


def upcoming_for_phone(
    session_factory: sessionmaker, phone: str, now: datetime
) -> Upcoming | None:
    """The next live booked consultation of the lead with this mobile number."""
    with session_factory() as session:
        row = session.execute(
            select(Consultation, Lead)
            .join(Lead)
            .where(Lead.phone == phone, Consultation.status.in_(LIVE),
                   Consultation.starts_at >= now)
            .order_by(Consultation.starts_at)
        ).first()
        if row is None:
            return None
        consultation, lead = row
        return Upcoming(consultation.reference, as_utc(consultation.starts_at), lead.reference,
                        lead.name, lead.phone, lead.email)


def cancel(
    session_factory: sessionmaker, reference: str, notifications: Iterable[NotificationDraft] = ()
) -> List[int]:
    with session_factory.begin() as session:
        _cancel(session, reference)
        return _queue(session, notifications)


def by_calendar_token(session_factory: sessionmaker, token: str) -> Consultation | None:
    with session_factory() as session:
        return session.scalars(
            select(Consultation).where(Consultation.calendar_token == token,
                                       Consultation.starts_at.is_not(None))
        ).one_or_none()


def _lead(session: Session, reference: str) -> Lead:
    return session.scalars(select(Lead).where(Lead.reference == reference)).one()


def _cancel(session: Session, reference: str) -> None:
    consultation = session.scalars(
        select(Consultation).where(Consultation.reference == reference)
    ).one()
    consultation.status = ConsultationStatus.CANCELLED


def _queue(session: Session, drafts: Iterable[NotificationDraft]) -> List[int]:
    rows = [Notification(channel=d.channel, topic=d.topic, recipient=d.recipient,
                         payload=d.payload) for d in drafts]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows]
