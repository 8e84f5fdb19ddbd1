"""Consultations: race-safe booking, callback requests, cancelling, and their outbox rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Iterable, List, Set

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, sessionmaker

from bot.notify.outbox import NotificationDraft
from bot.notify.outbox import queue as _queue
from bot.store.models import (
    Assessment,
    BookingLookupFailure,
    Consultation,
    ConsultationStatus,
    Lead,
    LeadStatus,
    as_utc,
)

LIVE = (ConsultationStatus.REQUESTED, ConsultationStatus.CONFIRMED)


class SlotTakenError(Exception):
    """Someone else booked this start time first."""


class AlreadyBookedError(Exception):
    """The lead already has a live consultation: a second one is a move, not a booking."""

    def __init__(self, reference: str, starts_at: datetime | None) -> None:
        super().__init__(reference)
        self.reference = reference
        self.starts_at = starts_at


@dataclass(frozen=True)
class LeadContact:
    """What staff need to call a lead back, read from the database by reference, so that a
    conversation never has to carry another person's contact details."""

    reference: str
    name: str
    phone: str
    email: str | None
    band: str | None  # from the latest assessment
    language: str = "en"  # the lead's, so staff call back in it


# Builds a booking's notifications from the lead's stored contact details, inside the
# booking's transaction.
Notify = Callable[[LeadContact], Iterable["NotificationDraft"]]


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
    notify: Notify | None = None,
) -> Booked:
    """Book `starts_at` for the lead; SlotTakenError if a live consultation already starts then.

    `replaces` names the lead's live consultation to cancel in the same transaction (moving a
    booking). AlreadyBookedError if the lead has a live consultation that is not `replaces`.
    """
    try:
        with session_factory.begin() as session:
            lead = _lead(session, lead_reference)
            existing = _live_of(session, lead)
            if existing is not None and existing.reference != replaces:
                raise AlreadyBookedError(existing.reference, as_utc(existing.starts_at))
            if existing is not None:
                existing.status = ConsultationStatus.CANCELLED
                session.flush()  # out of both live indexes before the new row goes in
            consultation = Consultation(
                reference=reference, lead=lead, starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes),
                channel=channel, conversation_id=conversation_id,
                status=ConsultationStatus.REQUESTED,
            )
            session.add(consultation)
            lead.status = LeadStatus.BOOKED
            session.flush()  # the unique indexes on live start times and leads decide races
            ids = _queue(session, _drafts(session, lead, notifications, notify))
            return Booked(consultation.reference, starts_at, consultation.calendar_token, ids)
    except IntegrityError as error:
        mine = live_consultation(session_factory, lead_reference)
        if mine is not None and mine.reference != replaces:
            raise AlreadyBookedError(mine.reference, mine.starts_at) from error
        raise SlotTakenError(str(starts_at)) from error


def request_callback(
    session_factory: sessionmaker,
    *,
    lead_reference: str,
    callback_time: str,
    channel: str,
    conversation_id: str,
    notifications: Iterable[NotificationDraft] = (),
    notify: Notify | None = None,
) -> Booked:
    """Record a callback request; asking again changes the time of the lead's live request.

    AlreadyBookedError if the lead has a booked slot instead.
    """
    with session_factory.begin() as session:
        lead = _lead(session, lead_reference)
        existing = _live_of(session, lead)
        if existing is not None and existing.starts_at is not None:
            raise AlreadyBookedError(existing.reference, as_utc(existing.starts_at))
        if existing is not None:
            existing.callback_time = callback_time
            return Booked(existing.reference, None, existing.calendar_token, [])
        consultation = Consultation(
            lead=lead, callback_time=callback_time, channel=channel,
            conversation_id=conversation_id, status=ConsultationStatus.REQUESTED,
        )
        session.add(consultation)
        session.flush()
        return Booked(consultation.reference, None, consultation.calendar_token,
                      _queue(session, _drafts(session, lead, notifications, notify)))


@dataclass(frozen=True)
class Upcoming:
    """A live consultation, by reference only: no contact details leave the database."""

    reference: str
    starts_at: datetime | None  # empty for a callback request
    lead_reference: str


def upcoming_for_phone(
    session_factory: sessionmaker, phone: str, now: datetime
) -> Upcoming | None:
    """The next live booked consultation of a lead with this mobile number.

    Only for a number the channel proves (an SMS sender): anyone can type a number.
    """
    return _first_live(session_factory, Lead.phone == phone, Consultation.starts_at >= now)


def live_consultation(session_factory: sessionmaker, lead_reference: str) -> Upcoming | None:
    """The lead's live consultation (a booked slot or a callback request), if any."""
    return _first_live(session_factory, Lead.reference == lead_reference)


