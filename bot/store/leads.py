"""Saving an intake as a lead: idempotent per conversation, one lead per mobile number.

A number that already has a lead is only updated by a conversation that proved the number is
the visitor's; any other intake with it becomes a new lead marked as a possible duplicate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Dict, List, TypeVar

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.store.models import Assessment, Consent, DeclinedAssessmentCount, Lead

T = TypeVar("T")


@dataclass(frozen=True)
class ConsentRecord:
    granted: bool
    wording_version: str
    text_hash: str
    given_at: datetime


@dataclass(frozen=True)
class IntakeRecord:
    """Everything one finished intake hands to the database."""

    conversation_id: str
    channel: str
    name: str
    phone: str
    email: str | None
    preferred_contact: str
    preferred_time: str
    answers: Dict[str, Any]
    band: str
    recommendation: str
    flags: List[str]
    reasons: List[str]
    scoring_version: str
    data_consent: ConsentRecord
    marketing_consent: ConsentRecord
    extra: Dict[str, Any] = field(default_factory=dict)
    # The conversation proved the number is the visitor's (a channel that proves its sender,
    # or a booking found by reference and number): only then may it update that number's lead.
    phone_proven: bool = False
    language: str = "en"  # the conversation's: staff call back in it


@dataclass(frozen=True)
class ContactRecord:
    """A lead from the short way: who to call, and their consent to be contacted."""

    conversation_id: str
    channel: str
    name: str
    phone: str
    consent: ConsentRecord
    phone_proven: bool = False
    language: str = "en"


@dataclass(frozen=True)
class SavedLead:
    reference: str
    new_lead: bool
    duplicate_of: str | None = None  # the reference of the lead already holding this number


@dataclass(frozen=True)
class KnownLead:
    """A number's own lead, as a conversation with that proven number may know it: who to
    greet and call back, never any health detail."""

    reference: str
    name: str
    phone: str


def lead_of_number(session_factory: sessionmaker, phone: str) -> KnownLead | None:
    """The number's own lead (not a possible duplicate someone typed the number into)."""
    with session_factory() as session:
        lead = _own_lead(session, phone)
        return KnownLead(lead.reference, lead.name, lead.phone) if lead else None


def link_conversation(session_factory: sessionmaker, phone: str,
                      conversation_id: str) -> KnownLead | None:
    """The number's own lead, with `conversation_id` recorded as its latest conversation (the
    staff portal shows it with the lead's others); None when the number has no lead."""
    with session_factory.begin() as session:
        lead = _own_lead(session, phone)
        if lead is None:
            return None
        if lead.conversation_id != conversation_id:
            lead.conversation_id = conversation_id
        return KnownLead(lead.reference, lead.name, lead.phone)


def _own_lead(session: Session, phone: str) -> Lead | None:
    return session.scalars(
        select(Lead).where(Lead.phone == phone, Lead.duplicate_of_id.is_(None))
    ).one_or_none()


def save_intake(session_factory: sessionmaker, record: IntakeRecord) -> SavedLead:
    """Store the intake. Saving the same conversation again updates it instead of adding."""
    # A concurrent save of the same conversation or phone loses the race on a unique
    # constraint; the second attempt then finds the row the winner wrote and updates it.
    return with_retries(lambda: _save_once(session_factory, record), attempts=3)


def _save_once(session_factory: sessionmaker, record: IntakeRecord) -> SavedLead:
    with session_factory.begin() as session:
        assessment = session.scalars(
            select(Assessment).where(Assessment.conversation_id == record.conversation_id)
        ).one_or_none()
        if assessment is not None and assessment.lead.phone == record.phone:
            lead, new_lead = assessment.lead, False  # saved before: it is this conversation's
        else:
            lead, new_lead = _lead_for(session, record.phone, record.phone_proven)
        lead.name = record.name
        lead.email = record.email or lead.email
        lead.preferred_contact = record.preferred_contact
        lead.preferred_time = record.preferred_time
        lead.channel = record.channel
        lead.language = record.language
        lead.conversation_id = record.conversation_id

        if assessment is None:
            assessment = Assessment(conversation_id=record.conversation_id)
            session.add(assessment)
        assessment.lead = lead
        assessment.channel = record.channel
        assessment.answers = record.answers
        assessment.band = record.band
        assessment.recommendation = record.recommendation
        assessment.flags = record.flags
        assessment.reasons = record.reasons
        assessment.scoring_version = record.scoring_version
        lead.take_result(assessment)  # the portal's list filters by the latest result

        for kind, consent in (("data", record.data_consent),
                              ("marketing", record.marketing_consent)):
            _store_consent(session, lead, record, kind, consent)
        session.flush()
        original = lead.duplicate_of
        return SavedLead(reference=lead.reference, new_lead=new_lead,
                         duplicate_of=original.reference if original else None)


def save_contact(session_factory: sessionmaker, record: ContactRecord) -> SavedLead:
    """Store a lead from the short way: a name, a mobile number and consent, no assessment.
    Saving the same conversation and number again updates that lead."""
    return with_retries(lambda: _save_contact_once(session_factory, record), attempts=3)


def _save_contact_once(session_factory: sessionmaker, record: ContactRecord) -> SavedLead:
    with session_factory.begin() as session:
        lead = session.scalars(
            select(Lead).where(Lead.conversation_id == record.conversation_id,
                               Lead.phone == record.phone)
        ).first()
        new_lead = lead is None
        if lead is None:
            lead, new_lead = _lead_for(session, record.phone, record.phone_proven)
        lead.name = record.name
        lead.preferred_contact = lead.preferred_contact or "call"
        lead.preferred_time = lead.preferred_time or "any"
        lead.channel = record.channel
        lead.language = record.language
        lead.conversation_id = record.conversation_id
        _store_consent(session, lead, record, "data", record.consent)
        session.flush()
        original = lead.duplicate_of
        return SavedLead(reference=lead.reference, new_lead=new_lead,
                         duplicate_of=original.reference if original else None)


def _lead_for(session: Session, phone: str, phone_proven: bool) -> tuple[Lead, bool]:
    """The lead a new intake with this number belongs to, and whether it is new."""
    original = _own_lead(session, phone)
    if original is not None and phone_proven:
        return original, False
    # A concurrent first intake for the same number loses on uq_leads_phone_original; the
    # retry then finds the winner and becomes its duplicate.
    lead = Lead(phone=phone, duplicate_of=original)
    session.add(lead)
    return lead, True


def _store_consent(
    session: Session, lead: Lead, record: IntakeRecord | ContactRecord, kind: str,
    consent: ConsentRecord,
) -> None:
    row = session.scalars(
        select(Consent).where(
            Consent.conversation_id == record.conversation_id, Consent.kind == kind
        )
    ).one_or_none()
    if row is None:
        row = Consent(conversation_id=record.conversation_id, kind=kind)
        session.add(row)
    row.lead = lead
    row.granted = consent.granted
    row.wording_version = consent.wording_version
    row.text_hash = consent.text_hash
    row.channel = record.channel
    row.given_at = consent.given_at


def count_declined_assessment(session_factory: sessionmaker, day: date | None = None) -> None:
    """Count one finished assessment whose visitor declined storage; store nothing else."""
    day = day or date.today()

    def once() -> None:
        with session_factory.begin() as session:
            updated = session.execute(
                update(DeclinedAssessmentCount)
                .where(DeclinedAssessmentCount.day == day)
                .values(count=DeclinedAssessmentCount.count + 1)
            )
            if updated.rowcount == 0:
                session.add(DeclinedAssessmentCount(day=day, count=1))

    with_retries(once, attempts=3)


def with_retries(operation: Callable[[], T], attempts: int, backoff_s: float = 0.2) -> T:
    """Run `operation`, again after a unique-key race or a passing database error."""
    for attempt in range(1, attempts + 1):
        try:
            return operation()
        except (IntegrityError, OperationalError):
            if attempt == attempts:
                raise
            time.sleep(backoff_s * attempt)
    raise AssertionError("unreachable")