def consultation_by_reference(session_factory: sessionmaker, reference: str) -> Upcoming | None:
    """The live consultation (booked slot or callback request) with this booking reference."""
    return _first_live(session_factory, Consultation.reference == reference.upper())


def _first_live(session_factory: sessionmaker, *criteria: Any) -> Upcoming | None:
    """The earliest live consultation matching `criteria`, as references and its start."""
    with session_factory() as session:
        row = session.execute(
            select(Consultation.reference, Consultation.starts_at, Lead.reference)
            .join(Lead)
            .where(Consultation.status.in_(LIVE), *criteria)
            .order_by(Consultation.starts_at)
        ).first()
        return None if row is None else Upcoming(row[0], as_utc(row[1]), row[2])


LOOKUP_TRIES = 5
LOOKUP_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Lookup:
    """The outcome of finding a booking by reference and number: `found` is set only when both
    matched an upcoming booking; `blocked` when too many tries failed."""

    found: Upcoming | None = None
    blocked: bool = False


def find_booking(
    session_factory: sessionmaker,
    *,
    reference: str,
    phone: str,
    conversation_id: str,
    now: datetime,
    tries: int = LOOKUP_TRIES,
    window: timedelta = LOOKUP_WINDOW,
) -> Lookup:
    """The upcoming booking with this reference whose lead has this mobile number.

    After `tries` failures within `window` in this conversation, or for this number in any
    conversation, nothing is checked any more until the window has passed.
    """
    phone_hash = hashlib.sha256(phone.encode()).hexdigest()
    since = now - window
    with session_factory.begin() as session:
        for column, value in ((BookingLookupFailure.conversation_id, conversation_id),
                              (BookingLookupFailure.phone_hash, phone_hash)):
            failures = session.scalar(
                select(func.count()).select_from(BookingLookupFailure)
                .where(column == value, BookingLookupFailure.failed_at >= since))
            if failures >= tries:
                return Lookup(blocked=True)
        row = session.execute(
            select(Consultation.reference, Consultation.starts_at, Lead.reference)
            .join(Lead)
            .where(Consultation.reference == reference.upper(), Lead.phone == phone,
                   Consultation.status.in_(LIVE), Consultation.starts_at >= now)
        ).first()
        if row is not None:
            return Lookup(found=Upcoming(row[0], as_utc(row[1]), row[2]))
        session.execute(delete(BookingLookupFailure).where(BookingLookupFailure.failed_at < since))
        session.add(BookingLookupFailure(conversation_id=conversation_id, phone_hash=phone_hash,
                                         failed_at=now))
        return Lookup()


def cancel_for_lead(
    session_factory: sessionmaker, reference: str, lead_reference: str,
    notify: Notify | None = None,
) -> List[int] | None:
    """Cancel the lead's live consultation `reference`; None if it is not (or no longer) one.

    Returns the ids of the queued notifications.
    """
    with session_factory.begin() as session:
        lead = _lead(session, lead_reference)
        consultation = _live_of(session, lead)
        if consultation is None or consultation.reference != reference:
            return None
        consultation.status = ConsultationStatus.CANCELLED
        return _queue(session, _drafts(session, lead, (), notify))


def cancel(
    session_factory: sessionmaker, reference: str, notifications: Iterable[NotificationDraft] = ()
) -> List[int]:
    with session_factory.begin() as session:
        _cancel(session, reference)
        return _queue(session, notifications)


def by_calendar_token(session_factory: sessionmaker, token: str) -> Consultation | None:
    """The consultation with this calendar token, with its lead (whose language the file is
    written in)."""
    with session_factory() as session:
        return session.scalars(
            select(Consultation).options(joinedload(Consultation.lead))
            .where(Consultation.calendar_token == token, Consultation.starts_at.is_not(None))
        ).one_or_none()


def _lead(session: Session, reference: str) -> Lead:
    return session.scalars(select(Lead).where(Lead.reference == reference)).one()


def _live_of(session: Session, lead: Lead) -> Consultation | None:
    return session.scalars(
        select(Consultation).where(Consultation.lead_id == lead.id,
                                   Consultation.status.in_(LIVE))
    ).first()


def _drafts(
    session: Session, lead: Lead, notifications: Iterable[NotificationDraft],
    notify: Notify | None,
) -> List[NotificationDraft]:
    drafts = list(notifications)
    if notify is not None:
        band = session.scalars(
            select(Assessment.band).where(Assessment.lead_id == lead.id)
            .order_by(Assessment.created_at.desc(), Assessment.id.desc())
        ).first()
        drafts += notify(LeadContact(lead.reference, lead.name, lead.phone, lead.email, band,
                                     lead.language))
    return drafts


def _cancel(session: Session, reference: str) -> None:
    consultation = session.scalars(
        select(Consultation).where(Consultation.reference == reference)
    ).one()
    consultation.status = ConsultationStatus.CANCELLED
